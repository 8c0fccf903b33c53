/**
 * What open does with a scan: in write mode, cut a torn tail and seal durable records that have
 * no commit marker yet; in read-only mode, only describe. Corruption never gets this far: the
 * scan throws JournalCorruptError.
 * @module
 */

import { fdatasyncSync, fsyncSync, ftruncateSync } from 'node:fs';
import { writeAllSync } from './files.js';
import { encodeCommitMarker } from './format.js';
import type { ScanResult, TornTail } from './scan.js';

export interface RecoveryReport {
  /** The torn tail found at open, or null when the file ended on a record boundary. */
  readonly torn_tail: TornTail | null;
  /** True when the torn tail was cut off the file (never in read-only mode). */
  readonly truncated: boolean;
  /**
   * Data records after the last commit marker: durable, but their commit never finished (a crash
   * between the write and the marker). They are kept, never acknowledged to anyone until now.
   */
  readonly unsealed_records: number;
  /** True when open wrote a commit marker to seal them (never in read-only mode). */
  readonly sealed: boolean;
}

export interface Recovered {
  readonly report: RecoveryReport;
  /** File size after recovery. */
  readonly size_bytes: number;
  /** Header checksum the next record chains to. */
  readonly chain_checksum: number;
  /** Seq covered by the last commit marker after recovery. */
  readonly committed_seq: number;
}

export function describeOnly(scan: ScanResult): Recovered {
  return {
    report: {
      torn_tail: scan.torn_tail,
      truncated: false,
      unsealed_records: scan.last_seq - scan.committed_seq,
      sealed: false,
    },
    size_bytes: scan.valid_end_position,
    chain_checksum: scan.chain_checksum,
    committed_seq: scan.committed_seq,
  };
}

/** Cuts the torn tail (if any), then seals unsealed records with a durable commit marker. */
export function repair(fd: number, scan: ScanResult, fsync: boolean): Recovered {
  const truncated = scan.torn_tail !== null;
  const unsealed_records = scan.last_seq - scan.committed_seq;
  if (truncated) ftruncateSync(fd, scan.valid_end_position);
  // Records read back after a process crash may sit only in the page cache: make them (and a
  // new, shorter size) durable before a marker vouches for them. fsync, not fdatasync: a size
  // change is metadata.
  if (fsync && (truncated || unsealed_records > 0)) fsyncSync(fd);
  let size_bytes = scan.valid_end_position;
  let chain_checksum = scan.chain_checksum;
  if (unsealed_records > 0) {
    const marker = encodeCommitMarker(scan.last_seq, scan.chain_checksum);
    writeAllSync(fd, marker.bytes, size_bytes);
    if (fsync) fdatasyncSync(fd);
    size_bytes += marker.bytes.length;
    chain_checksum = marker.header_checksum;
  }
  return {
    report: {
      torn_tail: scan.torn_tail,
      truncated,
      unsealed_records,
      sealed: unsealed_records > 0,
    },
    size_bytes,
    chain_checksum,
    committed_seq: scan.last_seq,
  };
}
