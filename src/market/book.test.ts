import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buy, marketOrder, place, sell, stateOf, testBook, trades } from './test_helpers.js';
import { CancelReason, Phase, Side, TimeInForce } from './types.js';

test('a limit order that does not cross rests and is announced as accepted, rested and BBO', () => {
  const { book, events } = testBook();
  const order = place(book, buy(100, 5));
  assert.deepEqual(
    events.events.map((e) => e.kind),
    ['accepted', 'rested', 'bbo'],
  );
  assert.equal(book.bestBid(), 100);
  assert.equal(book.getOrder(order.order_id)?.remaining_units, 5);
  const bbo = events.ofKind('bbo')[0];
  assert.equal(bbo?.bid_size_units, 5);
});

test('an incoming order trades at the resting price, best price first, then earliest first', () => {
  const { book, events } = testBook();
  const first = place(book, sell(101, 3));
  const second = place(book, sell(101, 3));
  const better = place(book, sell(100, 2));
  events.clear();
  const taker = place(book, buy(102, 6));
  const fills = trades(events).map((t) => [t.maker_order_id, t.price_units, t.quantity_units]);
  assert.deepEqual(fills, [
    [better.order_id, 100, 2],
    [first.order_id, 101, 3],
    [second.order_id, 101, 1],
  ]);
  const last = trades(events)[2];
  assert.equal(last?.taker_order_id, taker.order_id);
  assert.equal(last?.maker_remaining_units, 2);
  assert.equal(last?.taker_remaining_units, 0);
  assert.equal(last?.aggressor, Side.BUY);
  assert.equal(book.bestAsk(), 101);
  assert.equal(book.volume(Side.SELL), 2);
});

test('a partly filled limit order rests with what is left', () => {
  const { book, events } = testBook();
  place(book, sell(100, 4));
  const taker = place(book, buy(100, 10));
  assert.equal(book.getOrder(taker.order_id)?.remaining_units, 6);
  assert.equal(book.getOrder(taker.order_id)?.filled_units, 4);
  assert.equal(events.ofKind('rested').at(-1)?.remaining_units, 6);
  assert.equal(book.bestBid(), 100);
  assert.equal(book.bestAsk(), 0);
});

test('IOC trades what it can and cancels the rest', () => {
  const { book, events } = testBook();
  place(book, sell(100, 4));
  const ioc = place(book, buy(100, 10, { tif: TimeInForce.IOC }));
  const cancel = events.ofKind('cancelled').at(-1);
  assert.equal(cancel?.order_id, ioc.order_id);
  assert.equal(cancel?.cancelled_units, 6);
  assert.equal(cancel?.reason, CancelReason.IOC_REMAINDER);
  assert.equal(book.restingOrders(), 0);
});

test('FOK fills completely or does nothing at all', () => {
  const { book, events } = testBook();
  place(book, sell(100, 4));
  place(book, sell(101, 4));
  const before = stateOf(book);
  events.clear();
  const killed = place(book, buy(101, 9, { tif: TimeInForce.FOK }));
  assert.equal(trades(events).length, 0);
  assert.equal(events.ofKind('cancelled')[0]?.reason, CancelReason.FOK_KILL);
  assert.equal(events.ofKind('cancelled')[0]?.order_id, killed.order_id);
  assert.equal(
    stateOf(book).replace(/"last_order_id":\d+/, ''),
    before.replace(/"last_order_id":\d+/, ''),
  );
  events.clear();
  place(book, buy(101, 8, { tif: TimeInForce.FOK }));
  assert.deepEqual(
    trades(events).map((t) => t.quantity_units),
    [4, 4],
  );
  assert.equal(book.restingOrders(), 0);
});

test('a market order sweeps the other side and drops its unfilled part', () => {
  const { book, events } = testBook();
  place(book, sell(100, 2));
  place(book, sell(105, 2));
  const order = place(book, marketOrder(Side.BUY, 7));
  assert.deepEqual(
    trades(events).map((t) => t.price_units),
    [100, 105],
  );
  const cancel = events.ofKind('cancelled').at(-1);
  assert.equal(cancel?.order_id, order.order_id);
  assert.equal(cancel?.cancelled_units, 3);
  assert.equal(cancel?.reason, CancelReason.MARKET_REMAINDER);
});

test('market-order protection stops at the level limit (SSE/SZSE best five)', () => {
  const { book, events } = testBook({ market_orders: { levels_max: 2, band_bps: 0 } });
  for (const price of [100, 101, 102]) place(book, sell(price, 1));
  place(book, marketOrder(Side.BUY, 3));
  assert.deepEqual(
    trades(events).map((t) => t.price_units),
    [100, 101],
  );
  assert.equal(book.bestAsk(), 102);
});

test('market-order protection stops at the price band from the best opposite price', () => {
  const { book, events } = testBook({ market_orders: { levels_max: 0, band_bps: 200 } });
  for (const price of [1000, 1019, 1020, 1021]) place(book, sell(price, 1));
  place(book, marketOrder(Side.BUY, 4));
  assert.deepEqual(
    trades(events).map((t) => t.price_units),
    [1000, 1019, 1020],
  );
});

test('a market order with a protection price trades no worse than it', () => {
  const { book, events } = testBook();
  for (const price of [100, 101, 102]) place(book, sell(price, 1));
  place(book, marketOrder(Side.BUY, 3, { price_units: 101 }));
  assert.deepEqual(
    trades(events).map((t) => t.price_units),
    [100, 101],
  );
});

