/**
 * Market calendars: which weekdays a market is closed or trades half a day, and T+n arithmetic.
 *
 * A calendar is data for whole years (see mainland.ts, hong-kong.ts). Saturdays and Sundays are
 * always closed, so the data lists only closed weekdays. Outside its years a calendar does not
 * guess: every question about such a date is refused with `CALENDAR_NOT_COVERED`.
 * @module
 */

import {
  accept,
  assert,
  dayNumber,
  isIsoDate,
  isoDate,
  isWeekend,
  type Outcome,
  type Rejection,
} from '../../kernel/index.js';
import { refuse } from '../codes.js';

/** The calendars the engine knows: the Mainland exchanges, SEHK, and Stock Connect. */
export type CalendarId = 'cn_exchange' | 'hk_exchange' | 'connect';

/** A closed day or half day, with the name of the holiday. */
export interface Holiday {
  readonly date: string;
  readonly name: string;
}

/** One year of a calendar, with where the list comes from and how sure we are of it. */
export interface CalendarYear {
  readonly year: number;
  /** Weekdays on which the market is closed. */
  readonly closed: readonly Holiday[];
  /** Weekdays with a morning session only. */
  readonly half_days: readonly Holiday[];
  readonly source: string;
  readonly confidence: 'high' | 'medium' | 'low';
  readonly note: string;
}

/** A calendar as written in its data file. */
export interface CalendarData {
  readonly id: CalendarId;
  readonly name: string;
  /** Consecutive years in ascending order. */
  readonly years: readonly CalendarYear[];
}

/** A calendar ready for lookups: the data plus sets of day numbers. */
export interface MarketCalendar {
  readonly id: CalendarId;
  readonly name: string;
  readonly first_date: string;
  readonly last_date: string;
  readonly years: readonly CalendarYear[];
  readonly closed_days: ReadonlySet<number>;
  readonly half_days: ReadonlySet<number>;
}

/** Builds a calendar, crashing on inconsistent data (a data bug, found at load time). */
export function buildCalendar(data: CalendarData): MarketCalendar {
  const first = data.years[0];
  const last = data.years[data.years.length - 1];
  assert(first !== undefined && last !== undefined, `${data.id}: no years`);
  const closed_days = new Set<number>();
  const half_days = new Set<number>();
  for (const [index, year] of data.years.entries()) {
    assert(year.year === first.year + index, `${data.id}: years must be consecutive`);
    for (const holiday of year.closed) addDay(closed_days, holiday, year.year, data.id);
    for (const holiday of year.half_days) addDay(half_days, holiday, year.year, data.id);
  }
  for (const day of half_days) assert(!closed_days.has(day), `${data.id}: ${isoDate(day)} both`);
  return Object.freeze({
    id: data.id,
    name: data.name,
    first_date: `${first.year}-01-01`,
    last_date: `${last.year}-12-31`,
    years: data.years,
    closed_days,
    half_days,
  });
}

function addDay(days: Set<number>, holiday: Holiday, year: number, id: string): void {
  const where = `${id}: ${holiday.date} (${holiday.name})`;
  assert(isIsoDate(holiday.date) && holiday.date.startsWith(`${year}-`), `${where}: bad date`);
  const day = dayNumber(holiday.date);
  assert(!isWeekend(day), `${where}: weekends are closed anyway`);
  assert(!days.has(day), `${where}: listed twice`);
  days.add(day);
}

/**
 * A calendar of the days open in both `a` and `b` (the Connect rule since 24 Apr 2023), over
 * the years both cover. Half days are not combined: ask the venue's own calendar.
 */
export function intersectCalendars(
  id: CalendarId,
  name: string,
  a: MarketCalendar,
  b: MarketCalendar,
): MarketCalendar {
  const first_date = isoDate(Math.max(dayNumber(a.first_date), dayNumber(b.first_date)));
  const last_date = isoDate(Math.min(dayNumber(a.last_date), dayNumber(b.last_date)));
  const closed_days = new Set([...a.closed_days, ...b.closed_days].sort((x, y) => x - y));
  const years = a.years.filter((year) => b.years.some((other) => other.year === year.year));
  return Object.freeze({
    id,
    name,
    first_date,
    last_date,
    years: years.map((year) => combinedYear(year, a, b)),
    closed_days,
    half_days: new Set<number>(),
  });
}

function combinedYear(year: CalendarYear, a: MarketCalendar, b: MarketCalendar): CalendarYear {
  const other = b.years.find((candidate) => candidate.year === year.year);
  assert(other !== undefined, 'combinedYear: year missing');
  const closed = [
    ...year.closed,
    ...other.closed.filter((h) => !year.closed.some((x) => x.date === h.date)),
  ];
  return {
    year: year.year,
    closed: closed.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)),
    half_days: [],
    source: `${a.name}; ${b.name}`,
    confidence: lowerConfidence(year.confidence, other.confidence),
    note: 'Open only when both markets are open',
  };
}

