/**
 * Checks a new order against the book's rules before anything changes. Each check returns a
 * rejection or null; `validateNew` runs them in a fixed order (shape, id, session, size, price,
 * party, capacity, then the continuous-trading checks that look at the book). On success the
 * operation's match limits are left in `b.limits` for `book.ts` to execute.
 * @module
 */

import { assert, type Rejection, reject } from '../kernel/index.js';
import { ASK, BID, type BookState } from './book_state.js';
import { checkCage } from './cage.js';
import { orderSizeMaxFor } from './config.js';
import { isAuctionInput, isContinuous } from './phases.js';
import { MarketRejection as Code } from './rejections.js';
import { type OrderRequest, OrderType, Side, StpMode, TimeInForce } from './types.js';
import { checkAgainstBook, nominalPrice, prepareLimits } from './validate_book.js';
import { plainOrderAcceptable } from './validate_fast.js';

const ID_MAX = 2 ** 31 - 1;

/**
 * Null when the order is acceptable (and `b.limits` prepared), else the first rule it breaks.
 * The common case (a plain book in continuous trading, a well-formed limit or market order) is
 * decided by one predicate; everything else, and every rejection, goes through the full chain.
 * With `debug_checks` the full chain also runs on the fast path's acceptances and must agree.
 */
export function validateNew(b: BookState, r: OrderRequest, timestamp_us: number): Rejection | null {
  if (plainOrderAcceptable(b, r)) {
    if (b.config.debug_checks) assert(fullChain(b, r, timestamp_us) === null, 'fast path drift');
    prepareLimits(b, r, timestamp_us);
    return null;
  }
  return fullChain(b, r, timestamp_us);
}

function fullChain(b: BookState, r: OrderRequest, timestamp_us: number): Rejection | null {
  return (
    checkShape(r) ??
    checkOrderId(b, r) ??
    checkSession(b, r) ??
    checkQuantity(b, r) ??
    checkPrice(b, r) ??
    checkParty(b, r) ??
    checkCapacity(b, r) ??
    (isContinuous(b.phase) ? checkAgainstBook(b, r, timestamp_us) : null)
  );
}

function checkShape(r: OrderRequest): Rejection | null {
  if (!Number.isSafeInteger(r.order_id) || r.order_id <= 0) {
    return reject(Code.INVALID_ORDER, 'Order id must be a positive integer', { id: r.order_id });
  }
  const enums_ok =
    (r.side === Side.BUY || r.side === Side.SELL) &&
    inRange(r.type, OrderType.LIMIT, OrderType.AT_AUCTION) &&
    inRange(r.tif, TimeInForce.GTC, TimeInForce.FOK) &&
    inRange(r.stp_mode, StpMode.DEFAULT, StpMode.DECREMENT) &&
    typeof r.post_only === 'boolean';
  if (!enums_ok) {
    return reject(Code.INVALID_ORDER, 'Side, type, time in force or STP mode is not a known code', {
      side: r.side,
      type: r.type,
      tif: r.tif,
      stp_mode: r.stp_mode,
    });
  }
  if (!isId(r.owner) || !isId(r.account) || !isSmall(r.venue) || !isSmall(r.investor_class)) {
    return reject(Code.INVALID_ORDER, 'Owner, account, venue or investor class is out of range', {
      owner: r.owner,
      account: r.account,
      venue: r.venue,
      investor_class: r.investor_class,
    });
  }
  if (!Number.isSafeInteger(r.quantity_units) || r.quantity_units <= 0) {
    return reject(Code.INVALID_QUANTITY, 'Quantity must be a positive integer', {
      quantity_units: r.quantity_units,
    });
  }
  return checkPriceShape(r);
}

function inRange(value: number, low: number, high: number): boolean {
  return Number.isInteger(value) && value >= low && value <= high;
}

function isId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= ID_MAX;
}

function isSmall(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 256;
}

