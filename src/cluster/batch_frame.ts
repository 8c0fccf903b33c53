/**
 * The binary framing of a journal batch in one stream message:
 *
 *   magic "HTB1" (4 bytes) · epoch u64 · first_seq u64 · count u32 ·
 *   count × (length u32 · UTF-8 bytes of one encoded envelope)
 *
 * Big-endian. Decoding checks every length against the message, so a truncated or padded frame
 * is refused as a whole (`null`), never half read.
 * @module
 */

import { assert } from '../kernel/index.js';
import type { JournalBatch } from './types.js';

const MAGIC = 0x48544231; // "HTB1"
const HEADER_BYTES = 4 + 8 + 8 + 4;
/** More envelopes than this in one message is a malformed frame. */
export const BATCH_ENVELOPES_MAX = 100_000;

const text_encoder = new TextEncoder();
const text_decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBatch(batch: JournalBatch): Uint8Array {
  assert(Number.isSafeInteger(batch.epoch) && batch.epoch > 0, 'batch epoch is a positive integer');
  assert(Number.isSafeInteger(batch.first_seq) && batch.first_seq > 0, 'batch first_seq >= 1');
  assert(batch.envelopes.length <= BATCH_ENVELOPES_MAX, 'batch within BATCH_ENVELOPES_MAX');
  const bodies = batch.envelopes.map((envelope) => text_encoder.encode(envelope));
  let size = HEADER_BYTES;
  for (const body of bodies) size += 4 + body.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC);
  view.setBigUint64(4, BigInt(batch.epoch));
  view.setBigUint64(12, BigInt(batch.first_seq));
  view.setUint32(20, bodies.length);
  let offset = HEADER_BYTES;
  for (const body of bodies) {
    view.setUint32(offset, body.length);
    bytes.set(body, offset + 4);
    offset += 4 + body.length;
  }
  assert(offset === size, 'batch frame filled exactly');
  return bytes;
}

/** The batch in a stream message, or null when the bytes are not a well-formed frame. */
export function decodeBatch(bytes: Uint8Array): JournalBatch | null {
  if (bytes.length < HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MAGIC) return null;
  const epoch = view.getBigUint64(4);
  const first_seq = view.getBigUint64(12);
  const count = view.getUint32(20);
  if (epoch === 0n || epoch > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  if (first_seq === 0n || first_seq > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  if (count > BATCH_ENVELOPES_MAX) return null;
  const envelopes: string[] = [];
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i += 1) {
    if (offset + 4 > bytes.length) return null;
    const length = view.getUint32(offset);
    if (offset + 4 + length > bytes.length) return null;
    const body = decodeText(bytes.subarray(offset + 4, offset + 4 + length));
    if (body === null) return null;
    envelopes.push(body);
    offset += 4 + length;
  }
  if (offset !== bytes.length) return null;
  return { epoch: Number(epoch), first_seq: Number(first_seq), envelopes };
}

function decodeText(bytes: Uint8Array): string | null {
  try {
    return text_decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Frame size of a batch holding envelopes of these byte lengths (for splitting a group). */
export function frameBytes(envelope_bytes: readonly number[]): number {
  let size = HEADER_BYTES;
  for (const length of envelope_bytes) size += 4 + length;
  return size;
}
