/**
 * An index of records by string id, for tables of millions of ids on the hot path.
 *
 * A JavaScript `Map` with a million string keys costs ~500 ns per miss on this hardware: each
 * probe chases pointers to the bucket, the entry and the stored key. This open-addressing table
 * keeps each slot's 32-bit hash and record position side by side in one `Int32Array`, so a miss
 * costs about one cache line and the stored id is compared only when the hashes agree.
 *
 * It does not iterate: anything that needs a deterministic order keeps its own list.
 * @module
 */

import { assert } from './assert.js';

const EMPTY = -1;
const TOMBSTONE = -2;
const CAPACITY_MIN = 1_024;

export class IdIndex<T extends { readonly id: string }> {
  /** Pairs [hash, position]: position is EMPTY, TOMBSTONE or an index into `records`. */
  private table: Int32Array;
  private mask: number;
  private readonly records: Array<T | undefined> = [];
  private readonly free_positions: number[] = [];
  private count = 0;
  private tombstones = 0;

  constructor(capacity = CAPACITY_MIN) {
    const slots = powerOfTwoAtLeast(Math.max(CAPACITY_MIN, capacity * 2));
    this.table = new Int32Array(slots * 2).fill(EMPTY);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The record with `id`; a caller that already hashed the id passes the hash. */
  get(id: string, hash: number = hashId(id)): T | undefined {
    const table = this.table;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const position = table[2 * slot + 1] as number;
      if (position === EMPTY) return undefined;
      if (position >= 0 && table[2 * slot] === hash) {
        const record = this.records[position] as T;
        if (record.id === id) return record;
      }
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds a record whose id is not yet present (asserted); `hash` as `get`. */
  add(record: T, hash: number = hashId(record.id)): void {
    if ((this.count + this.tombstones + 1) * 2 > this.table.length / 2) this.grow();
    const table = this.table;
    let target = -1;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const position = table[2 * slot + 1] as number;
      if (position === EMPTY) {
        if (target < 0) target = slot;
        break;
      }
      if (position === TOMBSTONE) {
        if (target < 0) target = slot;
        continue;
      }
      assert(
        !(table[2 * slot] === hash && (this.records[position] as T).id === record.id),
        `duplicate id ${record.id}`,
      );
    }
    if ((table[2 * target + 1] as number) === TOMBSTONE) this.tombstones -= 1;
    const position = this.free_positions.pop() ?? this.records.length;
    this.records[position] = record;
    table[2 * target] = hash;
    table[2 * target + 1] = position;
    this.count += 1;
  }

  delete(id: string): boolean {
    const hash = hashId(id);
    const table = this.table;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const position = table[2 * slot + 1] as number;
      if (position === EMPTY) return false;
      if (position >= 0 && table[2 * slot] === hash && (this.records[position] as T).id === id) {
        table[2 * slot + 1] = TOMBSTONE;
        this.records[position] = undefined;
        this.free_positions.push(position);
        this.count -= 1;
        this.tombstones += 1;
        return true;
      }
    }
  }

  /** Rebuilds the table at twice the live size (or the same size, to sweep tombstones). */
  private grow(): void {
    const slots = powerOfTwoAtLeast(Math.max(CAPACITY_MIN, (this.count + 1) * 4));
    const old = this.table;
    this.table = new Int32Array(slots * 2).fill(EMPTY);
    this.mask = slots - 1;
    this.tombstones = 0;
    for (let i = 0; i < old.length; i += 2) {
      const position = old[i + 1] as number;
      if (position < 0) continue;
      let slot = (old[i] as number) & this.mask;
      while ((this.table[2 * slot + 1] as number) !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = old[i] as number;
      this.table[2 * slot + 1] = position;
    }
  }
}

/** FNV-1a over UTF-16 code units, finished with murmur3's mixer so the low bits spread well. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash | 0;
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
