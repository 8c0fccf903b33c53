import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Outcome } from '../kernel/index.js';
import type { OrderBook } from './book.js';
import type { BookConfigInput } from './config.js';
import { dailyPriceLimits } from './config.js';
import { sharedBookEligibility } from './eligibility.js';
import { Market } from './market.js';
import { MarketRejection } from './rejections.js';
import { buy, marketOrder, place, sell, stateOf, testBook } from './test_helpers.js';
import { referenceTickRule, uniformTickRule } from './tick_rule.js';
import { OrderType, orderRequest, Phase, Side } from './types.js';

interface Case {
  readonly code: string;
  readonly name: string;
  readonly config?: Partial<BookConfigInput>;
  readonly phase?: Phase;
  readonly setup?: (book: OrderBook) => void;
  readonly act: (book: OrderBook) => Outcome<unknown>;
}

const A_SHARE: Partial<BookConfigInput> = {
  tick: referenceTickRule('cn_a_share'),
  lot_units: 100,
  odd_lot: 'sell_only',
  order_size_max_units: 1_000_000,
  price_limits: dailyPriceLimits(1000, 1000, referenceTickRule('cn_a_share')),
};
const HK_SHARE: Partial<BookConfigInput> = {
  tick: referenceTickRule('hk_equity'),
  lot_units: 100,
  odd_lot: 'reject',
  order_size_max_units: 300_000,
  quotation_factor: 9,
  previous_close_units: 400_000,
  limit_queues_max: 1,
  market_orders: null,
  at_auction_orders: true,
  auction_rule: 'hkex',
};

/** Resting orders on both sides, so "unchanged" means something. */
function seed(book: OrderBook, bid = 990, ask = 1010, lot = 1): void {
  place(book, buy(bid, 2 * lot));
  place(book, sell(ask, 3 * lot));
}

