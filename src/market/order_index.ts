/**
 * Order id → slot: an open-addressing hash table in one Int32Array (linear probing,
 * backward-shift deletion, no tombstones), 8 bytes a cell. Ids are positive safe integers: those
 * up to 2^31 − 1 (every id a book sees in practice) live in the table, where key 0 marks an
 * empty cell; larger ids go to a Map beside it, so the table stays exact with 32-bit keys. It
 * allocates only when it doubles, keeps the load at most ½, and never iterates (so its layout
 * cannot leak into event order).
 * @module
 */

import { assert } from '../kernel/index.js';

/**
 * 1024 cells (8 KB) from the start: growing from a smaller table happened while V8 was already
 * running optimised code for the rest path, whose first call to `grow` then deoptimised it and
 * cost a recompile of the whole matching path in the first 50,000 operations.
 */
const CAPACITY_MIN = 1024;
const KEY_MAX = 0x7fffffff;

export class OrderIndex {
  /** Cell c: `cells[2c]` = order id (0 = empty), `cells[2c + 1]` = slot; 8 cells per cache line. */
  private cells: Int32Array;
  private mask: number;
  private shift: number;
  /** Ids above 2^31 − 1 (never seen on the hot path). */
  private readonly large = new Map<number, number>();
  size = 0;

  constructor(expected = 0) {
    let capacity = CAPACITY_MIN;
    while (capacity < expected * 2) capacity *= 2;
    this.cells = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  get capacity(): number {
    return this.cells.length >> 1;
  }

  /**
   * Fibonacci hashing by groups of eight consecutive ids: ids id & ~7 … id | 7 share one 64-byte
   * line of cells. A book's ids increase, so a new order's cell is usually in the line the
   * previous insert touched (one cache miss per eight inserts on a deep book instead of one per
   * insert), while ids with a stride of 8 or more still scatter.
   */
  private home(id: number): number {
    return ((Math.imul(id >>> 3, 0x9e3779b1) >>> this.shift) & ~7) | (id & 7);
  }

  /** The slot for `id`, or -1. */
  get(id: number): number {
    if (id > KEY_MAX) return this.large.get(id) ?? -1;
    const cells = this.cells;
    let cell = this.home(id);
    for (;;) {
      const key = cells[cell << 1] as number;
      if (key === 0) return -1; // first: an empty cell holds key 0, which is never an order id
      if (key === id) return cells[(cell << 1) + 1] as number;
      cell = (cell + 1) & this.mask;
    }
  }

  /** Inserts a new id (the caller guarantees it is absent). */
  insert(id: number, slot: number): void {
    if (id > KEY_MAX) {
      assert(!this.large.has(id), 'order id already indexed');
      this.large.set(id, slot);
    } else {
      if ((this.size - this.large.size + 1) * 2 > this.cells.length >> 1) this.grow();
      this.place(id, slot);
    }
    this.size++;
  }

  private place(id: number, slot: number): void {
    const cells = this.cells;
    let cell = this.home(id);
    while (cells[cell << 1] !== 0) {
      assert(cells[cell << 1] !== id, 'order id already indexed');
      cell = (cell + 1) & this.mask;
    }
    cells[cell << 1] = id;
    cells[(cell << 1) + 1] = slot;
  }

  /** Removes `id`; returns false if it was absent. */
  remove(id: number): boolean {
    if (id > KEY_MAX) {
      if (!this.large.delete(id)) return false;
      this.size--;
      return true;
    }
    const cells = this.cells;
    const mask = this.mask;
    let cell = this.home(id);
    for (;;) {
      const key = cells[cell << 1] as number;
      if (key === 0) return false;
      if (key === id) break;
      cell = (cell + 1) & mask;
    }
    // Backward-shift: pull later members of the probe run into the hole.
    let hole = cell;
    let next = (hole + 1) & mask;
    for (;;) {
      const key = cells[next << 1] as number;
      if (key === 0) break;
      const home = this.home(key);
      if (((hole - home) & mask) < ((next - home) & mask)) {
        cells[hole << 1] = key;
        cells[(hole << 1) + 1] = cells[(next << 1) + 1] as number;
        hole = next;
      }
      next = (next + 1) & mask;
    }
    cells[hole << 1] = 0;
    this.size--;
    return true;
  }

  private grow(): void {
    const old = this.cells;
    const capacity = old.length; // cells double: old.length / 2 × 2
    assert(capacity <= 2 ** 30, 'order index capacity exceeded');
    this.cells = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    for (let i = 0; i < old.length; i += 2) {
      const key = old[i] as number;
      if (key !== 0) this.place(key, old[i + 1] as number);
    }
  }
}
