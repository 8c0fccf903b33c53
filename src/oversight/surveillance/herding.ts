/**
 * Convergent trading by algorithms (surveillance-risk-testing.md §1.3): many accounts trading the
 * same side of the same instrument in the same window, beyond what chance explains. Per instrument
 * and window each account is a buyer or a seller by the net volume it initiated (as aggressor:
 * the passive side of a sweep did not decide when to trade); with n accounts, b of
 * them buyers and E[p] the day's average buyer share, the LSV herding measure is
 * HM = |b/n − E[p]| − E|B/n − E[p]| (B binomial under no herding), and the majority's one-sided
 * binomial tail probability says how unlikely it is by chance. Market makers are left out (they
 * trade against flow by design), and so are auction uncrosses (every participant of the call
 * trades at once there, which says nothing about algorithms reacting alike). Two window grids half a window apart catch a burst that straddles
 * one grid's boundary. Probabilities are floats: they measure chance, never money.
 * @module
 */

import type { HerdingParams } from './config.js';
import { type BatchContext, entry, evidence, figure } from './evidence.js';
import type { ReferenceView } from './reference.js';
import type { InstrumentState } from './state.js';

/** Accounts per window beyond which the binomial sums are cut (bounded work per trade). */
const ACCOUNTS_MAX = 400;
/** Prior weight of 0.5 in the day's expected buyer share. */
const PRIOR_WINDOWS = 10;

export interface HerdingGrid {
  readonly offset_us: number;
  window_index: number;
  start_us: number;
  nets: Map<string, number>;
  buyers: number;
  sellers: number;
  tested_majority: number;
  alerted: boolean;
}

export class HerdingDetector {
  private share_sum = 0;
  private share_windows = 0;
  private readonly last_alert_us = new Map<string, number>();

  constructor(
    private readonly params: HerdingParams,
    private readonly reference: ReferenceView,
  ) {}

  resetDay(): void {
    this.share_sum = 0;
    this.share_windows = 0;
    this.last_alert_us.clear();
  }

  /** The day's expected buyer share, shrunk towards one half. */
  expectedBuyShare(): number {
    const p = (this.share_sum + 0.5 * PRIOR_WINDOWS) / (this.share_windows + PRIOR_WINDOWS);
    return Math.min(0.95, Math.max(0.05, p));
  }

  /** A continuous trade: `aggressor` took liquidity, buying (`signed_units` > 0) or selling. */
  onTrade(
    instrument: InstrumentState,
    aggressor: string,
    signed_units: number,
    ctx: BatchContext,
  ): void {
    if (!this.counts(aggressor)) return;
    if (instrument.herding.length === 0) {
      const half = Math.floor(this.params.window_us / 2);
      instrument.herding.push(newGrid(0), newGrid(half));
    }
    for (const grid of instrument.herding) {
      const index = Math.floor((ctx.now_us + grid.offset_us) / this.params.window_us);
      if (index !== grid.window_index) this.roll(grid, index, ctx.now_us);
      move(grid, aggressor, signed_units);
      this.test(instrument, grid, ctx);
    }
  }

  private counts(owner: string): boolean {
    return !(this.params.exclude_market_makers && this.reference.isMarketMaker(owner));
  }

  private roll(grid: HerdingGrid, index: number, now_us: number): void {
    const n = grid.buyers + grid.sellers;
    if (grid.offset_us === 0 && n >= 2) {
      this.share_sum += grid.buyers / n;
      this.share_windows += 1;
    }
    grid.window_index = index;
    grid.start_us = index * this.params.window_us - grid.offset_us;
    if (grid.start_us > now_us) grid.start_us = now_us;
    grid.nets = new Map();
    grid.buyers = 0;
    grid.sellers = 0;
    grid.tested_majority = 0;
    grid.alerted = false;
  }

