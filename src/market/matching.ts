/**
 * Continuous matching: an incoming order (the taker, already in a slot) walks the opposite side
 * from the best level, in price then time priority, until it is filled, its limit is reached, or
 * a protection stops it. This is the hot path: no allocation, no closures, typed-array reads.
 *
 * What can bend plain price-time priority here, each by a rule that says so:
 * - eligibility (shared books): makers the taker may not match are skipped, not consumed; they
 *   keep their place for other takers;
 * - self-trade prevention by beneficial owner, decided by the taker's mode;
 * - market-order protection (levels, band), HK queue limits and the VCM band: they stop the walk.
 * @module
 */

import { ASK, BID, type BookState, type MatchLimits, NIL } from './book_state.js';
import {
  F_FILLED,
  F_ID,
  F_REMAINING,
  I_ACCOUNT,
  I_NEXT,
  I_OWNER,
  I_PARTY,
  I_SIDE,
} from './order_store.js';
import { type CancelReason, CancelReason as Reason, Side, StpMode } from './types.js';

/** The opposite-side key threshold for a taker with this limit price (0 = no limit). */
export function thresholdKey(side: number, price: number): number {
  if (price === 0) return Number.NEGATIVE_INFINITY;
  // Buy at P crosses asks with −ask ≥ −P; sell at P crosses bids with bid ≥ P.
  return side === Side.BUY ? -price : price;
}

/**
 * Matches taker slot `t`; leaves its open quantity in `o_remaining[t]`. One function for the walk
 * over levels and each level's FIFO (the innermost loop), so that TurboFan compiles the hot path
 * once instead of a level function on its own and again inside its caller: in a fresh process
 * that compile time is most of the cold start (docs/benchmarks.md "Order book").
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the innermost loop, one function on purpose (measured: splitting it costs a compile and a call per level)
export function matchTaker(
  b: BookState,
  t: number,
  limits: MatchLimits,
  timestamp_us: number,
): void {
  const oi = b.oi;
  const osi = (oi[(t << 4) + I_SIDE] as number) === Side.BUY ? ASK : BID;
  const keys = b.keysOf(osi);
  const levels = b.levelsOf(osi);
  const threshold = limits.threshold_key;
  let pos = (b.side_count[osi] as number) - 1;
  if (pos < 0 || (keys[pos] as number) < threshold) return; // nothing crosses (the best is live)
  const levels_max = limits.levels_max === 0 ? Number.MAX_SAFE_INTEGER : limits.levels_max;
  prepareTradeEvent(b, t, timestamp_us);
  const of = b.of;
  const eligibility = b.config.eligibility;
  const groups = eligibility === null ? 0 : eligibility.venues * eligibility.classes;
  const taker_row = b.groupOf(t) * groups;
  const stp = b.stpOf(t);
  const owner = oi[(t << 4) + I_OWNER] as number;
  const listener = b.listener;
  const event = b.ev_trade;
  let remaining = b.remainingOf(t);
  let levels_traded = 0;
  while (remaining > 0 && pos >= 0 && levels_traded < levels_max) {
    if ((keys[pos] as number) < threshold) break;
    const level = levels[pos] as number;
    if (b.l_count[level] === 0) {
      pos--; // an interior level kept empty (lazy removal)
      continue;
    }
    const price = b.l_price[level] as number;
    if (limits.band_on && (price < limits.band_floor || price > limits.band_ceiling)) {
      limits.band_hit = true;
      break;
    }
    const before = remaining;
    // The level's FIFO, in time priority.
    let m = b.l_head[level] as number;
    while (m !== NIL && remaining > 0) {
      const mi = m << 4;
      const mf = m << 3;
      const next = oi[mi + I_NEXT] as number;
      if (eligibility !== null && eligibility.allowed[taker_row + b.groupOf(m)] === 0) {
        m = next;
        continue;
      }
      if (stp !== StpMode.NONE && oi[mi + I_OWNER] === owner) {
        remaining = preventSelfTrade(b, t, m, remaining, limits);
        if (limits.stopped) break;
        m = next;
        continue;
      }
      const maker_remaining = of[mf + F_REMAINING] as number;
      const quantity = Math.min(maker_remaining, remaining);
      remaining -= quantity;
      of[mf + F_REMAINING] = maker_remaining - quantity;
      of[mf + F_FILLED] = (of[mf + F_FILLED] as number) + quantity;
      of[(t << 3) + F_FILLED] = (of[(t << 3) + F_FILLED] as number) + quantity;
      b.l_volume[level] = (b.l_volume[level] as number) - quantity;
      b.side_volume[osi] = (b.side_volume[osi] as number) - quantity;
      event.trade_seq = ++b.trade_seq;
      event.price_units = price;
      event.quantity_units = quantity;
      event.maker_order_id = of[mf + F_ID] as number;
      event.maker_owner = oi[mi + I_OWNER] as number;
      event.maker_account = oi[mi + I_ACCOUNT] as number;
      event.maker_venue = (oi[mi + I_PARTY] as number) & 0xff;
      event.maker_remaining_units = maker_remaining - quantity;
      event.taker_remaining_units = remaining;
      listener.onTrade(event);
      if (maker_remaining === quantity) b.discard(m);
      m = next;
    }
    if (remaining !== before) {
      levels_traded++;
      b.last_trade_price = price;
    }
    if (limits.stopped) break;
    pos--;
  }
  b.setRemaining(t, remaining);
  b.trimSide(osi); // levels emptied on the way were the best ones: pop them
}

function prepareTradeEvent(b: BookState, t: number, timestamp_us: number): void {
  const event = b.ev_trade;
  event.timestamp_us = timestamp_us;
  event.aggressor = b.sideOf(t) === Side.BUY ? 1 : 2;
  event.taker_order_id = b.idOf(t);
  event.taker_owner = b.ownerOf(t);
  event.taker_account = b.accountOf(t);
  event.taker_venue = b.venueOf(t);
}

/** Applies the taker's STP mode to a maker with the same beneficial owner. */
function preventSelfTrade(
  b: BookState,
  t: number,
  m: number,
  remaining: number,
  limits: MatchLimits,
): number {
  const mode = b.stpOf(t);
  const timestamp_us = b.ev_trade.timestamp_us;
  if (mode === StpMode.CANCEL_RESTING) {
    cancelResting(b, m, Reason.STP_CANCEL_RESTING, timestamp_us);
    return remaining;
  }
  if (mode === StpMode.CANCEL_INCOMING) {
    limits.stopped = true;
    emitTakerCancel(b, t, remaining, 0, Reason.STP_CANCEL_INCOMING, timestamp_us);
    return 0;
  }
  if (mode === StpMode.CANCEL_BOTH) {
    cancelResting(b, m, Reason.STP_CANCEL_BOTH, timestamp_us);
    limits.stopped = true;
    emitTakerCancel(b, t, remaining, 0, Reason.STP_CANCEL_BOTH, timestamp_us);
    return 0;
  }
  // DECREMENT: both lose the smaller open quantity; no trade is printed.
  const maker_remaining = b.remainingOf(m);
  const quantity = Math.min(maker_remaining, remaining);
  if (quantity === maker_remaining) {
    cancelResting(b, m, Reason.STP_DECREMENT, timestamp_us);
  } else {
    b.reduce(m, quantity);
    emitCancel(b, m, quantity, maker_remaining - quantity, Reason.STP_DECREMENT, timestamp_us);
  }
  emitTakerCancel(b, t, quantity, remaining - quantity, Reason.STP_DECREMENT, timestamp_us);
  if (remaining === quantity) limits.stopped = true;
  return remaining - quantity;
}

