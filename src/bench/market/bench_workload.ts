/**
 * Order-book benchmark workload v1 (../shared/reference/matching-anchors.md §3.1), reproduced
 * draw for draw: Mulberry32 seed 42, 1,000,000 operations, 70 % limit GTC / 25 % cancel / 5 %
 * market, profiles `spec` (both sides in [MID−50, MID+49]) and `deep` (buys in [MID−95, MID+4],
 * sells in [MID−4, MID+95]). Cancel targets come from the `resting` array kept by an embedded
 * reference price-time matcher (append on rest, swap-remove on full fill in match order and on
 * cancel), so every correct price-time engine ends in the same state.
 *
 * Ops are emitted as typed arrays, built before any clock starts.
 * @module
 */

import { assert, Mulberry32 } from '../../kernel/index.js';

export type WorkloadProfile = 'spec' | 'deep';

export const OP_LIMIT = 0;
export const OP_CANCEL = 1;
export const OP_MARKET = 2;
export const MID = 10_000;
const BUY = 1;
const SELL = 2;

export interface FinalState {
  resting: number;
  bid_volume: number;
  ask_volume: number;
  best_bid: number;
  best_ask: number;
}

export interface Workload {
  readonly profile: WorkloadProfile;
  readonly count: number;
  readonly kind: Uint8Array;
  readonly side: Uint8Array;
  readonly price: Int32Array;
  readonly size: Int32Array;
  /** Limit: its workload id (1, 2, …); cancel: the target's workload id (0 = no-op). */
  readonly id: Int32Array;
  readonly expected: FinalState;
  readonly trades: number;
  readonly traded_units: number;
}

/** Published final states (matching-anchors.md §3.2), checked against the generator itself. */
export const PUBLISHED: Readonly<Record<WorkloadProfile, FinalState>> = {
  spec: { resting: 8, bid_volume: 351, ask_volume: 12, best_bid: 10036, best_ask: 10048 },
  deep: {
    resting: 366_643,
    bid_volume: 9_278_248,
    ask_volume: 9_218_564,
    best_bid: 9997,
    best_ask: 10007,
  },
};

export function generateWorkload(profile: WorkloadProfile, count = 1_000_000, seed = 42): Workload {
  const random = new Mulberry32(seed);
  const kind = new Uint8Array(count);
  const side = new Uint8Array(count);
  const price = new Int32Array(count);
  const size = new Int32Array(count);
  const id = new Int32Array(count);
  const matcher = new ReferenceMatcher(count);
  let limits = 0;
  for (let i = 0; i < count; i++) {
    const u = random.uniform();
    if (u < 0.7) {
      kind[i] = OP_LIMIT;
      side[i] = random.uniform() < 0.5 ? BUY : SELL;
      price[i] = MID + drawOffset(random, profile, side[i] as number);
      size[i] = random.int(1, 100);
      id[i] = ++limits;
      matcher.limit(id[i] as number, side[i] as number, price[i] as number, size[i] as number);
    } else if (u < 0.95) {
      kind[i] = OP_CANCEL;
      const k = random.uniform();
      const n = matcher.resting_count;
      id[i] = n === 0 ? 0 : (matcher.resting[Math.floor(k * n)] as number);
      matcher.cancel(id[i] as number);
    } else {
      kind[i] = OP_MARKET;
      side[i] = random.uniform() < 0.5 ? BUY : SELL;
      size[i] = random.int(1, 100);
      matcher.market(side[i] as number, size[i] as number);
    }
  }
  const expected = matcher.finalState();
  return {
    profile,
    count,
    kind,
    side,
    price,
    size,
    id,
    expected,
    trades: matcher.trades,
    traded_units: matcher.traded_units,
  };
}

function drawOffset(random: Mulberry32, profile: WorkloadProfile, side: number): number {
  if (profile === 'spec') return random.int(-50, 49);
  return side === BUY ? random.int(-95, 4) : random.int(-4, 95);
}

const PRICE_SLOTS = 256;
const PRICE_BASE = MID - 128;

/**
 * The generator's own matcher: price levels in a fixed array over the workload's band, FIFOs as
 * growable id arrays with a head index, order state by workload id. Obviously correct, not fast.
 */
class ReferenceMatcher {
  readonly resting: Int32Array;
  resting_count = 0;
  private readonly resting_pos: Int32Array;
  private readonly remaining: Int32Array;
  private readonly order_price: Int32Array;
  private readonly order_side: Uint8Array;
  private readonly queues: number[][] = [];
  private readonly heads = new Int32Array(PRICE_SLOTS * 2);
  private readonly volume = new Float64Array(PRICE_SLOTS * 2);
  trades = 0;
  traded_units = 0;

