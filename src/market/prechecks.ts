/**
 * Read-only walks of the opposite side, run before anything changes: does a post-only order
 * cross, how much would a FOK order fill, would an order reach outside the VCM band, what is the
 * worst price a market order could reach. They follow the same priority, eligibility and
 * self-trade rules as `matching.ts`, so "check first, then mutate" holds.
 * @module
 */

import { ASK, BID, type BookState, NIL } from './book_state.js';
import { Side, StpMode } from './types.js';

/** Is there an order on the other side this order would trade with at its price? */
export function crossesEligible(
  b: BookState,
  side: number,
  threshold: number,
  group: number,
): boolean {
  const osi = side === Side.BUY ? ASK : BID;
  const keys = b.keysOf(osi);
  const levels = b.levelsOf(osi);
  const eligibility = b.config.eligibility;
  for (let pos = (b.side_count[osi] as number) - 1; pos >= 0; pos--) {
    if ((keys[pos] as number) < threshold) return false;
    if (eligibility === null) return true;
    const row = group * eligibility.venues * eligibility.classes;
    for (let m = b.l_head[levels[pos] as number] as number; m !== NIL; m = b.nextOf(m)) {
      if (eligibility.allowed[row + b.groupOf(m)] === 1) return true;
    }
  }
  return false;
}

export interface WalkParty {
  side: number;
  group: number;
  owner: number;
  stp: number;
}

/**
 * The quantity (up to `wanted`) this order would fill now, honouring its limit, the level limit,
 * a price band (0/0 = none), eligibility and its STP mode: cancel-resting makers are skipped,
 * any other mode ends the fill at the first self order.
 */
export function fillableQuantity(
  b: BookState,
  party: WalkParty,
  threshold: number,
  levels_max: number,
  band_floor: number,
  band_ceiling: number,
  wanted: number,
): number {
  const osi = party.side === Side.BUY ? ASK : BID;
  const keys = b.keysOf(osi);
  const levels = b.levelsOf(osi);
  let filled = 0;
  let levels_used = 0;
  walk.blocked = false;
  for (let pos = (b.side_count[osi] as number) - 1; pos >= 0 && filled < wanted; pos--) {
    if ((keys[pos] as number) < threshold) break;
    if (levels_max > 0 && levels_used === levels_max) break;
    const level = levels[pos] as number;
    if (b.l_count[level] === 0) continue;
    const price = b.l_price[level] as number;
    if (band_ceiling > 0 && (price < band_floor || price > band_ceiling)) break;
    const here = fillableAtLevel(b, party, level, wanted - filled);
    filled += here;
    if (walk.blocked) break;
    if (here > 0) levels_used++;
  }
  return Math.min(filled, wanted);
}

const walk = { blocked: false };

/** What one level would give (up to `room`); sets `walk.blocked` at a self order that stops it. */
function fillableAtLevel(b: BookState, party: WalkParty, level: number, room: number): number {
  const eligibility = b.config.eligibility;
  const row = eligibility === null ? 0 : party.group * eligibility.venues * eligibility.classes;
  let filled = 0;
  for (let m = b.l_head[level] as number; m !== NIL && filled < room; m = b.nextOf(m)) {
    if (eligibility !== null && eligibility.allowed[row + b.groupOf(m)] === 0) continue;
    if (party.stp !== StpMode.NONE && b.ownerOf(m) === party.owner) {
      if (party.stp === StpMode.CANCEL_RESTING) continue;
      walk.blocked = true;
      return filled;
    }
    filled += b.remainingOf(m);
  }
  return filled;
}

/**
 * During VCM cooling-off: would this order, filling in priority order, need to trade at a price
 * outside [floor, ceiling]? (HK: such an order is rejected.)
 */
export function reachesOutsideBand(
  b: BookState,
  side: number,
  threshold: number,
  wanted: number,
  floor: number,
  ceiling: number,
): boolean {
  const osi = side === Side.BUY ? ASK : BID;
  const keys = b.keysOf(osi);
  const levels = b.levelsOf(osi);
  let filled = 0;
  for (let pos = (b.side_count[osi] as number) - 1; pos >= 0 && filled < wanted; pos--) {
    if ((keys[pos] as number) < threshold) return false;
    const level = levels[pos] as number;
    if (b.l_count[level] === 0) continue;
    const price = b.l_price[level] as number;
    if (price < floor || price > ceiling) return true;
    filled += b.l_volume[level] as number;
  }
  return false;
}

/** The worst price a market order of `wanted` could trade at now (0 when nothing crosses). */
export function worstReachablePrice(
  b: BookState,
  side: number,
  threshold: number,
  levels_max: number,
  wanted: number,
): number {
  const osi = side === Side.BUY ? ASK : BID;
  const keys = b.keysOf(osi);
  const levels = b.levelsOf(osi);
  let filled = 0;
  let worst = 0;
  let used = 0;
  for (let pos = (b.side_count[osi] as number) - 1; pos >= 0 && filled < wanted; pos--) {
    if ((keys[pos] as number) < threshold) break;
    if (levels_max > 0 && used === levels_max) break;
    const level = levels[pos] as number;
    if (b.l_count[level] === 0) continue;
    worst = b.l_price[level] as number;
    filled += b.l_volume[level] as number;
    used++;
  }
  return worst;
}
