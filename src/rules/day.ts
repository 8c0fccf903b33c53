/**
 * The rules' trading day: `onDayStart` before the first order of a day, `onDayEnd` after the last
 * event. A day start resets the quotas (unused quota is not carried over, §1.2), clears today's
 * positions, and takes the day's Southbound reference rates; a day end expires what is still open
 * and reports the quotas and any forced-sale notices.
 * @module
 */

import { accept, assert, dayNumber, isIsoDate, type Outcome } from '../kernel/index.js';
import {
  dayKind,
  HK_EXCHANGE_CALENDAR,
  isConnectTradingDay,
  type ReferenceState,
} from '../reference/index.js';
import { refuse } from './codes.js';
import { LINKS, type Link, linkInfo } from './links.js';
import { compactOwnership } from './ownership.js';
import { type ForcedSaleNotice, forcedSaleNotices } from './ownership_notices.js';
import { clearPositions } from './positions.js';
import {
  disclose,
  type QuotaDisclosure,
  type QuotaState,
  resetQuota,
  settleClosure,
} from './quota.js';
import type { RulesState } from './state.js';
import { release } from './trades.js';
import { scheduleFor } from './windows.js';

/** What a day start found. */
export interface DayStartReport {
  readonly date: string;
  readonly connect_day: boolean;
  readonly hk_half_day: boolean;
  readonly southbound_reference_rates: boolean;
  readonly daily_quotas_minor: readonly bigint[];
}

/** Starts a trading day. Refused while a day is open or for a date outside the calendars. */
export function onDayStart(
  state: RulesState,
  _reference: ReferenceState,
  date: string,
): Outcome<DayStartReport> {
  if (state.day.open) {
    return refuse('TRADING_DAY_OPEN', `The rules' day ${state.day.date} has not ended`, {
      open_date: state.day.date,
      date,
    });
  }
  if (!isIsoDate(date)) return refuse('INVALID_DATE', `${date} is not a date`, { date });
  const connect = isConnectTradingDay(date);
  if (!connect.ok) return connect;
  const hk = dayKind(HK_EXCHANGE_CALENDAR, date);
  if (!hk.ok) return hk;
  assert(state.orders.size === 0, 'no order outlives its day');
  Object.assign(state.day, {
    date,
    day_number: dayNumber(date),
    connect_day: connect.value,
    hk_half_day: hk.value === 'half_day',
    open: true,
  });
  for (const quota of state.quotas) resetQuota(quota);
  for (const table of state.positions) clearPositions(table);
  state.fx_today = state.fx.reference.get(date) ?? null;
  state.southbound_orders_today = 0;
  state.last_accept.order_id = 0;
  return accept({
    date,
    connect_day: connect.value,
    hk_half_day: state.day.hk_half_day,
    southbound_reference_rates: state.fx_today !== null,
    daily_quotas_minor: state.quotas.map((q) => q.daily_quota_minor),
  });
}

/** A link's quota at the end of the day, with every term of its formula. */
export interface QuotaReport {
  readonly link: Link;
  readonly daily_quota_minor: bigint;
  readonly balance_minor: bigint;
  readonly buy_orders_minor: bigint;
  readonly sell_trades_minor: bigint;
  readonly released_minor: bigint;
  readonly price_improvement_minor: bigint;
  readonly buying_closed: boolean;
  readonly closed_in_window: string;
}

/** What a day end did and found. */
export interface DayEndReport {
  readonly date: string;
  /** Orders still open at the end, expired here (their buy value released). */
  readonly expired_orders: number;
  readonly quotas: readonly QuotaReport[];
  readonly forced_sales: readonly ForcedSaleNotice[];
}

/** Ends the day: expires open orders, tidies ownership lots, reports. */
export function onDayEnd(
  state: RulesState,
  reference: ReferenceState,
  timestamp_us: number,
): Outcome<DayEndReport> {
  if (!state.day.open) {
    return refuse('TRADING_DAY_NOT_STARTED', 'No trading day is open', { date: state.day.date });
  }
  const open = [...state.orders.values()];
  for (const record of open) release(state, record, record.remaining_units, timestamp_us);
  assert(state.orders.size === 0 && state.ownership.pending_lots === 0, 'all orders expired');
  compactOwnership(state.ownership);
  for (const quota of state.quotas) {
    const direction = linkInfo(quota.link).direction;
    settleClosure(quota, scheduleFor(direction, state.day.hk_half_day), 86_399);
  }
  state.day.open = false;
  state.last_accept.order_id = 0;
  return accept({
    date: state.day.date,
    expired_orders: open.length,
    quotas: state.quotas.map(quotaReport),
    forced_sales: forcedSaleNotices(state.ownership, reference),
  });
}

/** The report of one quota. */
export function quotaReport(q: QuotaState): QuotaReport {
  return {
    link: q.link,
    daily_quota_minor: q.daily_quota_minor,
    balance_minor: q.balance_minor,
    buy_orders_minor: q.buy_orders_minor,
    sell_trades_minor: q.sell_trades_minor,
    released_minor: q.released_minor,
    price_improvement_minor: q.price_improvement_minor,
    buying_closed: q.buying_closed,
    closed_in_window: q.closed_in_window,
  };
}

/** The public view of every link's quota (§1.4). */
export function quotaDisclosures(state: RulesState): QuotaDisclosure[] {
  return state.quotas.map(disclose);
}

/** The public view of one link's quota. */
export function quotaDisclosure(state: RulesState, link: Link): QuotaDisclosure {
  return disclose(state.quotas[LINKS.indexOf(link)] as QuotaState);
}