export function checkPriceShape(r: OrderRequest): Rejection | null {
  const priced = r.type === OrderType.LIMIT || r.type === OrderType.ENHANCED_LIMIT;
  const ok =
    Number.isSafeInteger(r.price_units) && (priced ? r.price_units > 0 : r.price_units >= 0);
  if (!ok || (r.type === OrderType.AT_AUCTION && r.price_units !== 0)) {
    return reject(
      Code.INVALID_PRICE,
      'Price must be a positive integer (0 for at-auction orders)',
      {
        price_units: r.price_units,
        type: r.type,
      },
    );
  }
  return null;
}

function checkOrderId(b: BookState, r: OrderRequest): Rejection | null {
  if (r.order_id > b.last_order_id) return null;
  return reject(Code.ORDER_ID_NOT_INCREASING, 'Order id must be greater than the last one', {
    order_id: r.order_id,
    last_order_id: b.last_order_id,
  });
}

function checkSession(b: BookState, r: OrderRequest): Rejection | null {
  const phase = b.phase;
  if (isContinuous(phase)) return checkContinuousType(b, r);
  if (isAuctionInput(phase)) return checkAuctionType(b, r);
  return reject(Code.WRONG_SESSION, 'The book does not accept orders in this phase', { phase });
}

function checkContinuousType(b: BookState, r: OrderRequest): Rejection | null {
  const config = b.config;
  let refusal = '';
  if (r.type === OrderType.AT_AUCTION) refusal = 'At-auction orders are accepted only in auctions';
  else if (r.type === OrderType.MARKET && config.market_orders === null) {
    refusal = 'Market orders are not accepted on this book';
  } else if (
    r.type === OrderType.MARKET &&
    (r.tif === TimeInForce.GTC || r.tif === TimeInForce.DAY)
  ) {
    refusal = 'Market orders never rest: use IOC or FOK';
  } else if (r.type === OrderType.MARKET && r.post_only)
    refusal = 'Market orders cannot be post-only';
  else if (r.type === OrderType.ENHANCED_LIMIT && config.enhanced_limit_queues_max === 0) {
    refusal = 'Enhanced limit orders are not offered on this book';
  } else if (r.post_only && (r.tif === TimeInForce.IOC || r.tif === TimeInForce.FOK)) {
    refusal = 'Post-only orders must be able to rest (GTC or DAY)';
  }
  if (refusal === '') return null;
  return reject(Code.ORDER_TYPE_NOT_ALLOWED, refusal, { type: r.type, tif: r.tif, phase: b.phase });
}

function checkAuctionType(b: BookState, r: OrderRequest): Rejection | null {
  let refusal = '';
  if (r.type === OrderType.AT_AUCTION && !b.config.at_auction_orders) {
    refusal = 'At-auction orders are not offered on this book';
  } else if (r.type === OrderType.MARKET || r.type === OrderType.ENHANCED_LIMIT) {
    refusal = 'Only limit and at-auction orders are accepted in a call auction';
  } else if (r.tif === TimeInForce.IOC || r.tif === TimeInForce.FOK || r.post_only) {
    refusal = 'IOC, FOK and post-only orders are not accepted in a call auction';
  } else if (b.config.eligibility !== null) {
    refusal = 'Shared books have no call auctions';
  }
  if (refusal === '') return null;
  return reject(Code.ORDER_TYPE_NOT_ALLOWED, refusal, { type: r.type, tif: r.tif, phase: b.phase });
}

