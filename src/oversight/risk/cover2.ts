/**
 * Cover 1, Cover 2 and the default fund (docs/risk.md §6), per CCP.
 *
 * A member's uncovered exposure in a scenario is the stress engine's max(0, stress loss − initial
 * margin − collateral after stressed haircuts) (Eurex's "stress loss over margin"). A group's is
 * the sum over its members at that CCP: affiliates default together (PFMI P4 KC4), but one
 * affiliate's surplus margin does not cover another's loss. Per scenario, Cover 1 is the largest
 * group's exposure and Cover 2 the sum of the two largest; each is the maximum over scenarios.
 * The fund is Cover 2 (or Cover 1) plus a buffer, rounded up; each member contributes pro rata
 * to its own uncovered exposure (its worst scenario, or its average over scenarios), split by
 * largest remainder so the contributions sum exactly to the fund.
 * @module
 */

import { accept, divRound, type Outcome, reject } from '../../kernel/index.js';
import { allocateProRata } from './pro_rata.js';
import { roundMinor } from './rounding.js';
import { CCPS, type CcpId, type Portfolio, type StressResult } from './types.js';

export interface DefaultFundSettings {
  /** Size the fund on Cover 2 (PFMI P4 KC4, EMIR Art. 43) or Cover 1 (PFMI P4 otherwise). */
  readonly sized_on: 'cover1' | 'cover2';
  /** Added on top of the cover, in bp (0 to 10,000). */
  readonly buffer_bp: number;
  /** A member's weight: its largest uncovered exposure over the scenarios, or their average. */
  readonly contribution_basis: 'max' | 'average';
}

export const DEFAULT_FUND_SETTINGS: DefaultFundSettings = {
  sized_on: 'cover2',
  buffer_bp: 0,
  contribution_basis: 'max',
};

export interface Cover {
  readonly amount_minor: bigint;
  /** The scenario that sets it; null when nothing is uncovered in any scenario. */
  readonly scenario: string | null;
  /** The groups that set it, largest first. */
  readonly groups: readonly string[];
  /** Those groups' uncovered exposures in that scenario. */
  readonly group_amounts_minor: readonly bigint[];
}

export interface MemberContribution {
  readonly member: number;
  readonly participant: string;
  readonly group: string;
  readonly basis_minor: bigint;
  readonly contribution_minor: bigint;
}

export interface CcpDefaultFund {
  readonly ccp: CcpId;
  readonly cover1: Cover;
  readonly cover2: Cover;
  readonly fund_minor: bigint;
  readonly contributions: readonly MemberContribution[];
}

export function defaultFund(
  portfolio: Portfolio,
  stress: StressResult,
  settings: DefaultFundSettings = DEFAULT_FUND_SETTINGS,
): Outcome<readonly CcpDefaultFund[]> {
  const problem = settingsProblem(settings);
  if (problem !== undefined) return reject('RISK_SETTING_INVALID', problem, { ...settings });
  if (stress.member_uncovered.length !== portfolio.member_ccp.length * stress.scenarios) {
    return reject('RISK_SCENARIOS_MISMATCH', 'The stress result is for another portfolio', {});
  }
  return accept(CCPS.map((ccp, c) => ccpFund(portfolio, stress, settings, ccp, c)));
}

function settingsProblem(settings: DefaultFundSettings): string | undefined {
  if (settings.sized_on !== 'cover1' && settings.sized_on !== 'cover2')
    return 'Size the fund on cover1 or cover2';
  const b = settings.buffer_bp;
  if (!Number.isInteger(b) || b < 0 || b > 10_000) return 'The buffer is whole bp from 0 to 10,000';
  if (settings.contribution_basis !== 'max' && settings.contribution_basis !== 'average') {
    return 'The contribution basis is max or average';
  }
  return undefined;
}

