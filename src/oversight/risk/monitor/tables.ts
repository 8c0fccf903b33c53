/**
 * The monitor's storage: ids interned to integer handles on first sight, an open-addressing index
 * of (handle, handle) pairs, and typed arrays that grow by doubling. After warm-up, an event that
 * names ids already seen allocates nothing here: handles are array indices.
 * @module
 */

import { fail } from './fail.js';

/** A Float64Array of at least `length` cells holding `old`'s values (new cells 0). */
export function growFloat64(
  old: Float64Array<ArrayBuffer>,
  length: number,
): Float64Array<ArrayBuffer> {
  if (length <= old.length) return old;
  const grown = new Float64Array(Math.max(length, old.length * 2, 16));
  grown.set(old);
  return grown;
}

/** The same for Int32Array, new cells filled with `fill`. */
export function growInt32(
  old: Int32Array<ArrayBuffer>,
  length: number,
  fill = 0,
): Int32Array<ArrayBuffer> {
  if (length <= old.length) return old;
  const grown = new Int32Array(Math.max(length, old.length * 2, 16));
  grown.set(old);
  if (fill !== 0) grown.fill(fill, old.length);
  return grown;
}

/** The same for Uint8Array. */
export function growUint8(old: Uint8Array<ArrayBuffer>, length: number): Uint8Array<ArrayBuffer> {
  if (length <= old.length) return old;
  const grown = new Uint8Array(Math.max(length, old.length * 2, 16));
  grown.set(old);
  return grown;
}

/** Extends a bigint column with zeros up to `length` (a packed array of bigints). */
export function growBigint(column: bigint[], length: number): void {
  while (column.length < length) column.push(0n);
}

/** Strings to dense handles 0, 1, 2, … in order of first sight; at most `max` of them. */
export class Interner {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];

  constructor(
    private readonly what: string,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.names.length;
  }

  /** The handle of `name`, or -1 when it was never seen. */
  find(name: string): number {
    const handle = this.index.get(name);
    return handle === undefined ? -1 : handle;
  }

  /** The handle of `name`, made on first sight. */
  intern(name: string): number {
    const handle = this.index.get(name);
    if (handle !== undefined) return handle;
    const made = this.names.length;
    // The hub bounds what it registers far below this: more is a wiring bug.
    if (made >= this.max) fail(`more than ${this.max} ${this.what}`);
    this.index.set(name, made);
    this.names.push(name);
    return made;
  }

  name(handle: number): string {
    return this.names[handle] as string;
  }
}

const EMPTY = -1;

/**
 * (a, b) → cell for non-negative int32 pairs, open addressing in typed arrays: no allocation per
 * lookup, cells numbered 0, 1, 2, … in order of first sight, never removed.
 */
export class PairIndex {
  private keys_a = new Int32Array(1024).fill(EMPTY);
  private keys_b = new Int32Array(1024);
  private cells = new Int32Array(1024);
  private mask = 1023;
  private count = 0;

  constructor(
    private readonly what: string,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The cell of (a, b), or -1. */
  find(a: number, b: number): number {
    const keys_a = this.keys_a;
    for (let slot = hashPair(a, b) & this.mask; ; slot = (slot + 1) & this.mask) {
      const key = keys_a[slot] as number;
      if (key === EMPTY) return -1;
      if (key === a && this.keys_b[slot] === b) return this.cells[slot] as number;
    }
  }

  /** The cell of (a, b), made on first sight (the next number). */
  cell(a: number, b: number): number {
    const keys_a = this.keys_a;
    for (let slot = hashPair(a, b) & this.mask; ; slot = (slot + 1) & this.mask) {
      const key = keys_a[slot] as number;
      if (key === a && this.keys_b[slot] === b) return this.cells[slot] as number;
      if (key !== EMPTY) continue;
      if (this.count >= this.max) fail(`more than ${this.max} ${this.what}`);
      const made = this.count;
      keys_a[slot] = a;
      this.keys_b[slot] = b;
      this.cells[slot] = made;
      this.count += 1;
      if (this.count * 2 > keys_a.length) this.grow();
      return made;
    }
  }

  private grow(): void {
    const old_a = this.keys_a;
    const old_b = this.keys_b;
    const old_cells = this.cells;
    const slots = old_a.length * 2;
    this.keys_a = new Int32Array(slots).fill(EMPTY);
    this.keys_b = new Int32Array(slots);
    this.cells = new Int32Array(slots);
    this.mask = slots - 1;
    for (let i = 0; i < old_a.length; i += 1) {
      const a = old_a[i] as number;
      if (a === EMPTY) continue;
      const b = old_b[i] as number;
      let slot = hashPair(a, b) & this.mask;
      while (this.keys_a[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys_a[slot] = a;
      this.keys_b[slot] = b;
      this.cells[slot] = old_cells[i] as number;
    }
  }
}

function hashPair(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Slot numbers for records that come and go (open instructions, open repos): a freed slot is
 * reused before a new one is made, so columns indexed by slot stop growing at the peak count.
 */
export class SlotPool {
  private free = new Int32Array(64);
  private free_count = 0;
  private made = 0;
  private live = 0;

  constructor(
    private readonly what: string,
    private readonly max: number,
  ) {}

  /** Slots ever made: the length the columns need. */
  get capacity(): number {
    return this.made;
  }

  get size(): number {
    return this.live;
  }

  take(): number {
    this.live += 1;
    if (this.free_count > 0) {
      this.free_count -= 1;
      return this.free[this.free_count] as number;
    }
    if (this.made >= this.max) fail(`more than ${this.max} open ${this.what}`);
    this.made += 1;
    return this.made - 1;
  }

  release(slot: number): void {
    this.live -= 1;
    this.free = growInt32(this.free, this.free_count + 1);
    this.free[this.free_count] = slot;
    this.free_count += 1;
  }
}

/**
 * The handles a batch touched, each once, in order of first touch: the alert checks read them at
 * the batch's end, then they are cleared (typed arrays, so a batch allocates nothing here).
 */
export class DirtyList {
  private items = new Int32Array(64);
  private flags = new Uint8Array(64);
  size = 0;

  mark(handle: number): void {
    if (handle >= this.flags.length) this.flags = growUint8(this.flags, handle + 1);
    if (this.flags[handle] === 1) return;
    this.flags[handle] = 1;
    if (this.size >= this.items.length) this.items = growInt32(this.items, this.size + 1);
    this.items[this.size] = handle;
    this.size += 1;
  }

  at(k: number): number {
    return this.items[k] as number;
  }

  clear(): void {
    for (let k = 0; k < this.size; k += 1) this.flags[this.items[k] as number] = 0;
    this.size = 0;
  }
}
