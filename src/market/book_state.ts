/**
 * The book's memory: orders and price levels as struct-of-arrays in typed arrays, addressed by
 * integer slots, so the hot path allocates no objects.
 *
 * - Orders: one 64-byte record per live order (order_store.ts); freed slots chained through the
 *   record's `next` field, never-used ones handed out in order. The buffer doubles (up to
 *   `orders_max` + 1 slots), never shrinks.
 * - Levels: one slot per price with resting orders: an intrusive doubly linked FIFO of order slots
 *   (`l_head`/`l_tail` and each record's prev/next) plus aggregate volume and count. Level slots 0 and 1
 *   are the bid and ask at-auction queues (orders without a price, matched first in auctions).
 * - Sides: for each side a sorted array of level slots and their keys, best at the END, so the
 *   best price is `keys[count - 1]` and removing it is a pop. Key = price for bids and −price for
 *   asks, so both sides sort ascending and "better" is always "greater". Interior levels that
 *   empty are kept (lazily) until they reach the top; the top level is never empty.
 * @module
 */

import { assert } from '../kernel/index.js';
import type { BookConfig } from './config.js';
import {
  BboEvent,
  type BookListener,
  CancelEvent,
  IndicativeEvent,
  OrderEvent,
  PhaseEvent,
  ReplaceEvent,
  TradeEvent,
} from './events.js';
import { OrderIndex } from './order_index.js';
import { F_REMAINING, I_LEVEL, I_NEXT, I_PREV, I_SIDE, NIL, OrderStore } from './order_store.js';

export { NIL };

import { Phase } from './types.js';
import { VcmState } from './vcm.js';

/** Side index: 0 = bids, 1 = asks (`Side` − 1). */
export const BID = 0;
export const ASK = 1;
/** Level slots of the at-auction queues. */
export const AUCTION_QUEUE = [0, 1] as const;
const LEVEL_CAPACITY_MIN = 64;

export const FLAG_POST_ONLY = 1;

/** Per-operation match limits, kept on the book to avoid allocating a parameter object. */
export class MatchLimits {
  /** Opposite-side key the level key must reach (key ≥ threshold crosses). */
  threshold_key = 0;
  /** Price levels the taker may trade through; 0 = unlimited. */
  levels_max = 0;
  band_on = false;
  band_floor = 0;
  band_ceiling = 0;
  /** Set when the taker was cancelled by self-trade prevention. */
  stopped = false;
  /** Set when the walk stopped at a level outside the VCM band. */
  band_hit = false;
}

export class BookState extends OrderStore {
  readonly config: BookConfig;
  readonly instrument_key: string;
  listener: BookListener;

  readonly index: OrderIndex;

  level_capacity = 0;
  l_price = new Float64Array(0);
  l_volume = new Float64Array(0);
  l_head = new Int32Array(0);
  l_tail = new Int32Array(0);
  l_count = new Int32Array(0);
  free_level = NIL;
  /** Per side (bids, asks): level keys and level slots, sorted ascending, best at the end. */
  bid_keys = new Float64Array(0);
  ask_keys = new Float64Array(0);
  bid_levels = new Int32Array(0);
  ask_levels = new Int32Array(0);
  readonly side_count = new Int32Array(2);
  readonly side_volume = new Float64Array(2);
  readonly side_orders = new Int32Array(2);
  /** Non-empty price levels per side (`side_count` also counts lazily kept empty ones). */
  readonly side_live = new Int32Array(2);

  /** No eligibility, quotation rule, queue limits or VCM: the validation fast path applies. */
  readonly plain_book: boolean;
  phase: Phase = Phase.CLOSED;
  last_order_id = 0;
  trade_seq = 0;
  /** Last trade price (0 = none today); drives the HK nominal price and the VCM reference. */
  last_trade_price = 0;
  previous_close = 0;
  price_floor = 0;
  price_ceiling = Number.MAX_SAFE_INTEGER;