const CASES: readonly Case[] = [
  {
    code: 'INVALID_ORDER',
    name: 'a non-positive order id',
    act: (b) => b.submit(buy(1000, 1, { order_id: 0 }), 5),
  },
  {
    code: 'INVALID_ORDER',
    name: 'an unknown side code',
    act: (b) => b.submit(buy(1000, 1, { side: 3 as Side }), 5),
  },
  {
    code: 'INVALID_ORDER',
    name: 'a negative owner',
    act: (b) => b.submit(buy(1000, 1, { owner: -1 }), 5),
  },
  {
    code: 'INVALID_QUANTITY',
    name: 'a fractional quantity',
    act: (b) => b.submit(buy(1000, 1.5), 5),
  },
  {
    code: 'INVALID_PRICE',
    name: 'a limit order without a price',
    act: (b) => b.submit(buy(0, 1), 5),
  },
  {
    code: 'ORDER_ID_NOT_INCREASING',
    name: 'an order id not above the last one',
    act: (b) => b.submit(buy(1000, 1, { order_id: b.last_order_id }), 5),
  },
  {
    code: 'WRONG_SESSION',
    name: 'an order while closed',
    phase: Phase.CLOSED,
    act: (b) => b.submit(buy(1000, 1), 5),
  },
  {
    code: 'WRONG_SESSION',
    name: 'a cancel in the no-cancel auction period',
    phase: Phase.AUCTION_NO_CANCEL,
    act: (b) => b.cancel(b.orderIds(Side.BUY)[0] ?? 0, 5),
  },
  {
    code: 'WRONG_SESSION',
    name: 'an order during a halt',
    phase: Phase.HALTED,
    act: (b) => b.submit(buy(1000, 1), 5),
  },
  { code: 'WRONG_SESSION', name: 'an uncross outside an auction', act: (b) => b.uncross(5) },
  {
    code: 'ORDER_TYPE_NOT_ALLOWED',
    name: 'a market order on SEHK',
    config: HK_SHARE,
    setup: (b) => seed(b, 399_800, 400_200, 100),
    act: (b) => b.submit(marketOrder(Side.BUY, 100), 5),
  },
  {
    code: 'ORDER_TYPE_NOT_ALLOWED',
    name: 'an at-auction order in continuous trading',
    config: HK_SHARE,
    setup: (b) => seed(b, 399_800, 400_200, 100),
    act: (b) => b.submit(buy(0, 100, { type: OrderType.AT_AUCTION }), 5),
  },
  {
    code: 'PRICE_OFF_TICK',
    name: 'an off-tick HK price',
    config: HK_SHARE,
    setup: (b) => seed(b, 399_800, 400_200, 100),
    act: (b) => b.submit(buy(399_900, 100), 5),
  },
  {
    code: 'ODD_LOT_BUY',
    name: 'an A-share odd-lot buy',
    config: A_SHARE,
    setup: (b) => seed(b, 990, 1010, 100),
    act: (b) => b.submit(buy(1000, 50), 5),
  },
  {
    code: 'ODD_LOT_NOT_ALLOWED',
    name: 'an HK odd lot',
    config: HK_SHARE,
    setup: (b) => seed(b, 399_800, 400_200, 100),
    act: (b) => b.submit(sell(400_000, 50), 5),
  },
  {
    code: 'ORDER_TOO_LARGE',
    name: 'an A-share order above 1,000,000',
    config: A_SHARE,
    setup: (b) => seed(b, 990, 1010, 100),
    act: (b) => b.submit(buy(1000, 1_000_100), 5),
  },
  {
    code: 'PRICE_OUTSIDE_CAGE',
    name: 'an A-share buy above 102 % of the best ask',
    config: { ...A_SHARE, price_cage: { band_bps: 200, ticks_min: 10 } },
    setup: (b) => seed(b, 990, 1010, 100),
    act: (b) => b.submit(buy(1040, 100), 5),
  },
  {
    code: 'PRICE_OUTSIDE_LIMIT',
    name: 'a buy above the daily limit',
    config: A_SHARE,
    setup: (b) => seed(b, 990, 1010, 100),
    act: (b) => b.submit(buy(1101, 100), 5),
  },
  {
    code: 'PRICE_OUTSIDE_BAND',
    name: 'a price outside the auction band',
    phase: Phase.AUCTION_INPUT,
    setup: (b) =>
      b.setPhase(Phase.AUCTION_INPUT, 1, { price_band: { floor_units: 950, ceiling_units: 1050 } }),
    act: (b) => b.submit(buy(1051, 1), 5),
  },
  {
    code: 'QUOTATION_RULE',
    name: 'a price 9 times the nominal price',
    config: HK_SHARE,
    setup: (b) => seed(b, 399_800, 400_200, 100),
    act: (b) => b.submit(sell(3_600_000, 100), 5),
  },
  {
    code: 'TOO_MANY_PRICE_QUEUES',
    name: 'an HK limit order priced through the best ask',
    config: HK_SHARE,
    setup: (b) => seed(b, 399_800, 400_200, 100),
    act: (b) => b.submit(buy(400_400, 100), 5),
  },
  {
    code: 'POST_ONLY_WOULD_CROSS',
    name: 'a crossing post-only order',
    act: (b) => b.submit(buy(1010, 1, { post_only: true }), 5),
  },
  {
    code: 'NOT_ELIGIBLE_TO_MATCH',
    name: 'a venue outside the eligibility matrix',
    config: { eligibility: sharedBookEligibility() },
    act: (b) => b.submit(buy(1000, 1, { venue: 5 }), 5),
  },
  {
    code: 'BOOK_FULL',
    name: 'a resting order on a full book',
    config: { orders_max: 2 },
    act: (b) => b.submit(buy(980, 1), 5),
  },
  {
    code: 'PRICE_LEVELS_FULL',
    name: 'a new price level on a full side',
    config: { levels_max: 1 },
    act: (b) => b.submit(buy(980, 1), 5),
  },
  {
    code: 'UNKNOWN_ORDER',
    name: 'a cancel of an unknown order',
    act: (b) => b.cancel(987_654_321, 5),
  },
  {
    code: 'UNKNOWN_ORDER',
    name: 'a replace of an unknown order',
    act: (b) => b.replace(987_654_321, 1000, 1, 5),
  },
  {
    code: 'REPLACE_NOT_ALLOWED',
    name: 'a replace of an at-auction order',
    config: HK_SHARE,
    phase: Phase.AUCTION_INPUT,
    setup: (b) => place(b, buy(0, 100, { type: OrderType.AT_AUCTION }), 1),
    act: (b) => b.replace(b.orderIds(Side.BUY)[0] ?? 0, 400_000, 100, 5),
  },
  {
    code: 'BOOK_CROSSED',
    name: 'continuous trading on a crossed auction book',
    phase: Phase.AUCTION_INPUT,
    setup: (b) => place(b, buy(1020, 1), 1),
    act: (b) => b.setPhase(Phase.CONTINUOUS, 5),
  },
  {
    code: 'AUCTION_ORDERS_PENDING',
    name: 'leaving an auction with at-auction orders waiting',
    config: HK_SHARE,
    phase: Phase.AUCTION_INPUT,
    setup: (b) => place(b, buy(0, 100, { type: OrderType.AT_AUCTION }), 1),
    act: (b) => b.setPhase(Phase.CLOSED, 5),
  },
  {
    code: 'INVALID_PHASE',
    name: 'setting cooling-off by hand',
    act: (b) => b.setPhase(Phase.COOLING_OFF, 5),
  },
  {
    code: 'AUCTION_NOT_SUPPORTED',
    name: 'an auction on a shared book',
    config: { eligibility: sharedBookEligibility() },
    act: (b) => b.setPhase(Phase.AUCTION_INPUT, 5),
  },
  {
    code: 'VCM_NOT_CONFIGURED',
    name: 'arming a VCM the book does not have',
    act: (b) => b.armVcm(true),
  },
  {
    code: 'INVALID_PRICE',
    name: 'a new day with a negative close',
    phase: Phase.CLOSED,
    act: (b) => b.startDay({ previous_close_units: -1, price_limits: null }),
  },
];

