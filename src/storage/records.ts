/**
 * Streaming reads of data records, verifying every checksum, seq and chain link again: bytes can
 * rot after the journal was opened, and a reader must never hand on a damaged command.
 * @module
 */

import { type CorruptionReason, JournalCorruptError } from './errors.js';
import { KIND_DATA } from './format.js';
import { ChunkReader, readRecord } from './reader.js';
import { sequenceFault } from './scan.js';
import type { IndexEntry } from './sparse_index.js';

export interface JournalRecord {
  readonly seq: number;
  /** The payload text exactly as appended. */
  readonly payload: string;
  /** Byte offset of the record's header in the journal file. */
  readonly position: number;
  /**
   * The record's header checksum. It covers the previous record's checksum, so it vouches for
   * the whole journal up to this record: a snapshot stores it to be bound to this journal.
   */
  readonly checksum: number;
}

export interface ReadRange {
  readonly fd: number;
  readonly path: string;
  /** A record boundary at or before the first wanted record, with the seq of the record there. */
  readonly start: IndexEntry;
  /** Durable end of the journal when the read began; later records are not read. */
  readonly end_position: number;
  readonly from_seq: number;
}

/** Yields data records with `seq >= from_seq` in `[start.position, end_position)`. */
export function* readRecords(range: ReadRange): Generator<JournalRecord> {
  const reader = new ChunkReader(range.fd, range.start.position, range.end_position);
  let position = range.start.position;
  const cursor = { last_seq: range.start.seq - 1, chain_checksum: -1 };
  // Bounded: every pass moves `position` forward by at least one header.
  for (;;) {
    const step = readRecord(reader, position);
    if (step.status === 'end') return;
    if (step.status === 'bad') throw corrupt(range.path, position, cursor.last_seq, step.fault);
    const header = step.header;
    if (cursor.chain_checksum === -1) cursor.chain_checksum = header.previous_checksum;
    const fault = sequenceFault(cursor, header);
    if (fault !== null) throw corrupt(range.path, position, cursor.last_seq, fault);
    if (header.kind === KIND_DATA) {
      cursor.last_seq = header.seq;
      if (header.seq >= range.from_seq) {
        const payload = reader.buffer.toString(
          'utf8',
          step.payload_offset,
          step.payload_offset + header.payload_bytes,
        );
        yield { seq: header.seq, payload, position, checksum: header.header_checksum };
      }
    }
    cursor.chain_checksum = header.header_checksum;
    position = step.next_position;
  }
}

function corrupt(
  path: string,
  position: number,
  last_seq: number,
  reason: CorruptionReason,
): JournalCorruptError {
  return new JournalCorruptError({
    path,
    position,
    expected_seq: last_seq + 1,
    reason,
    evidence_position: position,
  });
}
