/**
 * Momentum ignition (Delegated Reg. 2016/522 Annex II §1 4(e); MAR Annex I A(e)): a burst of one
 * owner's aggressive orders in one direction moves the price, and within a short time the owner
 * trades the other way, at a better price than before the burst, for a good part of the burst's
 * volume: starting a move to close out against it. Alerts at the reversing trade that completes it.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import type { MomentumParams } from './config.js';
import {
  type BatchContext,
  distinct,
  evidence,
  figure,
  tradeEntry,
  tradeEvidence,
} from './evidence.js';
import { priceText, ticksBetween } from './reference.js';
import { BUY, type OrderRec, type OwnerInstrument, type SideIndex, sideName } from './state.js';
import type { EvidenceTrade } from './types.js';

const RECENT_MAX = 64;
const REVERSAL_TRADES_MAX = 32;

interface AggressiveTrade {
  readonly at_us: number;
  readonly side: SideIndex;
  readonly quantity_units: number;
  readonly before_units: number;
  readonly order_id: number;
  readonly participant: string;
  readonly trade: TradeExecuted;
  readonly seq: number;
}

interface Ignition {
  readonly side: SideIndex;
  readonly start_us: number;
  end_us: number;
  readonly before_units: number;
  peak_units: number;
  volume_units: number;
  orders: number;
  ticks: number;
  trades: EvidenceTrade[];
  participants: string[];
  reversal_units: number;
  reversal_trades: EvidenceTrade[];
  alerted: boolean;
}

export interface MomentumState {
  recent: AggressiveTrade[];
  ignition: Ignition | null;
}

export class MomentumDetector {
  constructor(private readonly params: MomentumParams) {}

  /** Call for every trade before the instrument's last price moves to this trade's price. */
  onTrade(
    e: TradeExecuted,
    buy: OrderRec,
    sell: OrderRec,
    before_units: number,
    ctx: BatchContext,
  ): void {
    this.reversal(buy, e, ctx);
    this.reversal(sell, e, ctx);
    if (e.aggressor === 'auction' || before_units === 0) return;
    this.aggressive(e.aggressor === 'buy' ? buy : sell, e, before_units, ctx);
  }

  private aggressive(
    rec: OrderRec,
    e: TradeExecuted,
    before_units: number,
    ctx: BatchContext,
  ): void {
    const oi = rec.oi;
    if (oi.momentum === null) oi.momentum = { recent: [], ignition: null };
    const m = oi.momentum;
    const p = this.params;
    if (m.recent.length > 0 && (m.recent[0] as AggressiveTrade).side !== rec.side) m.recent = [];
    const recent = m.recent;
    let old = 0;
    while (
      old < recent.length &&
      ctx.now_us - (recent[old] as AggressiveTrade).at_us > p.burst_window_us
    )
      old += 1;
    if (old > 0) recent.splice(0, old);
    if (recent.length >= RECENT_MAX) recent.shift();
    m.recent.push({
      at_us: ctx.now_us,
      side: rec.side,
      quantity_units: e.quantity_units,
      before_units,
      order_id: rec.order_id,
      participant: rec.participant,
      trade: e,
      seq: ctx.seq,
    });
    const first = m.recent[0] as AggressiveTrade;
    const orders = orderCount(m.recent);
    const signed = ticksBetween(oi.instrument.info.tick, first.before_units, e.price_units);
    const ticks = rec.side === BUY ? signed : -signed;
    if (orders < p.aggressive_orders_min || ticks < p.move_ticks_min) return;
    const current = m.ignition;
    if (current?.alerted && first.at_us <= current.end_us) return;
    if (current !== null && !current.alerted && current.side !== rec.side) m.ignition = null;
    m.ignition = {
      side: rec.side,
      start_us: first.at_us,
      end_us: ctx.now_us,
      before_units: first.before_units,
      peak_units: e.price_units,
      volume_units: m.recent.reduce((sum, t) => sum + t.quantity_units, 0),
      orders,
      ticks,
      trades: m.recent.map((t) => tradeEvidence(t.trade, t.seq)),
      participants: distinct(m.recent.map((t) => t.participant)),
      reversal_units: 0,
      reversal_trades: [],
      alerted: false,
    };
  }

  private reversal(rec: OrderRec, e: TradeExecuted, ctx: BatchContext): void {
    const ignition = rec.oi.momentum?.ignition;
    if (ignition === undefined || ignition === null || ignition.alerted) return;
    if (rec.side === ignition.side) return;
    if (ctx.now_us - ignition.end_us > this.params.reversal_window_us) return;
    const better =
      ignition.side === BUY
        ? e.price_units > ignition.before_units
        : e.price_units < ignition.before_units;
    if (!better) return;
    ignition.reversal_units += e.quantity_units;
    if (ignition.reversal_trades.length < REVERSAL_TRADES_MAX)
      ignition.reversal_trades.push(tradeEvidence(e, ctx.seq));
    if (ignition.reversal_units * 100 < this.params.reversal_pct_min * ignition.volume_units)
      return;
    ignition.alerted = true;
    this.raise(rec.oi, ignition, rec.participant, ctx);
  }

  private raise(oi: OwnerInstrument, g: Ignition, participant: string, ctx: BatchContext): void {
    const info = oi.instrument.info;
    const p = this.params;
    const reversal_pct = Math.floor((g.reversal_units * 100) / Math.max(1, g.volume_units));
    const trades = [...g.trades, ...g.reversal_trades];
    ctx.raise({
      kind: 'momentum_ignition',
      subtype: '',
      severity: 'high',
      owners: [oi.owner.id],
      participants: distinct([...g.participants, participant]),
      instrument: info.id,
      market: info.market,
      window_start_us: g.start_us,
      window_end_us: ctx.now_us,
      summary:
        `${oi.owner.id} ${sideName(g.side)} aggressively ${g.orders} times in ${info.symbol}, moving ` +
        `it ${g.ticks} ticks from ${priceText(info, g.before_units)}, then traded ${g.reversal_units} the other way ` +
        `(${reversal_pct} % of the burst) at better prices`,
      evidence: evidence(
        [
          figure('aggressive_orders', g.orders, p.aggressive_orders_min, '>=', 'orders'),
          figure('burst_move_ticks', g.ticks, p.move_ticks_min, '>=', 'ticks'),
          figure('burst_volume_units', g.volume_units, null, '', 'units'),
          figure('reversal_pct', reversal_pct, p.reversal_pct_min, '>=', '%'),
          figure('price_before_units', g.before_units),
          figure('burst_peak_units', g.peak_units),
        ],
        [],
        trades,
        trades.map(tradeEntry),
      ),
    });
  }
}

/** Distinct orders among the trades (an order's fills are consecutive). */
function orderCount(trades: readonly AggressiveTrade[]): number {
  let orders = 0;
  let last = -1;
  for (const t of trades) {
    if (t.order_id !== last) orders += 1;
    last = t.order_id;
  }
  return orders;
}
