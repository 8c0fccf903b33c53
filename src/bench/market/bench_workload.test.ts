import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hutongDriver } from './bench_drivers.js';
import { generateWorkload, OP_CANCEL, OP_LIMIT, PUBLISHED } from './bench_workload.js';

test('workload v1 reproduces the published op mix and final books of both profiles', () => {
  for (const profile of ['spec', 'deep'] as const) {
    const w = generateWorkload(profile);
    assert.deepEqual(w.expected, PUBLISHED[profile], profile);
    let limits = 0;
    let cancels = 0;
    for (let i = 0; i < w.count; i++) {
      if (w.kind[i] === OP_LIMIT) limits++;
      else if (w.kind[i] === OP_CANCEL) cancels++;
    }
    assert.deepEqual([limits, cancels, w.count - limits - cancels], [699_612, 250_395, 49_993]);
  }
  const spec = generateWorkload('spec');
  assert.deepEqual([spec.trades, spec.traded_units], [485_840, 13_004_265]);
});

test('the order book ends workload v1 (spec) in the published state with the published fills', () => {
  const w = generateWorkload('spec');
  const driver = hutongDriver(w, () => {});
  for (let i = 0; i < w.count; i++) driver.step(i);
  assert.deepEqual(driver.finalState(), PUBLISHED.spec);
  assert.equal(driver.trades(), 485_840);
  assert.equal(driver.tradedUnits(), 13_004_265);
});
