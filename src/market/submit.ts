/**
 * New orders and cancels: validate, pre-fund, then act. Continuous phases match the order at once;
 * auction phases add it to the book and republish the indicative price.
 * @module
 */

import { ACCEPTED_VOID, type Outcome, type Rejection, reject } from '../kernel/index.js';
import { publishIndicative } from './auction.js';
import { AUCTION_QUEUE, type BookState, FLAG_POST_ONLY, NIL } from './book_state.js';
import { emitCancel, matchTaker } from './matching.js';
import { F_FILLED, F_ID, F_PRICE, F_REMAINING, I_KIND, I_SIDE } from './order_store.js';
import { acceptsCancels } from './phases.js';
import { fillableQuantity, worstReachablePrice } from './prechecks.js';
import { publishBbo, triggerVcm } from './publish.js';
import { MarketRejection as Code } from './rejections.js';
import {
  type CancelReason,
  type OrderRequest,
  OrderType,
  Phase,
  CancelReason as Reason,
  StpMode,
  TimeInForce,
} from './types.js';
import { validateNew } from './validate.js';
import { groupOfRequest } from './validate_book.js';

export function submitOrder(
  b: BookState,
  r: OrderRequest,
  timestamp_us: number,
): Outcome<undefined> {
  const invalid = validateNew(b, r, timestamp_us);
  if (invalid !== null) return invalid;
  if (b.config.prefund !== null) {
    const unfunded = prefund(b, r, timestamp_us);
    if (unfunded !== null) return unfunded;
  }
  b.last_order_id = r.order_id;
  const t = b.allocOrder();
  writeOrder(b, t, r);
  emitAccepted(b, r, timestamp_us);
  if (b.phase === Phase.AUCTION_INPUT || b.phase === Phase.AUCTION_NO_CANCEL) {
    restInAuction(b, t);
    publishIndicative(b, timestamp_us);
  } else {
    executeContinuous(b, t, timestamp_us, false);
  }
  publishBbo(b, timestamp_us);
  return ACCEPTED_VOID;
}

function prefund(b: BookState, r: OrderRequest, timestamp_us: number): Rejection | null {
  const hook = b.config.prefund;
  if (hook === null) return null; // callers check first; kept so the function stands alone
  let price_units = r.price_units;
  if (r.type === OrderType.MARKET && b.phase !== Phase.CLOSED) {
    const worst = worstReachablePrice(
      b,
      r.side,
      b.limits.threshold_key,
      b.limits.levels_max,
      r.quantity_units,
    );
    price_units = price_units > 0 && worst === 0 ? price_units : worst;
  }
  return hook({
    instrument_key: b.instrument_key,
    timestamp_us,
    order_id: r.order_id,
    side: r.side,
    type: r.type,
    price_units,
    quantity_units: r.quantity_units,
    owner: r.owner,
    account: r.account,
    venue: r.venue,
    is_replace: false,
  });
}

function writeOrder(b: BookState, t: number, r: OrderRequest): void {
  const stp = r.stp_mode === StpMode.DEFAULT ? b.config.stp_mode_default : r.stp_mode;
  const kind = r.tif | (r.type << 4) | (stp << 8) | ((r.post_only ? FLAG_POST_ONLY : 0) << 12);
  const group = b.config.eligibility === null ? 0 : groupOfRequest(b, r);
  const party = r.venue | (r.investor_class << 8) | (group << 16); // see packParty
  b.writeRecord(
    t,
    r.order_id,
    r.side,
    r.price_units,
    r.quantity_units,
    0,
    kind,
    party,
    r.owner,
    r.account,
  );
}

/** The accepted event, filled from the request (the record holds the same values). */
function emitAccepted(b: BookState, r: OrderRequest, timestamp_us: number): void {
  const event = b.ev_order;
  event.timestamp_us = timestamp_us;
  event.order_id = r.order_id;
  event.side = r.side;
  event.type = r.type;
  event.tif = r.tif;
  event.price_units = r.price_units;
  event.quantity_units = r.quantity_units;
  event.remaining_units = r.quantity_units;
  event.owner = r.owner;
  event.account = r.account;
  event.venue = r.venue;
  event.investor_class = r.investor_class;
  b.listener.onOrderAccepted(event);
}

/**
 * The rested event, from the slot. `fresh`: the order was accepted earlier in this same
 * operation, so the record already holds everything but its open quantity (a re-priced order is
 * never fresh).
 */
function emitRested(b: BookState, slot: number, timestamp_us: number, fresh: boolean): void {
  const event = b.ev_order;
  const f = slot << 3;
  event.remaining_units = b.of[f + F_REMAINING] as number;
  event.quantity_units = event.remaining_units + (b.of[f + F_FILLED] as number);
  if (!fresh) {
    event.timestamp_us = timestamp_us;
    event.order_id = b.of[f + F_ID] as number;
    event.side = b.sideOf(slot) as 1 | 2;
    event.type = b.typeOf(slot) as 1 | 2 | 3 | 4;
    event.tif = b.tifOf(slot) as 1 | 2 | 3 | 4;
    event.price_units = b.of[f + F_PRICE] as number;
    event.owner = b.ownerOf(slot);
    event.account = b.accountOf(slot);
    event.venue = b.venueOf(slot);
    event.investor_class = b.classOf(slot);
  }
  b.listener.onOrderRested(event);
}

