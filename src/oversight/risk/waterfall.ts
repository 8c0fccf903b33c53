/**
 * The default waterfall (docs/risk.md §7), in the order of EMIR Art. 45 and the PFMI: each
 * defaulter's own margin, then its own default fund contribution (a defaulter's resources cover
 * only its own loss), then the CCP's skin in the game, then the non-defaulters' contributions pro
 * rata (largest remainder), then whatever is left is uncovered. Every tier is a bigint and the
 * tiers sum exactly to the loss.
 * @module
 */

import { accept, minBigint, type Outcome, reject } from '../../kernel/index.js';
import type { CcpDefaultFund } from './cover2.js';
import { allocateProRata } from './pro_rata.js';
import { roundMinor } from './rounding.js';
import { CCPS, type CcpId, type Portfolio, type StressResult } from './types.js';

export interface DefaulterInput {
  readonly member: number;
  /** The loss of closing out the defaulter's portfolio (not negative). */
  readonly loss_minor: bigint;
  /** Its initial margin and collateral, valued as the scenario leaves them. */
  readonly margin_minor: bigint;
}

export interface WaterfallInput {
  readonly defaulters: readonly DefaulterInput[];
  /** Every member's default fund contribution, by member index. */
  readonly contributions_minor: readonly bigint[];
  readonly skin_in_the_game_minor: bigint;
}

export interface DefaulterUse {
  readonly member: number;
  readonly loss_minor: bigint;
  readonly margin_used_minor: bigint;
  readonly fund_used_minor: bigint;
}

export interface WaterfallResult {
  readonly loss_minor: bigint;
  readonly defaulter_margin_minor: bigint;
  readonly defaulter_fund_minor: bigint;
  readonly skin_in_the_game_minor: bigint;
  readonly non_defaulter_fund_minor: bigint;
  readonly uncovered_minor: bigint;
  readonly defaulters: readonly DefaulterUse[];
  /** What each member's contribution bore, by member index (0 for the defaulters). */
  readonly non_defaulter_used_minor: readonly bigint[];
}

export function waterfall(input: WaterfallInput): Outcome<WaterfallResult> {
  const problem = waterfallProblem(input);
  if (problem !== undefined) return reject('RISK_WATERFALL_INVALID', problem, {});
  const defaulters = input.defaulters.map((d) => {
    const margin_used_minor = minBigint(d.loss_minor, d.margin_minor);
    const own_fund = input.contributions_minor[d.member] as bigint;
    const fund_used_minor = minBigint(d.loss_minor - margin_used_minor, own_fund);
    return { member: d.member, loss_minor: d.loss_minor, margin_used_minor, fund_used_minor };
  });
  const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const loss_minor = sum(defaulters.map((d) => d.loss_minor));
  const defaulter_margin_minor = sum(defaulters.map((d) => d.margin_used_minor));
  const defaulter_fund_minor = sum(defaulters.map((d) => d.fund_used_minor));
  let left = loss_minor - defaulter_margin_minor - defaulter_fund_minor;
  const skin_in_the_game_minor = minBigint(left, input.skin_in_the_game_minor);
  left -= skin_in_the_game_minor;
  const defaulting = new Set(defaulters.map((d) => d.member));
  const weights = input.contributions_minor.map((c, m) => (defaulting.has(m) ? 0n : c));
  const non_defaulter_fund_minor = minBigint(left, sum(weights));
  const non_defaulter_used_minor =
    non_defaulter_fund_minor === 0n
      ? weights.map(() => 0n)
      : allocateProRata(non_defaulter_fund_minor, weights);
  return accept({
    loss_minor,
    defaulter_margin_minor,
    defaulter_fund_minor,
    skin_in_the_game_minor,
    non_defaulter_fund_minor,
    uncovered_minor: left - non_defaulter_fund_minor,
    defaulters,
    non_defaulter_used_minor,
  });
}

function waterfallProblem(input: WaterfallInput): string | undefined {
  const n = input.defaulters.length;
  if (n < 1 || n > 2) return 'Simulate the default of one or two members';
  if (input.contributions_minor.some((c) => typeof c !== 'bigint' || c < 0n)) {
    return 'Every contribution is a non-negative bigint';
  }
  if (typeof input.skin_in_the_game_minor !== 'bigint' || input.skin_in_the_game_minor < 0n) {
    return 'The skin in the game is a non-negative bigint';
  }
  const members = input.contributions_minor.length;
  for (const d of input.defaulters) {
    if (!Number.isInteger(d.member) || d.member < 0 || d.member >= members)
      return `Member ${d.member} is not a member`;
    if (typeof d.loss_minor !== 'bigint' || d.loss_minor < 0n)
      return 'A defaulter’s loss is a non-negative bigint';
    if (typeof d.margin_minor !== 'bigint' || d.margin_minor < 0n)
      return 'A defaulter’s margin is a non-negative bigint';
  }
  if (n === 2 && input.defaulters[0]?.member === input.defaulters[1]?.member)
    return 'The two defaulters are one member';
  return undefined;
}

export interface DefaultRequest {
  readonly ccp: CcpId;
  /** The one or two participants that default (their members at `ccp`). */
  readonly participants: readonly string[];
  readonly scenario: string;
  readonly skin_in_the_game_minor: bigint;
}

/**
 * The waterfall of a chosen default in one scenario of a stress run: each defaulter's loss is its
 * stress loss (nought if it gains), its margin its initial margin plus its collateral as the
 * scenario leaves it, and the contributions those of the CCP's fund.
 */
export function simulateDefault(
  portfolio: Portfolio,
  stress: StressResult,
  funds: readonly CcpDefaultFund[],
  request: DefaultRequest,
): Outcome<WaterfallResult> {
  const s = stress.scenario_ids.indexOf(request.scenario);
  if (s < 0) {
    return reject(
      'RISK_SCENARIO_UNKNOWN',
      `Scenario ${request.scenario} was not in this stress run`,
      {
        scenario: request.scenario,
      },
    );
  }
  const c = CCPS.indexOf(request.ccp);
  const fund = funds.find((f) => f.ccp === request.ccp);
  if (c < 0 || fund === undefined)
    return reject('RISK_WATERFALL_INVALID', `No default fund for CCP ${request.ccp}`, {});
  const defaulters: DefaulterInput[] = [];
  for (const participant of request.participants) {
    const m = memberOf(portfolio, participant, c);
    if (m < 0) {
      return reject('RISK_MEMBER_UNKNOWN', `${participant} is not a member of ${request.ccp}`, {
        participant,
      });
    }
    const at = m * stress.scenarios + s;
    const loss = roundMinor(Math.max(0, stress.member_loss[at] as number));
    const collateral = roundMinor(Math.max(0, stress.member_collateral[at] as number));
    const margin = BigInt(stress.member_initial_margin[m] as number) + collateral;
    defaulters.push({ member: m, loss_minor: loss, margin_minor: margin });
  }
  const contributions_minor = new Array<bigint>(portfolio.member_ccp.length).fill(0n);
  for (const contribution of fund.contributions)
    contributions_minor[contribution.member] = contribution.contribution_minor;
  return waterfall({
    defaulters,
    contributions_minor,
    skin_in_the_game_minor: request.skin_in_the_game_minor,
  });
}

function memberOf(portfolio: Portfolio, participant: string, c: number): number {
  const p = portfolio.participant_ids.indexOf(participant);
  if (p < 0) return -1;
  for (let m = 0; m < portfolio.member_ccp.length; m += 1) {
    if (portfolio.member_participant[m] === p && portfolio.member_ccp[m] === c) return m;
  }
  return -1;
}
