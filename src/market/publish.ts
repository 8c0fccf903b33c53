/**
 * Market data and phase changes: the BBO event after any operation that moved the best bid or
 * offer, phase events, and the time-driven VCM transitions (trigger and end of cooling-off).
 * @module
 */

import { assert } from '../kernel/index.js';
import { ASK, BID, type BookState, NIL } from './book_state.js';
import { isContinuous } from './phases.js';
import { Phase } from './types.js';

/** Publishes the best bid and offer if price or size changed since the last publication. */
export function publishBbo(b: BookState, timestamp_us: number): void {
  const bid_count = b.side_count[BID] as number;
  const ask_count = b.side_count[ASK] as number;
  const bid_level = bid_count === 0 ? NIL : (b.levelsOf(BID)[bid_count - 1] as number);
  const ask_level = ask_count === 0 ? NIL : (b.levelsOf(ASK)[ask_count - 1] as number);
  const bid_price = bid_level === NIL ? 0 : (b.l_price[bid_level] as number);
  const bid_size = bid_level === NIL ? 0 : (b.l_volume[bid_level] as number);
  const ask_price = ask_level === NIL ? 0 : (b.l_price[ask_level] as number);
  const ask_size = ask_level === NIL ? 0 : (b.l_volume[ask_level] as number);
  // Always on and nearly free here: a plain book is never crossed outside auctions.
  if (bid_price >= ask_price && ask_price > 0 && b.config.eligibility === null) {
    assert(!isContinuous(b.phase), 'book crossed after matching');
  }
  if (
    b.last_bid_price === bid_price &&
    b.last_bid_size === bid_size &&
    b.last_ask_price === ask_price &&
    b.last_ask_size === ask_size
  ) {
    return;
  }
  b.last_bid_price = bid_price;
  b.last_bid_size = bid_size;
  b.last_ask_price = ask_price;
  b.last_ask_size = ask_size;
  const event = b.ev_bbo;
  event.timestamp_us = timestamp_us;
  event.bid_price_units = bid_price;
  event.bid_size_units = bid_size;
  event.ask_price_units = ask_price;
  event.ask_size_units = ask_size;
  b.listener.onBbo(event);
}

export function changePhase(
  b: BookState,
  phase: Phase,
  timestamp_us: number,
  band_floor = 0,
  band_ceiling = 0,
): void {
  const event = b.ev_phase;
  event.timestamp_us = timestamp_us;
  event.old_phase = b.phase;
  event.new_phase = phase;
  event.band_floor_units = band_floor;
  event.band_ceiling_units = band_ceiling;
  b.phase = phase;
  b.listener.onPhase(event);
}

/** A trade would have printed outside the VCM band: start the cooling-off period. */
export function triggerVcm(b: BookState, timestamp_us: number): void {
  const vcm = b.vcm;
  if (vcm === null) return;
  vcm.armed = false;
  vcm.band_floor = b.limits.band_floor;
  vcm.band_ceiling = b.limits.band_ceiling;
  vcm.cooling_until_us = timestamp_us + vcm.config.cooling_off_us;
  changePhase(b, Phase.COOLING_OFF, timestamp_us, vcm.band_floor, vcm.band_ceiling);
}

/** Applies time-driven transitions due at `timestamp_us` (the end of VCM cooling-off). */
export function advanceTime(b: BookState, timestamp_us: number): void {
  const vcm = b.vcm;
  if (vcm === null || b.phase !== Phase.COOLING_OFF) return;
  if (timestamp_us < vcm.cooling_until_us) return;
  vcm.cooling_until_us = 0;
  vcm.armed = vcm.config.rearm_after_cooling_off;
  changePhase(b, Phase.CONTINUOUS, timestamp_us);
}
