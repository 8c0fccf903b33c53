/**
 * Each account's message rate: timestamps of its orders and cancels in the last second, in a ring
 * that grows up to RING_MAX. A count at RING_MAX means "at least RING_MAX in the second", which
 * is all the thresholds (300 per second for HFT) need.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import { US_PER_SECOND } from '../../kernel/time.js';
import type { OwnerState } from './state.js';

export const RING_MAX = 1_024;

/** Records one order or cancel at `at_us`; returns how many the owner sent in the last second. */
export function recordMessage(owner: OwnerState, at_us: number): number {
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
  return owner.ring_count;
}

function grow(owner: OwnerState): Float64Array {
  const old = owner.ring;
  const ring = new Float64Array(old.length * 2);
  for (let i = 0; i < owner.ring_count; i += 1)
    ring[i] = old[(owner.ring_head + i) % old.length] as number;
  owner.ring = ring;
  owner.ring_head = 0;
  assert(owner.ring_count < ring.length, 'ring grew');
  return ring;
}
