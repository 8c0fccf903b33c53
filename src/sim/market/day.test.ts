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
  // The sese.023 trades between Hong Kong holders (RFQ trades settle by their own dates, below).
  const bonds = instructions.filter(
    (i) => i.isin === GREEN_BOND_HKD && !i.trade_id.startsWith('BOND:'),
  );
  assert.ok(bonds.length > 20, `bond instructions: ${bonds.length}`);
  for (const i of bonds) {
    assert.equal(i.status, 'settled', `${i.id}: ${i.status} ${i.fail_reason ?? ''}`);
    assert.equal(i.cash_asset, 'e-HKD');
    assert.ok(i.cash_minor > 0n);
  }
  assert.equal(run.rejected.get('SESE023_INVALID') ?? 0, 0);
});

test('Mainland investors trade bonds by RFQ with three makers; T+0 settles at once', () => {
  const run = demoDay();
  const state = run.hub.hub.state;
  const trades = run.events.filter((e) => e.event.type === 'bond_trade');
  assert.ok(trades.length >= 10, `RFQ trades: ${trades.length}`);
  for (const rfq of state.bonds.rfq.rfqs.values()) {
    assert.deepEqual([...rfq.request.dealers], ['BOCHK', 'HSBC', 'SCBHK']);
    assert.ok(['cn-inst-fund', 'cn-qdii-fund'].includes(rfq.request.requester));
  }
  const quotes = run.events.filter((e) => e.event.type === 'rfq_quote').length;
  assert.ok(quotes >= 2 * trades.length, `quotes ${quotes} for ${trades.length} trades`);
  const rfq_trades = [...state.posttrade.instructions.values()].filter((i) =>
    i.trade_id.startsWith('BOND:'),
  );
  assert.equal(rfq_trades.length, trades.length, 'every RFQ trade captured for settlement');
  const t0 = rfq_trades.filter((i) => i.securities_date === DEMO_FIRST_DAY);
  const t1 = rfq_trades.filter((i) => i.securities_date > DEMO_FIRST_DAY);
  assert.ok(t0.length > 0 && t1.length > 0, `T+0 ${t0.length}, T+1 ${t1.length}`);
  for (const i of t0) assert.equal(i.status, 'settled', `${i.id}: ${i.fail_reason}`);
  for (const i of t1) assert.equal(i.status, 'matched', `${i.id} waits for its date`);
  const bond_refusals = [...run.rejected].filter(([code]) => /^(BOND|RFQ|SB_BOND)_/.test(code));
  assert.deepEqual(bond_refusals, []);
  // The MOF bond is registered at 09:15, after the hub's 09:00 run: its registration asks for
  // another run of the day, which pays the coupon due today (docs/bonds.md §8.12).
  assert.ok(state.bonds.coupons_paid.has('HKHTMOF27CN7:2026-01-05'), "the day's coupon paid");
});
