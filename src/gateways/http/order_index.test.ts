import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HubEvent } from '../../hub/index.js';
import { OrderIndex } from './order_index.js';

function accepted(order_id: number): HubEvent {
  return {
    type: 'order_accepted',
    order_id,
    client_order_id: `c${order_id}`,
    participant: 'BUND',
    owner: 'cn-retail-zhang',
    instrument: 'CNE0000018R8',
    side: 'buy',
    price_units: 145_000,
    quantity_units: 100,
  } as unknown as HubEvent;
}

function cancelled(order_id: number): HubEvent {
  return {
    type: 'order_cancelled',
    order_id,
    remaining_units: 0,
    reason: 'user_cancel',
  } as unknown as HubEvent;
}

test('the finished orders are bounded: the oldest are forgotten first, the newest kept in order', () => {
  const index = new OrderIndex(3);
  for (let id = 1; id <= 7; id += 1) {
    index.apply(accepted(id), id);
    index.apply(cancelled(id), id);
  }
  assert.deepEqual(
    index.recentlyFinished().map((o) => o.order_id),
    [7, 6, 5],
  );
  assert.equal(index.get(4), undefined, 'forgotten');
  assert.equal(index.get(7)?.status, 'cancelled');
  assert.equal(index.get(7)?.reason, 'user_cancel');
  assert.deepEqual(index.liveOrders(), []);
});

test('a live order stays live until it ends; a fill that ends it moves it to the finished', () => {
  const index = new OrderIndex(2);
  index.apply(accepted(1), 1);
  index.apply(accepted(2), 1);
  index.apply(
    {
      type: 'trade',
      buy_order_id: 1,
      sell_order_id: 99,
      quantity_units: 100,
    } as unknown as HubEvent,
    2,
  );
  assert.equal(index.get(1)?.status, 'filled');
  assert.equal(index.get(1)?.filled_units, 100);
  assert.deepEqual(
    index.liveOrders().map((o) => o.order_id),
    [2],
  );
});
