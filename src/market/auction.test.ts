import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { OrderBook } from './book.js';
import type { AuctionRule, BookConfigInput } from './config.js';
import { buy, place, sell, testBook, trades } from './test_helpers.js';
import { uniformTickRule } from './tick_rule.js';
import { CancelReason, OrderType, Phase, Side } from './types.js';

function auctionBook(rule: AuctionRule, reference = 0, overrides: Partial<BookConfigInput> = {}) {
  const fixture = testBook(
    { auction_rule: rule, at_auction_orders: rule === 'hkex', ...overrides },
    Phase.CLOSED,
  );
  fixture.book.setPhase(Phase.AUCTION_INPUT, 0, { reference_price_units: reference });
  fixture.events.clear();
  return fixture;
}

function uncrossed(book: OrderBook): { price_units: number; volume_units: number } {
  const outcome = book.uncross(100);
  assert.ok(outcome.ok);
  return outcome.value;
}

function atAuction(side: 1 | 2, quantity: number) {
  const make = side === Side.BUY ? buy : sell;
  return make(0, quantity, { type: OrderType.AT_AUCTION });
}

test('SSE/SZSE: the price that executes the most volume wins, and all trades print at it', () => {
  const { book, events } = auctionBook('sse');
  const b1005 = place(book, buy(1005, 300));
  const b1000 = place(book, buy(1000, 500));
  const a995 = place(book, sell(995, 200));
  const a1000 = place(book, sell(1000, 400));
  place(book, sell(1005, 300));
  events.clear();
  assert.deepEqual(uncrossed(book), { price_units: 1000, volume_units: 600 });
  assert.deepEqual(
    trades(events).map((t) => [
      t.taker_order_id,
      t.maker_order_id,
      t.price_units,
      t.quantity_units,
      t.aggressor,
    ]),
    [
      [b1005.order_id, a995.order_id, 1000, 200, 0],
      [b1005.order_id, a1000.order_id, 1000, 100, 0],
      [b1000.order_id, a1000.order_id, 1000, 300, 0],
    ],
  );
  assert.equal(book.getOrder(b1000.order_id)?.remaining_units, 200);
  assert.equal(book.bestBid(), 1000);
  assert.equal(book.bestAsk(), 1005);
  const final = events.ofKind('indicative').at(-1);
  assert.equal(final?.final, true);
  assert.equal(final?.price_units, 1000);
});

test('SSE/SZSE: among equal volumes the price with the smaller imbalance wins', () => {
  for (const rule of ['sse', 'szse'] as const) {
    const { book } = auctionBook(rule, 1000);
    place(book, buy(1002, 200));
    place(book, buy(1000, 150));
    place(book, sell(999, 200));
    place(book, sell(1001, 100));
    // 1000: 200 traded, imbalance +150; 1001: 200 traded, imbalance −100
    assert.deepEqual(uncrossed(book), { price_units: 1001, volume_units: 200 });
  }
});

test('SSE: a tie left after the imbalance rule takes the midpoint of the tied prices', () => {
  const { book } = auctionBook('sse', 1001);
  place(book, buy(1002, 100));
  place(book, sell(998, 100));
  assert.deepEqual(uncrossed(book), { price_units: 1000, volume_units: 100 });
});

test('SSE: a midpoint between two ticks is rounded half up', () => {
  const { book } = auctionBook('sse');
  place(book, buy(1002, 200));
  place(book, buy(1000, 100));
  place(book, sell(999, 200));
  place(book, sell(1001, 100));
  // 1000 (imbalance +100) and 1001 (−100) tie: midpoint 1000.5 → 1001
  assert.equal(uncrossed(book).price_units, 1001);
});

test('SZSE: a tie left after the imbalance rule takes the price nearest the reference', () => {
  const cases: Array<[number, number]> = [
    [1001, 1002],
    [999, 998],
    [1000, 1002], // equally near: the higher
  ];
  for (const [reference, expected] of cases) {
    const { book } = auctionBook('szse', reference);
    place(book, buy(1002, 100));
    place(book, sell(998, 100));
    assert.equal(uncrossed(book).price_units, expected, `reference ${reference}`);
  }
});

