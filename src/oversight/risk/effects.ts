/**
 * A scenario's effects on the Connect quotas and the Payment Connect limits (docs/risk.md §9):
 * what the limits are worth in the other market's currency after the scenario's FX moves, and how
 * the scenario revalues what investors hold through each link, against that link's daily quota.
 *
 * The quotas are stated in RMB and the payment limits in HKD, CNY or USD, while the money that
 * uses them is often in the other currency: a CNH fall makes a Southbound RMB quota buy fewer HKD
 * of shares, and a Northbound payer's HKD limit buy more CNY. These are mechanical, exact effects;
 * what investors would do under stress (sell, or buy the dip) is not modelled.
 *
 * - A quota in HKD: amount × HKD per CNY × (1 + f_CNY), half away from zero.
 * - A limit in the currency it is paid in: amount × rate(limit) × (1 + f_limit) ÷
 *   (rate(paid in) × (1 + f_paid in)), each rate HKD per unit, half away from zero.
 * - Holdings through a link: Σ units × one unit's HKD value, now and its change in the scenario
 *   (the stress engine's figures), rounded half away from zero; the change as a share of the
 *   stressed daily quota in bp.
 * @module
 */

import { accept, divRound, type Outcome, reject } from '../../kernel/index.js';
import type { CurrencyCode } from '../../reference/index.js';
import { roundMinor } from './rounding.js';
import type { Portfolio, Scenario, ScenarioMatrix } from './types.js';

export interface QuotaLinkRow {
  readonly link: string;
  readonly direction: 'northbound' | 'southbound';
  /** The daily quota and today's balance, in CNY minor units (the links state them in RMB). */
  readonly daily_quota_minor: bigint;
  readonly balance_minor: bigint;
  /** What investors hold through the link: a portfolio instrument and its units. */
  readonly holdings: readonly { readonly instrument: number; readonly quantity: bigint }[];
}

export interface PaymentLimitRow {
  /** What the limit is, e.g. `northbound_daily_per_payer`. */
  readonly limit: string;
  readonly currency: CurrencyCode;
  readonly amount_minor: bigint;
  /** The currency the limit is measured against (what a payer sends or receives). */
  readonly paid_in: CurrencyCode;
}

export interface QuotaEffect {
  readonly scenario: string;
  readonly link: string;
  readonly direction: 'northbound' | 'southbound';
  readonly daily_quota_hkd_minor: bigint;
  readonly stressed_daily_quota_hkd_minor: bigint;
  readonly balance_hkd_minor: bigint;
  readonly stressed_balance_hkd_minor: bigint;
  readonly holdings_value_hkd_minor: bigint;
  readonly holdings_change_hkd_minor: bigint;
  /** The holdings' change as a share of the stressed daily quota, bp (0 when the quota is 0). */
  readonly change_of_quota_bp: bigint;
}

export interface PaymentLimitEffect {
  readonly scenario: string;
  readonly limit: string;
  readonly currency: CurrencyCode;
  readonly amount_minor: bigint;
  readonly paid_in: CurrencyCode;
  readonly value_minor: bigint;
  readonly stressed_value_minor: bigint;
}

export interface EffectsReport {
  readonly quotas: readonly QuotaEffect[];
  readonly payment_limits: readonly PaymentLimitEffect[];
}

const E4 = 10_000n;

