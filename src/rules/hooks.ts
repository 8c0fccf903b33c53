/**
 * What the hub tells the rules after the link or the book acts. Each hook applies one event to the
 * quota, today's positions and foreign ownership; none can refuse (a bad call is a hub bug and
 * crashes).
 *
 * - `onOrderAccepted`: right after an accepting `checkOrder`, before the order reaches the book
 *   (or its queue, when held): a buy consumes quota now; a sell ties up its units.
 * - `undoOrderAccepted`: the book refused the order at once: takes the acceptance back exactly.
 * - `onTrade`, `onCancelled`, `onRejectedByBook`: see trades.ts.
 * @module
 */

import { assert, secondOfDay } from '../kernel/index.js';
import { linkAt } from './links.js';
import type { RulesOrder } from './order.js';
import { addPosition } from './positions.js';
import { consume } from './quota.js';
import type { Decision, OrderRecord, RulesState } from './state.js';
import { scheduleFor, windowAt } from './windows.js';

/** Applies an order the rules accepted and the hub took, under the hub's `order_id`. */
export function onOrderAccepted(
  state: RulesState,
  order: RulesOrder,
  order_id: number,
  timestamp_us: number,
  decision: Decision,
): void {
  assert(decision !== state.scratch || state.scratch_order === order, 'stale decision');
  state.scratch_order = null;
  if (decision.link_index < 0 && !decision.ownership) return;
  assert(Number.isSafeInteger(order_id) && order_id > 0, 'order id');
  if (state.orders.has(order_id)) assert(false, `order ${order_id} is already followed`);
  assert(decision.factor !== null, 'a followed order has a value factor');
  const last = state.last_accept;
  last.order_id = order_id;
  last.created_position = false;
  let position = decision.position;
  if (decision.link_index >= 0 && position === null) {
    const table = state.positions[decision.link_index];
    assert(table !== undefined && decision.start_units >= 0, 'new position');
    position = addPosition(table, decision.owner_id, decision.instrument_id, decision.start_units);
    last.created_position = true;
  }
  const record: OrderRecord = {
    order_id,
    link_index: decision.link_index,
    side: order.side,
    owner: decision.owner_id,
    instrument: decision.instrument_id,
    price_units: order.price_units,
    remaining_units: order.quantity_units,
    open_minor: order.side === 'buy' ? decision.quota_minor : 0n,
    factor: decision.factor,
    position,
    ownership: decision.ownership,
    lot: null,
  };
  state.orders.set(order_id, record);
  if (record.ownership && record.side === 'buy') state.ownership.pending_lots += 1;
  if (record.link_index >= 0) applyToLink(state, record, timestamp_us);
}

function applyToLink(state: RulesState, record: OrderRecord, timestamp_us: number): void {
  const info = linkAt(record.link_index);
  if (info.direction === 'southbound') state.southbound_orders_today += 1;
  if (record.side === 'sell') {
    (record.position as NonNullable<OrderRecord['position']>).open_sell_units +=
      record.remaining_units;
    return;
  }
  const quota = state.quotas[record.link_index];
  assert(quota !== undefined, 'quota');
  const last = state.last_accept;
  last.nonpositive_since_second = quota.nonpositive_since_second;
  last.buying_closed = quota.buying_closed;
  last.closed_in_window = quota.closed_in_window;
  last.preopen_closed = quota.preopen_closed;
  const schedule = scheduleFor(info.direction, state.day.hk_half_day);
  const second = secondOfDay(timestamp_us);
  consume(quota, record.open_minor, schedule, windowAt(schedule, second), second);
}

/**
 * Takes back the last `onOrderAccepted` exactly, as if the order had never been accepted: for an
 * order the book refused synchronously, before any other rules call.
 */
export function undoOrderAccepted(state: RulesState, order_id: number): void {
  const last = state.last_accept;
  const record = state.orders.get(order_id);
  assert(last.order_id === order_id && record !== undefined, 'undo only the last acceptance');
  state.orders.delete(order_id);
  last.order_id = 0;
  if (record.ownership && record.side === 'buy') state.ownership.pending_lots -= 1;
  if (record.link_index < 0) return;
  const info = linkAt(record.link_index);
  if (info.direction === 'southbound') state.southbound_orders_today -= 1;
  const position = record.position as NonNullable<OrderRecord['position']>;
  if (record.side === 'sell') position.open_sell_units -= record.remaining_units;
  else undoConsumption(state, record);
  if (last.created_position) {
    const table = state.positions[record.link_index];
    assert(table !== undefined, 'table');
    const owned = table.by_owner.get(record.owner);
    owned?.delete(record.instrument);
    if (owned?.size === 0) table.by_owner.delete(record.owner);
    table.count -= 1;
  }
}

function undoConsumption(state: RulesState, record: OrderRecord): void {
  const quota = state.quotas[record.link_index];
  assert(quota !== undefined, 'quota');
  const last = state.last_accept;
  quota.buy_orders_minor -= record.open_minor;
  quota.balance_minor += record.open_minor;
  quota.nonpositive_since_second = last.nonpositive_since_second;
  quota.buying_closed = last.buying_closed;
  quota.closed_in_window = last.closed_in_window;
  quota.preopen_closed = last.preopen_closed;
}
