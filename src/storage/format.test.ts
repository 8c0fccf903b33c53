import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AssertionError } from '../kernel/index.js';
import {
  checksum,
  checksumRange,
  encodeCommitMarker,
  KIND_DATA,
  RECORD_HEADER_BYTES,
  RECORD_MAGIC_BYTES,
  readHeader,
  writeHeader,
} from './format.js';
import { SparseIndex } from './sparse_index.js';

const SEED = 77;

function dataHeader(seq: number, payload_bytes: number, previous_checksum: number): Buffer {
  const bytes = Buffer.alloc(RECORD_HEADER_BYTES);
  writeHeader(bytes, 0, {
    kind: KIND_DATA,
    payload_bytes,
    payload_checksum: 0xdead,
    previous_checksum,
    seq,
  });
  return bytes;
}

describe('record header', () => {
  test('round-trips every field, seq beyond 2^32 included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.nat(1_000_000),
        fc.nat(0xffffffff),
        (seq, payload_bytes, previous_checksum) => {
          const result = readHeader(dataHeader(seq, payload_bytes, previous_checksum), 0);
          assert.ok(result.ok);
          assert.equal(result.header.seq, seq);
          assert.equal(result.header.payload_bytes, payload_bytes);
          assert.equal(result.header.previous_checksum, previous_checksum);
          assert.equal(result.header.payload_checksum, 0xdead);
        },
      ),
      { seed: SEED },
    );
  });

  test("the JavaScript CRC-32 for headers equals zlib's", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(20), (bytes, skip) => {
        const start = Math.min(skip, bytes.length);
        assert.equal(checksumRange(bytes, start, bytes.length), checksum(bytes.subarray(start)));
      }),
      { seed: SEED },
    );
  });

  test('every single-bit flip anywhere in a header is detected', () => {
    const header = dataHeader(123_456_789_012, 200, 0x1234_5678);
    for (let bit = 0; bit < RECORD_HEADER_BYTES * 8; bit += 1) {
      const damaged = Buffer.from(header);
      damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7));
      assert.equal(readHeader(damaged, 0).ok, false, `bit ${bit}`);
    }
  });

  test('names the fault: magic, checksum, version', () => {
    const header = dataHeader(1, 3, 0);
    const no_magic = Buffer.from(header);
    no_magic[0] = 0;
    assert.deepEqual(readHeader(no_magic, 0), { ok: false, fault: 'bad_magic' });
    const bad_sum = Buffer.from(header);
    bad_sum[20] = 1;
    assert.deepEqual(readHeader(bad_sum, 0), { ok: false, fault: 'header_checksum' });
    const version_2 = Buffer.from(header);
    version_2.writeUInt16LE(2, 8);
    version_2.writeUInt32LE(checksum(version_2.subarray(8)), 4);
    assert.deepEqual(readHeader(version_2, 0), { ok: false, fault: 'unsupported_version' });
  });

  test('the magic cannot occur inside UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        assert.equal(Buffer.from(text, 'utf8').indexOf(RECORD_MAGIC_BYTES), -1);
      }),
      { seed: SEED },
    );
    assert.equal(RECORD_MAGIC_BYTES[0], 0xff);
  });

  test('a commit marker is deterministic and has no payload', () => {
    const a = encodeCommitMarker(9, 0xabcdef);
    const b = encodeCommitMarker(9, 0xabcdef);
    assert.deepEqual(a, b);
    const result = readHeader(a.bytes, 0);
    assert.ok(result.ok);
    assert.equal(result.header.payload_bytes, 0);
    assert.equal(result.header.header_checksum, a.header_checksum);
  });

  test('refuses to write an unsafe seq', () => {
    assert.throws(() => dataHeader(2 ** 53, 0, 0), AssertionError);
    assert.throws(() => dataHeader(-1, 0, 0), AssertionError);
  });
});

describe('SparseIndex', () => {
  test('floor() finds a boundary at or before any seq, and memory stays bounded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        (count, probe) => {
          const index = new SparseIndex(8, 3);
          for (let seq = 1; seq <= count; seq += 1) index.note(seq, seq * 10);
          assert.ok(index.entries <= 8);
          const entry = index.floor(Math.min(probe, count));
          assert.ok(entry.seq <= Math.min(probe, count));
          assert.equal(entry.position, entry.seq === 1 ? 10 : entry.seq * 10);
          // The gap to the probe shrinks with the stride: never more than count / (entries / 2).
          assert.ok(Math.min(probe, count) - entry.seq <= Math.max(3, (2 * count) / 8));
        },
      ),
      { seed: SEED },
    );
  });

  test('an empty index points at the start of the file', () => {
    assert.deepEqual(new SparseIndex().floor(10), { seq: 1, position: RECORD_HEADER_BYTES });
  });
});
