import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buy, place, sell, testBook, trades } from './test_helpers.js';
import { CancelReason, StpMode, TimeInForce } from './types.js';

const OWNER = 7;

function selfCrossing(mode: StpMode, maker_quantity = 5, taker_quantity = 5) {
  const { book, events } = testBook({ stp_mode_default: mode });
  const other = place(book, sell(100, 2, { owner: 1, account: 10 }));
  const mine = place(book, sell(100, maker_quantity, { owner: OWNER, account: 11 }));
  const behind = place(book, sell(101, 3, { owner: 2, account: 12 }));
  events.clear();
  const taker = place(book, buy(101, taker_quantity, { owner: OWNER, account: 99 }));
  return { book, events, other, mine, behind, taker };
}

test('self-trade prevention compares beneficial owners, not accounts', () => {
  const { events, mine } = selfCrossing(StpMode.CANCEL_RESTING);
  assert.ok(!trades(events).some((t) => t.maker_order_id === mine.order_id));
});

test('STP cancel resting: the self order leaves, the incoming order trades on', () => {
  const { book, events, other, mine, behind, taker } = selfCrossing(StpMode.CANCEL_RESTING);
  const cancels = events.ofKind('cancelled');
  assert.equal(cancels.length, 1);
  assert.equal(cancels[0]?.order_id, mine.order_id);
  assert.equal(cancels[0]?.reason, CancelReason.STP_CANCEL_RESTING);
  assert.deepEqual(
    trades(events).map((t) => [t.maker_order_id, t.quantity_units]),
    [
      [other.order_id, 2],
      [behind.order_id, 3],
    ],
  );
  assert.equal(book.getOrder(taker.order_id), null);
});

test('STP cancel incoming: the incoming order stops, the self order stays', () => {
  const { book, events, mine, taker } = selfCrossing(StpMode.CANCEL_INCOMING);
  assert.equal(trades(events).length, 1);
  const cancels = events.ofKind('cancelled');
  assert.deepEqual(
    cancels.map((c) => [c.order_id, c.cancelled_units, c.reason]),
    [[taker.order_id, 3, CancelReason.STP_CANCEL_INCOMING]],
  );
  assert.equal(book.getOrder(mine.order_id)?.remaining_units, 5);
  assert.equal(book.getOrder(taker.order_id), null);
});

test('STP cancel both: both orders leave', () => {
  const { book, events, mine, taker } = selfCrossing(StpMode.CANCEL_BOTH);
  const cancels = events.ofKind('cancelled');
  assert.deepEqual(
    cancels.map((c) => [c.order_id, c.reason]),
    [
      [mine.order_id, CancelReason.STP_CANCEL_BOTH],
      [taker.order_id, CancelReason.STP_CANCEL_BOTH],
    ],
  );
  assert.equal(book.getOrder(mine.order_id), null);
  assert.equal(book.getOrder(taker.order_id), null);
});

test('STP decrement: both lose the smaller open quantity, with no trade printed', () => {
  const { book, events, other, mine, behind, taker } = selfCrossing(StpMode.DECREMENT, 2, 6);
  const cancels = events.ofKind('cancelled');
  assert.deepEqual(
    cancels.map((c) => [c.order_id, c.cancelled_units, c.remaining_units, c.reason]),
    [
      [mine.order_id, 2, 0, CancelReason.STP_DECREMENT],
      [taker.order_id, 2, 2, CancelReason.STP_DECREMENT],
    ],
  );
  assert.deepEqual(
    trades(events).map((t) => [t.maker_order_id, t.quantity_units]),
    [
      [other.order_id, 2],
      [behind.order_id, 2],
    ],
  );
  assert.equal(book.getOrder(taker.order_id), null);
  assert.equal(book.getOrder(behind.order_id)?.remaining_units, 1);
});

test('STP decrement of a larger resting order leaves it in place with less open', () => {
  const { book, events, mine } = selfCrossing(StpMode.DECREMENT, 9, 4);
  const maker_cancel = events.ofKind('cancelled')[0];
  assert.equal(maker_cancel?.remaining_units, 7);
  assert.equal(book.getOrder(mine.order_id)?.remaining_units, 7);
});

test('STP mode none lets an owner trade with itself (exchanges without STP)', () => {
  const { events, mine } = selfCrossing(StpMode.NONE);
  assert.ok(trades(events).some((t) => t.maker_order_id === mine.order_id));
});

test("the incoming order's own mode overrides the book default", () => {
  const { book, events } = testBook({ stp_mode_default: StpMode.NONE });
  const mine = place(book, sell(100, 5, { owner: OWNER }));
  events.clear();
  place(book, buy(100, 5, { owner: OWNER, stp_mode: StpMode.CANCEL_RESTING }));
  assert.equal(events.ofKind('cancelled')[0]?.order_id, mine.order_id);
  assert.equal(trades(events).length, 0);
});

test('a FOK order that would meet its own order first is killed without touching the book', () => {
  const { book, events } = testBook({ stp_mode_default: StpMode.CANCEL_INCOMING });
  place(book, sell(100, 5, { owner: OWNER }));
  place(book, sell(100, 5, { owner: 1 }));
  events.clear();
  place(book, buy(100, 5, { owner: OWNER, tif: TimeInForce.FOK }));
  assert.equal(trades(events).length, 0);
  assert.equal(events.ofKind('cancelled')[0]?.reason, CancelReason.FOK_KILL);
  assert.equal(book.volume(2), 10);
});
