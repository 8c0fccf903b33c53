import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRulesState, onDayStart, onRejectedByBook } from './index.js';
import { checkRulesInvariants } from './invariants.js';
import { setFxRates } from './operator_fx.js';
import { disclose } from './quota.js';
import {
  at,
  DAY,
  Desk,
  demoReference,
  listEverything,
  must,
  nb,
  quotaOf,
  readyState,
  SEC,
  sb,
  withQuota,
} from './testing.js';

const reference = demoReference();
const BN = 100_000_000_000n; // RMB 1 bn in fen

describe('daily quota: the HKEX worked example', () => {
  test('9 Dec 2014: 13 − 2.548 + 2.824 = 13.276 bn (102 % of the quota)', () => {
    const state = withQuota(reference, 13n * BN);
    const desk = new Desk(state, reference, {
      [`hk-inst-fund|${SEC.MOUTAI}|sh_northbound`]: 2_000_000,
    });
    // RMB 2.548 bn of buy orders: 2 × 1,000,000 Moutai at RMB 1,274.00, not executed
    for (const time of ['09:31', '10:02']) {
      desk.accept(
        nb('hk-retail-chan', {
          instrument: SEC.MOUTAI,
          price_units: 127_400,
          quantity_units: 1_000_000,
        }),
        at(time),
      );
    }
    // RMB 2.824 bn of sell trades: 2 × 1,000,000 Moutai sold at RMB 1,412.00
    const sell = desk.accept(
      nb('hk-inst-fund', {
        instrument: SEC.MOUTAI,
        side: 'sell',
        price_units: 141_200,
        quantity_units: 2_000_000,
      }),
      at('10:30'),
    );
    desk.trade(900_001, sell, 141_200, 1_000_000, at('10:31'));
    desk.trade(900_002, sell, 141_200, 1_000_000, at('10:45'));
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.buy_orders_minor, 2_548_000_000n * 100n);
    assert.equal(q.sell_trades_minor, 2_824_000_000n * 100n);
    assert.equal(q.balance_minor, 13_276_000_000n * 100n);
    assert.ok(q.balance_minor > q.daily_quota_minor, 'the balance may exceed the quota');
    assert.deepEqual(disclose(q), { link: 'sh_northbound', status: 'sufficient' });
    checkRulesInvariants(state);
  });
});