  readonly ev_order = new OrderEvent();
  readonly ev_trade = new TradeEvent();
  readonly ev_cancel = new CancelEvent();
  readonly ev_replace = new ReplaceEvent();
  readonly ev_bbo = new BboEvent();
  readonly ev_indicative = new IndicativeEvent();
  readonly ev_phase = new PhaseEvent();
  /** Last published BBO (plain fields: read on every operation). */
  last_bid_price = 0;
  last_bid_size = 0;
  last_ask_price = 0;
  last_ask_size = 0;
  /** Limits of the operation in progress (see matching.ts). */
  readonly limits = new MatchLimits();
  vcm: VcmState | null = null;
  /** Auction price band set with the phase (HK POS ±15 %, CAS ±5 %); 0/0 = none. */
  auction_band_floor = 0;
  auction_band_ceiling = 0;
  /** Reference price for auction tie-breaks (previous close, last trade, CAS reference). */
  auction_reference = 0;
  /** The auction in progress is a closing auction (HK CAS fallback rule). */
  auction_closing = false;
  /** The last published indicative price and volume (auction phases). */
  indicative_price = 0;
  indicative_volume = 0;

  constructor(config: BookConfig, listener: BookListener) {
    super(config.orders_max + 1);
    this.config = config;
    this.instrument_key = config.instrument_key;
    this.listener = listener;
    this.plain_book =
      config.eligibility === null &&
      config.quotation_factor === 0 &&
      config.limit_queues_max === 0 &&
      config.enhanced_limit_queues_max === 0 &&
      config.vcm === null;
    this.index = new OrderIndex();
    this.growLevels(LEVEL_CAPACITY_MIN);
    for (const record of [this.ev_order, this.ev_trade, this.ev_cancel, this.ev_replace]) {
      record.instrument_key = config.instrument_key;
    }
    for (const record of [this.ev_bbo, this.ev_indicative, this.ev_phase]) {
      record.instrument_key = config.instrument_key;
    }
    // Level slots 0 and 1: the at-auction queues, never in the sorted side arrays.
    assert(this.allocLevel(0) === AUCTION_QUEUE[BID], 'bid auction queue slot');
    assert(this.allocLevel(0) === AUCTION_QUEUE[ASK], 'ask auction queue slot');
    this.previous_close = config.previous_close_units;
    if (config.vcm !== null) this.vcm = new VcmState(config.vcm);
    if (config.price_limits !== null) {
      this.price_floor = config.price_limits.floor_units;
      this.price_ceiling = config.price_limits.ceiling_units;
    }
  }

  // ---- level slots ---------------------------------------------------------------------------

  allocLevel(price: number): number {
    if (this.free_level === NIL) this.growLevels(this.level_capacity * 2);
    const level = this.free_level;
    this.free_level = this.l_head[level] as number;
    this.l_price[level] = price;
    this.l_volume[level] = 0;
    this.l_head[level] = NIL;
    this.l_tail[level] = NIL;
    this.l_count[level] = 0;
    return level;
  }

  freeLevel(level: number): void {
    this.l_head[level] = this.free_level;
    this.free_level = level;
  }

  private growLevels(wanted: number): void {
    const limit = this.config.levels_max * 2 + 2;
    const capacity = Math.min(Math.max(wanted, LEVEL_CAPACITY_MIN), limit);
    const old = this.level_capacity;
    assert(capacity > old, 'level capacity exhausted (callers check levels_max first)');
    this.l_price = grow(this.l_price, capacity);
    this.l_volume = grow(this.l_volume, capacity);
    this.l_head = grow(this.l_head, capacity);
    this.l_tail = grow(this.l_tail, capacity);
    this.l_count = grow(this.l_count, capacity);
    for (let level = capacity - 1; level >= old; level--) {
      this.l_head[level] = this.free_level;
      this.free_level = level;
    }
    const side_capacity = Math.min(capacity, this.config.levels_max);
    this.bid_keys = grow(this.bid_keys, side_capacity);
    this.ask_keys = grow(this.ask_keys, side_capacity);
    this.bid_levels = grow(this.bid_levels, side_capacity);
    this.ask_levels = grow(this.ask_levels, side_capacity);
    this.level_capacity = capacity;
  }

