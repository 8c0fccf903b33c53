/**
 * Intended settlement dates: T+n in the stream's calendar, and the buy-in date after it.
 * @module
 */

import { accept, addDays, type Outcome } from '../kernel/index.js';
import {
  addBusinessDays,
  CN_EXCHANGE_CALENDAR,
  CONNECT_CALENDAR,
  HK_EXCHANGE_CALENDAR,
  type MarketCalendar,
} from '../reference/index.js';
import { refuse } from './codes.js';
import type { CalendarChoice, StreamRules } from './config.js';

export function calendarOf(choice: CalendarChoice): MarketCalendar | undefined {
  switch (choice) {
    case 'cn_exchange':
      return CN_EXCHANGE_CALENDAR;
    case 'hk_exchange':
      return HK_EXCHANGE_CALENDAR;
    case 'connect':
      return CONNECT_CALENDAR;
    case 'none':
      return undefined;
  }
}

/** `date` plus `n` business days of the calendar (calendar days for `none`). */
export function addSettlementDays(
  choice: CalendarChoice,
  date: string,
  n: number,
): Outcome<string> {
  const calendar = calendarOf(choice);
  if (calendar === undefined) return accept(addDays(date, n));
  const moved = addBusinessDays(calendar, date, n);
  if (moved.ok) return moved;
  return refuse('SETTLEMENT_DATE_UNAVAILABLE', `No settlement date: ${moved.message}`, {
    calendar: choice,
    date,
    n,
    cause: moved.code,
  });
}

/** The dates an instruction of a stream traded on `trade_date` settles on. */
export interface SettlementDates {
  readonly securities_date: string;
  readonly cash_date: string;
  /**
   * The first date a buy-in may be executed; `''` where the stream has none, or where the
   * calendar does not reach it yet (then `buyInDateOf` computes it when it is needed).
   */
  readonly buy_in_date: string;
}

/**
 * Memo of `settlementDates` per rules object and trade date: a pure function of both, so the
 * memo changes no result; it is bounded by the calendar years (or, for calendar-free streams,
 * by the dates seen, a few hundred a year).
 */
const MEMO = new WeakMap<StreamRules, Map<string, Outcome<SettlementDates>>>();

/** Securities and cash dates (T+n each) and the buy-in date, or why there are none. */
export function settlementDates(rules: StreamRules, trade_date: string): Outcome<SettlementDates> {
  let by_date = MEMO.get(rules);
  if (by_date === undefined) {
    by_date = new Map();
    MEMO.set(rules, by_date);
  }
  let dates = by_date.get(trade_date);
  if (dates === undefined) {
    dates = computeDates(rules, trade_date);
    if (by_date.size < 4_096) by_date.set(trade_date, dates);
  }
  return dates;
}

function computeDates(rules: StreamRules, trade_date: string): Outcome<SettlementDates> {
  const securities = addSettlementDays(rules.calendar, trade_date, rules.securities_lag_days);
  if (!securities.ok) return securities;
  const cash = addSettlementDays(rules.calendar, trade_date, rules.cash_lag_days);
  if (!cash.ok) return cash;
  // Capture does not depend on the buy-in date: a trade near the end of the calendar's data
  // settles, and its buy-in date is computed when a fail makes it matter.
  const buy_in = buyInDateAfter(rules, securities.value);
  return accept({
    securities_date: securities.value,
    cash_date: cash.value,
    buy_in_date: buy_in.ok ? buy_in.value : '',
  });
}

/** The buy-in date of a stream's delivery due on `securities_date`; `''` if it has none. */
export function buyInDateAfter(rules: StreamRules, securities_date: string): Outcome<string> {
  if (rules.buy_in_deadline_days < 0) return accept('');
  return addSettlementDays(rules.calendar, securities_date, rules.buy_in_deadline_days);
}