/** Cancels a resting order's whole open quantity and removes it (its level stays if non-empty). */
export function cancelResting(
  b: BookState,
  m: number,
  reason: CancelReason,
  timestamp_us: number,
): void {
  const remaining = b.remainingOf(m);
  emitCancel(b, m, remaining, 0, reason, timestamp_us);
  b.unlink(m);
  b.index.remove(b.idOf(m));
  b.freeOrder(m);
}

function emitTakerCancel(
  b: BookState,
  t: number,
  cancelled: number,
  left: number,
  reason: CancelReason,
  timestamp_us: number,
): void {
  b.setRemaining(t, left);
  emitCancel(b, t, cancelled, left, reason, timestamp_us);
}

export function emitCancel(
  b: BookState,
  slot: number,
  cancelled: number,
  left: number,
  reason: CancelReason,
  timestamp_us: number,
): void {
  const event = b.ev_cancel;
  event.timestamp_us = timestamp_us;
  event.order_id = b.idOf(slot);
  event.side = b.sideOf(slot) === Side.BUY ? Side.BUY : Side.SELL;
  event.price_units = b.priceOf(slot);
  event.cancelled_units = cancelled;
  event.remaining_units = left;
  event.reason = reason;
  event.owner = b.ownerOf(slot);
  event.account = b.accountOf(slot);
  event.venue = b.venueOf(slot);
  b.listener.onOrderCancelled(event);
}
