/**
 * Cancel-replace. The order keeps its id. It keeps its time priority only when the price is
 * unchanged and the open quantity does not grow; otherwise it leaves its queue, takes the new
 * price and quantity, and re-enters as if new (matching first in continuous trading).
 * `quantity_units` is the new OPEN quantity (what may still trade), not the original size.
 * @module
 */

import { ACCEPTED_VOID, type Outcome, type Rejection, reject } from '../kernel/index.js';
import { publishIndicative } from './auction.js';
import { type BookState, FLAG_POST_ONLY, NIL } from './book_state.js';
import { acceptsReplaces, isAuctionInput, isContinuous } from './phases.js';
import { publishBbo } from './publish.js';
import { MarketRejection as Code } from './rejections.js';
import { executeContinuous } from './submit.js';
import { type OrderRequest, OrderType, orderRequest, type Side } from './types.js';
import { checkPrice, checkPriceShape, checkQuantity } from './validate.js';
import { checkAgainstBook } from './validate_book.js';

const scratch: OrderRequest = orderRequest();

export function replaceOrder(
  b: BookState,
  order_id: number,
  price_units: number,
  quantity_units: number,
  timestamp_us: number,
): Outcome<undefined> {
  const found = findReplaceable(b, order_id);
  if (typeof found !== 'number') return found;
  const slot = found;
  const r = requestFor(b, slot, price_units, quantity_units);
  const rejection =
    checkNewTerms(b, r) ?? checkQuantity(b, r) ?? checkPrice(b, r) ?? checkLevelRoom(b, slot, r);
  if (rejection !== null) return rejection;
  const old_price = b.priceOf(slot);
  const old_remaining = b.remainingOf(slot);
  if (price_units === old_price && quantity_units <= old_remaining) {
    if (quantity_units < old_remaining) b.reduce(slot, old_remaining - quantity_units);
    emitReplaced(b, slot, old_price, old_remaining, true, timestamp_us);
  } else {
    const refusal =
      (isContinuous(b.phase) ? checkAgainstBook(b, r, timestamp_us) : null) ??
      prefundReplace(b, r, timestamp_us);
    if (refusal !== null) return refusal;
    reenter(b, slot, r, old_price, old_remaining, timestamp_us);
  }
  if (isAuctionInput(b.phase)) publishIndicative(b, timestamp_us);
  publishBbo(b, timestamp_us);
  return ACCEPTED_VOID;
}

function findReplaceable(b: BookState, order_id: number): number | Rejection {
  if (!acceptsReplaces(b.phase)) {
    return reject(Code.WRONG_SESSION, 'The book does not accept replaces in this phase', {
      phase: b.phase,
      order_id,
    });
  }
  const slot = b.index.get(order_id);
  if (slot === NIL) {
    return reject(Code.UNKNOWN_ORDER, 'No open order with this id on this book', { order_id });
  }
  if (b.typeOf(slot) === OrderType.AT_AUCTION) {
    return reject(Code.REPLACE_NOT_ALLOWED, 'At-auction orders have no price to replace', {
      order_id,
    });
  }
  return slot;
}

function requestFor(b: BookState, slot: number, price: number, quantity: number): OrderRequest {
  scratch.order_id = b.idOf(slot);
  scratch.side = b.sideOf(slot) as Side;
  scratch.type = b.typeOf(slot) as OrderType;
  scratch.tif = b.tifOf(slot) as OrderRequest['tif'];
  scratch.post_only = (b.flagsOf(slot) & FLAG_POST_ONLY) !== 0;
  scratch.price_units = price;
  scratch.quantity_units = quantity;
  scratch.owner = b.ownerOf(slot);
  scratch.account = b.accountOf(slot);
  scratch.venue = b.venueOf(slot);
  scratch.investor_class = b.classOf(slot);
  scratch.stp_mode = b.stpOf(slot) as OrderRequest['stp_mode'];
  return scratch;
}

function checkNewTerms(_b: BookState, r: OrderRequest): Rejection | null {
  if (!Number.isSafeInteger(r.quantity_units) || r.quantity_units <= 0) {
    return reject(Code.INVALID_QUANTITY, 'Quantity must be a positive integer', {
      quantity_units: r.quantity_units,
    });
  }
  return checkPriceShape(r);
}

/** A new price may need a new level; the order's own level frees one if it is alone there. */
function checkLevelRoom(b: BookState, slot: number, r: OrderRequest): Rejection | null {
  const si = r.side - 1;
  if ((b.side_live[si] as number) < b.config.levels_max) return null;
  const pos = b.findLevelPos(si, si === 0 ? r.price_units : -r.price_units);
  if (pos >= 0 && b.l_count[b.levelsOf(si)[pos] as number] !== 0) return null;
  if (b.l_count[b.levelOf(slot)] === 1) return null;
  return reject(Code.PRICE_LEVELS_FULL, 'This side holds its maximum number of price levels', {
    levels_max: b.config.levels_max,
  });
}

function prefundReplace(b: BookState, r: OrderRequest, timestamp_us: number): Rejection | null {
  const hook = b.config.prefund;
  if (hook === null) return null;
  return hook({
    instrument_key: b.instrument_key,
    timestamp_us,
    order_id: r.order_id,
    side: r.side,
    type: r.type,
    price_units: r.price_units,
    quantity_units: r.quantity_units,
    owner: r.owner,
    account: r.account,
    venue: r.venue,
    is_replace: true,
  });
}

/**
 * Leaves the queue, takes the new terms, announces the replace, then (continuous) matches as an
 * incoming order or (auction) joins the tail of its new price level.
 */
function reenter(
  b: BookState,
  slot: number,
  r: OrderRequest,
  old_price: number,
  old_remaining: number,
  timestamp_us: number,
): void {
  const si = r.side - 1;
  const level = b.levelOf(slot);
  b.unlink(slot);
  if (b.l_count[level] === 0) b.trimSide(si);
  b.setPrice(slot, r.price_units);
  b.setRemaining(slot, r.quantity_units);
  emitReplaced(b, slot, old_price, old_remaining, false, timestamp_us);
  if (isContinuous(b.phase)) executeContinuous(b, slot, timestamp_us, true);
  else b.append(b.levelFor(si, r.price_units), slot);
}

function emitReplaced(
  b: BookState,
  slot: number,
  old_price: number,
  old_remaining: number,
  priority_kept: boolean,
  timestamp_us: number,
): void {
  const event = b.ev_replace;
  event.timestamp_us = timestamp_us;
  event.order_id = b.idOf(slot);
  event.side = b.sideOf(slot) as Side;
  event.old_price_units = old_price;
  event.new_price_units = b.priceOf(slot);
  event.old_remaining_units = old_remaining;
  event.new_remaining_units = b.remainingOf(slot);
  event.priority_kept = priority_kept;
  b.listener.onOrderReplaced(event);
}