  private test(instrument: InstrumentState, grid: HerdingGrid, ctx: BatchContext): void {
    const n = grid.buyers + grid.sellers;
    const majority = Math.max(grid.buyers, grid.sellers);
    if (grid.alerted || n < this.params.accounts_min || majority <= grid.tested_majority) return;
    if (n > ACCOUNTS_MAX) return;
    grid.tested_majority = majority;
    const expected = this.expectedBuyShare();
    const buying = grid.buyers >= grid.sellers;
    const p_value = upperTail(n, majority, buying ? expected : 1 - expected);
    const hm = Math.abs(grid.buyers / n - expected) - meanAbsDeviation(n, expected);
    if (p_value > this.params.p_value_max || hm < this.params.herding_min) return;
    const last = this.last_alert_us.get(instrument.info.id);
    if (last !== undefined && ctx.now_us - last < this.params.window_us) return;
    grid.alerted = true;
    this.last_alert_us.set(instrument.info.id, ctx.now_us);
    this.raise(instrument, grid, { n, majority, buying, expected, p_value, hm }, ctx);
  }

  private raise(
    instrument: InstrumentState,
    grid: HerdingGrid,
    f: {
      n: number;
      majority: number;
      buying: boolean;
      expected: number;
      p_value: number;
      hm: number;
    },
    ctx: BatchContext,
  ): void {
    const side = f.buying ? 'buy' : 'sell';
    const herd = [...grid.nets].filter(([, net]) => (f.buying ? net > 0 : net < 0));
    const info = instrument.info;
    const p = this.params;
    ctx.raise({
      kind: 'convergent_trading',
      subtype: side,
      severity: 'medium',
      owners: herd.map(([owner]) => owner),
      participants: [],
      instrument: info.id,
      market: info.market,
      window_start_us: grid.start_us,
      window_end_us: ctx.now_us,
      summary:
        `${f.majority} of ${f.n} accounts ${side === 'buy' ? 'bought' : 'sold'} ${info.id} in ` +
        `the same ${p.window_us / 1_000_000} s window (LSV HM ${f.hm.toFixed(2)}, p ${f.p_value.toExponential(1)})`,
      evidence: evidence(
        [
          figure('accounts', f.n, p.accounts_min, '>=', 'accounts'),
          figure('majority_accounts', f.majority, null, '', 'accounts'),
          figure('expected_buy_share', f.expected.toFixed(3)),
          figure('lsv_herding', f.hm.toFixed(3), p.herding_min, '>=', ''),
          figure('p_value', f.p_value.toExponential(2), p.p_value_max, '<=', ''),
        ],
        [],
        [],
        herd.map(([owner, net]) =>
          entry(ctx.now_us, ctx.seq, 'position', `${owner} net ${net > 0 ? '+' : ''}${net}`),
        ),
      ),
    });
  }
}

function newGrid(offset_us: number): HerdingGrid {
  return {
    offset_us,
    window_index: -1,
    start_us: 0,
    nets: new Map(),
    buyers: 0,
    sellers: 0,
    tested_majority: 0,
    alerted: false,
  };
}

function move(grid: HerdingGrid, owner: string, delta: number): void {
  const before = grid.nets.get(owner) ?? 0;
  const after = before + delta;
  grid.nets.set(owner, after);
  if (before > 0) grid.buyers -= 1;
  else if (before < 0) grid.sellers -= 1;
  if (after > 0) grid.buyers += 1;
  else if (after < 0) grid.sellers += 1;
}

/** P(B ≥ k) for B ~ Binomial(n, p). */
export function upperTail(n: number, k: number, p: number): number {
  let pmf = (1 - p) ** n;
  let tail = k === 0 ? pmf : 0;
  for (let x = 0; x < n; x += 1) {
    pmf = (pmf * (n - x) * p) / ((x + 1) * (1 - p));
    if (x + 1 >= k) tail += pmf;
  }
  return Math.min(1, tail);
}

/** E|B/n − p| for B ~ Binomial(n, p): the LSV adjustment factor. */
export function meanAbsDeviation(n: number, p: number): number {
  let pmf = (1 - p) ** n;
  let sum = pmf * p;
  for (let x = 0; x < n; x += 1) {
    pmf = (pmf * (n - x) * p) / ((x + 1) * (1 - p));
    sum += pmf * Math.abs((x + 1) / n - p);
  }
  return sum;
}
