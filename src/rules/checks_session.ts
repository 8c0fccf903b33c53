/**
 * The day and the clock: a Connect order needs a started day that is a Connect trading day, an
 * acceptance window that takes orders, an order type the window allows, and a day order.
 * @module
 */

import { isoTimestamp, type Rejection, secondOfDay } from '../kernel/index.js';
import { refuse } from './codes.js';
import type { LinkInfo } from './links.js';
import { localDayNumber, type RulesOrder } from './order.js';
import type { Decision, RulesState } from './state.js';
import { orderTypeBit, scheduleFor, type Window, windowAt } from './windows.js';

/** Refuses unless the rules' day is started and is the timestamp's local date. */
export function checkDay(state: RulesState, timestamp_us: number): Rejection | null {
  const day = state.day;
  if (day.open && localDayNumber(timestamp_us) === day.day_number) {
    if (day.connect_day) return null;
    return refuse('NOT_A_CONNECT_TRADING_DAY', `${day.date} is not a Stock Connect trading day`, {
      date: day.date,
    });
  }
  return refuse('TRADING_DAY_NOT_STARTED', 'The rules have not started this trading day', {
    started_date: day.open ? day.date : '',
    timestamp: isoTimestamp(timestamp_us),
  });
}

/** The link's acceptance window now. */
export function currentWindow(state: RulesState, info: LinkInfo, timestamp_us: number): Window {
  return windowAt(scheduleFor(info.direction, state.day.hk_half_day), secondOfDay(timestamp_us));
}

/** Refuses an order outside the link's windows or of a type the window does not take. */
export function checkOrderWindow(
  state: RulesState,
  info: LinkInfo,
  order: RulesOrder,
  timestamp_us: number,
  out: Decision,
): Rejection | null {
  const window = currentWindow(state, info, timestamp_us);
  if (window.orders === 'reject') {
    return refuse('OUTSIDE_ACCEPTANCE_WINDOW', `The ${info.link} link takes no orders now`, {
      link: info.link,
      window: window.name,
      time: isoTimestamp(timestamp_us),
    });
  }
  if ((orderTypeBit(order.order_type) & window.order_type_mask) === 0) {
    return refuse('ORDER_TYPE_NOT_ALLOWED', `${order.order_type} orders are not taken now`, {
      link: info.link,
      window: window.name,
      order_type: order.order_type,
      allowed: window.order_types,
    });
  }
  if (order.time_in_force !== 'day') {
    return refuse('ORDER_TYPE_NOT_ALLOWED', 'Connect orders are day orders', {
      link: info.link,
      time_in_force: order.time_in_force,
      allowed: ['day'],
    });
  }
  out.window = window.name;
  out.held = window.orders === 'hold';
  out.release_second = out.held ? window.release_second : 0;
  return null;
}
