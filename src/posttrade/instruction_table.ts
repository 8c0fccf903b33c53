/**
 * The instruction table: every instruction in capture order, found by its id without a map of
 * every id. The hub's own trades are numbered per book (`<instrument>:<n>`), so their
 * instructions (`<trade>`, `<trade>/S`, `<trade>/B`) sit in one array per instrument at `3n + k`
 * (k: 0 bare, 1 `/S`, 2 `/B`); only ids of any other form (sese.023 ids, RFQ and test ids) are kept
 * in a string map. Where an id goes depends on its form alone (`instructionSlotOf`), not on who sent it, so
 * an outside id that looks like a hub trade's is found, and refused as a duplicate, like one.
 *
 * It answers as the `Map<string, Instruction>` it replaces did: `get`, `has`, `size`, and
 * `values`/`keys` in insertion order, which is capture (`seq`) order.
 * @module
 */

import { assert } from '../kernel/index.js';
import type { Instruction } from './types.js';

/** Where an id lives: the instrument (or other prefix) of a hub trade id, and `3n + k`. */
export interface Slot {
  readonly key: string;
  readonly index: number;
}

/** One prefix's instructions by `3n + k`, from `base`; `far` holds the few far from the rest. */
interface Bucket {
  base: number;
  slots: (Instruction | undefined)[];
  /** Slots emptied since the last trim. */
  dead: number;
  far: Map<number, Instruction> | null;
}

/** A gap wider than this (in slots) goes to the bucket's `far` map instead of the array. */
const GAP_MAX = 3 * 4_096;
/** Leading empty slots (or rows) are dropped once there are this many and they are half. */
const TRIM_MIN = 1_024;
/** The largest trade number read as one (15 digits stay exact in a double). */
const DIGITS_MAX = 15;

const COLON = 58;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;

/**
 * Where `id` lives when it has a hub trade id's form, `<prefix>:<n>` with an optional `/S` or
 * `/B` (n from 1, no leading zero, at most 15 digits); null for every other id.
 */
export function instructionSlotOf(id: string): Slot | null {
  const colon = id.lastIndexOf(':');
  if (colon < 1) return null;
  const n = tradeNumberAt(id, colon);
  if (n === null) return null;
  return { key: id.slice(0, colon), index: n.index };
}

/**
 * The slot of a hub trade's instruction given the trade's instrument, without copying the
 * prefix when the trade id is `<instrument>:<n>` (the hub's form): `kind` 0 bare, 1 `/S`, 2 `/B`.
 * Any other trade id: the slot of the instruction id built from it, as `instructionSlotOf` finds it.
 */
export function tradeSlotOf(trade_id: string, instrument: string, kind: 0 | 1 | 2): Slot | null {
  const colon = instrument.length;
  const own =
    trade_id.length > colon + 1 &&
    trade_id.charCodeAt(colon) === COLON &&
    trade_id.startsWith(instrument);
  const n = own ? tradeNumberAt(trade_id, colon) : null;
  if (n !== null && n.kind === 0) return { key: instrument, index: n.index + kind };
  return instructionSlotOf(kind === 0 ? trade_id : `${trade_id}/${kind === 1 ? 'S' : 'B'}`);
}

/** The number after the colon at `colon` and the suffix's kind, or null when the form is not one. */
function tradeNumberAt(id: string, colon: number): { index: number; kind: number } | null {
  let end = id.length;
  let kind = 0;
  if (end - colon > 3 && id.charCodeAt(end - 2) === SLASH) {
    const last = id.charCodeAt(end - 1);
    kind = last === 83 ? 1 : last === 66 ? 2 : -1; // 'S', 'B'
    if (kind < 0) return null;
    end -= 2;
  }
  const digits = end - colon - 1;
  if (digits < 1 || digits > DIGITS_MAX) return null;
  let n = 0;
  for (let k = colon + 1; k < end; k += 1) {
    const c = id.charCodeAt(k);
    if (c < ZERO || c > NINE || (k === colon + 1 && c === ZERO)) return null;
    n = n * 10 + (c - ZERO);
  }
  return { index: 3 * n + kind, kind };
}

export class InstructionTable {
  /** Every instruction by `seq - seq_base`; undefined where one was forgotten. */
  private rows: (Instruction | undefined)[] = [];
  private seq_base = 0;
  /** The first row that may be live. */
  private head = 0;
  private count = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly by_id = new Map<string, Instruction>();

  get size(): number {
    return this.count;
  }

