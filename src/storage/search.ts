/**
 * Looks for valid record headers at any byte offset after a bad record. After damage the record
 * boundaries are unknown, so every occurrence of the magic is tried. The magic starts with 0xFF,
 * a byte that never occurs in UTF-8, so a payload cannot contain it: a hit is a header or noise,
 * and noise must also pass the header checksum to count.
 * @module
 */

import { readSync } from 'node:fs';
import { KIND_COMMIT, RECORD_HEADER_BYTES, RECORD_MAGIC_BYTES, readHeader } from './format.js';
import { READ_CHUNK_BYTES } from './reader.js';

export interface SearchResult {
  /** Offset of the first valid commit marker found, or null when there is none. */
  readonly commit_marker_position: number | null;
  /** Valid data record headers seen before the marker (or before the end). */
  readonly data_headers: number;
}

/** Searches `[from, end)` in chunks; stops at the first valid commit marker. */
export function searchAfter(fd: number, from: number, end: number): SearchResult {
  const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES + RECORD_HEADER_BYTES);
  let data_headers = 0;
  // Bounded: each pass moves `chunk_position` forward by READ_CHUNK_BYTES.
  for (let chunk_position = from; chunk_position < end; chunk_position += READ_CHUNK_BYTES) {
    const bytes = readFully(
      fd,
      chunk,
      Math.min(chunk.length, end - chunk_position),
      chunk_position,
    );
    const hits = Math.min(READ_CHUNK_BYTES, bytes);
    // Bounded: each pass moves `offset` forward by at least one byte.
    for (let offset = chunk.indexOf(RECORD_MAGIC_BYTES, 0); offset >= 0 && offset < hits; ) {
      if (offset + RECORD_HEADER_BYTES <= bytes) {
        const result = readHeader(chunk, offset);
        if (result.ok && result.header.kind === KIND_COMMIT) {
          return { commit_marker_position: chunk_position + offset, data_headers };
        }
        if (result.ok) data_headers += 1;
      }
      offset = chunk.indexOf(RECORD_MAGIC_BYTES, offset + 1);
    }
  }
  return { commit_marker_position: null, data_headers };
}

function readFully(fd: number, target: Buffer, length: number, position: number): number {
  let filled = 0;
  // Bounded: each pass reads at least one byte or stops.
  while (filled < length) {
    const read = readSync(fd, target, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return filled;
}
