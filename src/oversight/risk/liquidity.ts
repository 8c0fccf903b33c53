/**
 * Liquidity stress (docs/risk.md §8; PFMI Principle 7): per CCP, currency and settlement day, the
 * payments the CCP must still make if the one or two affiliate groups with the largest payment
 * obligations in that currency fail to pay in (Cover 1 or Cover 2 for liquidity), against the
 * liquid resources it has in that currency under each scenario:
 *
 * - need on day d: the chosen groups' pay-ins due on days 0..d (cumulative; the groups are chosen
 *   per CCP and currency by their total over the horizon, ties to the group seen first);
 * - available: cash, plus committed lines less the scenario's facility draw, plus securities the
 *   CCP can repo: quantity × price × (1 + the scenario's price move) × (1 − haircut − the
 *   scenario's repo haircut add-on), in the securities' own currency, rounded down.
 * The shortfall is max(0, need − available). Needs do not depend on the scenario; resources do.
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import { CURRENCY_CODES, type CurrencyCode, isCurrencyCode } from '../../reference/index.js';
import { isWhole } from './portfolio_rows.js';
import { CCPS, type CcpId, type Portfolio, type ScenarioMatrix } from './types.js';

export interface ObligationRow {
  readonly account: number;
  readonly currency: CurrencyCode;
  /** Settlement day: 0 is today. */
  readonly day: number;
  /** What the account's member must pay the CCP that day (not negative). */
  readonly amount_minor: bigint;
}

export type LiquidResourceRow =
  | {
      readonly ccp: CcpId;
      readonly kind: 'cash' | 'committed_line';
      readonly currency: CurrencyCode;
      readonly amount_minor: bigint;
    }
  | {
      readonly ccp: CcpId;
      readonly kind: 'securities';
      readonly instrument: number;
      readonly quantity: bigint;
      readonly haircut_bp: number;
    };

export interface LiquidityInput {
  readonly obligations: readonly ObligationRow[];
  readonly resources: readonly LiquidResourceRow[];
  /** Settlement days looked at, 1 to 30. */
  readonly days: number;
  readonly cover: 1 | 2;
}

export interface LiquidityLine {
  readonly scenario: string;
  readonly ccp: CcpId;
  readonly currency: CurrencyCode;
  readonly day: number;
  readonly need_minor: bigint;
  readonly available_minor: bigint;
  readonly shortfall_minor: bigint;
}

export interface LiquidityReport {
  /** Per CCP and currency, the groups whose default sets the need. */
  readonly groups: readonly {
    readonly ccp: CcpId;
    readonly currency: CurrencyCode;
    readonly groups: readonly string[];
  }[];
  /** Scenario-major, then CCP, currency (in CURRENCY_CODES order) and day. */
  readonly lines: readonly LiquidityLine[];
}

export const LIQUIDITY_DAYS_MAX = 30;
const BP = 10_000;

export function liquidityStress(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
  input: LiquidityInput,
): Outcome<LiquidityReport> {
  const problem = inputProblem(portfolio, input);
  if (problem !== undefined)
    return reject('RISK_LIQUIDITY_INVALID', problem.message, { index: problem.index });
  const groups: LiquidityReport['groups'][number][] = [];
  const lines: LiquidityLine[] = [];
  const needs = new Map<string, bigint[]>();
  for (const [c, ccp] of CCPS.entries()) {
    for (const currency of CURRENCY_CODES) {
      const need = cumulativeNeed(portfolio, input, c, currency);
      if (need === undefined) continue;
      needs.set(`${c}:${currency}`, need.by_day);
      groups.push({ ccp, currency, groups: need.groups });
    }
  }
  for (let s = 0; s < matrix.scenarios; s += 1) {
    for (const { ccp, currency } of groups) {
      const by_day = needs.get(`${CCPS.indexOf(ccp)}:${currency}`) as bigint[];
      const available_minor = available(portfolio, matrix, input.resources, ccp, currency, s);
      by_day.forEach((need_minor, day) => {
        const gap = need_minor - available_minor;
        const scenario = matrix.scenario_ids[s] as string;
        lines.push({
          scenario,
          ccp,
          currency,
          day,
          need_minor,
          available_minor,
          shortfall_minor: gap > 0n ? gap : 0n,
        });
      });
    }
  }
  return accept({ groups, lines });
}