  /** The instruction with this id; `slot` when the caller knows it (it must be `instructionSlotOf(id)`). */
  get(id: string, slot: Slot | null = instructionSlotOf(id)): Instruction | undefined {
    if (slot === null) return this.by_id.get(id);
    const bucket = this.buckets.get(slot.key);
    return bucket === undefined ? undefined : bucketGet(bucket, slot.index);
  }

  has(id: string, slot: Slot | null = instructionSlotOf(id)): boolean {
    return this.get(id, slot) !== undefined;
  }

  /**
   * Adds an instruction whose id is not in the table and whose `seq` is above every other's (the
   * capture order); `slot` as in `get`.
   */
  add(instruction: Instruction, slot: Slot | null = instructionSlotOf(instruction.id)): void {
    assert(this.get(instruction.id, slot) === undefined, `instruction ${instruction.id} exists`);
    this.addRow(instruction);
    if (slot === null) this.by_id.set(instruction.id, instruction);
    else bucketSet(this.bucketOf(slot.key), slot.index, instruction);
    this.count += 1;
  }

  /** Forgets an instruction; false when there is none with that id. */
  delete(id: string): boolean {
    const slot = instructionSlotOf(id);
    const instruction = this.get(id, slot);
    if (instruction === undefined) return false;
    if (slot === null) this.by_id.delete(id);
    else bucketDelete(this.buckets.get(slot.key) as Bucket, slot.index);
    this.rows[instruction.seq - this.seq_base] = undefined;
    this.count -= 1;
    return true;
  }

  /** The instructions in capture order. Safe while instructions are added or deleted. */
  *values(): IterableIterator<Instruction> {
    for (let seq = this.seq_base + this.head; seq - this.seq_base < this.rows.length; seq += 1) {
      const row = this.rows[seq - this.seq_base];
      if (row !== undefined) yield row;
    }
  }

  *keys(): IterableIterator<string> {
    for (const instruction of this.values()) yield instruction.id;
  }

  [Symbol.iterator](): IterableIterator<Instruction> {
    return this.values();
  }

  private addRow(instruction: Instruction): void {
    if (this.count === 0) {
      this.rows = [];
      this.seq_base = instruction.seq;
      this.head = 0;
    }
    this.trimRows();
    const position = instruction.seq - this.seq_base;
    assert(position >= this.rows.length, `instruction ${instruction.id} out of capture order`);
    while (this.rows.length < position) this.rows.push(undefined);
    this.rows.push(instruction);
  }

  /** Drops the leading forgotten rows once they are many (only here: iteration goes by seq). */
  private trimRows(): void {
    while (this.head < this.rows.length && this.rows[this.head] === undefined) this.head += 1;
    if (this.head < TRIM_MIN || this.head * 2 < this.rows.length) return;
    this.rows = this.rows.slice(this.head);
    this.seq_base += this.head;
    this.head = 0;
  }

  private bucketOf(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { base: 0, slots: [], dead: 0, far: null };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

function bucketGet(bucket: Bucket, index: number): Instruction | undefined {
  const at = index - bucket.base;
  if (at >= 0 && at < bucket.slots.length) {
    const found = bucket.slots[at];
    if (found !== undefined) return found;
  }
  return bucket.far === null ? undefined : bucket.far.get(index);
}

function bucketSet(bucket: Bucket, index: number, instruction: Instruction): void {
  if (bucket.slots.length === 0) {
    bucket.base = index;
    bucket.dead = 0;
  }
  const at = index - bucket.base;
  if (at < 0 || at - bucket.slots.length > GAP_MAX) {
    bucket.far ??= new Map();
    bucket.far.set(index, instruction);
    return;
  }
  while (bucket.slots.length < at) bucket.slots.push(undefined);
  if (at === bucket.slots.length) bucket.slots.push(instruction);
  else bucket.slots[at] = instruction;
}

function bucketDelete(bucket: Bucket, index: number): void {
  if (bucket.far?.delete(index) === true) return;
  bucket.slots[index - bucket.base] = undefined;
  bucket.dead += 1;
  if (bucket.dead < TRIM_MIN || bucket.dead * 2 < bucket.slots.length) return;
  let first = 0;
  while (first < bucket.slots.length && bucket.slots[first] === undefined) first += 1;
  let last = bucket.slots.length;
  while (last > first && bucket.slots[last - 1] === undefined) last -= 1;
  bucket.slots = bucket.slots.slice(first, last);
  bucket.base += first;
  bucket.dead = countDead(bucket.slots);
}

function countDead(slots: readonly (Instruction | undefined)[]): number {
  let dead = 0;
  for (const slot of slots) if (slot === undefined) dead += 1;
  return dead;
}
