/**
 * Call auctions: the indicative price published during collection, and the uncross that executes
 * every matched order at one price. Orders are paired in priority order: at-auction orders first
 * (time priority), then limit orders by price and time. Each pair prints a trade with no aggressor
 * (taker fields = the buy order, maker fields = the sell order).
 *
 * Leftovers: SSE/SZSE keep every unfilled limit order (it carries into continuous trading or
 * expires with `expireDay`). SEHK cancels unfilled at-auction orders and, after the pre-opening
 * session, at-auction limit orders priced 9 times or more away from the nominal price. When the
 * HK closing auction (CAS) has no IEP, orders match at the CAS reference price.
 * @module
 */

import { assert } from '../kernel/index.js';
import { AuctionPrice, auctionPrice, volumesAt } from './auction_price.js';
import { ASK, AUCTION_QUEUE, BID, type BookState, NIL } from './book_state.js';
import { emitCancel } from './matching.js';
import { Aggressor, CancelReason } from './types.js';
import { nominalPrice } from './validate_book.js';

const scratch = new AuctionPrice();

export interface UncrossResult {
  readonly price_units: number;
  readonly volume_units: number;
}

/** Recomputes the indicative price and volume; publishes them when they changed. */
export function publishIndicative(b: BookState, timestamp_us: number): void {
  auctionPrice(b, referenceOf(b), scratch);
  if (scratch.price === b.indicative_price && scratch.volume === b.indicative_volume) return;
  b.indicative_price = scratch.price;
  b.indicative_volume = scratch.volume;
  const event = b.ev_indicative;
  event.timestamp_us = timestamp_us;
  event.price_units = scratch.price;
  event.volume_units = scratch.volume;
  event.imbalance_units = scratch.price === 0 ? 0 : scratch.imbalance;
  event.final = false;
  b.listener.onIndicative(event);
}

function referenceOf(b: BookState): number {
  if (b.auction_reference > 0) return b.auction_reference;
  return b.previous_close > 0 ? b.previous_close : b.last_trade_price;
}

/**
 * Executes the auction. `closing` selects the HK CAS fallback (match at the reference price when
 * there is no IEP) and skips the HK pre-opening carry-forward check.
 */
export function uncrossAuction(
  b: BookState,
  closing: boolean,
  timestamp_us: number,
): UncrossResult {
  const reference = referenceOf(b);
  auctionPrice(b, reference, scratch);
  let price = scratch.price;
  if (price === 0 && closing && b.config.auction_rule === 'hkex' && reference > 0)
    price = reference;
  let volume = 0;
  if (price > 0) {
    const { buy, sell } = volumesAt(b, price);
    volume = Math.min(buy, sell);
    if (volume > 0) execute(b, price, volume, timestamp_us);
  }
  if (b.config.auction_rule === 'hkex') cancelLeftovers(b, closing, timestamp_us);
  dropEmptyBestLevels(b);
  assert(!b.isCrossed(), 'book crossed after an uncross');
  const event = b.ev_indicative;
  event.timestamp_us = timestamp_us;
  event.price_units = volume > 0 ? price : 0;
  event.volume_units = volume;
  event.imbalance_units = 0;
  event.final = true;
  b.listener.onIndicative(event);
  b.indicative_price = 0;
  b.indicative_volume = 0;
  return { price_units: volume > 0 ? price : 0, volume_units: volume };
}

/** Cursor over one side in priority order: the at-auction queue, then levels from the best. */
class Cursor {
  si = BID;
  pos = -1;
  order = NIL;
  reset(b: BookState, si: number): void {
    this.si = si;
    this.pos = b.side_count[si] as number;
    this.order = b.l_head[AUCTION_QUEUE[si] as number] as number;
    if (this.order === NIL) this.advanceLevel(b);
  }
  advanceLevel(b: BookState): void {
    const levels = b.levelsOf(this.si);
    this.order = NIL;
    while (this.order === NIL && this.pos > 0) {
      this.pos--;
      this.order = b.l_head[levels[this.pos] as number] as number;
    }
  }
}

