import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encode } from './codec.js';
import { firstDifference } from './compare.js';

test('equal values compare equal; the first difference is named by its path', () => {
  const a = { seq: 1, ledger: { accounts: [{ id: 'A', debits_posted: 5n }], holds: [] } };
  const b = { seq: 1, ledger: { accounts: [{ id: 'A', debits_posted: 6n }], holds: [] } };
  assert.equal(firstDifference(a, structuredClone(a)), undefined);
  assert.equal(firstDifference(a, b), '$.ledger.accounts[0].debits_posted');
  assert.equal(firstDifference([1, 2], [1, 2, 3]), '$.length (2 ≠ 3)');
  assert.equal(firstDifference(5n, 5), '$');
  assert.equal(
    firstDifference({ a: 1, b: 2 }, { b: 2, a: 1 }),
    '$ keys differ at position 0: a ≠ b',
  );
  assert.equal(firstDifference(new Map([['k', 1n]]), new Map([['k', 2n]])), '$[0][1]');
});

test('follows the encoding: toJSON, skipped properties, non-finite numbers', () => {
  const batch = { toJSON: () => ({ id: 'b', count: 2 }) };
  assert.equal(firstDifference(batch, { id: 'b', count: 2 }), undefined);
  assert.equal(firstDifference({ a: 1, x: undefined }, { a: 1 }), undefined);
  assert.equal(firstDifference([undefined], [null]), undefined);
  assert.equal(firstDifference(Number.NaN, null), undefined);
  assert.equal(firstDifference(0, -0), undefined);
  assert.equal(
    firstDifference({ a: 1 }, { a: 1, x: 0 }),
    '$ keys differ at position 1: undefined ≠ x',
  );
});

test('compares equal exactly when encode writes the same text', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'id', 'amount');
  const leaf = fc.oneof(
    fc.bigInt({ min: -3n, max: 3n }),
    fc.integer({ min: -2, max: 2 }),
    fc.constantFrom('', 'x', '1'),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(key, tie('node'), { maxKeys: 3, noNullPrototype: true }),
    ),
  })).node;
  fc.assert(
    fc.property(value, value, (a, b) => {
      const same_text = encode(a) === encode(b);
      assert.equal(firstDifference(a, b) === undefined, same_text);
      assert.equal(firstDifference(a, structuredClone(a)), undefined);
    }),
    { numRuns: 2_000 },
  );
});