test('post-only rests when it would not trade and is refused when it would', () => {
  const { book } = testBook();
  place(book, sell(101, 1));
  place(book, buy(100, 1, { post_only: true }));
  const before = stateOf(book);
  const refused = book.submit(buy(101, 1, { post_only: true }), 2);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'POST_ONLY_WOULD_CROSS');
  assert.equal(stateOf(book), before);
});

test('DAY orders expire at the end of the day, GTC orders stay', () => {
  const { book, events } = testBook();
  const day = place(book, buy(99, 1, { tif: TimeInForce.DAY }));
  const gtc = place(book, buy(98, 1, { tif: TimeInForce.GTC }));
  const early = book.expireDay(5);
  assert.equal(!early.ok && early.code, 'WRONG_SESSION');
  book.setPhase(Phase.CLOSED, 6);
  events.clear();
  const expired = book.expireDay(7);
  assert.deepEqual(expired, { ok: true, value: 1 });
  const cancel = events.ofKind('cancelled')[0];
  assert.equal(cancel?.order_id, day.order_id);
  assert.equal(cancel?.reason, CancelReason.DAY_EXPIRY);
  assert.notEqual(book.getOrder(gtc.order_id), null);
  assert.equal(book.getOrder(day.order_id), null);
});

test('cancel removes the order and reports what was left', () => {
  const { book, events } = testBook();
  const order = place(book, buy(100, 5));
  place(book, sell(100, 2));
  events.clear();
  assert.equal(book.cancel(order.order_id, 3).ok, true);
  const cancel = events.ofKind('cancelled')[0];
  assert.equal(cancel?.cancelled_units, 3);
  assert.equal(cancel?.reason, CancelReason.USER_CANCEL);
  assert.equal(book.restingOrders(), 0);
  const again = book.cancel(order.order_id, 4);
  assert.equal(!again.ok && again.code, 'UNKNOWN_ORDER');
});

test('replace keeps time priority only for the same price and a smaller size', () => {
  const { book, events } = testBook();
  const a = place(book, buy(100, 5));
  const b = place(book, buy(100, 5));
  assert.equal(book.replace(a.order_id, 100, 3, 2).ok, true);
  assert.equal(events.ofKind('replaced').at(-1)?.priority_kept, true);
  assert.deepEqual(book.orderIds(Side.BUY), [a.order_id, b.order_id]);
  assert.equal(book.replace(a.order_id, 100, 4, 3).ok, true);
  assert.equal(events.ofKind('replaced').at(-1)?.priority_kept, false);
  assert.deepEqual(book.orderIds(Side.BUY), [b.order_id, a.order_id]);
  assert.equal(book.replace(b.order_id, 101, 5, 4).ok, true);
  assert.equal(book.replace(b.order_id, 100, 5, 5).ok, true);
  assert.deepEqual(book.orderIds(Side.BUY), [a.order_id, b.order_id]);
  assert.equal(book.volume(Side.BUY), 9);
});

test('a replace that crosses trades like a new order, at the resting price', () => {
  const { book, events } = testBook();
  place(book, sell(102, 2));
  const order = place(book, buy(100, 5));
  events.clear();
  assert.equal(book.replace(order.order_id, 103, 5, 2).ok, true);
  assert.deepEqual(
    events.events.map((e) => e.kind),
    ['replaced', 'trade', 'rested', 'bbo'],
  );
  assert.equal(trades(events)[0]?.price_units, 102);
  assert.equal(book.getOrder(order.order_id)?.remaining_units, 3);
  assert.equal(book.getOrder(order.order_id)?.filled_units, 2);
});

test('depth lists levels from the best with volume and order count', () => {
  const { book } = testBook();
  place(book, buy(100, 1));
  place(book, buy(100, 2));
  place(book, buy(98, 4));
  place(book, sell(103, 5));
  assert.deepEqual(book.depth(Side.BUY, 5), [
    { price_units: 100, volume_units: 3, order_count: 2 },
    { price_units: 98, volume_units: 4, order_count: 1 },
  ]);
  assert.deepEqual(book.depth(Side.SELL, 1), [
    { price_units: 103, volume_units: 5, order_count: 1 },
  ]);
});

test('a level emptied inside the book is reused by the next order at that price', () => {
  const { book } = testBook();
  const low = place(book, buy(98, 1));
  place(book, buy(100, 1));
  assert.equal(book.cancel(low.order_id, 2).ok, true);
  assert.deepEqual(book.depth(Side.BUY, 5), [
    { price_units: 100, volume_units: 1, order_count: 1 },
  ]);
  place(book, buy(98, 2));
  assert.deepEqual(book.depth(Side.BUY, 5), [
    { price_units: 100, volume_units: 1, order_count: 1 },
    { price_units: 98, volume_units: 2, order_count: 1 },
  ]);
});

test('orders and levels are bounded: a full book refuses with BOOK_FULL and PRICE_LEVELS_FULL', () => {
  const { book } = testBook({ orders_max: 2, levels_max: 2 });
  place(book, buy(100, 1));
  place(book, buy(99, 1));
  const full = book.submit(buy(98, 1), 2);
  assert.equal(!full.ok && full.code, 'BOOK_FULL');
  const small = testBook({ levels_max: 2 }).book;
  place(small, buy(100, 1));
  place(small, buy(99, 1));
  const levels = small.submit(buy(98, 1), 2);
  assert.equal(!levels.ok && levels.code, 'PRICE_LEVELS_FULL');
  place(small, buy(99, 1));
  place(small, sell(110, 1));
  const ioc = small.submit(buy(98, 1, { tif: TimeInForce.IOC }), 3);
  assert.equal(ioc.ok, true);
});
