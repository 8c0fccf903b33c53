/**
 * The book's events, applied to the orders the rules follow:
 * - a buy fill attributes its share of the consumed quota to the fill and restores the price
 *   improvement, (order price − trade price) × quantity valued like the order (rounded down);
 *   Northbound, the units join the investor's foreign holding;
 * - a sell fill restores the sell-trade value (trade price × quantity, rounded down) and frees the
 *   units it tied up;
 * - a cancel (by the client, a self-trade rule, an IOC remainder, the day's expiry) or a rejection
 *   by the home market releases what the cancelled units still held.
 *
 * A buy's consumed quota is released by telescoping: while R units remain, the order still holds
 * value(price, R) rounded up, so its fills and cancels together give back exactly what it consumed.
 * @module
 */

import { assert, marketDate, secondOfDay } from '../kernel/index.js';
import type { ReferenceState } from '../reference/index.js';
import { linkAt } from './links.js';
import { addToLot, openLot, removeSold } from './ownership.js';
import { noteDisclosure, securityOf, updateBuySuspension } from './ownership_limits.js';
import type { Position } from './positions.js';
import { type QuotaState, restore } from './quota.js';
import type { OrderRecord, RulesState } from './state.js';
import { valueCeil, valueFloor } from './value.js';
import { scheduleFor, type WindowSchedule } from './windows.js';

/** The fields of a trade the rules read (the hub's `TradeExecuted` has them all). */
export interface RulesTrade {
  readonly buy_order_id: number;
  readonly sell_order_id: number;
  readonly price_units: number;
  readonly quantity_units: number;
  readonly timestamp_us: number;
}

/** The fields of a cancel the rules read (the hub's `OrderCancelled` has them all). */
export interface RulesCancel {
  readonly order_id: number;
  readonly cancelled_units: number;
  readonly remaining_units: number;
}

/** Applies a trade to whichever of its two orders the rules follow. */
export function onTrade(
  state: RulesState,
  trade: RulesTrade,
  reference: ReferenceState | null = null,
): void {
  state.last_accept.order_id = 0;
  assert(Number.isSafeInteger(trade.quantity_units) && trade.quantity_units > 0, 'trade units');
  const buy = state.orders.get(trade.buy_order_id);
  if (buy !== undefined) fillBuy(state, buy, trade);
  const sell = state.orders.get(trade.sell_order_id);
  if (sell !== undefined) fillSell(state, sell, trade);
  const followed = buy?.ownership === true ? buy : sell?.ownership === true ? sell : undefined;
  if (followed !== undefined && reference !== null) {
    afterOwnershipChange(state, trade, followed.instrument, buy, reference);
  }
}

/**
 * With the reference data at hand (the hub passes it): the 28 %/26 % Northbound suspension and,
 * for a buyer, the 5 % disclosure period (ownership_limits.ts).
 */
function afterOwnershipChange(
  state: RulesState,
  trade: RulesTrade,
  instrument: string,
  buy: OrderRecord | undefined,
  reference: ReferenceState,
): void {
  const entry = state.ownership.instruments.get(instrument);
  const security = securityOf(reference, instrument);
  if (entry === undefined || security === undefined) return;
  updateBuySuspension(entry, security);
  if (buy?.ownership !== true || buy.lot === null) return;
  const holder = buy.lot.holder;
  noteDisclosure(
    holder,
    holder.units - trade.quantity_units,
    security,
    marketDate(trade.timestamp_us),
  );
}