test('HKEX CAS worked example: IEP $24.00, then $23.95 after an at-auction sell order', () => {
  // HKEX "Closing Auction Session" examples, order book sorted by matching priority.
  const { book, events } = auctionBook('hkex', 24_000, { tick: uniformTickRule(50) });
  const c = place(book, buy(23_950, 400)); // 16:01
  place(book, sell(24_050, 400)); // F 16:03
  const b = place(book, buy(24_000, 1000)); // 16:05
  place(book, sell(24_050, 400)); // G 16:05
  const a = place(book, buy(24_050, 200)); // 16:06
  place(book, sell(24_000, 600)); // E 16:06
  const d = place(book, sell(23_950, 400)); // 16:07
  const indicative = events.ofKind('indicative').at(-1);
  assert.equal(indicative?.price_units, 24_000);
  assert.equal(indicative?.volume_units, 1000);
  book.setPhase(Phase.AUCTION_NO_CANCEL, 2, { reference_price_units: 24_000, auction: 'closing' });
  const h = place(book, atAuction(Side.SELL, 1000)); // 16:08
  assert.equal(events.ofKind('indicative').at(-1)?.price_units, 23_950);
  events.clear();
  assert.deepEqual(uncrossed(book), { price_units: 23_950, volume_units: 1400 });
  assert.deepEqual(
    trades(events).map((t) => [t.taker_order_id, t.maker_order_id, t.quantity_units]),
    [
      [a.order_id, h.order_id, 200],
      [b.order_id, h.order_id, 800],
      [b.order_id, d.order_id, 200],
      [c.order_id, d.order_id, 200],
    ],
  );
  assert.equal(book.getOrder(c.order_id)?.remaining_units, 200);
  assert.equal(book.bestAsk(), 24_000);
});

test('HKEX: equal volume and imbalance everywhere with a buy surplus takes the highest price', () => {
  const { book } = auctionBook('hkex', 100);
  place(book, buy(101, 500));
  place(book, sell(99, 200));
  place(book, sell(100, 200));
  assert.equal(uncrossed(book).price_units, 101);
  const mirror = auctionBook('hkex', 100).book;
  place(mirror, sell(99, 500));
  place(mirror, buy(101, 200));
  place(mirror, buy(100, 200));
  assert.equal(uncrossed(mirror).price_units, 99);
});

test('HKEX: a tie without a one-sided surplus takes the price nearest the reference', () => {
  for (const [reference, expected] of [
    [1001, 1002],
    [999, 998],
    [1000, 1002],
  ] as const) {
    const { book } = auctionBook('hkex', reference);
    place(book, buy(1002, 100));
    place(book, sell(998, 100));
    assert.equal(uncrossed(book).price_units, expected);
  }
});

test('HKEX: at-auction orders match first; those left over are cancelled, limit orders carry on', () => {
  const { book, events } = auctionBook('hkex', 1000);
  const market = place(book, atAuction(Side.BUY, 300));
  const limit = place(book, buy(1001, 100));
  place(book, sell(1000, 200));
  place(book, atAuction(Side.SELL, 50));
  events.clear();
  // 1000 and 1001 both trade 250 with a buy surplus of 150: the highest wins
  assert.deepEqual(uncrossed(book), { price_units: 1001, volume_units: 250 });
  assert.equal(trades(events)[0]?.taker_order_id, market.order_id);
  const leftover = events.ofKind('cancelled');
  assert.deepEqual(
    leftover.map((c) => [c.order_id, c.cancelled_units, c.reason]),
    [[market.order_id, 50, CancelReason.AUCTION_LEFTOVER]],
  );
  assert.equal(book.getOrder(limit.order_id)?.remaining_units, 100);
  assert.equal(book.setPhase(Phase.CONTINUOUS, 101).ok, true);
});

