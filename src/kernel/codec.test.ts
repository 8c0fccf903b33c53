import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decode, encode } from './codec.js';

test('encode/decode round-trips bigints exactly, beyond 2^53', () => {
  const value = { amount: (1n << 100n) + 7n, list: [1n, -2n], label: '123', nested: { n: 0n } };
  assert.deepEqual(decode(encode(value)), value);
});

test('a string that looks like a number stays a string', () => {
  assert.deepEqual(decode(encode({ id: '42', amount: 42n })), { id: '42', amount: 42n });
});

test('round-trips arbitrary JSON-with-bigint values', () => {
  // '__proto__' is not a key JSON round-trips as data; '$bigint' is the codec's own tag.
  const safe_key = fc.string().filter((key) => key !== '__proto__' && key !== '$bigint');
  const leaf = fc.oneof(fc.bigInt(), fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node')),
      fc.dictionary(safe_key, tie('node'), { noNullPrototype: true }),
    ),
  })).node;
  fc.assert(
    fc.property(value, (v) => {
      assert.deepEqual(decode(encode(v)), v);
    }),
  );
});

test('a value without bigints encodes as plain JSON; one deep in an array is tagged', () => {
  const order = { seq: 7, command: { type: 'market.submit_order', quantity_units: 100, tags: [] } };
  assert.equal(encode(order), JSON.stringify(order));
  const transfer = { seq: 8, command: { transfers: [{ id: 't', amount_minor: 5n }] } };
  assert.equal(
    encode(transfer),
    '{"seq":8,"command":{"transfers":[{"id":"t","amount_minor":{"$bigint":"5"}}]}}',
  );
  // The tag is gone after the call: a bigint elsewhere still refuses plain JSON.
  assert.throws(() => JSON.stringify({ amount: 1n }), TypeError);
});
