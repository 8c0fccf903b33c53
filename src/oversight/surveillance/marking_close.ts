/**
 * Marking the close (CEA §4c(a)(5)(B), MAR Annex I A(g), 2016/522 Annex II "marking the close"):
 * one owner's aggressive one-way trading in the last minutes of continuous trading and in the
 * closing auction is a large share of that window's volume and of the owner's own trading in the
 * book that day (a marker concentrates on the close; an investor buying all day in a rising market
 * does not), and the close ends up away from the price before the window, in the owner's
 * direction, by more than the day's typical move over a window of the same length. Evaluated when the closing auction ends (`phase_changed` to closed),
 * so the alert comes in the batch that sets the closing price.
 *
 * Each book keeps a bounded ring of its recent trades; the closing window is read from it when the
 * closing auction starts (continuous → auction), so no session calendar is needed.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import type { MarkingCloseParams } from './config.js';
import {
  type BatchContext,
  entry,
  evidence,
  figure,
  tradeEntry,
  tradeEvidence,
} from './evidence.js';
import { priceText, ticksBetween } from './reference.js';
import type { InstrumentState } from './state.js';
import type { EvidenceTrade, Figure } from './types.js';

const AUCTION_TRADES_MAX = 4_096;
const EVIDENCE_TRADES_MAX = 60;

export interface ClosingState {
  readonly ring: Array<TradeExecuted | undefined>;
  readonly ring_seq: Float64Array;
  ring_head: number;
  ring_count: number;
  bucket_start_us: number;
  bucket_open_units: number;
  moves_sum_units: number;
  moves_count: number;
  auction_start_us: number;
  auction_start_seq: number;
  auction_trades: Array<{ e: TradeExecuted; seq: number }>;
}

interface OwnerWindow {
  buy: number;
  sell: number;
  aggressive_buy: number;
  aggressive_sell: number;
  orders: Set<number>;
}

interface WindowView {
  readonly trades: Array<{ e: TradeExecuted; seq: number }>;
  readonly reference_units: number;
  readonly close_units: number;
  readonly volume_units: number;
}

export class MarkingCloseDetector {
  /** `day_units(owner, instrument)`: what the owner bought plus sold in the book today. */
  constructor(
    private readonly params: MarkingCloseParams,
    private readonly day_units: (owner: string, instrument: string) => number,
  ) {}

  private state(instrument: InstrumentState): ClosingState {
    if (instrument.closing === null) {
      const size = this.params.ring_trades_max;
      instrument.closing = {
        ring: new Array(size).fill(undefined),
        ring_seq: new Float64Array(size),
        ring_head: 0,
        ring_count: 0,
        bucket_start_us: -1,
        bucket_open_units: 0,
        moves_sum_units: 0,
        moves_count: 0,
        auction_start_us: -1,
        auction_start_seq: 0,
        auction_trades: [],
      };
    }
    return instrument.closing;
  }

  resetDay(instrument: InstrumentState): void {
    const s = instrument.closing;
    if (s === null) return;
    s.ring_count = 0;
    s.bucket_start_us = -1;
    s.moves_sum_units = 0;
    s.moves_count = 0;
    s.auction_start_us = -1;
    s.auction_trades = [];
  }

  /** Called before the instrument's last price is updated with this trade. */
  onTrade(instrument: InstrumentState, e: TradeExecuted, ctx: BatchContext): void {
    const s = this.state(instrument);
    if (e.aggressor === 'auction') {
      if (s.auction_start_us >= 0 && s.auction_trades.length < AUCTION_TRADES_MAX)
        s.auction_trades.push({ e, seq: ctx.seq });
      return;
    }
    const size = s.ring.length;
    const index = (s.ring_head + s.ring_count) % size;
    s.ring[index] = e;
    s.ring_seq[index] = ctx.seq;
    if (s.ring_count < size) s.ring_count += 1;
    else s.ring_head = (s.ring_head + 1) % size;
    this.trackMoves(s, instrument.last_price_units || e.price_units, e.timestamp_us);
  }

  /** The day's typical move over a window: mean |Δprice| over consecutive windows. */
  private trackMoves(s: ClosingState, previous_units: number, at_us: number): void {
    if (s.bucket_start_us < 0) {
      s.bucket_start_us = at_us;
      s.bucket_open_units = previous_units;
      return;
    }
    if (at_us < s.bucket_start_us + this.params.window_us) return;
    s.moves_sum_units += Math.abs(previous_units - s.bucket_open_units);
    s.moves_count += 1;
    s.bucket_start_us = at_us;
    s.bucket_open_units = previous_units;
  }

  onPhase(instrument: InstrumentState, previous: string, next: string, ctx: BatchContext): void {
    const s = this.state(instrument);
    const was_trading =
      previous === 'continuous' || previous === 'cooling_off' || previous === 'halted';
    if (was_trading && next.startsWith('auction')) {
      s.auction_start_us = ctx.now_us;
      s.auction_start_seq = ctx.seq;
      s.auction_trades = [];
      return;
    }
    if (s.auction_start_us >= 0 && !next.startsWith('auction')) {
      this.evaluate(instrument, s, ctx);
      s.auction_start_us = -1;
      s.auction_trades = [];
    }
  }

  private evaluate(instrument: InstrumentState, s: ClosingState, ctx: BatchContext): void {
    const view = this.windowView(s);
    if (view === null) return;
    const move = view.close_units - view.reference_units;
    if (move === 0) return;
    const tick = instrument.info.tick;
    const ticks = Math.abs(ticksBetween(tick, view.reference_units, view.close_units));
    if (ticks < this.params.move_ticks_min) return;
    const move_bps = Math.floor((Math.abs(move) * 10_000) / view.reference_units);
    if (move_bps < this.params.move_bps_min) return;
    const typical_pct =
      s.moves_count === 0 || s.moves_sum_units === 0
        ? Number.MAX_SAFE_INTEGER
        : Math.floor((Math.abs(move) * s.moves_count * 100) / s.moves_sum_units);
    if (typical_pct < this.params.move_vs_typical_pct_min) return;
    for (const [owner, w] of ownerWindows(view.trades)) {
      const up = move > 0;
      const one_way = up ? w.buy - w.sell : w.sell - w.buy;
      const aggressive = up ? w.aggressive_buy : w.aggressive_sell;
      const p = this.params;
      if (one_way <= 0 || w.orders.size < p.orders_min) continue;
      if (one_way * 10_000 < p.share_bps_min * view.volume_units) continue;
      const aggressive_bps = Math.floor((aggressive * 10_000) / Math.max(1, up ? w.buy : w.sell));
      if (aggressive_bps < p.aggressive_bps_min) continue;
      const day = Math.max(1, this.day_units(owner, instrument.info.id));
      const concentration_bps = Math.floor(((w.buy + w.sell) * 10_000) / day);
      if (concentration_bps < p.concentration_bps_min) continue;
      const f = { ticks, move_bps, typical_pct, one_way, aggressive_bps, concentration_bps };
      this.raise(instrument, owner, w, view, f, ctx);
    }
  }

  private windowView(s: ClosingState): WindowView | null {
    const window_start_us = s.auction_start_us - this.params.window_us;
    const trades: Array<{ e: TradeExecuted; seq: number }> = [];
    let reference_units = 0;
    for (let i = s.ring_count - 1; i >= 0; i -= 1) {
      const index = (s.ring_head + i) % s.ring.length;
      const e = s.ring[index] as TradeExecuted;
      if (e.timestamp_us < window_start_us) {
        reference_units = e.price_units;
        break;
      }
      trades.push({ e, seq: s.ring_seq[index] as number });
    }
    trades.reverse();
    trades.push(...s.auction_trades);
    const last = trades[trades.length - 1];
    if (last === undefined) return null;
    if (reference_units === 0) reference_units = (trades[0] as { e: TradeExecuted }).e.price_units;
    const volume_units = trades.reduce((sum, t) => sum + t.e.quantity_units, 0);
    return { trades, reference_units, close_units: last.e.price_units, volume_units };
  }

  private raise(
    instrument: InstrumentState,
    owner: string,
    w: OwnerWindow,
    view: WindowView,
    f: CloseFigures,
    ctx: BatchContext,
  ): void {
    const p = this.params;
    const info = instrument.info;
    const mine = view.trades.filter((t) => t.e.buyer === owner || t.e.seller === owner);
    const trades: EvidenceTrade[] = mine
      .slice(-EVIDENCE_TRADES_MAX)
      .map((t) => tradeEvidence(t.e, t.seq));
    const share = Math.floor((f.one_way * 10_000) / view.volume_units);
    const direction = view.close_units > view.reference_units ? 'up' : 'down';
    ctx.raise({
      kind: 'marking_the_close',
      subtype: mine.some((t) => t.e.aggressor === 'auction') ? 'closing_auction' : 'last_minutes',
      severity: 'high',
      owners: [owner],
      participants: [
        ...new Set(
          mine.map((t) => (t.e.buyer === owner ? t.e.buyer_participant : t.e.seller_participant)),
        ),
      ],
      instrument: info.id,
      market: info.market,
      window_start_us: windowStart(view, p.window_us, instrument),
      window_end_us: ctx.now_us,
      summary:
        `${owner} took ${share / 100} % of the closing window's volume in ${info.symbol} one way and ` +
        `the close moved ${direction} ${f.ticks} ticks (${priceText(info, view.reference_units)} → ` +
        `${priceText(info, view.close_units)})`,
      evidence: evidence(this.figures(w, view, f, share), [], trades, [
        entry(
          instrument.closing?.auction_start_us ?? ctx.now_us,
          instrument.closing?.auction_start_seq ?? ctx.seq,
          'phase_changed',
          'closing auction started',
        ),
        ...trades.map(tradeEntry),
        entry(ctx.now_us, ctx.seq, 'phase_changed', `closed at ${view.close_units}`),
      ]),
    });
  }

  private figures(w: OwnerWindow, view: WindowView, f: CloseFigures, share: number): Figure[] {
    const p = this.params;
    return [
      figure('one_way_share_bps', share, p.share_bps_min, '>=', 'bps'),
      figure('aggressive_bps', f.aggressive_bps, p.aggressive_bps_min, '>=', 'bps'),
      figure(
        'window_share_of_own_day_bps',
        f.concentration_bps,
        p.concentration_bps_min,
        '>=',
        'bps',
      ),
      figure('owner_orders', w.orders.size, p.orders_min, '>=', 'orders'),
      figure('close_move_ticks', f.ticks, p.move_ticks_min, '>=', 'ticks'),
      figure('close_move_bps', f.move_bps, p.move_bps_min, '>=', 'bps'),
      figure(
        'move_vs_typical_pct',
        Math.min(f.typical_pct, 1_000_000),
        p.move_vs_typical_pct_min,
        '>=',
        '%',
      ),
      figure('reference_price_units', view.reference_units),
      figure('close_price_units', view.close_units),
      figure('window_volume_units', view.volume_units, null, '', 'units'),
    ];
  }
}

