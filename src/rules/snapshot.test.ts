import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decode, encode } from '../kernel/index.js';
import {
  checkRulesInvariants,
  type RulesSnapshot,
  restoreRules,
  seedForeignHoldings,
  setFxRates,
  setSouthboundChannel,
  snapshotRules,
} from './index.js';
import { at, DAY, Desk, demoReference, must, nb, readyState, SEC, sb } from './testing.js';

const reference = demoReference();

/** A state in the middle of a day: open orders both ways, fills, lots, rates, channels. */
function busyState() {
  const state = readyState(reference);
  must(
    setSouthboundChannel(state, reference, {
      type: 'rules.set_southbound_channel',
      investor: 'cn-retail-zhang',
      channel: 'XSHE',
    }),
  );
  must(
    setFxRates(state, {
      type: 'rules.set_fx_settlement_rates',
      date: '2025-12-31',
      rate_for_buys: '0.92',
      rate_for_sells: '0.91',
    }),
  );
  must(
    seedForeignHoldings(
      state,
      reference,
      {
        type: 'rules.seed_foreign_holdings',
        holdings: [{ instrument: SEC.PINGAN, owner: 'sg-inst-fund', units: 5_000n }],
      },
      at('08:00'),
    ),
  );
  const desk = new Desk(state, reference, { [`sg-inst-fund|${SEC.PINGAN}|sh_northbound`]: 5_000 });
  const buy = desk.accept(
    nb('hk-inst-fund', { instrument: SEC.PINGAN, price_units: 5_800, quantity_units: 1_000 }),
    at('10:00'),
  );
  desk.trade(buy, 900_000, 5_790, 300, at('10:01'));
  desk.accept(nb('hk-inst-fund', { instrument: SEC.MOUTAI, price_units: 146_000 }), at('10:02'));
  const sell = desk.accept(
    nb('sg-inst-fund', {
      instrument: SEC.PINGAN,
      side: 'sell',
      price_units: 5_800,
      quantity_units: 2_000,
    }),
    at('10:03'),
  );
  desk.trade(900_001, sell, 5_800, 500, at('10:04'));
  desk.accept(
    sb('cn-retail-zhang', 'BUND', { instrument: SEC.TENCENT, price_units: 620_000 }),
    at('10:05'),
  );
  return { state, desk };
}

describe('snapshot and restore', () => {
  test('round-trips through the codec to an equal state with equal bytes', () => {
    const { state } = busyState();
    const text = encode(snapshotRules(state));
    const restored = restoreRules(decode(text) as RulesSnapshot);
    assert.equal(encode(snapshotRules(restored)), text);
    checkRulesInvariants(restored);
  });

  test('a restored state carries on exactly like the original', () => {
    const a = busyState();
    const b = busyState();
    const restored = restoreRules(decode(encode(snapshotRules(b.state))) as RulesSnapshot);
    const desk_b = new Desk(restored, reference, {
      [`sg-inst-fund|${SEC.PINGAN}|sh_northbound`]: 5_000,
    });
    desk_b.next_order_id = a.desk.next_order_id;
    for (const [id, open] of a.desk.open) desk_b.open.set(id, open);
    for (const desk of [a.desk, desk_b]) {
      desk.trade(1, 900_002, 5_750, 700, at('10:10'));
      desk.cancel(2, at('10:11'));
      desk.trade(900_003, 3, 5_810, 1_500, at('10:12'));
      desk.accept(
        sb('cn-retail-zhang', 'BUND', { instrument: SEC.TENCENT, price_units: 610_000 }),
        at('10:13'),
      );
    }
    assert.equal(encode(snapshotRules(restored)), encode(snapshotRules(a.state)));
    checkRulesInvariants(restored);
  });

  test('is plain data: no Maps, no functions, rates as text', () => {
    const snapshot = snapshotRules(busyState().state);
    const walk = (value: unknown): void => {
      assert.ok(!(value instanceof Map) && typeof value !== 'function');
      if (typeof value === 'object' && value !== null)
        for (const v of Object.values(value)) walk(v);
    };
    walk(snapshot);
    assert.deepEqual(snapshot.fx_reference, [[DAY, '0.9300', '0.9100']]);
  });
});
