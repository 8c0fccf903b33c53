/**
 * Opening a book when a security that trades on an order book is registered.
 * @module
 */

import { assert } from '../../kernel/assert.js';
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