interface CloseFigures {
  readonly concentration_bps: number;
  readonly ticks: number;
  readonly move_bps: number;
  readonly typical_pct: number;
  readonly one_way: number;
  readonly aggressive_bps: number;
}

function windowStart(view: WindowView, window_us: number, instrument: InstrumentState): number {
  const auction_start = instrument.closing?.auction_start_us ?? 0;
  const first = view.trades[0]?.e.timestamp_us ?? auction_start;
  return Math.min(first, auction_start - window_us);
}

function ownerWindows(trades: ReadonlyArray<{ e: TradeExecuted }>): Map<string, OwnerWindow> {
  const owners = new Map<string, OwnerWindow>();
  const of = (owner: string): OwnerWindow => {
    let w = owners.get(owner);
    if (w === undefined) {
      w = { buy: 0, sell: 0, aggressive_buy: 0, aggressive_sell: 0, orders: new Set() };
      owners.set(owner, w);
    }
    return w;
  };
  for (const { e } of trades) {
    const buyer = of(e.buyer);
    const seller = of(e.seller);
    buyer.buy += e.quantity_units;
    seller.sell += e.quantity_units;
    buyer.orders.add(e.buy_order_id);
    seller.orders.add(e.sell_order_id);
    if (e.aggressor !== 'sell') buyer.aggressive_buy += e.quantity_units;
    if (e.aggressor !== 'buy') seller.aggressive_sell += e.quantity_units;
  }
  return owners;
}