test('HKEX CAS without an IEP matches at the reference price; the POS does not match', () => {
  for (const closing of [true, false]) {
    const { book } = auctionBook('hkex', 1000);
    book.setPhase(Phase.AUCTION_NO_CANCEL, 1, {
      reference_price_units: 1000,
      auction: closing ? 'closing' : 'opening',
    });
    place(book, atAuction(Side.BUY, 100));
    place(book, sell(990, 100));
    place(book, buy(980, 50));
    const result = uncrossed(book);
    assert.deepEqual(
      result,
      closing ? { price_units: 1000, volume_units: 100 } : { price_units: 0, volume_units: 0 },
    );
  }
});

test('HKEX POS: at-auction limit orders 9 times or more from the nominal price are not carried', () => {
  const { book, events } = auctionBook('hkex', 1000, {
    quotation_factor: 9,
    previous_close_units: 1000,
  });
  place(book, buy(880, 100));
  place(book, sell(880, 100));
  // accepted against the previous close (8000 < 9 × 1000), but 9 × the new nominal 880 is 7920
  const far = place(book, sell(8000, 100));
  events.clear();
  assert.equal(uncrossed(book).price_units, 880);
  assert.equal(events.ofKind('cancelled')[0]?.order_id, far.order_id);
  assert.equal(book.restingOrders(), 0);
});

test('the indicative price and volume are published as orders come and go', () => {
  const { book, events } = auctionBook('sse');
  const bid = place(book, buy(1000, 100));
  assert.equal(events.ofKind('indicative').length, 0);
  place(book, sell(990, 60));
  const first = events.ofKind('indicative').at(-1);
  assert.deepEqual(
    [first?.price_units, first?.volume_units, first?.imbalance_units],
    [1000, 60, 40],
  );
  assert.equal(book.cancel(bid.order_id, 3).ok, true);
  const second = events.ofKind('indicative').at(-1);
  assert.deepEqual([second?.price_units, second?.volume_units], [0, 0]);
});

test('auction periods: cancels refused without cancellation, nothing accepted when frozen', () => {
  const { book } = auctionBook('sse');
  const order = place(book, buy(1000, 100));
  book.setPhase(Phase.AUCTION_NO_CANCEL, 1);
  const cancel = book.cancel(order.order_id, 2);
  assert.equal(!cancel.ok && cancel.code, 'WRONG_SESSION');
  place(book, buy(1000, 100));
  book.setPhase(Phase.AUCTION_FROZEN, 3);
  const late = book.submit(buy(1000, 100), 4);
  assert.equal(!late.ok && late.code, 'WRONG_SESSION');
});

test('continuous trading cannot start on a crossed book: uncross first', () => {
  const { book } = auctionBook('sse');
  place(book, buy(1001, 100));
  place(book, sell(1000, 100));
  const early = book.setPhase(Phase.CONTINUOUS, 5);
  assert.equal(!early.ok && early.code, 'BOOK_CROSSED');
  uncrossed(book);
  assert.equal(book.setPhase(Phase.CONTINUOUS, 6).ok, true);
});

test('an auction price band refuses orders outside it (HK CAS ±5 %)', () => {
  const { book } = auctionBook('hkex', 1000);
  book.setPhase(Phase.AUCTION_INPUT, 1, { price_band: { floor_units: 950, ceiling_units: 1050 } });
  const outside = book.submit(buy(1051, 100), 2);
  assert.equal(!outside.ok && outside.code, 'PRICE_OUTSIDE_BAND');
  place(book, buy(1050, 100));
});

test('only limit and at-auction orders are accepted in an auction', () => {
  const { book } = auctionBook('sse');
  const ioc = book.submit(buy(1000, 100, { tif: 3 }), 1);
  assert.equal(!ioc.ok && ioc.code, 'ORDER_TYPE_NOT_ALLOWED');
  const at_auction = book.submit(atAuction(Side.BUY, 100), 1);
  assert.equal(!at_auction.ok && at_auction.code, 'ORDER_TYPE_NOT_ALLOWED');
});

