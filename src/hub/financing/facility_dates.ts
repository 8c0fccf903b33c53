/**
 * A drawing's value and maturity dates on Hong Kong business days (the CMU calendar):
 * - intraday and overnight funds are for the same day (bonds-financing-payments-scale.md §2);
 *   intraday is due back that day, overnight the next business day;
 * - the RMB Liquidity Facility's 1-day, 1-week, 2-week and 1-month funds and every trade-facility
 *   drawing are T+1 (same source; Timothy Loh 26 Sep 2025; HKMA 28 Feb 2025): value the next
 *   business day, maturity the tenor after the value date (1 day: the next business day after
 *   it), moved to the following business day when it falls on a closed day.
 * @module
 */

import { addMonths } from '../../bonds/index.js';
import type { FacilityTenor } from '../../financing/index.js';
import {
  accept,
  addDays,
  assert,
  dayNumber,
  isoDate,
  type Outcome,
  reject,
} from '../../kernel/index.js';
import {
  calendarFor,
  isTradingDay,
  type MarketCalendar,
  nextTradingDay,
} from '../../reference/index.js';

const HK_CALENDAR = calendarFor('CMU');
assert(HK_CALENDAR !== undefined, 'CMU keeps the Hong Kong calendar');
const HK: MarketCalendar = HK_CALENDAR;

/** Drawings are made on Hong Kong business days. */
export function checkBusinessDay(date: string): Outcome<true> {
  const open = isTradingDay(HK, date);
  if (!open.ok) return open;
  if (!open.value) {
    return reject('FACILITY_NOT_BUSINESS_DAY', 'The HKMA lends on Hong Kong business days', {
      date,
    });
  }
  return accept(true);
}

export function nextBusinessDay(date: string): Outcome<string> {
  return nextTradingDay(HK, date);
}

/** `date` if a business day, else the next one (the "following" convention). */
function followingBusinessDay(date: string): Outcome<string> {
  const open = isTradingDay(HK, date);
  if (!open.ok) return open;
  return open.value ? accept(date) : nextTradingDay(HK, date);
}

export interface DrawingDates {
  readonly value_date: string;
  readonly maturity_date: string;
}

const MONTHS: Partial<Record<FacilityTenor, number>> = { '1m': 1, '3m': 3, '6m': 6 };
const DAYS: Partial<Record<FacilityTenor, number>> = { '1w': 7, '2w': 14 };

export function drawingDates(tenor: FacilityTenor, trade_date: string): Outcome<DrawingDates> {
  if (tenor === 'intraday') return accept({ value_date: trade_date, maturity_date: trade_date });
  if (tenor === 'overnight') {
    const next = nextBusinessDay(trade_date);
    return next.ok ? accept({ value_date: trade_date, maturity_date: next.value }) : next;
  }
  const value = nextBusinessDay(trade_date);
  if (!value.ok) return value;
  const value_date = value.value;
  const months = MONTHS[tenor];
  const days = DAYS[tenor];
  const maturity =
    tenor === '1d'
      ? nextBusinessDay(value_date)
      : months !== undefined
        ? followingBusinessDay(isoDate(addMonths(dayNumber(value_date), months, false)))
        : followingBusinessDay(addDays(value_date, days ?? 0));
  return maturity.ok ? accept({ value_date, maturity_date: maturity.value }) : maturity;
}
