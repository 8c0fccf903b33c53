import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IdIndex } from './id_index.js';

test('IdIndex behaves like a Map under random adds, deletes and look-ups', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('add', 'delete', 'get'), fc.string({ maxLength: 4 })), {
        maxLength: 3_000,
      }),
      (ops) => {
        const index = new IdIndex<{ id: string; n: number }>();
        const model = new Map<string, { id: string; n: number }>();
        ops.forEach(([op, id], n) => {
          if (op === 'add' && !model.has(id)) {
            const record = { id, n };
            index.add(record);
            model.set(id, record);
          } else if (op === 'delete') {
            assert.equal(index.delete(id), model.delete(id));
          }
          assert.equal(index.get(id), model.get(id));
          assert.equal(index.size, model.size);
        });
        for (const [id, record] of model) assert.equal(index.get(id), record);
      },
    ),
    { numRuns: 60 },
  );
});

test('IdIndex grows past its initial capacity and sweeps tombstones', () => {
  const index = new IdIndex<{ id: string }>();
  for (let round = 0; round < 5; round += 1) {
    for (let i = 0; i < 20_000; i += 1) index.add({ id: `r${round}/${i}` });
    for (let i = 0; i < 20_000; i += 1) assert.ok(index.delete(`r${round}/${i}`));
  }
  assert.equal(index.size, 0);
  index.add({ id: 'last' });
  assert.equal(index.get('last')?.id, 'last');
});

test('IdIndex refuses a duplicate id loudly', () => {
  const index = new IdIndex<{ id: string }>();
  index.add({ id: 'a' });
  assert.throws(() => index.add({ id: 'a' }));
});
