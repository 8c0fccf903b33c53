/**
 * Each account's message rate per exchange: timestamps of its orders and cancels on that exchange
 * in the last second, in a ring that grows up to RING_MAX. A count at RING_MAX means "at least
 * RING_MAX in the second", which is all the thresholds (300 per second for HFT) need.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import { US_PER_SECOND } from '../../kernel/time.js';
import { type MessageRate, newMessageRate, type OwnerState } from './state.js';

export const RING_MAX = 1_024;

/**
 * Records one order or cancel at `at_us` on `market`; returns the owner's rate there (its
 * `ring_count` is how many it sent on that exchange in the last second).
 */
export function recordMessage(
  owner: OwnerState,
  market: string,
  kind: 'order' | 'cancel',
  at_us: number,
): MessageRate {
  let rate = owner.rates.get(market);
  if (rate === undefined) {
    rate = newMessageRate(market);
    owner.rates.set(market, rate);
  }
  owner.messages_today += 1;
  if (kind === 'order') rate.orders_today += 1;
  else rate.cancels_today += 1;
  countInRing(rate, at_us);
  return rate;
}

function countInRing(owner: MessageRate, at_us: number): void {
  let ring = owner.ring;
  while (owner.ring_count > 0 && at_us - (ring[owner.ring_head] as number) >= US_PER_SECOND) {
    owner.ring_head = (owner.ring_head + 1) % ring.length;
    owner.ring_count -= 1;
  }
  if (owner.ring_count === ring.length) {
    if (ring.length < RING_MAX) {
      ring = grow(owner);
    } else {
      owner.ring_head = (owner.ring_head + 1) % ring.length;
      owner.ring_count -= 1;
    }
  }
  ring[(owner.ring_head + owner.ring_count) % ring.length] = at_us;
  owner.ring_count += 1;
  owner.messages_today += 1;
  if (owner.ring_count > owner.peak_per_second) owner.peak_per_second = owner.ring_count;
}

function grow(owner: MessageRate): Float64Array {
  const old = owner.ring;
  const ring = new Float64Array(old.length * 2);
  for (let i = 0; i < owner.ring_count; i += 1)
    ring[i] = old[(owner.ring_head + i) % old.length] as number;
  owner.ring = ring;
  owner.ring_head = 0;
  assert(owner.ring_count < ring.length, 'ring grew');
  return ring;
}