/** The three exchange rules written out plainly over every order price, for comparison. */
function bruteForcePrice(
  rule: AuctionRule,
  bids: Array<[number, number]>,
  asks: Array<[number, number]>,
  reference: number,
): { price: number; volume: number } {
  const prices = [...new Set([...bids, ...asks].map(([p]) => p))].sort((x, y) => x - y);
  const buyAt = (p: number) => bids.filter(([q]) => q >= p).reduce((s, [, n]) => s + n, 0);
  const sellAt = (p: number) => asks.filter(([q]) => q <= p).reduce((s, [, n]) => s + n, 0);
  const highBid = Math.max(0, ...bids.map(([p]) => p));
  const lowAsk = Math.min(Number.MAX_SAFE_INTEGER, ...asks.map(([p]) => p));
  let rows = prices.map((p) => {
    const b = buyAt(p);
    const a = sellAt(p);
    const above = bids.filter(([q]) => q > p).reduce((s, [, n]) => s + n, 0);
    const below = asks.filter(([q]) => q < p).reduce((s, [, n]) => s + n, 0);
    return {
      p,
      v: Math.min(b, a),
      imb: b - a,
      full: above <= Math.min(b, a) && below <= Math.min(b, a),
    };
  });
  if (rule === 'hkex')
    rows = highBid >= lowAsk ? rows.filter((r) => r.p >= lowAsk && r.p <= highBid) : [];
  else rows = rows.filter((r) => r.full);
  rows = rows.filter((r) => r.v > 0);
  if (rows.length === 0) return { price: 0, volume: 0 };
  const vmax = Math.max(...rows.map((r) => r.v));
  rows = rows.filter((r) => r.v === vmax);
  const imin = Math.min(...rows.map((r) => Math.abs(r.imb)));
  rows = rows.filter((r) => Math.abs(r.imb) === imin);
  const low = rows[0]?.p ?? 0;
  const high = rows.at(-1)?.p ?? 0;
  let price: number;
  if (rule === 'sse') price = Math.floor((low + high + 1) / 2);
  else if (rule === 'hkex' && rows.every((r) => r.imb > 0)) price = high;
  else if (rule === 'hkex' && rows.every((r) => r.imb < 0)) price = low;
  else {
    const distance = (r: { p: number }) => Math.abs(r.p - reference);
    const best = Math.min(...rows.map(distance));
    price = Math.max(...rows.filter((r) => distance(r) === best).map((r) => r.p));
  }
  return { price, volume: Math.min(buyAt(price), sellAt(price)) };
}

const sideArb = fc.array(
  fc.tuple(fc.integer({ min: 95, max: 105 }), fc.integer({ min: 1, max: 9 })),
  {
    maxLength: 12,
  },
);

test('uncross agrees with the rules written out plainly, executes that volume, and leaves no cross', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<AuctionRule>('sse', 'szse', 'hkex'),
      sideArb,
      sideArb,
      fc.integer({ min: 95, max: 105 }),
      (rule, bids, asks, reference) => {
        const { book, events } = auctionBook(rule, reference);
        for (const [p, n] of bids) place(book, buy(p, n));
        for (const [p, n] of asks) place(book, sell(p, n));
        const expected = bruteForcePrice(rule, bids, asks, reference);
        events.clear();
        const result = uncrossed(book);
        assert.deepEqual(result, { price_units: expected.price, volume_units: expected.volume });
        const traded = trades(events).reduce((s, t) => s + (t.quantity_units as number), 0);
        assert.equal(traded, expected.volume);
        assert.ok(trades(events).every((t) => t.price_units === expected.price));
        assert.equal(book.isCrossed(), false);
      },
    ),
    { numRuns: 600, seed: 42 },
  );
});
