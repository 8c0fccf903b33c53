import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BookConfigInput } from './config.js';
import { dailyPriceLimits, priceBand } from './config.js';
import { buy, marketOrder, place, sell, stateOf, testBook, trades } from './test_helpers.js';
import { referenceTickRule } from './tick_rule.js';
import { OrderType, Phase, Side } from './types.js';

const CN_TICK = referenceTickRule('cn_a_share');
const HK_TICK = referenceTickRule('hk_equity');

/** An SSE main-board share, previous close RMB 10.00 (prices in RMB 0.01). */
function aShare(overrides: Partial<BookConfigInput> = {}): BookConfigInput {
  return {
    instrument_key: '600000.SH',
    tick: CN_TICK,
    lot_units: 100,
    odd_lot: 'sell_only',
    order_size_max_units: 1_000_000,
    previous_close_units: 1000,
    price_limits: dailyPriceLimits(1000, 1000, CN_TICK),
    market_orders: { levels_max: 5, band_bps: 0 },
    auction_rule: 'sse',
    ...overrides,
  };
}

/** An SEHK share, previous close HKD 400 (prices in HKD 0.001), board lot 100. */
function hkShare(overrides: Partial<BookConfigInput> = {}): BookConfigInput {
  return {
    instrument_key: '0700.HK',
    tick: HK_TICK,
    lot_units: 100,
    odd_lot: 'reject',
    order_size_max_units: 3000 * 100,
    previous_close_units: 400_000,
    quotation_factor: 9,
    limit_queues_max: 1,
    enhanced_limit_queues_max: 10,
    market_orders: null,
    at_auction_orders: true,
    auction_rule: 'hkex',
    ...overrides,
  };
}

function refusal(outcome: { ok: boolean; code?: string }): string | undefined {
  return outcome.ok ? undefined : outcome.code;
}

test('daily limits are the previous close ± the limit, rounded half up to RMB 0.01', () => {
  assert.deepEqual(dailyPriceLimits(1000, 1000, CN_TICK), {
    floor_units: 900,
    ceiling_units: 1100,
  });
  // 11.11 × 1.1 = 12.221 → 12.22; 11.11 × 0.9 = 9.999 → 10.00
  assert.deepEqual(dailyPriceLimits(1111, 1000, CN_TICK), {
    floor_units: 1000,
    ceiling_units: 1222,
  });
  // half up: 10.05 × 1.1 = 11.055 → 11.06; 10.05 × 0.9 = 9.045 → 9.05
  assert.deepEqual(dailyPriceLimits(1005, 1000, CN_TICK), {
    floor_units: 905,
    ceiling_units: 1106,
  });
  // STAR / ChiNext ±20 %: 11.11 × 1.2 = 13.332 → 13.33; × 0.8 = 8.888 → 8.89
  assert.deepEqual(dailyPriceLimits(1111, 2000, CN_TICK), {
    floor_units: 889,
    ceiling_units: 1333,
  });
});

test('a price band is rounded inwards onto the tick grid (HK CAS ±5 %)', () => {
  // HKD 400 ± 5 % = [380, 420]; ticks 0.2 (200–500) are exact here
  assert.deepEqual(priceBand(400_000, 500, HK_TICK), {
    floor_units: 380_000,
    ceiling_units: 420_000,
  });
  // HKD 19.99 ± 5 %: 18.9905 → 19.00 (up), 20.9895 → 20.98 (down, tick 0.02 above 20)
  assert.deepEqual(priceBand(19_990, 500, HK_TICK), { floor_units: 19_000, ceiling_units: 20_980 });
});

test('A shares: prices outside the daily limits are refused, and the book is unchanged', () => {
  const { book } = testBook(aShare());
  place(book, buy(1100, 100));
  const before = stateOf(book);
  assert.equal(refusal(book.submit(buy(1101, 100), 2)), 'PRICE_OUTSIDE_LIMIT');
  assert.equal(refusal(book.submit(sell(899, 100), 2)), 'PRICE_OUTSIDE_LIMIT');
  assert.equal(stateOf(book), before);
});

test('A shares in their first five days have no limits (price_limits null)', () => {
  const { book } = testBook(aShare({ price_limits: null }));
  place(book, buy(3000, 100));
  place(book, sell(300, 100));
  assert.equal(book.restingOrders(), 0);
});

test('a new day brings new limits from the new previous close', () => {
  const { book } = testBook(aShare(), Phase.CLOSED);
  assert.equal(
    book.startDay({
      previous_close_units: 1100,
      price_limits: dailyPriceLimits(1100, 1000, CN_TICK),
    }).ok,
    true,
  );
  book.setPhase(Phase.CONTINUOUS, 1);
  place(book, buy(1210, 100));
  assert.equal(refusal(book.submit(buy(1211, 100), 2)), 'PRICE_OUTSIDE_LIMIT');
  assert.equal(
    refusal(book.startDay({ previous_close_units: 1, price_limits: null })),
    'WRONG_SESSION',
  );
});