/** The chosen groups' cumulative pay-ins by day, or undefined when the pair has no row at all. */
function cumulativeNeed(
  portfolio: Portfolio,
  input: LiquidityInput,
  c: number,
  currency: CurrencyCode,
) {
  const per_group = new Map<number, bigint[]>();
  let present = input.resources.some(
    (r) => r.ccp === CCPS[c] && resourceCurrency(portfolio, r) === currency,
  );
  for (const o of input.obligations) {
    const m = portfolio.account_member[o.account] as number;
    if (o.currency !== currency || portfolio.member_ccp[m] !== c) continue;
    present = true;
    const g = portfolio.member_group[m] as number;
    const days = per_group.get(g) ?? new Array<bigint>(input.days).fill(0n);
    days[o.day] = (days[o.day] as bigint) + o.amount_minor;
    per_group.set(g, days);
  }
  if (!present) return undefined;
  const total = (days: readonly bigint[]) => days.reduce((a, b) => a + b, 0n);
  const ranked = [...per_group.entries()]
    .map(([g, days], order) => ({ g, days, order, sum: total(days) }))
    .filter((x) => x.sum > 0n)
    .sort((x, y) => (x.sum === y.sum ? x.order - y.order : x.sum > y.sum ? -1 : 1))
    .slice(0, input.cover);
  const by_day = new Array<bigint>(input.days).fill(0n);
  let running = 0n;
  for (let d = 0; d < input.days; d += 1) {
    for (const x of ranked) running += x.days[d] as bigint;
    by_day[d] = running;
  }
  return { by_day, groups: ranked.map((x) => portfolio.group_ids[x.g] as string) };
}

function resourceCurrency(portfolio: Portfolio, r: LiquidResourceRow): CurrencyCode {
  if (r.kind !== 'securities') return r.currency;
  return portfolio.fx.currencies[
    portfolio.instrument_currency[r.instrument] as number
  ] as CurrencyCode;
}

function available(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
  resources: readonly LiquidResourceRow[],
  ccp: CcpId,
  currency: CurrencyCode,
  s: number,
): bigint {
  let total = 0n;
  const draw = BigInt(matrix.facility_draw_bp[s] as number);
  for (const r of resources) {
    if (r.ccp !== ccp || resourceCurrency(portfolio, r) !== currency) continue;
    if (r.kind === 'securities') {
      const i = r.instrument;
      const move_bp = matrix.price_move_bp[i * matrix.scenarios + s] as number;
      const kept_bp = Math.max(0, BP - r.haircut_bp - (matrix.repo_haircut_add_bp[s] as number));
      const value = Number(r.quantity) * (portfolio.instrument_price_minor[i] as number);
      total += BigInt(Math.floor((((value * (BP + move_bp)) / BP) * kept_bp) / BP));
    } else if (r.kind === 'cash') {
      total += r.amount_minor;
    } else {
      total += (r.amount_minor * (10_000n - draw)) / 10_000n; // rounded down
    }
  }
  return total;
}

function inputProblem(
  portfolio: Portfolio,
  input: LiquidityInput,
): { message: string; index: number } | undefined {
  if (!isWhole(input.days, 1, LIQUIDITY_DAYS_MAX))
    return { message: `Look at 1 to ${LIQUIDITY_DAYS_MAX} days`, index: -1 };
  if (input.cover !== 1 && input.cover !== 2) return { message: 'Cover is 1 or 2', index: -1 };
  for (const [k, o] of input.obligations.entries()) {
    const ok =
      isWhole(o.account, 0, portfolio.account_ids.length - 1) &&
      isCurrencyCode(o.currency) &&
      isWhole(o.day, 0, input.days - 1) &&
      typeof o.amount_minor === 'bigint' &&
      o.amount_minor >= 0n;
    if (!ok)
      return {
        message: `Obligation ${k}: an account, a currency, a day within the horizon and an amount ≥ 0`,
        index: k,
      };
  }
  for (const [k, r] of input.resources.entries()) {
    const message = resourceProblem(portfolio, r);
    if (message !== undefined) return { message: `Resource ${k}: ${message}`, index: k };
  }
  return undefined;
}

function resourceProblem(portfolio: Portfolio, r: LiquidResourceRow): string | undefined {
  if (!(CCPS as readonly string[]).includes(r.ccp))
    return `the CCP must be one of ${CCPS.join(', ')}`;
  if (r.kind === 'cash' || r.kind === 'committed_line') {
    if (!isCurrencyCode(r.currency)) return 'the currency is not one the engine knows';
    return typeof r.amount_minor === 'bigint' && r.amount_minor >= 0n
      ? undefined
      : 'the amount is a bigint ≥ 0';
  }
  if (r.kind !== 'securities') return 'the kind is cash, committed_line or securities';
  if (!isWhole(r.instrument, 0, portfolio.instrument_ids.length - 1))
    return 'the instrument is not one of the portfolio';
  if (typeof r.quantity !== 'bigint' || r.quantity < 0n || r.quantity > 2n ** 53n)
    return 'the quantity is 0 to 2^53';
  if (!isWhole(r.haircut_bp, 0, 9_999)) return 'the haircut is whole bp from 0 to 9,999';
  return undefined;
}