function restInAuction(b: BookState, t: number): void {
  const si = b.sideOf(t) - 1;
  const level =
    b.typeOf(t) === OrderType.AT_AUCTION
      ? (AUCTION_QUEUE[si] as number)
      : b.levelFor(si, b.priceOf(t));
  b.append(level, t);
  b.index.insert(b.idOf(t), t);
}

/**
 * Matches slot `t` and then rests, or cancels, what is left. `indexed` is true for a re-priced
 * order (cancel-replace), which keeps its id-index entry while it is matched.
 */
export function executeContinuous(
  b: BookState,
  t: number,
  timestamp_us: number,
  indexed: boolean,
): void {
  const limits = b.limits;
  const kind = b.oi[(t << 4) + I_KIND] as number;
  const tif = kind & 0xf;
  const is_market = ((kind >> 4) & 0xf) === OrderType.MARKET;
  if (tif === TimeInForce.FOK && !fokFillable(b, t)) {
    finishTaker(b, t, Reason.FOK_KILL, timestamp_us, indexed);
    return;
  }
  const trades_before = b.trade_seq;
  matchTaker(b, t, limits, timestamp_us);
  if (b.trade_seq !== trades_before && b.vcm !== null) {
    b.vcm.recordTrade(timestamp_us, b.last_trade_price);
  }
  if (limits.band_hit && b.phase === Phase.CONTINUOUS) triggerVcm(b, timestamp_us);
  if (b.of[(t << 3) + F_REMAINING] === 0) {
    releaseTaker(b, t, indexed);
    return;
  }
  const may_rest = (tif === TimeInForce.GTC || tif === TimeInForce.DAY) && !is_market;
  if (may_rest && !limits.band_hit) {
    restContinuous(b, t, timestamp_us, indexed);
    return;
  }
  let reason: CancelReason = Reason.IOC_REMAINDER;
  if (limits.band_hit) reason = Reason.VCM;
  else if (is_market) reason = Reason.MARKET_REMAINDER;
  finishTaker(b, t, reason, timestamp_us, indexed);
}

function fokFillable(b: BookState, t: number): boolean {
  const limits = b.limits;
  const wanted = b.remainingOf(t);
  const party = {
    side: b.sideOf(t),
    group: b.groupOf(t),
    owner: b.ownerOf(t),
    stp: b.stpOf(t),
  };
  const band_floor = limits.band_on ? limits.band_floor : 0;
  const band_ceiling = limits.band_on ? limits.band_ceiling : 0;
  const fillable = fillableQuantity(
    b,
    party,
    limits.threshold_key,
    limits.levels_max,
    band_floor,
    band_ceiling,
    wanted,
  );
  return fillable === wanted;
}

/** Cancels what is left of an incoming order and releases its slot. */
function finishTaker(
  b: BookState,
  t: number,
  reason: CancelReason,
  timestamp_us: number,
  indexed: boolean,
): void {
  const remaining = b.remainingOf(t);
  b.setRemaining(t, 0);
  emitCancel(b, t, remaining, 0, reason, timestamp_us);
  releaseTaker(b, t, indexed);
}

/** An incoming order that does not rest: free its slot (and its index entry after a replace). */
function releaseTaker(b: BookState, t: number, indexed: boolean): void {
  if (indexed) b.index.remove(b.of[t << 3] as number);
  b.freeOrder(t);
}

function restContinuous(b: BookState, t: number, timestamp_us: number, indexed: boolean): void {
  const si = (b.oi[(t << 4) + I_SIDE] as number) - 1;
  const level = b.levelFor(si, b.of[(t << 3) + F_PRICE] as number);
  b.append(level, t);
  if (!indexed) b.index.insert(b.of[t << 3] as number, t);
  emitRested(b, t, timestamp_us, !indexed);
}

export function cancelOrder(
  b: BookState,
  order_id: number,
  timestamp_us: number,
): Outcome<undefined> {
  const phase = b.phase;
  if (phase !== Phase.CONTINUOUS && !acceptsCancels(phase)) {
    return reject(Code.WRONG_SESSION, 'The book does not accept cancels in this phase', {
      phase: b.phase,
      order_id,
    });
  }
  const slot = b.index.get(order_id);
  if (slot === NIL) {
    return reject(Code.UNKNOWN_ORDER, 'No open order with this id on this book', { order_id });
  }
  emitCancel(b, slot, b.remainingOf(slot), 0, Reason.USER_CANCEL, timestamp_us);
  b.removeResting(slot);
  if (phase === Phase.AUCTION_INPUT) publishIndicative(b, timestamp_us);
  publishBbo(b, timestamp_us);
  return ACCEPTED_VOID;
}
