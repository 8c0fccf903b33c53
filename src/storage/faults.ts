/**
 * Fault injection for tests and the deterministic simulation: the on-disk states a crash or a
 * failing disk leaves behind. Deterministic: no randomness inside; the caller chooses positions
 * (from its seeded PRNG) and these helpers apply them exactly.
 * @module
 */

import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { assert } from '../kernel/index.js';
import { writeAllSync } from './files.js';
import { KIND_DATA, type RecordKind } from './format.js';
import type { CrashPoint, Journal } from './journal.js';
import { ChunkReader, readRecord } from './reader.js';

export interface RecordExtent {
  readonly position: number;
  /** Header plus payload. */
  readonly bytes: number;
  readonly kind: RecordKind;
  readonly seq: number;
}

/** Where each valid record lies, in file order, up to the first bad one (or `records_max`). */
export function journalLayout(path: string, records_max = 1_000_000): readonly RecordExtent[] {
  const extents: RecordExtent[] = [];
  walkRecords(path, (extent) => {
    extents.push(extent);
    return extents.length < records_max;
  });
  return extents;
}

/** Calls `visit` for each valid record in file order until it returns false or one is bad. */
function walkRecords(path: string, visit: (extent: RecordExtent) => boolean): void {
  const fd = openSync(path, 'r');
  try {
    const reader = new ChunkReader(fd, 0, fstatSync(fd).size);
    let position = 0;
    // Bounded: every pass moves `position` forward by at least one header.
    for (;;) {
      const step = readRecord(reader, position);
      if (step.status !== 'record') return;
      const { kind, seq } = step.header;
      if (!visit({ position, bytes: step.next_position - position, kind, seq })) return;
      position = step.next_position;
    }
  } finally {
    closeSync(fd);
  }
}

export interface TearReport {
  readonly size_bytes_before: number;
  readonly size_bytes_after: number;
}

/**
 * Leaves the journal as a crash in the middle of a write would:
 * - a number `n`: keep only the first `n` bytes of the last data record, dropping the commit
 *   marker after it (a crash before the group's commit finished; 0 <= n < record length);
 * - `{ cut_at }`: cut the file at that byte offset, wherever it falls.
 */
export function tearJournalTail(path: string, tear: number | { cut_at: number }): TearReport {
  const cut_at = typeof tear === 'number' ? lastDataRecordCut(path, tear) : tear.cut_at;
  const fd = openSync(path, 'r+');
  try {
    const size_bytes_before = fstatSync(fd).size;
    assert(Number.isSafeInteger(cut_at) && cut_at >= 0 && cut_at <= size_bytes_before, 'bad cut');
    ftruncateSync(fd, cut_at);
    return { size_bytes_before, size_bytes_after: cut_at };
  } finally {
    closeSync(fd);
  }
}

function lastDataRecordCut(path: string, keep_bytes: number): number {
  let last: RecordExtent | undefined;
  walkRecords(path, (extent) => {
    if (extent.kind === KIND_DATA) last = extent;
    return true;
  });
  assert(last !== undefined, 'the journal has no data record to tear');
  assert(
    Number.isSafeInteger(keep_bytes) && keep_bytes >= 0 && keep_bytes < last.bytes,
    `keep_bytes must be in [0, ${last.bytes})`,
  );
  return last.position + keep_bytes;
}

export interface ByteChange {
  readonly position: number;
  readonly before: number;
  readonly after: number;
}

/** XORs the byte at `position` with `xor_mask` (1..255, default 0xFF: every bit flipped). */
export function corruptByte(path: string, position: number, xor_mask = 0xff): ByteChange {
  assert(Number.isInteger(xor_mask) && xor_mask >= 1 && xor_mask <= 0xff, 'mask must be 1..255');
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    assert(
      Number.isSafeInteger(position) && position >= 0 && position < size,
      'position outside file',
    );
    const byte = Buffer.alloc(1);
    assert(readSync(fd, byte, 0, 1, position) === 1, 'could not read the byte');
    const before = byte[0] as number;
    byte[0] = before ^ xor_mask;
    writeAllSync(fd, byte, position);
    return { position, before, after: byte[0] as number };
  } finally {
    closeSync(fd);
  }
}

/** From now on every write of this journal fails, as on a failing disk (EBADF). */
export function failJournalDisk(journal: Journal): void {
  journal.simulateDiskFailure();
}

/**
 * Stops a journal as a crashed process would, during a commit of what it has buffered:
 * - 'before_write': buffered records never reach the file;
 * - 'after_write': they are written but neither fsynced nor sealed by a commit marker
 *   (combine with `tearJournalTail` to model a power failure losing part of them);
 * - 'after_fsync': they are written and fsynced, but the commit marker was never written.
 * The journal object is closed and unusable afterwards; reopen the path to recover.
 */
export function crashJournal(journal: Journal, at: CrashPoint): void {
  journal.simulateCrash(at);
}
