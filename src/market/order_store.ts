/**
 * Order records: one 64-byte record per slot in a single ArrayBuffer, read through a Float64Array
 * view (stride 8) and an Int32Array view (stride 16) of the same bytes. One cache line holds a
 * whole order, so touching an order (accept, rest, fill, cancel) costs one line, not one per
 * field: that is what keeps a book of hundreds of thousands of orders fast.
 *
 * | bytes | view | field |
 * |---|---|---|
 * | 0–7 | f64[0] | order id |
 * | 8–15 | f64[1] | price (0 for at-auction and market orders) |
 * | 16–23 | f64[2] | open (remaining) quantity |
 * | 24–31 | f64[3] | filled quantity |
 * | 32–35 | i32[8] | beneficial owner |
 * | 36–39 | i32[9] | account |
 * | 40–43 | i32[10] | next slot in the level FIFO (or in the free list) |
 * | 44–47 | i32[11] | previous slot in the level FIFO |
 * | 48–51 | i32[12] | level slot |
 * | 52–55 | i32[13] | side (1 buy, 2 sell) |
 * | 56–59 | i32[14] | kind: tif \| type << 4 \| stp << 8 \| flags << 12 |
 * | 60–63 | i32[15] | party: venue \| investor class << 8 \| eligibility group << 16 |
 *
 * Hot loops index the views directly (`of[(slot << 3) + F_REMAINING]`); everything else uses the
 * accessors below, which the optimising compiler inlines.
 * @module
 */

import { assert } from '../kernel/index.js';

export const NIL = -1;
export const RECORD_BYTES = 64;
export const F_ID = 0;
export const F_PRICE = 1;
export const F_REMAINING = 2;
export const F_FILLED = 3;
export const I_OWNER = 8;
export const I_ACCOUNT = 9;
export const I_NEXT = 10;
export const I_PREV = 11;
export const I_LEVEL = 12;
export const I_SIDE = 13;
export const I_KIND = 14;
export const I_PARTY = 15;
/** Slots stay below 2^26 so that `slot << 4` is a small integer. */
export const SLOTS_MAX = 2 ** 26;
const CAPACITY_MIN = 64;

export class OrderStore {
  /** Float64 view of the records, 8 per slot. */
  of = new Float64Array(0);
  /** Int32 view of the same records, 16 per slot. */
  oi = new Int32Array(0);
  order_capacity = 0;
  /** Freed slots, chained through their `next` field (most recently freed first). */
  free_order = NIL;
  /** Slots at or above this have never been used: taken in order when the free chain is empty. */
  order_unused = 0;
  /** Slots in use: resting orders plus at most one incoming order being matched. */
  orders_used = 0;
  private readonly slots_max: number;

  constructor(slots_max: number) {
    assert(slots_max > 0 && slots_max <= SLOTS_MAX, 'order slots out of range');
    this.slots_max = slots_max;
    this.growOrders(CAPACITY_MIN);
  }

  allocOrder(): number {
    let slot = this.free_order;
    if (slot !== NIL) {
      this.free_order = this.oi[(slot << 4) + I_NEXT] as number;
    } else {
      if (this.order_unused === this.order_capacity) this.growOrders(this.order_capacity * 2);
      slot = this.order_unused++;
    }
    this.orders_used++;
    return slot;
  }

  freeOrder(slot: number): void {
    this.of[slot << 3] = 0;
    this.oi[(slot << 4) + I_NEXT] = this.free_order;
    this.free_order = slot;
    this.orders_used--;
  }

  private growOrders(wanted: number): void {
    const capacity = Math.min(Math.max(wanted, CAPACITY_MIN), this.slots_max);
    const old = this.order_capacity;
    assert(capacity > old, 'order capacity exhausted (callers check orders_max first)');
    const buffer = new ArrayBuffer(capacity * RECORD_BYTES);
    new Uint8Array(buffer).set(new Uint8Array(this.of.buffer));
    this.of = new Float64Array(buffer);
    this.oi = new Int32Array(buffer);
    // The new slots are not chained (`order_unused` hands them out in order): chaining them was
    // a loop over every new slot, 19 % of the first 50,000 operations on the deep book.
    this.order_capacity = capacity;
  }