function lowerConfidence(
  a: CalendarYear['confidence'],
  b: CalendarYear['confidence'],
): CalendarYear['confidence'] {
  const order = ['low', 'medium', 'high'] as const;
  return order[Math.min(order.indexOf(a), order.indexOf(b))] ?? 'low';
}

/** The day number of a date the calendar covers, or the rejection that says why not. */
function coveredDay(calendar: MarketCalendar, date: string): Outcome<number> {
  if (!isIsoDate(date)) {
    return refuse('INVALID_DATE', 'A date is written YYYY-MM-DD', { date });
  }
  if (date < calendar.first_date || date > calendar.last_date) {
    return notCovered(calendar, date);
  }
  return accept(dayNumber(date));
}

function notCovered(calendar: MarketCalendar, date: string): Rejection {
  return refuse(
    'CALENDAR_NOT_COVERED',
    `The ${calendar.name} covers ${calendar.first_date} to ${calendar.last_date} only`,
    { calendar: calendar.id, date, first_date: calendar.first_date, last_date: calendar.last_date },
  );
}

function isOpenDay(calendar: MarketCalendar, day: number): boolean {
  return !isWeekend(day) && !calendar.closed_days.has(day);
}

/** What kind of day `date` is for a market. */
export type DayKind = 'closed' | 'half_day' | 'full_day';

/** Whether the market is closed, trades a morning only, or trades a full day on `date`. */
export function dayKind(calendar: MarketCalendar, date: string): Outcome<DayKind> {
  const day = coveredDay(calendar, date);
  if (!day.ok) return day;
  if (!isOpenDay(calendar, day.value)) return accept('closed');
  return accept(calendar.half_days.has(day.value) ? 'half_day' : 'full_day');
}

/** Whether the market trades on `date` (half days included). */
export function isTradingDay(calendar: MarketCalendar, date: string): Outcome<boolean> {
  const kind = dayKind(calendar, date);
  return kind.ok ? accept(kind.value !== 'closed') : kind;
}

/** Whether `date` is a half day (morning session only). */
export function isHalfDay(calendar: MarketCalendar, date: string): Outcome<boolean> {
  const kind = dayKind(calendar, date);
  return kind.ok ? accept(kind.value === 'half_day') : kind;
}

/**
 * The trading day `n` trading days after `date` (before it for negative `n`): T+n. `date` must
 * itself be a trading day (`NOT_A_TRADING_DAY`), and `n = 0` returns it. Refuses to leave the
 * calendar's years rather than guess.
 */
export function addBusinessDays(
  calendar: MarketCalendar,
  date: string,
  n: number,
): Outcome<string> {
  assert(Number.isSafeInteger(n), 'n must be a safe integer');
  const start = coveredDay(calendar, date);
  if (!start.ok) return start;
  if (!isOpenDay(calendar, start.value)) {
    return refuse('NOT_A_TRADING_DAY', `${date} is not a trading day of the ${calendar.name}`, {
      calendar: calendar.id,
      date,
    });
  }
  return stepTradingDays(calendar, start.value, n, date);
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(calendar: MarketCalendar, date: string): Outcome<string> {
  const start = coveredDay(calendar, date);
  return start.ok ? stepTradingDays(calendar, start.value, 1, date) : start;
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(calendar: MarketCalendar, date: string): Outcome<string> {
  const start = coveredDay(calendar, date);
  return start.ok ? stepTradingDays(calendar, start.value, -1, date) : start;
}

function stepTradingDays(
  calendar: MarketCalendar,
  start: number,
  n: number,
  date: string,
): Outcome<string> {
  const first = dayNumber(calendar.first_date);
  const last = dayNumber(calendar.last_date);
  const direction = n < 0 ? -1 : 1;
  let day = start;
  for (let remaining = Math.abs(n); remaining > 0; ) {
    day += direction;
    if (day < first || day > last) {
      return refuse(
        'CALENDAR_NOT_COVERED',
        `Counting ${n} trading days from ${date} leaves the ${calendar.name}, which covers ${calendar.first_date} to ${calendar.last_date} only`,
        {
          calendar: calendar.id,
          date,
          n,
          first_date: calendar.first_date,
          last_date: calendar.last_date,
        },
      );
    }
    if (isOpenDay(calendar, day)) remaining -= 1;
  }
  return accept(isoDate(day));
}
