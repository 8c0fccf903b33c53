/**
 * Opening a book when a security that trades on an order book is registered.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import { type Rejection, reject } from '../../kernel/rejection.js';
import { checkBookSizes } from '../../market/index.js';
import type { Security } from '../../reference/index.js';
import { bookConfigOf } from './config.js';
import { hasBook, paramsFor } from './params.js';
import type { MarketsRuntime } from './runtime.js';
import { joinBook, joinSession } from './sessions.js';

export function openBookFor(
  runtime: MarketsRuntime,
  security: Security,
  timestamp_us: number,
): void {
  if (!hasBook(security)) return;
  const { venue, created } = runtime.venue(security.market);
  if (created) joinSession(security.market, venue, timestamp_us);
  const params = paramsFor(security);
  const added = venue.market.addBook(bookConfigOf(params, runtime.prefund));
  assert(added.ok, `could not open the book of ${security.id}`);
  venue.params.set(security.id, params);
  venue.previous_close_units.set(security.id, security.previous_close_units ?? 0);
  joinBook(venue, params, timestamp_us);
}

/**
 * Why the book of a security about to be registered could not open (its derived sizes overflow,
 * its market is full), checked before anything is stored; undefined if it opens or has no book.
 */
export function checkBookFor(runtime: MarketsRuntime, security: Security): Rejection | undefined {
  if (!hasBook(security)) return undefined;
  const config = bookConfigOf(paramsFor(security), runtime.prefund);
  const venue = runtime.markets.venues.get(security.market);
  return venue === undefined ? checkBookSizes(config) : venue.market.checkNewBook(config);
}

/**
 * A book's lot is fixed when it opens (its resting orders, odd-lot rule and largest order are
 * in that lot), so an update that changes the lot of a security with a book is refused.
 */
export function checkLotUnchanged(
  runtime: MarketsRuntime,
  before: Security | undefined,
  after: Security,
): Rejection | undefined {
  if (before === undefined || before.lot_size === after.lot_size) return undefined;
  const params = runtime.markets.venues.get(after.market)?.params.get(after.id);
  if (params === undefined) return undefined;
  return reject(
    'LOT_SIZE_FIXED',
    `The lot of ${after.id} is fixed while its book is open; list the new lot as a new counter`,
    { security: after.id, lot_size: before.lot_size, requested_lot_size: after.lot_size },
  );
}
