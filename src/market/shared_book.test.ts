import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Rejection, reject } from '../kernel/index.js';
import type { PrefundRequest } from './config.js';
import { SharedBookClass, sharedBookEligibility } from './eligibility.js';
import { buy, marketOrder, place, sell, stateOf, testBook, trades } from './test_helpers.js';
import { Phase, Side } from './types.js';

const HK = 0;
const OVERSEAS = 1;
const PRO = { investor_class: SharedBookClass.PROFESSIONAL };
const RETAIL_LOCAL_ONLY = { investor_class: SharedBookClass.RETAIL_NOT_OPTED_IN };

function sharedBook(prefund: ((request: PrefundRequest) => Rejection | null) | null = null) {
  return testBook({ instrument_key: 'BTC-USD', eligibility: sharedBookEligibility(), prefund });
}

test('the eligibility matrix: non-opted-in retail match only their own venue, others match across', () => {
  const matrix = sharedBookEligibility();
  const groups = matrix.venues * matrix.classes;
  const group = (venue: number, investor_class: number) => venue * matrix.classes + investor_class;
  const allowed = (a: number, b: number) => matrix.allowed[a * groups + b] === 1;
  assert.ok(allowed(group(HK, 0), group(OVERSEAS, 0)));
  assert.ok(allowed(group(HK, 1), group(OVERSEAS, 0)));
  assert.ok(!allowed(group(HK, 2), group(OVERSEAS, 0)));
  assert.ok(!allowed(group(OVERSEAS, 0), group(HK, 2)));
  assert.ok(allowed(group(HK, 2), group(HK, 0)));
});

test('an ineligible resting order is skipped, not consumed: price-time priority bends for that taker', () => {
  const { book, events } = sharedBook();
  const overseas_ask = place(book, sell(100, 5, { venue: OVERSEAS, ...PRO }));
  const hk_ask = place(book, sell(101, 5, { venue: HK, ...PRO }));
  events.clear();
  // A Hong Kong retail client who has not opted in may not trade with the better overseas ask.
  place(book, buy(101, 5, { venue: HK, ...RETAIL_LOCAL_ONLY }));
  assert.deepEqual(
    trades(events).map((t) => [t.maker_order_id, t.price_units]),
    [[hk_ask.order_id, 101]],
  );
  assert.equal(book.getOrder(overseas_ask.order_id)?.remaining_units, 5);
  events.clear();
  // A professional client takes the best price first, as strict price-time priority says.
  place(book, buy(101, 5, { venue: HK, ...PRO }));
  assert.equal(trades(events)[0]?.maker_order_id, overseas_ask.order_id);
});

test('orders that may not match each other can rest crossed; eligible ones still meet', () => {
  const { book, events } = sharedBook();
  place(book, sell(100, 5, { venue: OVERSEAS, ...PRO }));
  const bid = place(book, buy(102, 5, { venue: HK, ...RETAIL_LOCAL_ONLY }));
  assert.equal(book.bestBid(), 102);
  assert.equal(book.bestAsk(), 100);
  book.checkInvariants();
  events.clear();
  place(book, sell(101, 5, { venue: HK, ...PRO }));
  assert.deepEqual(
    trades(events).map((t) => [t.maker_order_id, t.price_units]),
    [[bid.order_id, 102]],
  );
});

test('trades record both venues, owners and accounts, so settlement can route them', () => {
  const { book, events } = sharedBook();
  place(book, sell(100, 5, { venue: OVERSEAS, owner: 11, account: 111, ...PRO }));
  place(book, buy(100, 5, { venue: HK, owner: 22, account: 222, ...PRO }));
  const trade = trades(events)[0];
  assert.deepEqual(
    [trade?.maker_venue, trade?.taker_venue, trade?.maker_owner, trade?.taker_owner],
    [OVERSEAS, HK, 11, 22],
  );
  assert.deepEqual([trade?.maker_account, trade?.taker_account], [111, 222]);
});

test('post-only counts only orders it may match as crossing', () => {
  const { book } = sharedBook();
  place(book, sell(100, 5, { venue: OVERSEAS, ...PRO }));
  place(book, buy(101, 1, { venue: HK, post_only: true, ...RETAIL_LOCAL_ONLY }));
  const refused = book.submit(buy(101, 1, { venue: HK, post_only: true, ...PRO }), 2);
  assert.equal(!refused.ok && refused.code, 'POST_ONLY_WOULD_CROSS');
});

test('every order is pre-funded through the hook, which runs last; its refusal changes nothing', () => {
  const seen: PrefundRequest[] = [];
  let refuse = false;
  const { book, events } = sharedBook((request) => {
    seen.push(request);
    return refuse ? reject('INSUFFICIENT_FUNDS', 'Not enough available balance', {}) : null;
  });
  place(book, sell(100, 2, { venue: OVERSEAS, ...PRO }));
  place(book, sell(103, 2, { venue: OVERSEAS, ...PRO }));
  place(book, marketOrder(Side.BUY, 3, { venue: HK, ...PRO }));
  assert.equal(seen.length, 3);
  assert.equal(
    seen[2]?.price_units,
    103,
    'a market order is funded at the worst price it can reach',
  );
  assert.equal(seen[2]?.quantity_units, 3);
  refuse = true;
  const before = stateOf(book);
  events.clear();
  const outcome = book.submit(buy(103, 1, { venue: HK, ...PRO }), 5);
  assert.equal(!outcome.ok && outcome.code, 'INSUFFICIENT_FUNDS');
  assert.equal(stateOf(book), before);
  assert.equal(events.events.length, 0);
  const invalid = book.submit(buy(103, 0, { venue: HK, ...PRO }), 6);
  assert.equal(!invalid.ok && invalid.code, 'INVALID_QUANTITY');
  assert.equal(seen.length, 4, 'the hook is not asked when another check refuses first');
});

test('replaces that raise the order are pre-funded too', () => {
  const seen: PrefundRequest[] = [];
  const { book } = sharedBook((request) => {
    seen.push(request);
    return null;
  });
  const order = place(book, buy(100, 2, { venue: HK, ...PRO }));
  book.replace(order.order_id, 100, 1, 2);
  book.replace(order.order_id, 101, 3, 3);
  assert.deepEqual(
    seen.map((r) => [r.is_replace, r.price_units, r.quantity_units]),
    [
      [false, 100, 2],
      [true, 101, 3],
    ],
  );
});

test('a venue or class outside the matrix is refused; shared books have no auctions', () => {
  const { book } = sharedBook();
  const unknown = book.submit(buy(100, 1, { venue: 2 }), 1);
  assert.equal(!unknown.ok && unknown.code, 'NOT_ELIGIBLE_TO_MATCH');
  const auction = book.setPhase(Phase.AUCTION_INPUT, 2);
  assert.equal(!auction.ok && auction.code, 'AUCTION_NOT_SUPPORTED');
});
