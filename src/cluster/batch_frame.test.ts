import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeBatch, encodeBatch, frameBytes } from './batch_frame.js';

describe('batch frame', () => {
  test('round-trips a batch with multi-byte text, and a marker with no envelopes', () => {
    const batch = { epoch: 7, first_seq: 41, envelopes: ['{"a":1}', '{"b":"互通"}'] };
    const bytes = encodeBatch(batch);
    assert.equal(bytes.length, frameBytes([7, Buffer.byteLength('{"b":"互通"}')]));
    assert.deepEqual(decodeBatch(bytes), batch);
    const marker = { epoch: 2 ** 40, first_seq: 1, envelopes: [] };
    assert.deepEqual(decodeBatch(encodeBatch(marker)), marker);
  });

  test('refuses truncated, padded, foreign and zero-epoch frames as a whole', () => {
    const bytes = encodeBatch({ epoch: 3, first_seq: 5, envelopes: ['x', 'yz'] });
    assert.equal(decodeBatch(bytes.subarray(0, bytes.length - 1)), null);
    assert.equal(decodeBatch(new Uint8Array([...bytes, 0])), null);
    assert.equal(decodeBatch(new TextEncoder().encode('{"epoch":3}')), null);
    const zero_epoch = Uint8Array.from(bytes);
    new DataView(zero_epoch.buffer).setBigUint64(4, 0n);
    assert.equal(decodeBatch(zero_epoch), null);
    const bad_utf8 = Uint8Array.from(bytes);
    bad_utf8[bad_utf8.length - 1] = 0xff;
    assert.equal(decodeBatch(bad_utf8), null);
  });
});
