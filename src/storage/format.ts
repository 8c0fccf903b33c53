/**
 * The journal's record format: a fixed 32-byte little-endian header, then the payload bytes.
 * A journal file starts with a file header, which is a record of kind 3 with seq 0 and no
 * payload, followed by data records and commit markers.
 *
 * ```
 * offset size field
 *  0     4    magic              bytes FF 48 54 4A ("\xFFHTJ"); 0xFF never occurs in UTF-8
 *  4     4    header_checksum    CRC-32 of bytes 8..32 of this header
 *  8     2    format_version     1
 * 10     1    kind               1 = data (a command), 2 = commit marker, 3 = file header
 * 11     1    reserved           0
 * 12     4    payload_bytes      length of the payload (0 for a commit marker)
 * 16     4    payload_checksum   CRC-32 of the payload bytes
 * 20     4    previous_checksum  header_checksum of the record before this one (0 for the first)
 * 24     8    seq                u64; a data record's own sequence number, or for a commit
 *                                marker the sequence number of the data record just before it
 * ```
 * See docs/storage.md for why commit markers exist and how recovery reads them.
 * @module
 */

import { crc32 } from 'node:zlib';
import { assert } from '../kernel/index.js';

export const RECORD_HEADER_BYTES = 32;
/** Bytes FF 48 54 4A read as a little-endian u32. */
export const RECORD_MAGIC = 0x4a5448ff;
export const RECORD_MAGIC_BYTES: Buffer = Buffer.from([0xff, 0x48, 0x54, 0x4a]);
export const FORMAT_VERSION = 1;
/** The largest payload the format accepts; a command is far smaller. */
export const RECORD_PAYLOAD_MAX_BYTES: number = 16 * 1024 * 1024;

export const KIND_DATA = 1;
export const KIND_COMMIT = 2;
export const KIND_FILE = 3;
export type RecordKind = typeof KIND_DATA | typeof KIND_COMMIT | typeof KIND_FILE;
/** The file header is one record header; data records start right after it. */
export const FILE_HEADER_BYTES = RECORD_HEADER_BYTES;

/** 2^53 / 2^32: the high word of a safe-integer u64 is below this. */
const SEQ_HIGH_LIMIT = 2 ** 21;
const U32 = 2 ** 32;

export interface RecordHeader {
  readonly kind: RecordKind;
  readonly payload_bytes: number;
  readonly payload_checksum: number;
  readonly previous_checksum: number;
  readonly seq: number;
  readonly header_checksum: number;
}

/** Why a record at some position is not a valid record. */
export type RecordFault =
  | 'truncated_header'
  | 'bad_magic'
  | 'header_checksum'
  | 'unsupported_version'
  | 'unknown_kind'
  | 'field_out_of_range'
  | 'payload_too_large'
  | 'truncated_payload'
  | 'payload_checksum';

/** Why a record whose checksums verify still cannot be where it is. */
export type SequenceFault =
  | 'not_a_journal'
  | 'misplaced_file_header'
  | 'sequence_gap'
  | 'commit_seq_mismatch'
  | 'chain_broken';

export type HeaderResult =
  | { readonly ok: true; readonly header: RecordHeader }
  | { readonly ok: false; readonly fault: RecordFault };

export function checksum(bytes: Uint8Array): number {
  return crc32(bytes) >>> 0;
}

const CRC_TABLE = crcTable();

/**
 * CRC-32 (the same function as zlib's) of `buffer[start, end)`, computed in JavaScript. For a
 * 24-byte header this is about three times faster than a call into zlib, which needs a subarray.
 */
