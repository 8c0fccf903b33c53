/**
 * Streaming, forward-only reads of journal records through a bounded window, so a journal of
 * any size is read with a fixed amount of memory.
 * @module
 */

import { readSync } from 'node:fs';
import { assert } from '../kernel/index.js';
import {
  checksum,
  RECORD_HEADER_BYTES,
  RECORD_PAYLOAD_MAX_BYTES,
  type RecordFault,
  type RecordHeader,
  readHeader,
} from './format.js';

export const READ_CHUNK_BYTES: number = 1024 * 1024;
const WINDOW_MAX_BYTES = RECORD_HEADER_BYTES + RECORD_PAYLOAD_MAX_BYTES;

/** A window over `[start, end)` of a file that only moves forward. */
export class ChunkReader {
  private window: Buffer;
  private window_position: number;
  private window_bytes = 0;

  constructor(
    private readonly fd: number,
    start_position: number,
    readonly end_position: number,
    chunk_bytes: number = READ_CHUNK_BYTES,
  ) {
    assert(start_position >= 0 && start_position <= end_position, 'bad read range');
    this.window = Buffer.allocUnsafe(Math.max(chunk_bytes, RECORD_HEADER_BYTES));
    this.window_position = start_position;
  }

  get buffer(): Buffer {
    return this.window;
  }

  /**
   * Makes `length` bytes from `position` available and returns their offset in `buffer`, or -1
   * if the range ends after `end_position` (or the file is shorter than expected). The bytes stay
   * valid until the next call.
   */
  fill(position: number, length: number): number {
    assert(position >= this.window_position, 'the reader only moves forward');
    assert(length <= WINDOW_MAX_BYTES, 'read larger than any record');
    if (position + length > this.end_position) return -1;
    const window_end = this.window_position + this.window_bytes;
    if (position + length <= window_end) return position - this.window_position;
    this.slide(position, length);
    while (this.window_bytes < length) {
      const file_position = this.window_position + this.window_bytes;
      const wanted = Math.min(
        this.window.length - this.window_bytes,
        this.end_position - file_position,
      );
      const read = readSync(this.fd, this.window, this.window_bytes, wanted, file_position);
      if (read === 0) return -1;
      this.window_bytes += read;
    }
    return 0;
  }

  /** Moves the window so it starts at `position` and can hold `length` bytes. */
  private slide(position: number, length: number): void {
    const keep_from = position - this.window_position;
    const kept = keep_from < this.window_bytes ? this.window_bytes - keep_from : 0;
    let target = this.window;
    if (length > this.window.length) {
      const grown_bytes = Math.min(WINDOW_MAX_BYTES, Math.max(length, this.window.length * 2));
      target = Buffer.allocUnsafe(grown_bytes);
    }
    if (kept > 0) this.window.copy(target, 0, keep_from, this.window_bytes);
    this.window = target;
    this.window_position = position;
    this.window_bytes = kept;
  }
}

export type RecordStep =
  | { readonly status: 'end' }
  | {
      readonly status: 'record';
      readonly header: RecordHeader;
      readonly position: number;
      /** Offset of the payload in the reader's buffer, valid until the reader moves on. */
      readonly payload_offset: number;
      readonly next_position: number;
    }
  | { readonly status: 'bad'; readonly position: number; readonly fault: RecordFault };

/** Reads and verifies the record at `position`: header checksum, length, payload checksum. */
export function readRecord(reader: ChunkReader, position: number): RecordStep {
  if (position === reader.end_position) return { status: 'end' };
  const header_offset = reader.fill(position, RECORD_HEADER_BYTES);
  if (header_offset < 0) return { status: 'bad', position, fault: 'truncated_header' };
  const result = readHeader(reader.buffer, header_offset);
  if (!result.ok) return { status: 'bad', position, fault: result.fault };
  const header = result.header;
  const record_bytes = RECORD_HEADER_BYTES + header.payload_bytes;
  const offset = reader.fill(position, record_bytes);
  if (offset < 0) return { status: 'bad', position, fault: 'truncated_payload' };
  const payload_offset = offset + RECORD_HEADER_BYTES;
  const payload = reader.buffer.subarray(payload_offset, payload_offset + header.payload_bytes);
  if (checksum(payload) !== header.payload_checksum) {
    return { status: 'bad', position, fault: 'payload_checksum' };
  }
  return {
    status: 'record',
    header,
    position,
    payload_offset,
    next_position: position + record_bytes,
  };
}