function fillBuy(state: RulesState, record: OrderRecord, trade: RulesTrade): void {
  if (record.side !== 'buy') assert(false, `order ${record.order_id} is not a buy`);
  const units = trade.quantity_units;
  assert(units <= record.remaining_units, 'fill exceeds the order');
  record.remaining_units -= units;
  if (record.link_index >= 0) {
    assert(trade.price_units <= record.price_units, 'a buy fills at or below its limit');
    const quota = quotaOf(state, record);
    const open =
      record.remaining_units > 0
        ? valueCeil(record.price_units, record.remaining_units, record.factor)
        : 0n;
    quota.attributed_minor += record.open_minor - open;
    record.open_minor = open;
    const improvement = valueFloor(record.price_units - trade.price_units, units, record.factor);
    if (improvement > 0n) {
      restore(
        quota,
        'price_improvement',
        improvement,
        scheduleOf(state, record),
        secondOfDay(trade.timestamp_us),
      );
    }
    (record.position as Position).bought_units += units;
  }
  if (record.ownership) {
    if (record.lot === null) {
      record.lot = openLot(
        state.ownership,
        record.instrument,
        record.owner,
        record.order_id,
        trade.timestamp_us,
      );
      record.lot.open = true;
      state.ownership.pending_lots -= 1;
    }
    addToLot(record.lot, units);
  }
  if (record.remaining_units === 0) finish(state, record);
}

function fillSell(state: RulesState, record: OrderRecord, trade: RulesTrade): void {
  if (record.side !== 'sell') assert(false, `order ${record.order_id} is not a sell`);
  const units = trade.quantity_units;
  assert(units <= record.remaining_units, 'fill exceeds the order');
  record.remaining_units -= units;
  if (record.link_index >= 0) {
    const position = record.position as Position;
    position.open_sell_units -= units;
    position.sold_units += units;
    const value = valueFloor(trade.price_units, units, record.factor);
    restore(
      quotaOf(state, record),
      'sell_trade',
      value,
      scheduleOf(state, record),
      secondOfDay(trade.timestamp_us),
    );
  }
  if (record.ownership) removeSold(state.ownership, record.instrument, record.owner, units);
  if (record.remaining_units === 0) finish(state, record);
}

/** Releases cancelled units of a followed order (`timestamp_us`: when the book cancelled). */
export function onCancelled(state: RulesState, cancel: RulesCancel, timestamp_us: number): void {
  state.last_accept.order_id = 0;
  const record = state.orders.get(cancel.order_id);
  if (record === undefined) return;
  const matches =
    cancel.cancelled_units > 0 &&
    record.remaining_units - cancel.cancelled_units === cancel.remaining_units;
  if (!matches) assert(false, `cancel of order ${cancel.order_id} does not match what remains`);
  release(state, record, cancel.cancelled_units, timestamp_us);
}

/** The home market refused an order the link had accepted (a held order, for example). */
export function onRejectedByBook(state: RulesState, order_id: number, timestamp_us: number): void {
  state.last_accept.order_id = 0;
  const record = state.orders.get(order_id);
  if (record === undefined) return;
  release(state, record, record.remaining_units, timestamp_us);
}

/** Releases `units` of a followed order. */
export function release(
  state: RulesState,
  record: OrderRecord,
  units: number,
  timestamp_us: number,
): void {
  record.remaining_units -= units;
  if (record.link_index >= 0 && record.side === 'buy') {
    const open =
      record.remaining_units > 0
        ? valueCeil(record.price_units, record.remaining_units, record.factor)
        : 0n;
    const released = record.open_minor - open;
    record.open_minor = open;
    restore(
      quotaOf(state, record),
      'released',
      released,
      scheduleOf(state, record),
      secondOfDay(timestamp_us),
    );
  } else if (record.link_index >= 0) {
    (record.position as Position).open_sell_units -= units;
  }
  if (record.remaining_units === 0) finish(state, record);
}

function finish(state: RulesState, record: OrderRecord): void {
  state.orders.delete(record.order_id);
  if (record.lot !== null) record.lot.open = false;
  if (record.ownership && record.side === 'buy' && record.lot === null) {
    state.ownership.pending_lots -= 1;
  }
}

function quotaOf(state: RulesState, record: OrderRecord): QuotaState {
  const quota = state.quotas[record.link_index];
  assert(quota !== undefined, 'quota');
  return quota;
}

function scheduleOf(state: RulesState, record: OrderRecord): WindowSchedule {
  return scheduleFor(linkAt(record.link_index).direction, state.day.hk_half_day);
}
