import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_FIRST_DAY } from '../genesis.js';
import { GREEN_BOND_HKD } from './bond_desk.js';
import { type DayRun, movePercent, rangePercent, runDemoDay } from './day.js';
import { MarketSimulator } from './simulator.js';

// Seed 2026 is `hutong start`'s; a failure names the instrument and its figures.
const SEED = 2026;
const TOKEN = 'HKHTMMFTK016';

let day: DayRun | undefined;
function demoDay(): DayRun {
  day ??= runDemoDay(new MarketSimulator({ seed: SEED }), DEMO_FIRST_DAY, 4);
  return day;
}

test('a simulated day moves each instrument by a few percent, not tens (seed 2026)', () => {
  const run = demoDay();
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

test('the tokenized fund trades on the shared book and settles at once', () => {
  const run = demoDay();
  const fund = run.prices.find((p) => p.instrument === TOKEN);
  assert.ok(fund !== undefined && fund.trades > 100, `HMMF trades: ${fund?.trades}`);
  const instructions = [...run.hub.hub.state.posttrade.instructions.values()];
  const settled = instructions.filter((i) => i.isin === TOKEN && i.status === 'settled');
  assert.ok(settled.length >= fund.trades, `settled ${settled.length} of ${fund.trades}`);
});

test('the tokenized green bond changes hands, settled DvP in e-HKD', () => {
  const run = demoDay();
  const instructions = [...run.hub.hub.state.posttrade.instructions.values()];
  const bonds = instructions.filter((i) => i.isin === GREEN_BOND_HKD);
  assert.ok(bonds.length > 20, `bond instructions: ${bonds.length}`);
  for (const i of bonds) {
    assert.equal(i.status, 'settled', `${i.id}: ${i.status} ${i.fail_reason ?? ''}`);
    assert.equal(i.cash_asset, 'e-HKD');
    assert.ok(i.cash_minor > 0n);
  }
  assert.equal(run.rejected.get('SESE023_INVALID') ?? 0, 0);
});
