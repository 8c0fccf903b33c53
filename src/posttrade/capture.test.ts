/**
 * Trades to instructions: amounts, novation, streams and dates, and every capture rejection with
 * the state unchanged afterwards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HK_EXCHANGE_CALENDAR } from '../reference/index.js';
import { tradeCashMinor } from './amounts.js';
import { captureTrade } from './capture.js';
import { buyInDateOf } from './cycle.js';
import { instructionRecord } from './instructions.js';
import { POSTTRADE_LIMITS } from './limits.js';
import {
  balance,
  createWorld,
  envOf,
  GREEN_HKD,
  holders,
  MMF_TOKEN,
  MOUTAI,
  openInfrastructure,
  TENCENT,
  tradeOf,
  type World,
  worldText,
} from './testing.js';
import type { TradeForSettlement } from './types.js';

function world(): World {
  const w = createWorld();
  openInfrastructure(w, {
    cn: [MOUTAI],
    hk: [TENCENT],
    other: [GREEN_HKD, MMF_TOKEN],
    cash: ['HKD', 'CNY', 'e-HKD'],
  });
  holders(w, ['buyer', 'seller', 'sb-investor', 'nb-investor'], {
    [TENCENT]: 1_000n,
    [MOUTAI]: 1_000n,
    [GREEN_HKD]: 0n,
    HKD: 100_000_000n,
    CNY: 100_000_000n,
    'e-HKD': 100_000_000n,
  });
  return w;
}

test('the consideration is price × quantity in minor units, rounded half up once per trade', () => {
  assert.equal(tradeCashMinor(620_000, 100, 3, 2), 6_200_000n); // HKD 620.000 × 100
  assert.equal(tradeCashMinor(146_000, 100, 2, 2), 14_600_000n); // RMB 1,460.00 × 100
  assert.equal(tradeCashMinor(1, 5, 3, 2), 1n); // HKD 0.005: half a cent rounds up
  assert.equal(tradeCashMinor(1, 4, 3, 2), 0n); // HKD 0.004 rounds down
  // A bond at 100.125 per 100 of face value, 10,000 units of 1.00: HKD 10,012.50
  assert.equal(tradeCashMinor(100_125, 10_000, 3, 2, 100n), 1_001_250n);
});

test('a captured instruction has the layout a restored one has: the same keys in the same order', () => {
  const w = world();
  const trade = tradeOf({
    trade_id: `${TENCENT}:7`,
    buyer: 'sb-investor',
    buy_route: 'southbound',
  });
  const outcome = captureTrade(w.state, envOf(w), trade);
  assert.ok(outcome.ok);
  assert.equal(outcome.value.length, 2);
  for (const captured of outcome.value) {
    const restored = instructionRecord(captured);
    assert.deepEqual(Object.keys(captured), Object.keys(restored));
    assert.deepEqual(captured, restored);
    assert.ok(Object.is(captured.final_at_us, -0), 'final_at_us starts as a double');
  }
});

test('an exchange trade is novated to its CCP as two instructions settling T+2 in Hong Kong', () => {
  const w = world();
  const outcome = captureTrade(w.state, envOf(w), tradeOf({ trade_id: `${TENCENT}:1` }));
  assert.ok(outcome.ok);
  const [sell, buy] = outcome.value;
  assert.equal(sell?.id, `${TENCENT}:1/S`);
  assert.equal(sell?.deliverer, 'seller');
  assert.equal(sell?.receiver, 'HKSCC');
  assert.equal(buy?.deliverer, 'HKSCC');
  assert.equal(buy?.receiver, 'buyer');
  for (const i of [sell, buy]) {
    assert.equal(i?.group, 'HKSCC');
    assert.equal(i?.model, 'net');
    assert.equal(i?.stream, 'hk_domestic');
    assert.equal(i?.securities_date, '2026-01-07');
    assert.equal(i?.cash_date, '2026-01-07');
    assert.equal(i?.buy_in_date, '2026-01-08');
    assert.equal(i?.cash_minor, 6_200_000n);
    assert.equal(i?.status, 'matched');
  }
});

test('northbound settles securities on T and money on T+1; southbound T+2 with RMB through ChinaClear', () => {
  const w = world();
  const nb = captureTrade(
    w.state,
    envOf(w),
    tradeOf({
      trade_id: `${MOUTAI}:1`,
      instrument: MOUTAI,
      market: 'XSHG',
      currency: 'CNY',
      price_units: 146_000,
      price_scale: 2,
      buyer: 'nb-investor',
      buy_route: 'northbound',
      trade_date: '2026-01-05',
    }),
  );
  assert.ok(nb.ok);
  const nb_buy = nb.value[1];
  assert.equal(nb_buy?.stream, 'northbound');
  assert.equal(nb_buy?.group, 'CSDC');
  assert.equal(nb_buy?.securities_date, '2026-01-05');
  assert.equal(nb_buy?.cash_date, '2026-01-06');
  assert.equal(nb.value[0]?.stream, 'cn_domestic');
  const sb = captureTrade(
    w.state,
    envOf(w),
    tradeOf({ trade_id: `${TENCENT}:9`, buyer: 'sb-investor', buy_route: 'southbound' }),
  );
  assert.ok(sb.ok);
  const sb_buy = sb.value[1];
  assert.equal(sb_buy?.stream, 'southbound');
  assert.equal(sb_buy?.fx, 'buy');
  assert.equal(sb_buy?.cash_asset, 'HKD');
  assert.equal(w.state.accounts.ids[sb_buy?.cash_from ?? -1], 'CSDC/HKD/agent');
  assert.equal(w.state.accounts.ids[sb_buy?.rmb_from ?? -1], 'sb-investor/CNY');
  assert.equal(sb_buy?.securities_date, '2026-01-07');
});

test('a tokenized bond trade settles DvP at once, T+0, in the cash asset the parties chose', () => {
  const w = world();
  holders(w, ['seller'], { [GREEN_HKD]: 50_000n });
  const outcome = captureTrade(
    w.state,
    envOf(w),
    tradeOf({
      trade_id: `${GREEN_HKD}:1`,
      instrument: GREEN_HKD,
      market: 'CMU',
      price_units: 100_125,
      quantity_units: 10_000,
      face_value_minor: 100n,
      cash_asset: 'e-HKD',
    }),
  );
  assert.ok(outcome.ok);
  const [i] = outcome.value;
  assert.equal(i?.group, 'BILATERAL');
  assert.equal(i?.status, 'settled');
  assert.equal(balance(w, 'buyer', GREEN_HKD), 10_000n);
  assert.equal(balance(w, 'seller', GREEN_HKD), 40_000n);
  assert.equal(balance(w, 'buyer', 'e-HKD'), 100_000_000n - 1_001_250n);
  assert.equal(balance(w, 'seller', 'e-HKD'), 100_000_000n + 1_001_250n);
});

function refused(w: World, trade: TradeForSettlement, code: string, field?: string): void {
  const before = worldText(w);
  const outcome = captureTrade(w.state, envOf(w), trade);
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.equal(outcome.code, code);
  if (field !== undefined) assert.equal(outcome.details.field, field);
  assert.equal(worldText(w), before, 'a refused capture changes nothing');
}

test('refuses malformed trades with TRADE_INVALID and the field, changing nothing', () => {
  const w = world();
  refused(w, tradeOf({ trade_id: 'bad id!' }), 'TRADE_INVALID', 'trade_id');
  refused(
    w,
    tradeOf({ trade_id: 'x:1', instrument: 'KYG875721635' }),
    'TRADE_INVALID',
    'instrument',
  );
  refused(w, tradeOf({ trade_id: 'x:1', quantity_units: 0 }), 'TRADE_INVALID', 'quantity_units');
  refused(w, tradeOf({ trade_id: 'x:1', price_units: -1 }), 'TRADE_INVALID', 'price_units');
  refused(w, tradeOf({ trade_id: 'x:1', buy_route: 'northbound' }), 'TRADE_INVALID', 'buy_route');
  refused(w, tradeOf({ trade_id: 'x:1', trade_date: '2026-02-30' }), 'TRADE_INVALID', 'trade_date');
  refused(w, tradeOf({ trade_id: 'x:1', price_scale: 9 }), 'TRADE_INVALID', 'price_scale');
  refused(w, tradeOf({ trade_id: 'x:1', primary: true }), 'TRADE_INVALID', 'primary');
  refused(
    w,
    tradeOf({ trade_id: 'x:1', market: 'CMU', instrument: GREEN_HKD, seller: 'buyer' }),
    'TRADE_INVALID',
    'buyer',
  );
});

test('refuses a trade whose accounts the resolver cannot find (ACCOUNT_UNRESOLVED)', () => {
  const w = world();
  refused(w, tradeOf({ trade_id: 'x:1', buyer: 'nobody' }), 'ACCOUNT_UNRESOLVED');
});

test('refuses a trade captured twice (INSTRUCTION_EXISTS)', () => {
  const w = world();
  assert.ok(captureTrade(w.state, envOf(w), tradeOf({ trade_id: 'x:1' })).ok);
  refused(w, tradeOf({ trade_id: 'x:1' }), 'INSTRUCTION_EXISTS');
});

test('refuses a trade on a day its calendar is closed (SETTLEMENT_DATE_UNAVAILABLE)', () => {
  const w = world();
  refused(w, tradeOf({ trade_id: 'x:1', trade_date: '2026-01-01' }), 'SETTLEMENT_DATE_UNAVAILABLE');
  refused(w, tradeOf({ trade_id: 'x:1', trade_date: '2031-03-03' }), 'SETTLEMENT_DATE_UNAVAILABLE');
});

test('a year-end SEHK trade is captured: 2026-12-29 settles 2026-12-31, buy-in from 2027-01-04', () => {
  const w = world();
  const outcome = captureTrade(
    w.state,
    envOf(w),
    tradeOf({ trade_id: 'ye:1', trade_date: '2026-12-29' }),
  );
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const seller_side = outcome.value[0];
  assert.equal(seller_side?.securities_date, '2026-12-31');
  assert.equal(seller_side?.buy_in_date, '2027-01-04');
});

test('capture does not need the buy-in date: past the calendar data it is computed when due', () => {
  const w = world();
  const last = HK_EXCHANGE_CALENDAR.last_date; // a half day, still a settlement day
  const trade_date = '2027-12-29';
  assert.equal(last, '2027-12-31');
  const outcome = captureTrade(w.state, envOf(w), tradeOf({ trade_id: 'ye:2', trade_date }));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const seller_side = outcome.value[0];
  assert.ok(seller_side);
  assert.equal(seller_side.securities_date, last);
  assert.equal(seller_side.buy_in_date, '', 'not known yet');
  const buy_in = buyInDateOf(w.state, seller_side);
  assert.equal(buy_in.ok ? '' : buy_in.code, 'SETTLEMENT_DATE_UNAVAILABLE');
});

test('refuses a shared-book trade not in the reserve fund asset (RESERVE_ASSET_MISMATCH)', () => {
  const w = world();
  const trade = tradeOf({
    trade_id: 'x:1',
    instrument: MMF_TOKEN,
    market: 'VATP',
    price_scale: 4,
    buy_route: 'vatp_affiliate',
    sell_route: 'vatp_local',
    cash_asset: 'e-HKD',
  });
  refused(w, trade, 'RESERVE_ASSET_MISMATCH');
});

test('refuses when posttrade is full (INSTRUCTIONS_FULL, ACCOUNTS_FULL)', () => {
  const w = world();
  const limits = POSTTRADE_LIMITS as { instructions_max: number; accounts_max: number };
  const saved = { ...limits };
  try {
    limits.instructions_max = 1;
    refused(w, tradeOf({ trade_id: 'x:1' }), 'INSTRUCTIONS_FULL');
    limits.instructions_max = saved.instructions_max;
    limits.accounts_max = 3;
    refused(w, tradeOf({ trade_id: 'x:1' }), 'ACCOUNTS_FULL');
  } finally {
    limits.instructions_max = saved.instructions_max;
    limits.accounts_max = saved.accounts_max;
  }
});