export function checkQuantity(b: BookState, r: OrderRequest): Rejection | null {
  const { lot_units, odd_lot } = b.config;
  const quantity = r.quantity_units;
  const order_size_max_units = orderSizeMaxFor(b.config, r.type);
  if (quantity > order_size_max_units) {
    const kind = r.type === OrderType.MARKET ? 'market' : 'limit';
    return reject(Code.ORDER_TOO_LARGE, `Order quantity exceeds the maximum ${kind} order size`, {
      quantity_units: quantity,
      order_size_max_units,
      type: r.type,
    });
  }
  if (quantity % lot_units === 0 || odd_lot === 'allow') return null;
  if (odd_lot === 'sell_only' && r.side === Side.SELL) return null;
  const code = odd_lot === 'sell_only' ? Code.ODD_LOT_BUY : Code.ODD_LOT_NOT_ALLOWED;
  const message =
    odd_lot === 'sell_only'
      ? 'Buy quantity must be a whole number of board lots (odd lots may only be sold)'
      : 'Quantity must be a whole number of board lots (odd lots trade elsewhere)';
  return reject(code, message, { quantity_units: quantity, lot_units });
}

export function checkPrice(b: BookState, r: OrderRequest): Rejection | null {
  const price = r.price_units;
  if (price === 0) return null;
  if (!b.config.tick.isOnTick(price)) {
    return reject(Code.PRICE_OFF_TICK, 'Price is not on the tick grid at that price', {
      price_units: price,
      tick_units: b.config.tick.tickSizeAt(price),
      tick_rule: b.config.tick.name,
    });
  }
  if (price < b.price_floor || price > b.price_ceiling) {
    return reject(Code.PRICE_OUTSIDE_LIMIT, 'Price is outside the daily price limits', {
      price_units: price,
      floor_units: b.price_floor,
      ceiling_units: b.price_ceiling,
    });
  }
  return (
    checkAuctionBand(b, price) ??
    checkQuotationRule(b, price) ??
    (isContinuous(b.phase) ? checkCage(b, r.type, r.side, price) : null)
  );
}

function checkAuctionBand(b: BookState, price: number): Rejection | null {
  if (!isAuctionInput(b.phase) || b.auction_band_ceiling === 0) return null;
  if (price >= b.auction_band_floor && price <= b.auction_band_ceiling) return null;
  return reject(Code.PRICE_OUTSIDE_BAND, 'Price is outside the auction price band', {
    price_units: price,
    floor_units: b.auction_band_floor,
    ceiling_units: b.auction_band_ceiling,
  });
}

function checkQuotationRule(b: BookState, price: number): Rejection | null {
  const factor = b.config.quotation_factor;
  if (factor === 0) return null;
  const nominal = nominalPrice(b);
  if (nominal === 0 || (price < factor * nominal && price * factor > nominal)) return null;
  return reject(
    Code.QUOTATION_RULE,
    `Price is ${factor} times or more away from the nominal price`,
    {
      price_units: price,
      nominal_units: nominal,
      factor,
    },
  );
}

function checkParty(b: BookState, r: OrderRequest): Rejection | null {
  const eligibility = b.config.eligibility;
  if (eligibility === null) return null;
  if (r.venue < eligibility.venues && r.investor_class < eligibility.classes) return null;
  return reject(
    Code.NOT_ELIGIBLE_TO_MATCH,
    'Venue or investor class is not in the eligibility matrix',
    {
      venue: r.venue,
      investor_class: r.investor_class,
      venues: eligibility.venues,
      classes: eligibility.classes,
    },
  );
}

function checkCapacity(b: BookState, r: OrderRequest): Rejection | null {
  const may_rest = r.tif === TimeInForce.GTC || r.tif === TimeInForce.DAY;
  if (!may_rest || r.type === OrderType.MARKET) return null;
  const resting = (b.side_orders[BID] as number) + (b.side_orders[ASK] as number);
  if (resting >= b.config.orders_max) {
    return reject(Code.BOOK_FULL, 'The book holds its maximum number of orders', {
      orders_max: b.config.orders_max,
    });
  }
  if (r.type === OrderType.AT_AUCTION) return null;
  const si = r.side - 1;
  const key = si === BID ? r.price_units : -r.price_units;
  if ((b.side_count[si] as number) < b.config.levels_max || b.findLevelPos(si, key) >= 0)
    return null;
  return reject(Code.PRICE_LEVELS_FULL, 'This side holds its maximum number of price levels', {
    levels_max: b.config.levels_max,
  });
}