function ccpFund(
  portfolio: Portfolio,
  stress: StressResult,
  settings: DefaultFundSettings,
  ccp: CcpId,
  c: number,
): CcpDefaultFund {
  const members = membersOf(portfolio, c);
  const exposure = groupExposure(portfolio, stress, members);
  const cover1 = coverOf(exposure, stress, portfolio, 1);
  const cover2 = coverOf(exposure, stress, portfolio, 2);
  const cover = settings.sized_on === 'cover2' ? cover2 : cover1;
  const fund_minor = divRound(
    cover.amount_minor * BigInt(10_000 + settings.buffer_bp),
    10_000n,
    'ceil',
  );
  const basis = members.map((m) => roundMinor(memberBasis(stress, m, settings.contribution_basis)));
  // Rounding can leave every basis at 0 under a fund of a few minor units: then split it equally.
  const weights = basis.some((b) => b > 0n) ? basis : basis.map(() => 1n);
  const shares = members.length === 0 ? [] : allocateProRata(fund_minor, weights);
  const contributions = members.map((m, j) => ({
    member: m,
    participant: portfolio.participant_ids[portfolio.member_participant[m] as number] as string,
    group: portfolio.group_ids[portfolio.member_group[m] as number] as string,
    basis_minor: basis[j] as bigint,
    contribution_minor: shares[j] as bigint,
  }));
  return { ccp, cover1, cover2, fund_minor, contributions };
}

function membersOf(portfolio: Portfolio, c: number): number[] {
  const out: number[] = [];
  portfolio.member_ccp.forEach((ccp, m) => {
    if (ccp === c) out.push(m);
  });
  return out;
}

interface GroupExposure {
  /** Global group indices of the groups with a member at this CCP, in first-seen order. */
  readonly groups: readonly number[];
  /** `groups.length × scenarios`, group-major. */
  readonly uncovered: Float64Array;
}

function groupExposure(
  portfolio: Portfolio,
  stress: StressResult,
  members: readonly number[],
): GroupExposure {
  const S = stress.scenarios;
  const slot = new Map<number, number>();
  for (const m of members) {
    const g = portfolio.member_group[m] as number;
    if (!slot.has(g)) slot.set(g, slot.size);
  }
  const uncovered = new Float64Array(slot.size * S);
  for (const m of members) {
    const offset = (slot.get(portfolio.member_group[m] as number) as number) * S;
    for (let s = 0; s < S; s += 1) {
      uncovered[offset + s] =
        (uncovered[offset + s] as number) + (stress.member_uncovered[m * S + s] as number);
    }
  }
  return { groups: [...slot.keys()], uncovered };
}

/** The maximum over scenarios of the sum of the `n` largest groups (ties: the lower index). */
function coverOf(
  exposure: GroupExposure,
  stress: StressResult,
  portfolio: Portfolio,
  n: 1 | 2,
): Cover {
  const S = stress.scenarios;
  const G = exposure.groups.length;
  let best = { total: 0, scenario: -1, first: -1, second: -1 };
  for (let s = 0; s < S; s += 1) {
    let first = -1;
    let second = -1;
    for (let g = 0; g < G; g += 1) {
      const x = exposure.uncovered[g * S + s] as number;
      if (first < 0 || x > (exposure.uncovered[first * S + s] as number)) {
        second = first;
        first = g;
      } else if (second < 0 || x > (exposure.uncovered[second * S + s] as number)) {
        second = g;
      }
    }
    const at = (g: number) => (g < 0 ? 0 : (exposure.uncovered[g * S + s] as number));
    const total = at(first) + (n === 2 ? at(second) : 0);
    if (total > best.total) best = { total, scenario: s, first, second };
  }
  if (best.scenario < 0)
    return { amount_minor: 0n, scenario: null, groups: [], group_amounts_minor: [] };
  // A group with nothing uncovered in that scenario does not "set" the cover: it is left out.
  const chosen = (n === 2 ? [best.first, best.second] : [best.first]).filter(
    (g) => g >= 0 && (exposure.uncovered[g * S + best.scenario] as number) > 0,
  );
  const amounts = chosen.map((g) =>
    roundMinor(exposure.uncovered[g * S + best.scenario] as number),
  );
  return {
    amount_minor: amounts.reduce((a, b) => a + b, 0n),
    scenario: stress.scenario_ids[best.scenario] as string,
    groups: chosen.map((g) => portfolio.group_ids[exposure.groups[g] as number] as string),
    group_amounts_minor: amounts,
  };
}

function memberBasis(stress: StressResult, m: number, basis: 'max' | 'average'): number {
  const S = stress.scenarios;
  let max = 0;
  let sum = 0;
  for (let s = m * S; s < (m + 1) * S; s += 1) {
    const x = stress.member_uncovered[s] as number;
    sum += x;
    if (x > max) max = x;
  }
  return basis === 'max' ? max : S === 0 ? 0 : sum / S;
}