  idOf(slot: number): number {
    return this.of[(slot << 3) + F_ID] as number;
  }
  priceOf(slot: number): number {
    return this.of[(slot << 3) + F_PRICE] as number;
  }
  remainingOf(slot: number): number {
    return this.of[(slot << 3) + F_REMAINING] as number;
  }
  filledOf(slot: number): number {
    return this.of[(slot << 3) + F_FILLED] as number;
  }
  ownerOf(slot: number): number {
    return this.oi[(slot << 4) + I_OWNER] as number;
  }
  accountOf(slot: number): number {
    return this.oi[(slot << 4) + I_ACCOUNT] as number;
  }
  nextOf(slot: number): number {
    return this.oi[(slot << 4) + I_NEXT] as number;
  }
  prevOf(slot: number): number {
    return this.oi[(slot << 4) + I_PREV] as number;
  }
  levelOf(slot: number): number {
    return this.oi[(slot << 4) + I_LEVEL] as number;
  }
  sideOf(slot: number): number {
    return this.oi[(slot << 4) + I_SIDE] as number;
  }
  tifOf(slot: number): number {
    return (this.oi[(slot << 4) + I_KIND] as number) & 0xf;
  }
  typeOf(slot: number): number {
    return ((this.oi[(slot << 4) + I_KIND] as number) >> 4) & 0xf;
  }
  stpOf(slot: number): number {
    return ((this.oi[(slot << 4) + I_KIND] as number) >> 8) & 0xf;
  }
  flagsOf(slot: number): number {
    return ((this.oi[(slot << 4) + I_KIND] as number) >> 12) & 0xf;
  }
  venueOf(slot: number): number {
    return (this.oi[(slot << 4) + I_PARTY] as number) & 0xff;
  }
  classOf(slot: number): number {
    return ((this.oi[(slot << 4) + I_PARTY] as number) >> 8) & 0xff;
  }
  groupOf(slot: number): number {
    return ((this.oi[(slot << 4) + I_PARTY] as number) >> 16) & 0xff;
  }

  setId(slot: number, value: number): void {
    this.of[(slot << 3) + F_ID] = value;
  }
  setPrice(slot: number, value: number): void {
    this.of[(slot << 3) + F_PRICE] = value;
  }
  setRemaining(slot: number, value: number): void {
    this.of[(slot << 3) + F_REMAINING] = value;
  }
  setFilled(slot: number, value: number): void {
    this.of[(slot << 3) + F_FILLED] = value;
  }
  setLevel(slot: number, value: number): void {
    this.oi[(slot << 4) + I_LEVEL] = value;
  }

  /** Writes a whole record (new orders and restored ones). */
  writeRecord(
    slot: number,
    id: number,
    side: number,
    price: number,
    remaining: number,
    filled: number,
    kind: number,
    party: number,
    owner: number,
    account: number,
  ): void {
    const f = slot << 3;
    const i = slot << 4;
    const of = this.of;
    const oi = this.oi;
    of[f + F_ID] = id;
    of[f + F_PRICE] = price;
    of[f + F_REMAINING] = remaining;
    of[f + F_FILLED] = filled;
    oi[i + I_OWNER] = owner;
    oi[i + I_ACCOUNT] = account;
    oi[i + I_LEVEL] = NIL;
    oi[i + I_SIDE] = side;
    oi[i + I_KIND] = kind;
    oi[i + I_PARTY] = party;
  }
}

export function packKind(tif: number, type: number, stp: number, flags: number): number {
  return tif | (type << 4) | (stp << 8) | (flags << 12);
}

export function packParty(venue: number, investor_class: number, group: number): number {
  return venue | (investor_class << 8) | (group << 16);
}