  keysOf(si: number): Float64Array {
    return si === BID ? this.bid_keys : this.ask_keys;
  }

  levelsOf(si: number): Int32Array {
    return si === BID ? this.bid_levels : this.ask_levels;
  }

  // ---- sides ---------------------------------------------------------------------------------
  //
  // Empty levels are removed lazily: the best level is popped as soon as it empties (so the best
  // price is always `keys[count - 1]` of a non-empty level), while an interior level that empties
  // stays in place, ready for the next order at that price, until it reaches the top or the side
  // runs out of room (then `compactSide` drops every empty one). This saves a search and a shift
  // on most cancels and most new levels.

  /** Position of `key` in side `si`, or −(insertion point) − 1 when absent. */
  findLevelPos(si: number, key: number): number {
    const keys = this.keysOf(si);
    let low = 0;
    let high = (this.side_count[si] as number) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const probe = keys[middle] as number;
      if (probe < key) low = middle + 1;
      else if (probe > key) high = middle - 1;
      else return middle;
    }
    return -low - 1;
  }

  /** The level slot for a price on side `si`, created if absent (callers check `levels_max`). */
  levelFor(si: number, price: number): number {
    const key = si === BID ? price : -price;
    const top = (this.side_count[si] as number) - 1;
    const top_key = top < 0 ? Number.NEGATIVE_INFINITY : (this.keysOf(si)[top] as number);
    // Most orders join the best level or improve on it: check the top before searching.
    if (top_key === key) return this.levelsOf(si)[top] as number;
    let pos = key > top_key ? -(top + 1) - 1 : this.findLevelPos(si, key);
    if (pos >= 0) return this.levelsOf(si)[pos] as number;
    if (this.side_count[si] === this.config.levels_max) {
      this.compactSide(si);
      pos = this.findLevelPos(si, key);
    }
    const insert_at = -pos - 1;
    const count = this.side_count[si] as number;
    assert(count < this.config.levels_max, 'price levels exhausted');
    const level = this.allocLevel(price); // may grow (replace) the side arrays: read them after
    const keys = this.keysOf(si);
    const levels = this.levelsOf(si);
    if (count - insert_at > 16) {
      keys.copyWithin(insert_at + 1, insert_at, count);
      levels.copyWithin(insert_at + 1, insert_at, count);
    } else {
      for (let i = count; i > insert_at; i--) {
        keys[i] = keys[i - 1] as number;
        levels[i] = levels[i - 1] as number;
      }
    }
    keys[insert_at] = key;
    levels[insert_at] = level;
    this.side_count[si] = count + 1;
    return level;
  }

  /** Pops empty levels off the top of side `si`, so its best level holds orders. */
  trimSide(si: number): void {
    const levels = this.levelsOf(si);
    let count = this.side_count[si] as number;
    while (count > 0 && this.l_count[levels[count - 1] as number] === 0) {
      count--;
      this.freeLevel(levels[count] as number);
    }
    this.side_count[si] = count;
  }

  /** Drops every empty level of side `si` (when the side is out of room). */
  compactSide(si: number): void {
    const keys = this.keysOf(si);
    const levels = this.levelsOf(si);
    const count = this.side_count[si] as number;
    let kept = 0;
    for (let pos = 0; pos < count; pos++) {
      const level = levels[pos] as number;
      if (this.l_count[level] === 0) {
        this.freeLevel(level);
        continue;
      }
      keys[kept] = keys[pos] as number;
      levels[kept] = level;
      kept++;
    }
    this.side_count[si] = kept;
  }

  // ---- FIFO links ----------------------------------------------------------------------------

  /** Appends an order to the tail of a level (time priority) and counts it on its side. */
  append(level: number, slot: number): void {
    const oi = this.oi;
    const i = slot << 4;
    const tail = this.l_tail[level] as number;
    oi[i + I_PREV] = tail;
    oi[i + I_NEXT] = NIL;
    if (tail === NIL) this.l_head[level] = slot;
    else oi[(tail << 4) + I_NEXT] = slot;
    this.l_tail[level] = slot;
    oi[i + I_LEVEL] = level;
    const remaining = this.of[(slot << 3) + F_REMAINING] as number;
    this.l_volume[level] = (this.l_volume[level] as number) + remaining;
    const si = (oi[i + I_SIDE] as number) - 1;
    if (this.l_count[level] === 0 && level > AUCTION_QUEUE[ASK]) {
      this.side_live[si] = (this.side_live[si] as number) + 1;
    }
    this.l_count[level] = (this.l_count[level] as number) + 1;
    this.side_volume[si] = (this.side_volume[si] as number) + remaining;
    this.side_orders[si] = (this.side_orders[si] as number) + 1;
  }

  /** Takes an order out of its level's FIFO; the level stays even when it becomes empty. */
  unlink(slot: number): void {
    const oi = this.oi;
    const i = slot << 4;
    const level = oi[i + I_LEVEL] as number;
    const prev = oi[i + I_PREV] as number;
    const next = oi[i + I_NEXT] as number;
    if (prev === NIL) this.l_head[level] = next;
    else oi[(prev << 4) + I_NEXT] = next;
    if (next === NIL) this.l_tail[level] = prev;
    else oi[(next << 4) + I_PREV] = prev;
    const remaining = this.of[(slot << 3) + F_REMAINING] as number;
    this.l_volume[level] = (this.l_volume[level] as number) - remaining;
    const si = (oi[i + I_SIDE] as number) - 1;
    const left = (this.l_count[level] as number) - 1;
    this.l_count[level] = left;
    if (left === 0 && level > AUCTION_QUEUE[ASK]) {
      this.side_live[si] = (this.side_live[si] as number) - 1;
    }
    this.side_volume[si] = (this.side_volume[si] as number) - remaining;
    this.side_orders[si] = (this.side_orders[si] as number) - 1;
    oi[i + I_LEVEL] = NIL;
  }

  /** Reduces a resting order's open quantity by `quantity` (fills and decrements). */
  reduce(slot: number, quantity: number): void {
    const i = slot << 4;
    const level = this.oi[i + I_LEVEL] as number;
    const si = (this.oi[i + I_SIDE] as number) - 1;
    const f = (slot << 3) + F_REMAINING;
    this.of[f] = (this.of[f] as number) - quantity;
    this.l_volume[level] = (this.l_volume[level] as number) - quantity;
    this.side_volume[si] = (this.side_volume[si] as number) - quantity;
  }

  /** Unlinks, unindexes and frees a resting order; pops its level if it was the best. */
  removeResting(slot: number): void {
    const level = this.oi[(slot << 4) + I_LEVEL] as number;
    const si = (this.oi[(slot << 4) + I_SIDE] as number) - 1;
    this.discard(slot);
    if (this.l_count[level] === 0) this.trimSide(si);
  }

  /** Unlinks, unindexes and frees an order, leaving any empty level for the caller to trim. */
  discard(slot: number): void {
    this.unlink(slot);
    this.index.remove(this.of[slot << 3] as number);
    this.freeOrder(slot);
  }

  bestLevel(si: number): number {
    const count = this.side_count[si] as number;
    return count === 0 ? NIL : (this.levelsOf(si)[count - 1] as number);
  }

  bestPrice(si: number): number {
    const level = this.bestLevel(si);
    return level === NIL ? 0 : (this.l_price[level] as number);
  }

  /** True when the best bid is at or above the best ask (allowed only during auctions). */
  isCrossed(): boolean {
    const bid = this.bestPrice(BID);
    const ask = this.bestPrice(ASK);
    return bid > 0 && ask > 0 && bid >= ask;
  }
}

function grow<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  if (array.length >= capacity) return array;
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
