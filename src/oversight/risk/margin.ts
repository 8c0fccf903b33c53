/**
 * Initial margin by historical-simulation VaR (docs/risk.md §3). For each margin unit (an account,
 * or a member's accounts at one CCP netted together) the P&L of today's positions under each of
 * the window's daily returns is
 *
 *   P&L_t = Σ_positions quantity × HKD value per unit × r_t / 10^4,
 *   r_t   = r_instrument,t + r_fx,t + r_instrument,t × r_fx,t / 10^4   (both in bp),
 *
 * the loss is −P&L_t, and IM = max(0, k-th largest loss) rounded up to the HKD minor unit, with k
 * from quantile.ts; expected shortfall is the mean of those k losses, rounded up likewise.
 * The products are summed before the one division by 10^4, so whole-cent figures stay exact.
 * @module
 */

import { accept, type Outcome } from '../../kernel/index.js';
import { checked } from './history.js';
import { tailCount, tailOf } from './quantile.js';
import { ceilMinor } from './rounding.js';
import {
  CCPS,
  type MarginReport,
  type MarginSettings,
  type Portfolio,
  type ReturnHistory,
} from './types.js';

const BP = 10_000;

export function initialMargin(
  portfolio: Portfolio,
  history: ReturnHistory,
  settings: MarginSettings,
): Outcome<MarginReport> {
  const ok = checked(history, portfolio, settings);
  if (!ok.ok) return ok;
  const n = settings.window_days;
  const k = tailCount(n, settings.confidence_ppm);
  const units = marginUnits(portfolio, settings.level);
  const fx_series = fxSeries(portfolio, history);
  const pnl = new Float64Array(n);
  const scratch = new Float64Array(n);
  const im: bigint[] = [];
  const es: bigint[] = [];
  for (let u = 0; u < units.count; u += 1) {
    pnl.fill(0);
    for (let j = units.start[u] as number; j < (units.start[u + 1] as number); j += 1) {
      addAccountPnl(portfolio, history, fx_series, units.account[j] as number, pnl);
    }
    for (let t = 0; t < n; t += 1) pnl[t] = -(pnl[t] as number) / BP;
    const tail = tailOf(pnl, n, k, scratch);
    im.push(ceilMinor(Math.max(0, tail.var_loss)));
    es.push(ceilMinor(Math.max(0, tail.es_loss)));
  }
  const member_im = new Array<bigint>(portfolio.member_ccp.length).fill(0n);
  for (let u = 0; u < units.count; u += 1) {
    const m = units.member[u] as number;
    member_im[m] = (member_im[m] as bigint) + (im[u] as bigint);
  }
  const ccp_im = CCPS.map(() => 0n);
  member_im.forEach((amount, m) => {
    const c = portfolio.member_ccp[m] as number;
    ccp_im[c] = (ccp_im[c] as bigint) + amount;
  });
  return accept({
    settings,
    k,
    initial_margin_minor: im,
    expected_shortfall_minor: es,
    member_initial_margin_minor: member_im,
    ccp_initial_margin_minor: ccp_im,
  });
}

/** Adds Σ quantity × value × r_t (bp, not yet divided) of one account into `pnl`. */
function addAccountPnl(
  portfolio: Portfolio,
  history: ReturnHistory,
  fx_series: readonly (Float64Array | undefined)[],
  account: number,
  pnl: Float64Array,
): void {
  const n = pnl.length;
  const returns = history.returns_bp;
  const offset = history.days - n; // the window is the latest n days
  for (
    let p = portfolio.position_start[account] as number;
    p < (portfolio.position_start[account + 1] as number);
    p += 1
  ) {
    const i = portfolio.position_instrument[p] as number;
    const weight =
      (portfolio.position_quantity[p] as number) * (portfolio.instrument_value_hkd[i] as number);
    const base = i * history.days + offset;
    const fx = fx_series[portfolio.instrument_currency[i] as number];
    if (fx === undefined) {
      for (let t = 0; t < n; t += 1)
        pnl[t] = (pnl[t] as number) + weight * (returns[base + t] as number);
      continue;
    }
    for (let t = 0; t < n; t += 1) {
      const r = returns[base + t] as number;
      const f = fx[offset + t] as number;
      pnl[t] = (pnl[t] as number) + weight * (r + f + (r * f) / BP);
    }
  }
}

function fxSeries(portfolio: Portfolio, history: ReturnHistory): (Float64Array | undefined)[] {
  return portfolio.fx.currencies.map((code) => history.fx_returns_bp?.get(code));
}

interface MarginUnits {
  readonly count: number;
  /** Accounts of unit u: `account[start[u] .. start[u + 1])`. */
  readonly start: Uint32Array;
  readonly account: Uint32Array;
  readonly member: Uint32Array;
}

/** Accounts grouped into margin units: one per account, or one per member (a counting sort). */
export function marginUnits(portfolio: Portfolio, level: MarginSettings['level']): MarginUnits {
  const accounts = portfolio.account_member.length;
  if (level === 'account') {
    const start = Uint32Array.from({ length: accounts + 1 }, (_, a) => a);
    const account = Uint32Array.from({ length: accounts }, (_, a) => a);
    return { count: accounts, start, account, member: portfolio.account_member };
  }
  const members = portfolio.member_ccp.length;
  const start = new Uint32Array(members + 1);
  for (const m of portfolio.account_member) start[m + 1] = (start[m + 1] as number) + 1;
  for (let m = 0; m < members; m += 1)
    start[m + 1] = (start[m + 1] as number) + (start[m] as number);
  const next = start.slice(0, members);
  const account = new Uint32Array(accounts);
  portfolio.account_member.forEach((m, a) => {
    account[next[m] as number] = a;
    next[m] = (next[m] as number) + 1;
  });
  return {
    count: members,
    start,
    account,
    member: Uint32Array.from({ length: members }, (_, m) => m),
  };
}
