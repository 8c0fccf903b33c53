/**
 * One commit group being assembled: data records encoded back to back into a buffer allocated
 * once, at its maximum size.
 * @module
 */

import { assert } from '../kernel/index.js';
import { checksum, KIND_DATA, RECORD_HEADER_BYTES, writeHeader } from './format.js';

export class GroupBuffer {
  private readonly storage: Buffer;
  private used = 0;
  private count = 0;
  private last = 0;

  constructor(readonly capacity_bytes: number) {
    assert(
      Number.isSafeInteger(capacity_bytes) && capacity_bytes > RECORD_HEADER_BYTES,
      'bad size',
    );
    this.storage = Buffer.allocUnsafe(capacity_bytes);
  }

  get used_bytes(): number {
    return this.used;
  }

  get records(): number {
    return this.count;
  }

  /** Seq of the last record in the group (0 when empty). */
  get last_seq(): number {
    return this.last;
  }

  /** The encoded records; valid until the next `reset`. */
  get bytes(): Buffer {
    return this.storage.subarray(0, this.used);
  }

  fits(payload_bytes: number): boolean {
    return this.used + RECORD_HEADER_BYTES + payload_bytes <= this.capacity_bytes;
  }

  /** Encodes a data record and returns its header checksum; the caller checked `fits`. */
  appendData(
    seq: number,
    payload: string,
    payload_bytes: number,
    previous_checksum: number,
  ): number {
    assert(this.fits(payload_bytes), 'record does not fit the group buffer');
    const header_offset = this.used;
    const payload_offset = header_offset + RECORD_HEADER_BYTES;
    const written = this.storage.write(payload, payload_offset, payload_bytes, 'utf8');
    assert(written === payload_bytes, 'payload length changed while encoding');
    const payload_checksum = checksum(
      this.storage.subarray(payload_offset, payload_offset + payload_bytes),
    );
    const header_checksum = writeHeader(this.storage, header_offset, {
      kind: KIND_DATA,
      payload_bytes,
      payload_checksum,
      previous_checksum,
      seq,
    });
    this.used = payload_offset + payload_bytes;
    this.count += 1;
    this.last = seq;
    return header_checksum;
  }

  reset(): void {
    this.used = 0;
    this.count = 0;
    this.last = 0;
  }
}