describe('daily quota: each restore path, hand-worked', () => {
  const Q = 52n * BN;
  const buy = (qty = 1_000, price = 5_800) =>
    nb('hk-retail-chan', { instrument: SEC.PINGAN, price_units: price, quantity_units: qty });

  test('a buy consumes price × quantity when accepted (1,000 Ping An at 58.00 = RMB 58,000.00)', () => {
    const state = readyState(reference);
    new Desk(state, reference).accept(buy(), at('10:00'));
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, Q - 5_800_000n);
  });

  test('a cancelled buy restores its whole value', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference);
    const id = desk.accept(buy(), at('10:00'));
    assert.equal(desk.cancel(id, at('10:01')), 'ok');
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.released_minor, 5_800_000n);
    assert.equal(q.balance_minor, Q);
  });

  test('a buy the home market rejects restores its whole value', () => {
    const state = readyState(reference);
    const id = new Desk(state, reference).accept(buy(), at('09:12'));
    onRejectedByBook(state, id, at('09:15'));
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, Q);
    assert.equal(state.orders.size, 0);
  });

  test('a fill below the limit restores (order price − trade price) × quantity', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference);
    const id = desk.accept(buy(), at('10:00'));
    desk.trade(id, 900_000, 5_750, 600, at('10:01')); // 0.50 × 600 = RMB 300.00
    desk.trade(id, 900_000, 5_800, 400, at('10:02')); // at the limit: nothing
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.price_improvement_minor, 30_000n);
    assert.equal(q.balance_minor, Q - 5_800_000n + 30_000n);
    assert.equal(Q - q.balance_minor, 600n * 5_750n + 400n * 5_800n, 'net use = traded value');
  });

  test('a partial fill then a cancel leaves exactly the traded value used', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference);
    const id = desk.accept(buy(), at('10:00'));
    desk.trade(id, 900_000, 5_700, 300, at('10:01')); // improvement 1.00 × 300 = 30,000 fen
    desk.cancel(id, at('10:02')); // releases 700 × 5,800 = 4,060,000 fen
    const q = quotaOf(state, 'sh_northbound');
    assert.equal(q.price_improvement_minor, 30_000n);
    assert.equal(q.released_minor, 4_060_000n);
    assert.equal(Q - q.balance_minor, 300n * 5_700n);
    checkRulesInvariants(state);
  });

  test('a sell trade restores trade price × quantity; a sell order alone does not', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference, {
      [`hk-retail-chan|${SEC.PINGAN}|sh_northbound`]: 500,
    });
    const id = desk.accept(
      buy(500).side === 'buy' ? { ...buy(500), side: 'sell' } : buy(),
      at('10:00'),
    );
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, Q);
    desk.trade(900_000, id, 5_810, 500, at('10:01'));
    assert.equal(quotaOf(state, 'sh_northbound').balance_minor, Q + 2_905_000n);
  });

  test('Southbound values are HKD converted at the reference rate for buys, rounded up', () => {
    const state = readyState(reference);
    const desk = new Desk(state, reference, {
      [`cn-retail-zhang|${SEC.TENCENT}|sh_southbound`]: 100,
    });
    // 100 Tencent at HKD 620.000 = HKD 62,000.00 × 0.93 = RMB 57,660.00
    const id = desk.accept(
      sb('cn-retail-zhang', 'BUND', { instrument: SEC.TENCENT, price_units: 620_000 }),
      at('10:00'),
    );
    const q = quotaOf(state, 'sh_southbound');
    assert.equal(q.buy_orders_minor, 5_766_000n);
    // a fill at 619.500 restores HKD 0.500 × 100 × 0.93 = RMB 46.50
    desk.trade(id, 900_000, 619_500, 100, at('10:01'));
    assert.equal(q.price_improvement_minor, 4_650n);
    // a sell of 100 at HKD 625.000 restores HKD 62,500 × 0.91 = RMB 56,875.00 (rate for sells)
    const sell = desk.accept(
      sb('cn-retail-zhang', 'BUND', {
        instrument: SEC.TENCENT,
        side: 'sell',
        price_units: 625_000,
      }),
      at('10:05'),
    );
    desk.trade(900_001, sell, 625_000, 100, at('10:06'));
    assert.equal(q.sell_trades_minor, 5_687_500n);
    checkRulesInvariants(state);
  });

  test('inexact conversions round against the quota: consume up, restore down', () => {
    const state = createRulesState();
    listEverything(state, reference);
    must(
      setFxRates(state, {
        type: 'rules.set_fx_reference_rates',
        date: DAY,
        rate_for_buys: '0.93171',
        rate_for_sells: '0.91003',
      }),
    );
    must(onDayStart(state, reference, DAY));
    const desk = new Desk(state, reference, { [`cn-inst-fund|${SEC.HSBC}|sh_southbound`]: 400 });
    // 400 HSBC at HKD 105.050: HKD 42,020.000 × 0.93171 = RMB 39,150.4542 → 3,915,046 fen (up)
    const id = desk.accept(
      sb('cn-inst-fund', 'PEARL', {
        instrument: SEC.HSBC,
        price_units: 105_050,
        quantity_units: 400,
      }),
      at('10:00'),
    );
    const q = quotaOf(state, 'sh_southbound');
    assert.equal(q.buy_orders_minor, 3_915_046n);
    // fill 400 at 105.000: improvement HKD 20.000 × 0.93171 = RMB 18.6342 → 1,863 fen (down)
    desk.trade(id, 900_000, 105_000, 400, at('10:01'));
    assert.equal(q.price_improvement_minor, 1_863n);
    // a sell of 400 at 105.000: HKD 42,000 × 0.91003 = RMB 38,221.26 exactly
    const sell = desk.accept(
      sb('cn-inst-fund', 'PEARL', {
        instrument: SEC.HSBC,
        side: 'sell',
        price_units: 105_000,
        quantity_units: 400,
      }),
      at('10:02'),
    );
    desk.trade(900_001, sell, 105_000, 400, at('10:03'));
    assert.equal(q.sell_trades_minor, 3_822_126n);
    checkRulesInvariants(state);
  });
});

describe('daily quota: disclosure (2024)', () => {
  test('shows "sufficient" while at least 30 % remains, then the balance', () => {
    const state = withQuota(reference, 1_000_000n); // RMB 10,000
    const desk = new Desk(state, reference);
    const q = quotaOf(state, 'sh_northbound');
    desk.accept(
      nb('hk-retail-chan', { instrument: SEC.PINGAN, price_units: 7_000, quantity_units: 100 }),
      at('10:00'),
    );
    assert.equal(q.balance_minor, 300_000n); // exactly 30 % left
    assert.deepEqual(disclose(q), { link: 'sh_northbound', status: 'sufficient' });
    desk.accept(
      nb('hk-retail-chan', { instrument: SEC.PINGAN, price_units: 1, quantity_units: 100 }),
      at('10:01'),
    );
    assert.deepEqual(disclose(q), {
      link: 'sh_northbound',
      status: 'balance',
      balance_minor: 299_900n,
      daily_quota_minor: 1_000_000n,
    });
  });
});