  constructor(count: number) {
    this.resting = new Int32Array(count + 1);
    this.resting_pos = new Int32Array(count + 1).fill(-1);
    this.remaining = new Int32Array(count + 1);
    this.order_price = new Int32Array(count + 1);
    this.order_side = new Uint8Array(count + 1);
    for (let q = 0; q < PRICE_SLOTS * 2; q++) this.queues.push([]);
  }

  private queueIndex(side: number, price: number): number {
    const offset = price - PRICE_BASE;
    assert(offset >= 0 && offset < PRICE_SLOTS, 'workload price outside the matcher band');
    return (side === BUY ? 0 : PRICE_SLOTS) + offset;
  }

  limit(id: number, side: number, price: number, size: number): void {
    const left = this.sweep(side, size, price);
    if (left === 0) return;
    this.remaining[id] = left;
    this.order_price[id] = price;
    this.order_side[id] = side;
    const q = this.queueIndex(side, price);
    (this.queues[q] as number[]).push(id);
    this.volume[q] = (this.volume[q] as number) + left;
    this.resting_pos[id] = this.resting_count;
    this.resting[this.resting_count++] = id;
  }

  market(side: number, size: number): void {
    this.sweep(side, size, side === BUY ? Number.MAX_SAFE_INTEGER : 0);
  }

  cancel(id: number): void {
    if (id === 0) return;
    assert(this.resting_pos[id] !== -1, 'cancel of an order that is not resting');
    const q = this.queueIndex(this.order_side[id] as number, this.order_price[id] as number);
    this.volume[q] = (this.volume[q] as number) - (this.remaining[id] as number);
    this.remaining[id] = 0; // lazily skipped when it reaches the head of its queue
    this.removeResting(id);
  }

  /** Trades against the opposite side up to `limit`; returns what is left. */
  private sweep(side: number, size: number, limit: number): number {
    let left = size;
    while (left > 0) {
      const q = this.bestOpposite(side);
      if (q < 0) break;
      const level_price = PRICE_BASE + (q % PRICE_SLOTS);
      if (side === BUY ? level_price > limit : level_price < limit) break;
      left = this.fillQueue(q, left);
    }
    return left;
  }

  private fillQueue(q: number, wanted: number): number {
    let left = wanted;
    const queue = this.queues[q] as number[];
    while (left > 0 && (this.volume[q] as number) > 0) {
      const maker = queue[this.heads[q] as number] as number;
      const open = this.remaining[maker] as number;
      if (open === 0) {
        this.heads[q] = (this.heads[q] as number) + 1;
        continue;
      }
      const quantity = Math.min(open, left);
      left -= quantity;
      this.remaining[maker] = open - quantity;
      this.volume[q] = (this.volume[q] as number) - quantity;
      this.trades++;
      this.traded_units += quantity;
      if (open === quantity) {
        this.heads[q] = (this.heads[q] as number) + 1;
        this.removeResting(maker);
      }
    }
    return left;
  }

  private bestOpposite(side: number): number {
    if (side === BUY) {
      for (let offset = 0; offset < PRICE_SLOTS; offset++) {
        if ((this.volume[PRICE_SLOTS + offset] as number) > 0) return PRICE_SLOTS + offset;
      }
    } else {
      for (let offset = PRICE_SLOTS - 1; offset >= 0; offset--) {
        if ((this.volume[offset] as number) > 0) return offset;
      }
    }
    return -1;
  }

  private removeResting(id: number): void {
    const pos = this.resting_pos[id] as number;
    const last = this.resting[--this.resting_count] as number;
    this.resting[pos] = last;
    this.resting_pos[last] = pos;
    this.resting_pos[id] = -1;
  }

  finalState(): FinalState {
    let bid_volume = 0;
    let ask_volume = 0;
    let best_bid = 0;
    let best_ask = 0;
    for (let offset = 0; offset < PRICE_SLOTS; offset++) {
      const bid = this.volume[offset] as number;
      const ask = this.volume[PRICE_SLOTS + offset] as number;
      bid_volume += bid;
      ask_volume += ask;
      if (bid > 0) best_bid = PRICE_BASE + offset;
      if (ask > 0 && best_ask === 0) best_ask = PRICE_BASE + offset;
    }
    return { resting: this.resting_count, bid_volume, ask_volume, best_bid, best_ask };
  }
}
