/**
 * A stress run as a supervisor reads it: bigint HKD minor units (each figure rounded half away
 * from zero from the engine's floats), per scenario and CCP, and per member its worst scenario.
 * @module
 */

import { roundMinor } from './rounding.js';
import { CCPS, type CcpId, type Portfolio, type StressResult } from './types.js';

export interface ScenarioCcpFigures {
  readonly scenario: string;
  readonly ccp: CcpId;
  readonly loss_minor: bigint;
  readonly uncovered_minor: bigint;
}

export interface MemberFigures {
  readonly member: number;
  readonly participant: string;
  readonly ccp: CcpId;
  readonly group: string;
  readonly initial_margin_minor: bigint;
  /** The scenario with the member's largest loss (the first on ties), and that loss. */
  readonly worst_scenario: string;
  readonly worst_loss_minor: bigint;
  readonly worst_uncovered_minor: bigint;
}

export interface StressSummary {
  readonly by_scenario: readonly ScenarioCcpFigures[];
  readonly by_member: readonly MemberFigures[];
}

export function stressSummary(portfolio: Portfolio, stress: StressResult): StressSummary {
  const S = stress.scenarios;
  const by_scenario: ScenarioCcpFigures[] = [];
  for (let s = 0; s < S; s += 1) {
    for (const [c, ccp] of CCPS.entries()) {
      by_scenario.push({
        scenario: stress.scenario_ids[s] as string,
        ccp,
        loss_minor: roundMinor(stress.ccp_loss[c * S + s] as number),
        uncovered_minor: roundMinor(stress.ccp_uncovered[c * S + s] as number),
      });
    }
  }
  const by_member = Array.from(portfolio.member_ccp, (c, m) => {
    let worst = 0;
    let worst_uncovered = 0;
    for (let s = 0; s < S; s += 1) {
      if ((stress.member_loss[m * S + s] as number) > (stress.member_loss[m * S + worst] as number))
        worst = s;
      worst_uncovered = Math.max(worst_uncovered, stress.member_uncovered[m * S + s] as number);
    }
    return {
      member: m,
      participant: portfolio.participant_ids[portfolio.member_participant[m] as number] as string,
      ccp: CCPS[c] as CcpId,
      group: portfolio.group_ids[portfolio.member_group[m] as number] as string,
      initial_margin_minor: BigInt(stress.member_initial_margin[m] as number),
      worst_scenario: stress.scenario_ids[worst] as string,
      worst_loss_minor: roundMinor(S === 0 ? 0 : (stress.member_loss[m * S + worst] as number)),
      worst_uncovered_minor: roundMinor(worst_uncovered),
    };
  });
  return { by_scenario, by_member };
}
