/**
 * A bounded, sparse seq → byte position index, so reading from a middle seq does not rescan the
 * journal from the start. It holds at most `entries_max` entries: when full it drops every other
 * entry and doubles its stride, so memory stays fixed however long the journal grows.
 * @module
 */

import { assert } from '../kernel/index.js';
import { FILE_HEADER_BYTES } from './format.js';

export const INDEX_ENTRIES_MAX = 65_536;
export const INDEX_STRIDE_RECORDS = 1_024;

export interface IndexEntry {
  readonly seq: number;
  readonly position: number;
}

export class SparseIndex {
  private seqs: number[] = [];
  private positions: number[] = [];
  private stride: number;

  constructor(
    private readonly entries_max: number = INDEX_ENTRIES_MAX,
    stride_records: number = INDEX_STRIDE_RECORDS,
  ) {
    assert(entries_max >= 2 && entries_max % 2 === 0, 'entries_max must be even and at least 2');
    assert(Number.isSafeInteger(stride_records) && stride_records >= 1, 'bad stride');
    this.stride = stride_records;
  }

  get entries(): number {
    return this.seqs.length;
  }

  /** Called for every data record in order; keeps those at seq 1, 1 + stride, 1 + 2 × stride … */
  note(seq: number, position: number): void {
    if ((seq - 1) % this.stride !== 0) return;
    const last = this.seqs[this.seqs.length - 1];
    assert(last === undefined || seq > last, 'index entries must ascend');
    if (this.seqs.length === this.entries_max) this.halve();
    if ((seq - 1) % this.stride !== 0) return;
    this.seqs.push(seq);
    this.positions.push(position);
  }

  /** The entry with the greatest seq at or below `seq`, or the first data record. */
  floor(seq: number): IndexEntry {
    let low = 0;
    let high = this.seqs.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if ((this.seqs[middle] as number) <= seq) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found < 0) return { seq: 1, position: FILE_HEADER_BYTES };
    return { seq: this.seqs[found] as number, position: this.positions[found] as number };
  }

  private halve(): void {
    this.seqs = this.seqs.filter((_, i) => i % 2 === 0);
    this.positions = this.positions.filter((_, i) => i % 2 === 0);
    this.stride *= 2;
  }
}