export function checksumRange(buffer: Uint8Array, start: number, end: number): number {
  let crc = -1;
  // Bounded by `end - start`.
  for (let i = start; i < end; i += 1) {
    crc = (CRC_TABLE[(crc ^ (buffer[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ -1) >>> 0;
}

function crcTable(): Int32Array {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/**
 * Writes a header at `offset` (the payload must already be in place for its checksum to be
 * passed in) and returns the header checksum.
 */
export function writeHeader(
  target: Buffer,
  offset: number,
  fields: Omit<RecordHeader, 'header_checksum'>,
): number {
  assert(Number.isSafeInteger(fields.seq) && fields.seq >= 0, 'seq must be a safe integer');
  assert(fields.payload_bytes <= RECORD_PAYLOAD_MAX_BYTES, 'payload too large for the format');
  target.writeUInt32LE(RECORD_MAGIC, offset);
  target.writeUInt16LE(FORMAT_VERSION, offset + 8);
  target.writeUInt8(fields.kind, offset + 10);
  target.writeUInt8(0, offset + 11);
  target.writeUInt32LE(fields.payload_bytes, offset + 12);
  target.writeUInt32LE(fields.payload_checksum, offset + 16);
  target.writeUInt32LE(fields.previous_checksum, offset + 20);
  target.writeUInt32LE(fields.seq % U32, offset + 24);
  target.writeUInt32LE(Math.floor(fields.seq / U32), offset + 28);
  const header_checksum = checksumRange(target, offset + 8, offset + RECORD_HEADER_BYTES);
  target.writeUInt32LE(header_checksum, offset + 4);
  return header_checksum;
}

/** Reads and checks the header at `offset`; the caller guarantees 32 bytes are there. */
export function readHeader(source: Buffer, offset: number): HeaderResult {
  if (source.readUInt32LE(offset) !== RECORD_MAGIC) return { ok: false, fault: 'bad_magic' };
  const header_checksum = source.readUInt32LE(offset + 4);
  const computed = checksumRange(source, offset + 8, offset + RECORD_HEADER_BYTES);
  if (header_checksum !== computed) return { ok: false, fault: 'header_checksum' };
  if (source.readUInt16LE(offset + 8) !== FORMAT_VERSION) {
    return { ok: false, fault: 'unsupported_version' };
  }
  const kind = source.readUInt8(offset + 10);
  if (kind !== KIND_DATA && kind !== KIND_COMMIT && kind !== KIND_FILE) {
    return { ok: false, fault: 'unknown_kind' };
  }
  const payload_bytes = source.readUInt32LE(offset + 12);
  if (payload_bytes > RECORD_PAYLOAD_MAX_BYTES) return { ok: false, fault: 'payload_too_large' };
  // Never written by this code; with a verified checksum they mean a foreign or buggy writer.
  const seq_high = source.readUInt32LE(offset + 28);
  const reserved = source.readUInt8(offset + 11);
  if (seq_high >= SEQ_HIGH_LIMIT || reserved !== 0 || (kind !== KIND_DATA && payload_bytes > 0)) {
    return { ok: false, fault: 'field_out_of_range' };
  }
  const header: RecordHeader = {
    kind,
    payload_bytes,
    payload_checksum: source.readUInt32LE(offset + 16),
    previous_checksum: source.readUInt32LE(offset + 20),
    seq: seq_high * U32 + source.readUInt32LE(offset + 24),
    header_checksum,
  };
  return { ok: true, header };
}

/** The first 32 bytes of every journal file: identical in every journal. */
export function encodeFileHeader(): Buffer {
  const bytes = Buffer.alloc(FILE_HEADER_BYTES);
  writeHeader(bytes, 0, {
    kind: KIND_FILE,
    payload_bytes: 0,
    payload_checksum: 0,
    previous_checksum: 0,
    seq: 0,
  });
  return bytes;
}

/** A commit marker for the data records up to and including `seq`. */
export function encodeCommitMarker(
  seq: number,
  previous_checksum: number,
): { bytes: Buffer; header_checksum: number } {
  const bytes = Buffer.alloc(RECORD_HEADER_BYTES);
  const header_checksum = writeHeader(bytes, 0, {
    kind: KIND_COMMIT,
    payload_bytes: 0,
    payload_checksum: 0,
    previous_checksum,
    seq,
  });
  return { bytes, header_checksum };
}

export function describeFault(fault: RecordFault | SequenceFault): string {
  return FAULT_DESCRIPTIONS[fault];
}

const FAULT_DESCRIPTIONS: Readonly<Record<RecordFault | SequenceFault, string>> = {
  truncated_header: 'the file ends inside a record header',
  bad_magic: 'no record magic where a record should start',
  header_checksum: 'the header checksum does not match',
  unsupported_version: 'the record has an unsupported format version',
  unknown_kind: 'the record header has an unknown kind',
  field_out_of_range: 'a record header field is out of range',
  payload_too_large: 'the record header declares an impossible payload length',
  truncated_payload: 'the file ends inside a record payload',
  payload_checksum: 'the payload checksum does not match',
  not_a_journal: 'the file does not start with a journal file header',
  misplaced_file_header: 'a file header appears after the start of the file',
  sequence_gap: 'a data record does not carry the next sequence number',
  commit_seq_mismatch: 'a commit marker does not name the last data record before it',
  chain_broken: 'a record does not chain to the checksum of the record before it',
};
