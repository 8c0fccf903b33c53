import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OrderIndex } from './order_index.js';

test('the order index agrees with a Map through inserts, removes and growth', () => {
  const idArb = fc.oneof(
    fc.integer({ min: 1, max: 5000 }),
    fc.integer({ min: 2 ** 31 - 20, max: 2 ** 31 + 20 }),
    fc.integer({ min: 2 ** 32, max: 2 ** 32 + 50 }),
    fc.constant(Number.MAX_SAFE_INTEGER),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), idArb), { maxLength: 3000 }), (ops) => {
      const index = new OrderIndex();
      const model = new Map<number, number>();
      ops.forEach(([insert, id], slot) => {
        if (insert && !model.has(id)) {
          index.insert(id, slot);
          model.set(id, slot);
        } else if (!insert) {
          assert.equal(index.remove(id), model.delete(id));
        }
      });
      assert.equal(index.size, model.size);
      for (const [id, slot] of model) assert.equal(index.get(id), slot);
      assert.equal(index.get(0), -1);
      assert.equal(index.get(987_654), model.get(987_654) ?? -1);
      for (const absent of [-8, 1.5, Number.NaN, 2 ** 53 + 2]) assert.equal(index.get(absent), -1);
    }),
    { numRuns: 200, seed: 3 },
  );
});
