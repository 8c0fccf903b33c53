/**
 * When the simulated bond agents work: Hong Kong business days (CMU's calendar, the one the hub
 * checks Southbound settlement dates against), 09:30 to 16:00 Hong Kong time (assumed business
 * hours: docs/sim.md), and the settlement dates they ask for (T+0 or T+1).
 * @module
 */

import { addDays, marketDate, secondOfDay } from '../../kernel/time.js';
import { calendarFor, isTradingDay } from '../../reference/index.js';

const OPEN_SECOND = 9 * 3600 + 30 * 60;
const CLOSE_SECOND = 16 * 3600;

/** Whether `date` is a Hong Kong business day (false outside the calendar's years). */
export function isBondBusinessDay(date: string): boolean {
  const calendar = calendarFor('CMU');
  if (calendar === undefined) return false;
  const open = isTradingDay(calendar, date);
  return open.ok && open.value;
}

/** Inside the RFQ desk's business hours on a business day. */
export function inBondHours(now_us: number): boolean {
  const second = secondOfDay(now_us);
  return second >= OPEN_SECOND && second < CLOSE_SECOND && isBondBusinessDay(marketDate(now_us));
}

/** Calendar days searched for the next business day (beyond a calendar's years: none). */
const SEARCH_DAYS_MAX = 15;

/**
 * The settlement date `days` business days after `trade_date` (0: the trade date itself), or
 * null when the calendar has none near enough.
 */
export function settlementDate(trade_date: string, days: number): string | null {
  let date = trade_date;
  let left = days;
  for (let i = 0; left > 0 && i < SEARCH_DAYS_MAX; i += 1) {
    date = addDays(date, 1);
    if (isBondBusinessDay(date)) left -= 1;
  }
  return left === 0 ? date : null;
}