for (const c of CASES) {
  test(`refuses ${c.name} with ${c.code} and leaves the book unchanged`, () => {
    const { book, events } = testBook(c.config ?? {});
    if (c.config?.tick === undefined) seed(book);
    if (c.phase !== undefined && c.phase !== Phase.CONTINUOUS) book.setPhase(c.phase, 1);
    c.setup?.(book);
    events.clear();
    const before = stateOf(book);
    const outcome = c.act(book);
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.code, c.code);
    assert.ok(outcome.message.length > 0 && !outcome.message.endsWith('.'));
    assert.equal(typeof outcome.details, 'object');
    assert.equal(stateOf(book), before);
    assert.deepEqual(events.events, []);
  });
}

test('every published rejection code is exercised by a test', () => {
  const tested = new Set([
    ...CASES.map((c) => c.code),
    'UNKNOWN_INSTRUMENT',
    'INSTRUMENT_EXISTS',
    'VCM_PRICE_OUTSIDE_BAND',
    'ORDER_SIZE_MAX_TOO_LARGE',
    'LOT_SIZE_INVALID',
  ]);
  assert.deepEqual(
    Object.values(MarketRejection).filter((code) => !tested.has(code)),
    [],
  );
});

test('a market refuses unknown instruments and duplicate books, and changes nothing', () => {
  const market = new Market('SSE');
  assert.ok(market.addBook({ instrument_key: '600000.SH', tick: uniformTickRule(1) }).ok);
  const before = JSON.stringify(market.snapshot());
  const unknown = market.submit(
    '999999.SH',
    orderRequest({ order_id: 1, price_units: 1, quantity_units: 1 }),
    1,
  );
  assert.equal(!unknown.ok && unknown.code, 'UNKNOWN_INSTRUMENT');
  const duplicate = market.addBook({ instrument_key: '600000.SH', tick: uniformTickRule(1) });
  assert.equal(!duplicate.ok && duplicate.code, 'INSTRUMENT_EXISTS');
  assert.equal(JSON.stringify(market.snapshot()), before);
});

test('a market refuses a book whose sizes overflow, or past its maximum, and changes nothing', () => {
  const market = new Market('SEHK', undefined, 1);
  const tick = uniformTickRule(1);
  const before = JSON.stringify(market.snapshot());
  const too_large = market.addBook({
    instrument_key: '0001.HK',
    tick,
    order_size_max_units: 2 ** 33,
  });
  assert.equal(!too_large.ok && too_large.code, 'ORDER_SIZE_MAX_TOO_LARGE');
  const bad_lot = market.addBook({ instrument_key: '0001.HK', tick, lot_units: 0 });
  assert.equal(!bad_lot.ok && bad_lot.code, 'LOT_SIZE_INVALID');
  assert.equal(JSON.stringify(market.snapshot()), before);
  assert.ok(
    market.addBook({ instrument_key: '0001.HK', tick, order_size_max_units: 2 ** 33 - 1 }).ok,
  );
  const full = market.checkNewBook({ instrument_key: '0002.HK', tick });
  assert.equal(full?.code, 'BOOK_FULL');
});
