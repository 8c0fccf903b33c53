/**
 * The fast path of order validation: one predicate that is true only when the full rule chain in
 * `validate.ts` would accept the order. It covers the common case (a book without eligibility,
 * quotation rule, queue limits or VCM, in continuous trading; a well-formed limit, or a market
 * order without a protection price, that is not post-only) and answers false for anything else,
 * which then takes the full chain. It never rejects, so it can be conservative but never lax;
 * `debug_checks` re-runs the full chain on every fast acceptance to prove it.
 * @module
 */

import { ASK, BID, type BookState } from './book_state.js';
import { insideCage } from './cage.js';
import { type OrderRequest, OrderType, Phase, Side, TimeInForce } from './types.js';

export function plainOrderAcceptable(b: BookState, r: OrderRequest): boolean {
  if (!b.plain_book || b.phase !== Phase.CONTINUOUS) return false;
  const id = r.order_id;
  if (!(id > b.last_order_id) || !isWhole(id)) return false;
  if (r.post_only !== false || !(r.side === Side.BUY || r.side === Side.SELL)) return false;
  const stp = r.stp_mode;
  if (!(stp === 0 || stp === 1 || stp === 2 || stp === 3 || stp === 4 || stp === 5)) return false;
  if (!partyOk(r)) return false;
  if (!quantityOk(b, r)) return false;
  const tif = r.tif;
  if (r.type === OrderType.LIMIT) {
    if (!(tif === TimeInForce.GTC || tif === TimeInForce.DAY || tif === TimeInForce.IOC)) {
      if (tif !== TimeInForce.FOK) return false;
    }
    return (
      limitPriceOk(b, r.price_units) && insideCage(b, r.type, r.side, r.price_units) && roomOk(b, r)
    );
  }
  if (r.type === OrderType.MARKET) {
    return (
      b.config.market_orders !== null &&
      r.price_units === 0 &&
      (tif === TimeInForce.IOC || tif === TimeInForce.FOK)
    );
  }
  return false;
}

/** A safe integer; the int32 test first because nearly every value passes it. */
function isWhole(value: number): boolean {
  return (value | 0) === value || Number.isSafeInteger(value);
}

function partyOk(r: OrderRequest): boolean {
  // `x | 0` equals x exactly for integers in [−2^31, 2^31); `v & 255` equals v for 0 … 255.
  const { owner, account } = r;
  return (
    (owner | 0) === owner &&
    owner >= 0 &&
    (account | 0) === account &&
    account >= 0 &&
    (r.venue & 0xff) === r.venue &&
    (r.investor_class & 0xff) === r.investor_class
  );
}

function quantityOk(b: BookState, r: OrderRequest): boolean {
  const quantity = r.quantity_units;
  const config = b.config;
  if (!isWhole(quantity) || quantity <= 0) return false;
  if (quantity > config.order_size_max_units) return false;
  if (r.type === OrderType.MARKET && config.market_order_size_max_units > 0) {
    if (quantity > config.market_order_size_max_units) return false;
  }
  return quantity % config.lot_units === 0 || config.odd_lot === 'allow';
}

function limitPriceOk(b: BookState, price: number): boolean {
  return (
    isWhole(price) &&
    price > 0 &&
    price >= b.price_floor &&
    price <= b.price_ceiling &&
    b.config.tick.isOnTick(price)
  );
}

/** Room to rest: conservative (a full side of levels takes the full chain). */
function roomOk(b: BookState, r: OrderRequest): boolean {
  const resting = (b.side_orders[BID] as number) + (b.side_orders[ASK] as number);
  return resting < b.config.orders_max && (b.side_live[r.side - 1] as number) < b.config.levels_max;
}
