/**
 * The snapshot file format: a fixed 40-byte little-endian header, then the payload bytes.
 *
 * ```
 * offset size field
 *  0     4    magic             bytes FF 48 54 53 ("\xFFHTS")
 *  4     4    header_checksum   CRC-32 of bytes 8..40 of this header
 *  8     2    format_version    2
 * 10     2    reserved          0
 * 12     4    payload_checksum  CRC-32 of the payload bytes
 * 16     8    payload_bytes     u64, must equal the file size minus 40
 * 24     8    seq               u64, the last journal seq applied to the state
 * 32     4    record_checksum   header checksum of journal record `seq` (0 when seq is 0)
 * 36     4    reserved          0
 * ```
 *
 * `record_checksum` binds the snapshot to the journal it was taken from: a journal record's header
 * checksum covers the checksum of the record before it, so it vouches for the whole journal up to
 * `seq`. Version 1 (32 bytes, no binding) is refused as `unsupported_version`.
 * @module
 */

import { assert } from '../kernel/index.js';
import { checksum } from './format.js';

export const SNAPSHOT_HEADER_BYTES = 40;
export const SNAPSHOT_VERSION = 2;
const SNAPSHOT_MAGIC = 0x534854ff;
const U32 = 2 ** 32;
const HIGH_LIMIT = 2 ** 21;

export type SnapshotFault =
  | 'unreadable'
  | 'truncated_header'
  | 'bad_magic'
  | 'header_checksum'
  | 'unsupported_version'
  | 'field_out_of_range'
  | 'length_mismatch'
  | 'seq_mismatch'
  | 'payload_checksum';

export type SnapshotDecoded =
  | {
      readonly ok: true;
      readonly seq: number;
      readonly record_checksum: number;
      readonly payload: string;
    }
  | { readonly ok: false; readonly fault: SnapshotFault };

export function encodeSnapshotHeader(
  seq: number,
  record_checksum: number,
  payload: Buffer,
): Buffer {
  assert(Number.isSafeInteger(seq) && seq >= 0, 'snapshot seq must be a safe integer');
  assert(
    Number.isInteger(record_checksum) && record_checksum >= 0 && record_checksum < U32,
    'record checksum must be a u32',
  );
  const header = Buffer.alloc(SNAPSHOT_HEADER_BYTES);
  header.writeUInt32LE(SNAPSHOT_MAGIC, 0);
  header.writeUInt16LE(SNAPSHOT_VERSION, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt32LE(checksum(payload), 12);
  writeU64(header, 16, payload.length);
  writeU64(header, 24, seq);
  header.writeUInt32LE(record_checksum, 32);
  header.writeUInt32LE(0, 36);
  header.writeUInt32LE(checksum(header.subarray(8)), 4);
  return header;
}

/** Verifies a whole snapshot file's bytes; `expected_seq` comes from its file name. */
export function decodeSnapshot(file: Buffer, expected_seq: number): SnapshotDecoded {
  // Version first: a version-1 file has a shorter header, so its checksum covers other bytes.
  if (file.length < 10) return { ok: false, fault: 'truncated_header' };
  if (file.readUInt32LE(0) !== SNAPSHOT_MAGIC) return { ok: false, fault: 'bad_magic' };
  if (file.readUInt16LE(8) !== SNAPSHOT_VERSION) return { ok: false, fault: 'unsupported_version' };
  if (file.length < SNAPSHOT_HEADER_BYTES) return { ok: false, fault: 'truncated_header' };
  const header_checksum = checksum(file.subarray(8, SNAPSHOT_HEADER_BYTES));
  if (file.readUInt32LE(4) !== header_checksum) return { ok: false, fault: 'header_checksum' };
  const payload_bytes = readU64(file, 16);
  const seq = readU64(file, 24);
  const reserved_zero = file.readUInt16LE(10) === 0 && file.readUInt32LE(36) === 0;
  if (!reserved_zero || payload_bytes === null || seq === null) {
    return { ok: false, fault: 'field_out_of_range' };
  }
  if (payload_bytes !== file.length - SNAPSHOT_HEADER_BYTES) {
    return { ok: false, fault: 'length_mismatch' };
  }
  if (seq !== expected_seq) return { ok: false, fault: 'seq_mismatch' };
  const payload = file.subarray(SNAPSHOT_HEADER_BYTES);
  if (checksum(payload) !== file.readUInt32LE(12)) return { ok: false, fault: 'payload_checksum' };
  const record_checksum = file.readUInt32LE(32);
  return { ok: true, seq, record_checksum, payload: payload.toString('utf8') };
}

function writeU64(target: Buffer, offset: number, value: number): void {
  target.writeUInt32LE(value % U32, offset);
  target.writeUInt32LE(Math.floor(value / U32), offset + 4);
}

function readU64(source: Buffer, offset: number): number | null {
  const high = source.readUInt32LE(offset + 4);
  if (high >= HIGH_LIMIT) return null;
  return high * U32 + source.readUInt32LE(offset);
}
