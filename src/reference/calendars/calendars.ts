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
  nextTradingDay,
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
 * the exchange's closed days); CIBM the Mainland exchanges' (a stand-in). A VATP trades every
 * day and has none.
 */
export function calendarFor(market: Market): MarketCalendar | undefined {
  switch (market) {
    case 'XSHG':
    case 'XSHE':
    // Stand-in: the interbank calendar is not the exchanges' (CIBM also works some weekend
    // make-up days); the Mainland exchange calendar is used until it is in reference data.
    case 'CIBM':
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

/** Business days a calendar must still cover before the operator is warned. */
export const CALENDAR_RUNWAY_DAYS_MIN = 60;

/** A calendar whose data runs out soon: trades past it cannot be settled. */
export interface CalendarWarning {
  readonly calendar: string;
  readonly last_date: string;
  /** Trading days after `date` that the data still covers. */
  readonly business_days_left: number;
  readonly message: string;
}

/**
 * The calendars with fewer than `minimum` trading days of data left after `date`. Settlement
 * counts T+n and buy-in dates in them, so a calendar must be extended well before it ends.
 */
export function calendarWarnings(
  date: string,
  minimum: number = CALENDAR_RUNWAY_DAYS_MIN,
): CalendarWarning[] {
  const warnings: CalendarWarning[] = [];
  for (const calendar of [CN_EXCHANGE_CALENDAR, HK_EXCHANGE_CALENDAR, CONNECT_CALENDAR]) {
    const left = tradingDaysAfter(calendar, date, minimum);
    if (left >= minimum) continue;
    warnings.push({
      calendar: calendar.id,
      last_date: calendar.last_date,
      business_days_left: left,
      message: `The ${calendar.name} ends on ${calendar.last_date}, ${left} trading days after ${date}: add the next year's holidays before orders are refused as unsettleable`,
    });
  }
  return warnings;
}

/** Trading days strictly after `date` up to the calendar's end, counted up to `cap`. */
function tradingDaysAfter(calendar: MarketCalendar, date: string, cap: number): number {
  if (date > calendar.last_date) return 0;
  let day = date < calendar.first_date ? calendar.first_date : date;
  let count = 0;
  while (count < cap) {
    const next = nextTradingDay(calendar, day);
    if (!next.ok) break;
    count += 1;
    day = next.value;
  }
  return count;
}
