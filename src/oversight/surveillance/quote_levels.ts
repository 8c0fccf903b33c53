/**
 * Per owner × instrument, the live orders' remaining units by price and side
 * (`OwnerInstrument.quote_levels`). Every change to a live order's price or remaining units goes
 * through `changeLive`, so the levels always equal the sums over `live`.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import type { OrderRec } from './state.js';

/** Adds a live order's remaining units to its level. */
export function addToLevels(rec: OrderRec): void {
  if (rec.remaining_units <= 0) return;
  const level = rec.oi.quote_levels[rec.side];
  level.set(rec.price_units, (level.get(rec.price_units) ?? 0) + rec.remaining_units);
}

/** Takes a live order's remaining units off its level. */
export function removeFromLevels(rec: OrderRec): void {
  if (rec.remaining_units <= 0) return;
  const level = rec.oi.quote_levels[rec.side];
  const left = (level.get(rec.price_units) ?? 0) - rec.remaining_units;
  assert(left >= 0, `order ${rec.order_id} was not on its quote level`);
  if (left === 0) level.delete(rec.price_units);
  else level.set(rec.price_units, left);
}

/** Sets a live order's price and remaining units, keeping its levels. */
export function changeLive(rec: OrderRec, price_units: number, remaining_units: number): void {
  removeFromLevels(rec);
  rec.price_units = price_units;
  rec.remaining_units = remaining_units;
  addToLevels(rec);
}

/** The best price on a side (highest bid, lowest ask) and its units; [0, 0] when empty. */
export function bestLevel(level: ReadonlyMap<number, number>, buy: boolean): [number, number] {
  let best = 0;
  for (const price of level.keys())
    if (best === 0 || (buy ? price > best : price < best)) best = price;
  return [best, best === 0 ? 0 : (level.get(best) ?? 0)];
}
