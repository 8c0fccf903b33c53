import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_FIRST_DAY } from '../genesis.js';
import { movePercent, rangePercent, runDemoDay } from './day.js';
import { MarketSimulator } from './simulator.js';

// Seed 2026 is `hutong start`'s; a failure names the instrument and its figures.
const SEED = 2026;

test('a simulated day moves each instrument by a few percent, not tens (seed 2026)', () => {
  const run = runDemoDay(new MarketSimulator({ seed: SEED }), DEMO_FIRST_DAY, 4);
  const equities = run.prices.filter((p) => p.trades >= 50);
  assert.ok(equities.length >= 10, `instruments that traded: ${equities.length}`);
  for (const day of equities) {
    const figures = `${day.symbol}: move ${movePercent(day).toFixed(2)} %, range ${rangePercent(day).toFixed(2)} %, ${day.trades} trades`;
    assert.ok(Math.abs(movePercent(day)) < 6, figures);
    assert.ok(rangePercent(day) < 9, figures);
    assert.ok(rangePercent(day) > 0, figures);
  }
  run.hub.hub.checkInvariants();
});
