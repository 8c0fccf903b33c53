/**
 * The A-share valid price range ("price cage", 有效申报价格范围) in continuous trading: a limit buy
 * may not be priced above the higher of 102 % of its reference and the reference plus 10 ticks;
 * a limit sell not below the lower of 98 % and the reference minus 10 ticks. The buy's reference
 * is the best ask, else the best bid, else the last trade, else the previous close; the sell's
 * is the best bid, else the best ask, else the last trade, else the previous close. STAR has
 * the 2 % alone (no 10-tick floor). Sources and dates: docs/market.md §5.
 * @module
 */

import { divRound, type Rejection, reject } from '../kernel/index.js';
import { ASK, BID, type BookState } from './book_state.js';
import { MarketRejection as Code } from './rejections.js';
import { tickCeil, tickFloor } from './tick_rule.js';
import { OrderType, Side } from './types.js';

export interface PriceCage {
  /** How far from the reference a price may be: 200 = 2 %. */
  readonly band_bps: number;
  /** The cage is at least this many ticks wide (main board and ChiNext 10; STAR 0). */
  readonly ticks_min: number;
}

/** The cage's reference price for an order on `side`; 0 when there is none. */
export function cageReference(b: BookState, side: number): number {
  const bid = b.bestPrice(BID);
  const ask = b.bestPrice(ASK);
  const [first, second] = side === Side.BUY ? [ask, bid] : [bid, ask];
  if (first > 0) return first;
  if (second > 0) return second;
  return b.last_trade_price > 0 ? b.last_trade_price : b.previous_close;
}

/** The highest buy price (side BUY) or the lowest sell price (SELL) the cage allows. */
export function cageBound(b: BookState, cage: PriceCage, side: number, reference: number): number {
  const tick = b.config.tick;
  const ticks_units = cage.ticks_min * tick.tickSizeAt(reference);
  const scaled =
    BigInt(reference) * BigInt(side === Side.BUY ? 10_000 + cage.band_bps : 10_000 - cage.band_bps);
  if (side === Side.BUY) {
    const by_percent = tickFloor(tick, Number(divRound(scaled, 10_000n, 'floor')));
    return Math.max(by_percent, reference + ticks_units);
  }
  const by_percent = tickCeil(tick, Number(divRound(scaled, 10_000n, 'ceil')));
  return Math.max(tick.tickSizeAt(1), Math.min(by_percent, reference - ticks_units));
}

/** True when a limit order's price is inside the cage (or the book has none). */
export function insideCage(b: BookState, type: number, side: number, price_units: number): boolean {
  const cage = b.config.price_cage;
  if (cage === null || type !== OrderType.LIMIT) return true;
  const reference = cageReference(b, side);
  if (reference <= 0) return true;
  const bound = cageBound(b, cage, side, reference);
  return side === Side.BUY ? price_units <= bound : price_units >= bound;
}

/** `PRICE_OUTSIDE_CAGE` for a limit order outside the cage; null otherwise. */
export function checkCage(
  b: BookState,
  type: number,
  side: number,
  price_units: number,
): Rejection | null {
  if (insideCage(b, type, side, price_units)) return null;
  const cage = b.config.price_cage as PriceCage;
  const reference = cageReference(b, side);
  const buy = side === Side.BUY;
  return reject(
    Code.PRICE_OUTSIDE_CAGE,
    buy
      ? 'Buy price is above the valid price range (102 % of the best ask or its reference)'
      : 'Sell price is below the valid price range (98 % of the best bid or its reference)',
    {
      price_units,
      reference_units: reference,
      [buy ? 'ceiling_units' : 'floor_units']: cageBound(b, cage, side, reference),
      band_bps: cage.band_bps,
      ticks_min: cage.ticks_min,
    },
  );
}