const buy_cursor = new Cursor();
const sell_cursor = new Cursor();

function execute(b: BookState, price: number, volume: number, timestamp_us: number): void {
  buy_cursor.reset(b, BID);
  sell_cursor.reset(b, ASK);
  const event = b.ev_trade;
  event.timestamp_us = timestamp_us;
  event.aggressor = Aggressor.NONE;
  event.price_units = price;
  let left = volume;
  while (left > 0) {
    const buy = buy_cursor.order;
    const sell = sell_cursor.order;
    assert(buy !== NIL && sell !== NIL, 'auction ran out of orders before its volume');
    const quantity = Math.min(left, b.remainingOf(buy), b.remainingOf(sell));
    left -= quantity;
    fillAuctionPair(b, buy, sell, quantity);
    advanceIfFilled(b, buy_cursor, buy);
    advanceIfFilled(b, sell_cursor, sell);
  }
  b.last_trade_price = price;
  if (b.vcm !== null) b.vcm.recordTrade(timestamp_us, price);
}

function fillAuctionPair(b: BookState, buy: number, sell: number, quantity: number): void {
  b.reduce(buy, quantity);
  b.reduce(sell, quantity);
  b.setFilled(buy, b.filledOf(buy) + quantity);
  b.setFilled(sell, b.filledOf(sell) + quantity);
  const event = b.ev_trade;
  event.trade_seq = ++b.trade_seq;
  event.quantity_units = quantity;
  event.taker_order_id = b.idOf(buy);
  event.taker_owner = b.ownerOf(buy);
  event.taker_account = b.accountOf(buy);
  event.taker_venue = b.venueOf(buy);
  event.taker_remaining_units = b.remainingOf(buy);
  event.maker_order_id = b.idOf(sell);
  event.maker_owner = b.ownerOf(sell);
  event.maker_account = b.accountOf(sell);
  event.maker_venue = b.venueOf(sell);
  event.maker_remaining_units = b.remainingOf(sell);
  b.listener.onTrade(event);
}

function advanceIfFilled(b: BookState, cursor: Cursor, slot: number): void {
  if (b.remainingOf(slot) !== 0) return;
  const next = b.nextOf(slot);
  b.unlink(slot);
  b.index.remove(b.idOf(slot));
  b.freeOrder(slot);
  cursor.order = next;
  if (next === NIL) cursor.advanceLevel(b);
}

/** Levels emptied by the uncross are the best ones: pop them. */
function dropEmptyBestLevels(b: BookState): void {
  b.trimSide(BID);
  b.trimSide(ASK);
}

function cancelLeftovers(b: BookState, closing: boolean, timestamp_us: number): void {
  for (const si of [BID, ASK]) cancelLevel(b, AUCTION_QUEUE[si] as number, timestamp_us);
  if (!closing && b.config.quotation_factor > 0) cancelFarLimitOrders(b, timestamp_us);
}

/** HK POS: at-auction limit orders 9× or more from the nominal price do not carry forward. */
function cancelFarLimitOrders(b: BookState, timestamp_us: number): void {
  dropEmptyBestLevels(b);
  const nominal = nominalPrice(b);
  const factor = b.config.quotation_factor;
  if (nominal === 0) return;
  for (const si of [BID, ASK]) {
    for (let pos = (b.side_count[si] as number) - 1; pos >= 0; pos--) {
      const level = b.levelsOf(si)[pos] as number;
      const price = b.l_price[level] as number;
      if (price >= factor * nominal || price * factor <= nominal)
        cancelLevel(b, level, timestamp_us);
    }
    b.trimSide(si);
  }
}

/** Cancels every order of a level (AUCTION_LEFTOVER); the caller trims emptied levels. */
function cancelLevel(b: BookState, level: number, timestamp_us: number): void {
  for (let slot = b.l_head[level] as number; slot !== NIL; ) {
    const next = b.nextOf(slot);
    const remaining = b.remainingOf(slot);
    emitCancel(b, slot, remaining, 0, CancelReason.AUCTION_LEFTOVER, timestamp_us);
    b.discard(slot);
    slot = next;
  }
}