test('A shares: odd-lot buys are refused, odd-lot sells trade on the same book', () => {
  const { book, events } = testBook(aShare());
  assert.equal(refusal(book.submit(buy(1000, 150), 1)), 'ODD_LOT_BUY');
  place(book, buy(1000, 200));
  place(book, sell(1000, 150));
  assert.equal(trades(events)[0]?.quantity_units, 150);
  assert.equal(book.volume(Side.BUY), 50);
});

test('A shares: at most 1,000,000 shares per order', () => {
  const { book } = testBook(aShare());
  assert.equal(refusal(book.submit(buy(1000, 1_000_100), 1)), 'ORDER_TOO_LARGE');
  place(book, buy(1000, 1_000_000));
});

test('HK: prices follow the spread table from 4 Aug 2025', () => {
  const { book } = testBook(hkShare());
  assert.equal(refusal(book.submit(buy(400_100, 100), 1)), 'PRICE_OFF_TICK');
  place(book, buy(400_200, 100));
  const low = testBook(hkShare({ previous_close_units: 20_000 })).book;
  // above HKD 20 the tick is 0.020: 20.010 is off tick, 20.020 is on it
  assert.equal(refusal(low.submit(buy(20_010, 100), 1)), 'PRICE_OFF_TICK');
  place(low, buy(20_020, 100));
});

test('HK: odd lots are refused on the main book and orders are at most 3,000 lots', () => {
  const { book } = testBook(hkShare());
  assert.equal(refusal(book.submit(sell(400_000, 150), 1)), 'ODD_LOT_NOT_ALLOWED');
  assert.equal(refusal(book.submit(sell(400_000, 300_100), 1)), 'ORDER_TOO_LARGE');
  place(book, sell(400_000, 300_000));
});

test('HK quotation rule: nothing at 9 times or more, or 1/9 or less, of the nominal price', () => {
  const { book } = testBook(hkShare());
  assert.equal(refusal(book.submit(sell(3_600_000, 100), 1)), 'QUOTATION_RULE');
  assert.equal(refusal(book.submit(buy(44_400, 100), 1)), 'QUOTATION_RULE');
  place(book, buy(44_460, 100));
  place(book, sell(3_598_000, 100));
});

test('HK quotation rule follows the nominal price: last trade, pulled to a higher bid', () => {
  const { book } = testBook(hkShare());
  place(book, sell(400_000, 100));
  place(book, buy(400_000, 100));
  place(book, buy(410_000, 100));
  // nominal is now the bid HKD 410 (above the last trade): 9 × 410 = 3690
  assert.equal(refusal(book.submit(sell(3_690_000, 100), 2)), 'QUOTATION_RULE');
  place(book, sell(3_688_000, 100));
});

test('HK limit orders trade only at the best price; enhanced limit orders up to ten queues', () => {
  const { book, events } = testBook(hkShare());
  for (const price of [400_000, 400_200, 400_400]) place(book, sell(price, 100));
  assert.equal(refusal(book.submit(buy(400_200, 300), 1)), 'TOO_MANY_PRICE_QUEUES');
  // nine ticks through the best ask (HKD 400.0 + 9 × 0.2 = 401.8) is the furthest allowed
  assert.equal(
    refusal(book.submit(buy(402_000, 300, { type: OrderType.ENHANCED_LIMIT }), 1)),
    'TOO_MANY_PRICE_QUEUES',
  );
  const enhanced = place(book, buy(401_800, 400, { type: OrderType.ENHANCED_LIMIT }));
  assert.deepEqual(
    trades(events).map((t) => t.price_units),
    [400_000, 400_200, 400_400],
  );
  assert.equal(book.getOrder(enhanced.order_id)?.remaining_units, 100);
  assert.equal(book.bestBid(), 401_800);
});

test('HK: market orders are not accepted in continuous trading', () => {
  const { book } = testBook(hkShare());
  assert.equal(refusal(book.submit(marketOrder(Side.BUY, 100), 1)), 'ORDER_TYPE_NOT_ALLOWED');
});

test('A-share market orders stop after the best five price levels', () => {
  const { book, events } = testBook(aShare());
  for (let price = 1001; price <= 1007; price++) place(book, sell(price, 100));
  place(book, marketOrder(Side.BUY, 700));
  assert.equal(trades(events).length, 5);
  assert.equal(events.ofKind('cancelled').at(-1)?.cancelled_units, 200);
});