export function limitEffects(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
  scenarios: readonly Scenario[],
  input: { readonly links: readonly QuotaLinkRow[]; readonly limits: readonly PaymentLimitRow[] },
): Outcome<EffectsReport> {
  const problem = inputProblem(portfolio, input);
  if (problem !== undefined) return reject('RISK_EFFECTS_INVALID', problem, {});
  const quotas: QuotaEffect[] = [];
  const payment_limits: PaymentLimitEffect[] = [];
  for (let s = 0; s < matrix.scenarios; s += 1) {
    const scenario = matrix.scenario_ids[s] as string;
    const moves = scenarios.find((x) => x.id === scenario)?.shocks.fx_moves ?? [];
    const move_bp = (code: CurrencyCode) =>
      BigInt(moves.find((m) => m.currency === code)?.move_bp ?? 0);
    const rate = (code: CurrencyCode) =>
      portfolio.fx.rate_e8[portfolio.fx.index.get(code) as number] as bigint;
    for (const link of input.links) {
      quotas.push(quotaEffect(portfolio, matrix, s, link, rate('CNY'), move_bp('CNY')));
    }
    for (const row of input.limits) {
      const from = rate(row.currency) * (E4 + move_bp(row.currency));
      const to = rate(row.paid_in) * (E4 + move_bp(row.paid_in));
      payment_limits.push({
        scenario,
        ...row,
        value_minor: divRound(row.amount_minor * rate(row.currency), rate(row.paid_in), 'half_up'),
        stressed_value_minor: divRound(row.amount_minor * from, to, 'half_up'),
      });
    }
  }
  return accept({ quotas, payment_limits });
}

function quotaEffect(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
  s: number,
  link: QuotaLinkRow,
  hkd_per_cny_e8: bigint,
  cny_move_bp: bigint,
): QuotaEffect {
  const now = (minor: bigint) => divRound(minor * hkd_per_cny_e8, 100_000_000n, 'half_up');
  const stressed = (minor: bigint) =>
    divRound(minor * hkd_per_cny_e8 * (E4 + cny_move_bp), 100_000_000n * E4, 'half_up');
  let value = 0;
  let change = 0;
  for (const { instrument, quantity } of link.holdings) {
    const units = Number(quantity);
    value += units * (portfolio.instrument_value_hkd[instrument] as number);
    change += units * (matrix.unit_change_hkd[instrument * matrix.scenarios + s] as number);
  }
  const quota = stressed(link.daily_quota_minor);
  const change_minor = roundMinor(change);
  return {
    scenario: matrix.scenario_ids[s] as string,
    link: link.link,
    direction: link.direction,
    daily_quota_hkd_minor: now(link.daily_quota_minor),
    stressed_daily_quota_hkd_minor: quota,
    balance_hkd_minor: now(link.balance_minor),
    stressed_balance_hkd_minor: stressed(link.balance_minor),
    holdings_value_hkd_minor: roundMinor(value),
    holdings_change_hkd_minor: change_minor,
    change_of_quota_bp: quota > 0n ? divRound(change_minor * E4, quota, 'half_up') : 0n,
  };
}

function inputProblem(
  portfolio: Portfolio,
  input: { readonly links: readonly QuotaLinkRow[]; readonly limits: readonly PaymentLimitRow[] },
): string | undefined {
  if (!portfolio.fx.index.has('CNY')) return 'the portfolio has no CNY rate for the quotas';
  for (const [k, link] of input.links.entries()) {
    if (link.daily_quota_minor < 0n) return `link ${k}: the daily quota is negative`;
    for (const h of link.holdings) {
      if (!Number.isInteger(h.instrument) || h.instrument < 0) return `link ${k}: bad instrument`;
      if (h.instrument >= portfolio.instrument_ids.length) return `link ${k}: unknown instrument`;
    }
  }
  for (const [k, row] of input.limits.entries()) {
    if (row.amount_minor < 0n) return `payment limit ${k}: the amount is negative`;
    const from = portfolio.fx.index.get(row.currency);
    const to = portfolio.fx.index.get(row.paid_in);
    if (from === undefined || to === undefined) return `payment limit ${k}: a rate is missing`;
    // The conversion below is in minor units: both currencies must have as many decimals.
    if (portfolio.fx.minor_units[from] !== portfolio.fx.minor_units[to])
      return `payment limit ${k}: ${row.currency} and ${row.paid_in} differ in minor units`;
  }
  return undefined;
}
