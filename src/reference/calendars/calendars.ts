/**
 * The calendars the engine knows, and which market uses which.
 * @module
 */

import type { Outcome } from '../../kernel/index.js';
import type { Market } from '../markets.js';
import {
  buildCalendar,
  intersectCalendars,
  isTradingDay,
  type MarketCalendar,
} from './calendar.js';
import { HONG_KONG_EXCHANGE_DATA } from './hong-kong.js';
import { MAINLAND_EXCHANGE_DATA } from './mainland.js';

/** SSE and SZSE (one Mainland exchange calendar), 2025-2027 (2027 provisional). */
export const CN_EXCHANGE_CALENDAR: MarketCalendar = buildCalendar(MAINLAND_EXCHANGE_DATA);
/** SEHK, 2025-2027, with its half days. */
export const HK_EXCHANGE_CALENDAR: MarketCalendar = buildCalendar(HONG_KONG_EXCHANGE_DATA);

/**
 * Stock Connect trading days: since 24 Apr 2023 every day open in both the Mainland and Hong
 * Kong markets, whether or not the settlement day is a holiday.
 */
export const CONNECT_CALENDAR: MarketCalendar = intersectCalendars(
  'connect',
  'Stock Connect calendar',
  CN_EXCHANGE_CALENDAR,
  HK_EXCHANGE_CALENDAR,
);

/**
 * The calendar a market keeps. CMU follows Hong Kong business days (its general holidays are
 * the exchange's closed days). A VATP trades every day and has none.
 */
export function calendarFor(market: Market): MarketCalendar | undefined {
  switch (market) {
    case 'XSHG':
    case 'XSHE':
      return CN_EXCHANGE_CALENDAR;
    case 'XHKG':
    case 'CMU':
      return HK_EXCHANGE_CALENDAR;
    case 'VATP':
      return undefined;
  }
}

/** Whether Stock Connect trades on `date`: open in both markets (the rule since 24 Apr 2023). */
export function isConnectTradingDay(date: string): Outcome<boolean> {
  return isTradingDay(CONNECT_CALENDAR, date);
}
