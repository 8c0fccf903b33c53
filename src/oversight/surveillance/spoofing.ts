/**
 * Spoofing and layering (CEA §4c(a)(5)(C); MAR Annex I A(f), Delegated Reg. 2016/522 Annex II
 * §1 5(e)): orders on one side, entered shortly before an execution on the other side by the same
 * beneficial owner, large against that genuine order, near the touch, hardly filled, and cancelled
 * shortly after the execution. Spoof orders on several price levels make it layering.
 *
 * Market makers requote all day and cancel most of their orders, but their two sides are the same
 * size: the size multiple against the genuine order is what separates a spoof from a requote.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import type { SpoofingParams } from './config.js';
import {
  acceptedEntry,
  type BatchContext,
  distinct,
  entry,
  evidence,
  figure,
  orderEvidence,
  tradeEntry,
  tradeEvidence,
} from './evidence.js';
import {
  BUY,
  type ExecMark,
  type InstrumentState,
  type OrderRec,
  type OwnerInstrument,
  type SideIndex,
  sideName,
} from './state.js';
import type { Figure, TimelineEntry } from './types.js';

/** Bounds on what one execution mark remembers (evidence only; the sums stay exact). */
const MARK_ORDERS_MAX = 32;
const MARK_SPOOFS_MAX = 64;

export class SpoofingDetector {
  constructor(
    private readonly params: SpoofingParams,
    private readonly onAlert: (oi: OwnerInstrument, ctx: BatchContext) => void,
  ) {}

  /** Whether an order entered now sits within the touch distance of its side's best price. */
  nearTouch(instrument: InstrumentState, side: SideIndex, price_units: number): boolean {
    const best = side === BUY ? instrument.best_bid_units : instrument.best_ask_units;
    if (best === 0) return true;
    const away = side === BUY ? best - price_units : price_units - best;
    return away <= 0 || away * 10_000 <= this.params.touch_distance_bps_max * best;
  }

  /** `rec` (the owner's order on one side) traded: a genuine execution spoofs are measured against. */
  onExecution(rec: OrderRec, e: TradeExecuted, ctx: BatchContext): void {
    const oi = rec.oi;
    let mark = oi.marks[rec.side];
    if (mark === null) {
      mark = newMark(e, ctx);
      oi.marks[rec.side] = mark;
    } else if (mark.alerted || ctx.now_us - mark.timestamp_us > this.params.execution_cluster_us) {
      resetMark(mark, e, ctx);
    }
    if (!mark.order_ids.includes(rec.order_id)) {
      mark.order_units += rec.quantity_units;
      if (mark.order_ids.length < MARK_ORDERS_MAX) {
        mark.order_ids.push(rec.order_id);
        mark.genuine.push(rec);
      }
    }
    mark.executed_units += e.quantity_units;
  }

  /** The owner cancelled `cancelled_units` of `rec`. */
  onUserCancel(rec: OrderRec, cancelled_units: number, ctx: BatchContext): void {
    const oi = rec.oi;
    const mark = oi.marks[rec.side === BUY ? 1 : 0];
    if (mark === null || ctx.now_us - mark.timestamp_us > this.params.cancel_within_us) return;
    if (!this.isSpoofCandidate(rec, mark)) return;
    if (mark.spoofs.length < MARK_SPOOFS_MAX) {
      mark.spoofs.push({ rec, cancelled_units, seq: ctx.seq, at_us: ctx.now_us });
    }
    mark.spoof_units += cancelled_units;
    if (mark.alerted) return;
    const p = this.params;
    if (mark.spoof_units * 100 < p.size_multiple_pct_min * mark.order_units) return;
    if (mark.spoof_units < p.spoof_lots_min * oi.instrument.info.lot_units) return;
    mark.alerted = true;
    oi.spoof_alerted_today = true;
    this.raise(oi, mark, rec.side, ctx);
    this.onAlert(oi, ctx);
  }

  private isSpoofCandidate(rec: OrderRec, mark: ExecMark): boolean {
    if (rec.accepted_seq >= mark.event_seq) return false;
    if (mark.timestamp_us - rec.accepted_us > this.params.order_age_max_us) return false;
    if (!rec.near_touch) return false;
    return rec.filled_units * 10_000 <= this.params.filled_bps_max * rec.quantity_units;
  }

