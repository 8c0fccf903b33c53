/**
 * The recovery scan: reads a journal from the first byte, verifies every record, and decides
 * whether a bad record is a torn tail (safe to cut) or corruption (refuse). Never writes.
 *
 * The rule (docs/storage.md, "Recovery"): a commit marker is written only after the records
 * before it were made durable, so a valid commit marker anywhere after a bad record proves the
 * bad bytes were once durable, hence damaged later: corruption. With no valid commit marker after
 * it, every byte from the bad record on was written after the last durable commit and so was
 * never acknowledged to anyone: a torn tail.
 * @module
 */

import { JournalCorruptError } from './errors.js';
import {
  FILE_HEADER_BYTES,
  KIND_COMMIT,
  KIND_DATA,
  KIND_FILE,
  type RecordFault,
  type RecordHeader,
  type SequenceFault,
} from './format.js';
import { ChunkReader, readRecord } from './reader.js';
import { searchAfter } from './search.js';
import { SparseIndex } from './sparse_index.js';

export interface TornTail {
  /** Offset of the first bad byte: the end of the last valid record. */
  readonly position: number;
  /** Bytes from `position` to the end of the file. */
  readonly bytes: number;
  readonly fault: RecordFault;
  /** The seq the first dropped data record would have carried. */
  readonly expected_seq: number;
  /** Valid-looking data record headers inside the dropped bytes (written, never acknowledged). */
  readonly data_records_dropped: number;
}

export interface ScanResult {
  readonly size_bytes: number;
  /** Valid data records before any torn tail. */
  readonly data_records: number;
  /** Seq of the last valid data record (0 when there is none). */
  readonly last_seq: number;
  /** Seq named by the last valid commit marker (0 when there is none). */
  readonly committed_seq: number;
  /** Header checksum of the last valid record: the next record chains to it. */
  readonly chain_checksum: number;
  /** Header checksum of the last valid data record (0 when there is none). */
  readonly last_data_checksum: number;
  /** End of the last valid record: where a torn tail starts or the next record goes. */
  readonly valid_end_position: number;
  readonly torn_tail: TornTail | null;
  readonly index: SparseIndex;
}

interface ScanCursor {
  data_records: number;
  last_seq: number;
  committed_seq: number;
  chain_checksum: number;
  last_data_checksum: number;
  position: number;
}

/** Scans `[0, size_bytes)` of an open journal; throws JournalCorruptError on corruption. */
export function scanJournal(fd: number, path: string, size_bytes: number): ScanResult {
  const reader = new ChunkReader(fd, 0, size_bytes);
  const index = new SparseIndex();
  const cursor: ScanCursor = {
    data_records: 0,
    last_seq: 0,
    committed_seq: 0,
    chain_checksum: readFileHeader(reader, path),
    last_data_checksum: 0,
    position: FILE_HEADER_BYTES,
  };
  let torn_tail: TornTail | null = null;
  // Bounded: every pass moves `position` forward by at least one header (32 bytes).
  for (;;) {
    const step = readRecord(reader, cursor.position);
    if (step.status === 'end') break;
    if (step.status === 'bad') {
      torn_tail = classifyBadRecord(fd, path, size_bytes, cursor, step.fault);
      break;
    }
    const fault = sequenceFault(cursor, step.header);
    if (fault !== null) throw corruptAt(path, cursor, fault, cursor.position);
    if (step.header.kind === KIND_DATA) index.note(step.header.seq, cursor.position);
    advance(cursor, step.header, step.next_position);
  }
  return {
    size_bytes,
    data_records: cursor.data_records,
    last_seq: cursor.last_seq,
    committed_seq: cursor.committed_seq,
    chain_checksum: cursor.chain_checksum,
    last_data_checksum: cursor.last_data_checksum,
    valid_end_position: cursor.position,
    torn_tail,
    index,
  };
}

/**
 * A journal file always starts with a valid file header, written atomically when the file was
 * created. Anything else is not a journal (or lost its head): refuse, never "repair".
 */
function readFileHeader(reader: ChunkReader, path: string): number {
  const step = readRecord(reader, 0);
  if (step.status === 'record' && step.header.kind === KIND_FILE && step.header.seq === 0) {
    return step.header.header_checksum;
  }
  const reason = step.status === 'bad' ? step.fault : 'not_a_journal';
  throw new JournalCorruptError({
    path,
    position: 0,
    expected_seq: 1,
    reason,
    evidence_position: 0,
  });
}

/** A record whose checksums verify must still carry the next seq and chain to its predecessor. */
export function sequenceFault(
  cursor: Pick<ScanCursor, 'last_seq' | 'chain_checksum'>,
  header: RecordHeader,
): SequenceFault | null {
  if (header.kind === KIND_FILE) return 'misplaced_file_header';
  if (header.kind === KIND_DATA && header.seq !== cursor.last_seq + 1) return 'sequence_gap';
  if (header.kind === KIND_COMMIT && header.seq !== cursor.last_seq) return 'commit_seq_mismatch';
  if (header.previous_checksum !== cursor.chain_checksum) return 'chain_broken';
  return null;
}

function advance(cursor: ScanCursor, header: RecordHeader, next_position: number): void {
  if (header.kind === KIND_DATA) {
    cursor.data_records += 1;
    cursor.last_seq = header.seq;
    cursor.last_data_checksum = header.header_checksum;
  } else {
    cursor.committed_seq = header.seq;
  }
  cursor.chain_checksum = header.header_checksum;
  cursor.position = next_position;
}

function classifyBadRecord(
  fd: number,
  path: string,
  size_bytes: number,
  cursor: ScanCursor,
  fault: RecordFault,
): TornTail {
  const found = searchAfter(fd, cursor.position, size_bytes);
  if (found.commit_marker_position !== null) {
    throw corruptAt(path, cursor, fault, found.commit_marker_position);
  }
  return {
    position: cursor.position,
    bytes: size_bytes - cursor.position,
    fault,
    expected_seq: cursor.last_seq + 1,
    data_records_dropped: found.data_headers,
  };
}

function corruptAt(
  path: string,
  cursor: ScanCursor,
  reason: RecordFault | SequenceFault,
  evidence_position: number,
): JournalCorruptError {
  return new JournalCorruptError({
    path,
    position: cursor.position,
    expected_seq: cursor.last_seq + 1,
    reason,
    evidence_position,
  });
}
