/**
 * The full O(n) book check: run by tests and, with `debug_checks`, after every operation. A
 * failure is a bug (assertion), never a user error.
 *
 * - levels: keys strictly ascending per side (best at the end); the best level is never empty
 *   (interior empty levels are kept lazily) and `side_live` counts the non-empty ones;
 * - FIFOs: links consistent both ways, every order on its level and side, positive open quantity;
 * - aggregates: level volume = Σ open quantity, side volume = Σ level volumes (at-auction queue
 *   included), side order count = Σ level counts, index size = resting orders = slots in use;
 * - not crossed outside auctions; on shared books, not crossed between any two groups that may
 *   match each other (orders that may not match can lock or cross: see docs/market.md).
 * @module
 */

import { assert } from '../kernel/index.js';
import { ASK, AUCTION_QUEUE, BID, type BookState, NIL } from './book_state.js';
import { isAuction } from './phases.js';

export function checkBook(b: BookState): void {
  let resting = 0;
  for (const si of [BID, ASK]) {
    let volume = checkLevel(b, si, AUCTION_QUEUE[si] as number, 0);
    let orders = b.l_count[AUCTION_QUEUE[si] as number] as number;
    const keys = b.keysOf(si);
    const levels = b.levelsOf(si);
    const count = b.side_count[si] as number;
    let live = 0;
    for (let pos = 0; pos < count; pos++) {
      if (pos > 0) assert((keys[pos - 1] as number) < (keys[pos] as number), 'levels out of order');
      const level = levels[pos] as number;
      const price = b.l_price[level] as number;
      assert(keys[pos] === (si === BID ? price : -price), 'level key does not match its price');
      volume += checkLevel(b, si, level, price);
      orders += b.l_count[level] as number;
      if ((b.l_count[level] as number) > 0) live++;
    }
    assert(
      count === 0 || (b.l_count[levels[count - 1] as number] as number) > 0,
      'empty best level',
    );
    assert(live === b.side_live[si], 'side_live differs from the non-empty levels');
    assert(volume === b.side_volume[si], `side volume ${b.side_volume[si]} ≠ Σ levels ${volume}`);
    assert(orders === b.side_orders[si], 'side order count ≠ Σ level counts');
    resting += orders;
  }
  assert(b.index.size === resting, `index holds ${b.index.size}, book holds ${resting}`);
  assert(b.orders_used === resting, `slots in use ${b.orders_used} ≠ resting ${resting}`);
  if (!isAuction(b.phase)) checkNotCrossed(b);
}

/** Walks one FIFO; returns its volume after checking it against the level's aggregates. */
function checkLevel(b: BookState, si: number, level: number, price: number): number {
  let volume = 0;
  let count = 0;
  let prev = NIL;
  for (let slot = b.l_head[level] as number; slot !== NIL; slot = b.nextOf(slot)) {
    assert(b.prevOf(slot) === prev, 'broken prev link');
    assert(b.levelOf(slot) === level, 'order on the wrong level');
    assert(b.sideOf(slot) === si + 1, 'order on the wrong side');
    assert(b.remainingOf(slot) > 0, 'resting order with nothing open');
    assert(price === 0 || b.priceOf(slot) === price, 'order price differs from its level');
    assert(b.index.get(b.idOf(slot)) === slot, 'resting order not indexed');
    assert(b.idOf(slot) <= b.last_order_id, 'order id above the last accepted');
    volume += b.remainingOf(slot);
    count++;
    prev = slot;
    assert(count <= b.order_capacity, 'FIFO cycle');
  }
  assert(b.l_tail[level] === prev, 'tail does not end the FIFO');
  assert(count === b.l_count[level], 'level count ≠ orders in FIFO');
  assert(volume === b.l_volume[level], `level volume ${b.l_volume[level]} ≠ Σ open ${volume}`);
  return volume;
}

function checkNotCrossed(b: BookState): void {
  const eligibility = b.config.eligibility;
  if (eligibility === null) {
    assert(!b.isCrossed(), `book crossed: bid ${b.bestPrice(BID)} ≥ ask ${b.bestPrice(ASK)}`);
    return;
  }
  const groups = eligibility.venues * eligibility.classes;
  const best_bid = new Float64Array(groups);
  const best_ask = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
  for (const si of [BID, ASK]) {
    const levels = b.levelsOf(si);
    for (let pos = 0; pos < (b.side_count[si] as number); pos++) {
      const level = levels[pos] as number;
      const price = b.l_price[level] as number;
      for (let slot = b.l_head[level] as number; slot !== NIL; slot = b.nextOf(slot)) {
        const group = b.groupOf(slot);
        if (si === BID) best_bid[group] = Math.max(best_bid[group] as number, price);
        else best_ask[group] = Math.min(best_ask[group] as number, price);
      }
    }
  }
  for (let g = 0; g < groups; g++) {
    for (let h = 0; h < groups; h++) {
      if (eligibility.allowed[g * groups + h] === 0) continue;
      const bid = best_bid[g] as number;
      const ask = best_ask[h] as number;
      assert(bid === 0 || bid < ask, `groups ${g} and ${h} may match but are crossed`);
    }
  }
}