  private raise(oi: OwnerInstrument, mark: ExecMark, side: SideIndex, ctx: BatchContext): void {
    const pending = oi.live.filter(
      (r) => r.side === side && r.remaining_units > 0 && this.isSpoofCandidate(r, mark),
    );
    const prices = distinct([
      ...mark.spoofs.map((s) => s.rec.price_units),
      ...pending.map((r) => r.price_units),
    ]);
    const subtype = prices.length >= this.params.layering_levels_min ? 'layering' : 'spoofing';
    const recs = [...mark.genuine, ...mark.spoofs.map((s) => s.rec), ...pending];
    const delay_ms = Math.floor(((mark.spoofs[0]?.at_us ?? ctx.now_us) - mark.timestamp_us) / 1000);
    const multiple_pct = Math.floor((mark.spoof_units * 100) / Math.max(1, mark.order_units));
    const info = oi.instrument.info;
    ctx.raise({
      kind: 'spoofing_layering',
      subtype,
      severity: 'high',
      owners: [oi.owner.id],
      participants: distinct(recs.map((r) => r.participant)),
      instrument: info.id,
      market: info.market,
      window_start_us: Math.min(...recs.map((r) => r.accepted_us)),
      window_end_us: ctx.now_us,
      summary:
        `${oi.owner.id} ${subtype} in ${info.id}: cancelled ${mark.spoof_units} on the ` +
        `${sideName(side)} side ${delay_ms} ms after ${mark.executed_units} executed on the ` +
        `other side (${multiple_pct} % of the genuine orders)`,
      evidence: evidence(
        this.figures(mark, prices.length, delay_ms, info.lot_units),
        [
          ...mark.genuine.map((r) => orderEvidence(r, 'genuine')),
          ...mark.spoofs.map((s) => orderEvidence(s.rec, 'spoof')),
          ...pending.map((r) => orderEvidence(r, 'spoof_pending')),
        ],
        [tradeEvidence(mark.trade, mark.event_seq)],
        spoofTimeline(mark, pending),
      ),
    });
  }

  private figures(mark: ExecMark, levels: number, delay_ms: number, lot_units: number): Figure[] {
    const p = this.params;
    const multiple_pct = Math.floor((mark.spoof_units * 100) / Math.max(1, mark.order_units));
    return [
      figure(
        'spoof_cancelled_units',
        mark.spoof_units,
        p.spoof_lots_min * lot_units,
        '>=',
        'units',
      ),
      figure('size_multiple_pct', multiple_pct, p.size_multiple_pct_min, '>=', '%'),
      figure('genuine_order_units', mark.order_units, null, '', 'units'),
      figure('genuine_executed_units', mark.executed_units, null, '', 'units'),
      figure('price_levels', levels, p.layering_levels_min, '>=', 'levels'),
      figure(
        'cancel_after_execution_ms',
        delay_ms,
        Math.floor(p.cancel_within_us / 1000),
        '<=',
        'ms',
      ),
    ];
  }
}

function spoofTimeline(mark: ExecMark, pending: readonly OrderRec[]): TimelineEntry[] {
  return [
    ...mark.genuine.map((r) => acceptedEntry(r, 'genuine')),
    ...mark.spoofs.map((s) => acceptedEntry(s.rec, 'spoof')),
    ...pending.map((r) => acceptedEntry(r, 'spoof')),
    tradeEntry(tradeEvidence(mark.trade, mark.event_seq)),
    ...mark.spoofs.map((s) =>
      entry(
        s.at_us,
        s.seq,
        'order_cancelled',
        `cancelled ${s.cancelled_units} of order ${s.rec.order_id}`,
        s.rec.order_id,
      ),
    ),
  ];
}

function newMark(e: TradeExecuted, ctx: BatchContext): ExecMark {
  return {
    timestamp_us: ctx.now_us,
    event_seq: ctx.seq,
    trade: e,
    order_units: 0,
    executed_units: 0,
    order_ids: [],
    genuine: [],
    spoofs: [],
    spoof_units: 0,
    alerted: false,
  };
}

/** Starts a new cluster in the same object: marks are per owner × instrument × side. */
function resetMark(mark: ExecMark, e: TradeExecuted, ctx: BatchContext): void {
  mark.timestamp_us = ctx.now_us;
  mark.event_seq = ctx.seq;
  mark.trade = e;
  mark.order_units = 0;
  mark.executed_units = 0;
  if (mark.order_ids.length > 0) mark.order_ids.length = 0;
  if (mark.genuine.length > 0) mark.genuine.length = 0;
  if (mark.spoofs.length > 0) mark.spoofs.length = 0;
  mark.spoof_units = 0;
  mark.alerted = false;
}
