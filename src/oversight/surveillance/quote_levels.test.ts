import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addToLevels, bestLevel, changeLive, removeFromLevels } from './quote_levels.js';
import type { OrderRec, OwnerInstrument } from './state.js';

function sums(live: readonly OrderRec[], side: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const rec of live)
    if (rec.side === side && rec.remaining_units > 0)
      out.set(rec.price_units, (out.get(rec.price_units) ?? 0) + rec.remaining_units);
  return out;
}

const step = fc.record({
  index: fc.nat(7),
  kind: fc.constantFrom('add', 'change', 'remove'),
  price_units: fc.integer({ min: 1, max: 6 }),
  remaining_units: fc.integer({ min: 0, max: 500 }),
});

test('quote levels always equal the sums of the live orders, per side and price', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const oi = { quote_levels: [new Map(), new Map()] } as unknown as OwnerInstrument;
      const live: OrderRec[] = [];
      for (const s of steps) {
        const rec = live[s.index % Math.max(1, live.length)];
        if (s.kind === 'add' || rec === undefined) {
          const added = {
            order_id: live.length,
            oi,
            side: s.index % 2,
            price_units: s.price_units,
            remaining_units: s.remaining_units,
          } as unknown as OrderRec;
          live.push(added);
          addToLevels(added);
        } else if (s.kind === 'change') changeLive(rec, s.price_units, s.remaining_units);
        else {
          removeFromLevels(rec);
          live.splice(live.indexOf(rec), 1);
        }
        assert.deepEqual(
          new Map([...oi.quote_levels[0]].sort()),
          new Map([...sums(live, 0)].sort()),
        );
        assert.deepEqual(
          new Map([...oi.quote_levels[1]].sort()),
          new Map([...sums(live, 1)].sort()),
        );
      }
    }),
    { seed: 20261205, numRuns: 200 },
  );
});

test('the best level is the highest bid and the lowest ask, with its units', () => {
  const level = new Map([
    [101, 300],
    [99, 100],
    [103, 50],
  ]);
  assert.deepEqual(bestLevel(level, true), [103, 50]);
  assert.deepEqual(bestLevel(level, false), [99, 100]);
  assert.deepEqual(bestLevel(new Map(), true), [0, 0]);
});
