/**
 * The Bond Connect RFQ streams (`interbank`, `cmu_rfq`): gross bilateral DvP on the agreed date,
 * no buy-in, re-settlement for `resettle_days` business days, then a final fail; and snapshots
 * taken before the streams existed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RESOLVER } from './accounts.js';
import { captureTrade } from './capture.js';
import { DEFAULT_POSTTRADE_CONFIG } from './config.js';
import { runCycle } from './cycle.js';
import { checkPosttradeInvariants } from './invariants.js';
import { restorePosttrade, snapshotPosttrade } from './snapshot.js';
import { balance, createWorld, envOf, holders, tradeOf, type World } from './testing.js';

const CGB = 'CND10000KX14';

function world(): World {
  const w = createWorld();
  holders(w, ['S'], { [CGB]: 100n, CNY: 0n });
  holders(w, ['B'], { [CGB]: 0n, CNY: 0n });
  return w;
}

function capture(w: World): void {
  const trade = tradeOf({
    ...{ trade_id: 'BOND:1', instrument: CGB, market: 'CIBM', seller: 'S', buyer: 'B' },
    ...{ buy_route: 'rfq', sell_route: 'rfq', buy_venue: 'RFQ', sell_venue: 'RFQ' },
    ...{ currency: 'CNY', price_scale: 8, price_units: 10_000_000_000, quantity_units: 10 },
    ...{ face_value_minor: 10_000n, cash_minor: 100_123n, settlement_date: '2026-01-06' },
  });
  const outcome = captureTrade(w.state, envOf(w), trade);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
}

function cycle(w: World, date: string) {
  const input = { cycle_id: `c-${date}`, settlement_date: date, end_of_day: true };
  const outcome = runCycle(w.state, envOf(w), input);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  return outcome.value;
}

test('a CIBM RFQ trade: interbank stream, agreed date, no buy-in date', () => {
  const w = world();
  capture(w);
  const i = w.state.instructions.get('BOND:1');
  assert.equal(i?.stream, 'interbank');
  assert.equal(i?.group, 'BILATERAL');
  assert.equal(i?.securities_date, '2026-01-06');
  assert.equal(i?.cash_date, '2026-01-06');
  assert.equal(i?.buy_in_date, '');
  assert.equal(i?.cash_minor, 100_123n);
});

test('failing for 3 business days after its date: closed as a final fail, nothing moved', () => {
  const w = world();
  capture(w);
  for (const date of ['2026-01-06', '2026-01-07', '2026-01-08']) {
    const result = cycle(w, date);
    assert.deepEqual(result.final_fails, [], date);
    assert.deepEqual(result.buy_ins_due, [], 'no buy-in');
    assert.equal(w.state.instructions.get('BOND:1')?.status, 'failed');
  }
  const last = cycle(w, '2026-01-09');
  assert.deepEqual(last.final_fails, ['BOND:1']);
  const i = w.state.instructions.get('BOND:1');
  assert.equal(i?.status, 'cancelled');
  assert.equal(i?.closure, 'final_fail');
  assert.equal(balance(w, 'S', CGB), 100n);
  assert.equal(w.state.open.has('BILATERAL'), false);
});

test('a snapshot without the bond streams restores with their defaults', () => {
  const w = world();
  const snapshot = snapshotPosttrade(w.state);
  const { interbank: _i, cmu_rfq: _c, ...older } = snapshot.config.streams;
  const config = { ...snapshot.config, streams: older } as typeof snapshot.config;
  const restored = restorePosttrade({ ...snapshot, config });
  assert.deepEqual(restored.config.streams.interbank, DEFAULT_POSTTRADE_CONFIG.streams.interbank);
  assert.equal(restored.config.streams.cmu_rfq.resettle_days, 3);
  assert.equal(restorePosttrade(snapshot).config, snapshot.config, 'a full one is kept as is');
});
