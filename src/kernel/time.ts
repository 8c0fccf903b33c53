/**
 * Hub time: integers only, never the wall clock.
 *
 * A timestamp is microseconds since the Unix epoch (UTC) as a safe integer (exact until the year
 * 2255). A market date is an ISO `YYYY-MM-DD` string in the market's local time; both Mainland and
 * Hong Kong markets keep UTC+8 with no daylight saving. Civil-date arithmetic uses Howard Hinnant's
 * days-from-civil algorithm, so no `Date` object is needed in the core.
 * @module
 */

import { assert } from './assert.js';

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_DAY = 86_400 * US_PER_SECOND;
/** China Standard Time and Hong Kong Time: UTC+8, no daylight saving. */
export const UTC_OFFSET_MINUTES_CHINA = 480;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Days since 1970-01-01 for a proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const year_of_era = y - era * 400;
  const month_index = month > 2 ? month - 3 : month + 9;
  const day_of_year = Math.floor((153 * month_index + 2) / 5) + day - 1;
  const day_of_era =
    year_of_era * 365 + Math.floor(year_of_era / 4) - Math.floor(year_of_era / 100) + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const day_of_era = z - era * 146097;
  const year_of_era = Math.floor(
    (day_of_era -
      Math.floor(day_of_era / 1460) +
      Math.floor(day_of_era / 36524) -
      Math.floor(day_of_era / 146096)) /
      365,
  );
  const day_of_year =
    day_of_era - (365 * year_of_era + Math.floor(year_of_era / 4) - Math.floor(year_of_era / 100));
  const month_index = Math.floor((5 * day_of_year + 2) / 153);
  const day = day_of_year - Math.floor((153 * month_index + 2) / 5) + 1;
  const month = month_index < 10 ? month_index + 3 : month_index - 9;
  return { year: year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

// The last date checked and its day number: commands of one day ask about the same date again and
// again (settlement, accrual, repo terms), so a one-entry memo saves a regex and a split each time.
// It is a pure function's cache, so it cannot change a result.
let memo_date = '';
let memo_day = 0;

export function isIsoDate(text: string): boolean {
  if (text === memo_date) return true;
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const round_trip = civilFromDays(daysFromCivil(year, month, day));
  return round_trip.month === month && round_trip.day === day;
}

/** Day number of an ISO date; the caller must have checked the format. */
export function dayNumber(date: string): number {
  if (date === memo_date) return memo_day;
  assert(isIsoDate(date), `not an ISO date: ${date}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  memo_day = daysFromCivil(year, month, day);
  memo_date = date;
  return memo_day;
}

// The last day number formatted and its date: every trade asks for its market date (settlement's
// trade date), so a one-entry memo saves the calendar arithmetic and three padded strings. It is a
// pure function's cache, so it cannot change a result.
let memo_iso_day = Number.NaN;
let memo_iso = '';

export function isoDate(day_number: number): string {
  if (day_number === memo_iso_day) return memo_iso;
  const { year, month, day } = civilFromDays(day_number);
  memo_iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  memo_iso_day = day_number;
  return memo_iso;
}

/** 0 = Monday … 6 = Sunday (ISO 8601). 1970-01-01 was a Thursday. */
export function weekday(day_number: number): number {
  return (((day_number + 3) % 7) + 7) % 7;
}

export function isWeekend(day_number: number): boolean {
  return weekday(day_number) >= 5;
}

export function addDays(date: string, days: number): string {
  return isoDate(dayNumber(date) + days);
}

/** The local market date of a timestamp. */
export function marketDate(
  timestamp_us: number,
  utc_offset_minutes = UTC_OFFSET_MINUTES_CHINA,
): string {
  return isoDate(localDayNumber(timestamp_us, utc_offset_minutes));
}

function localDayNumber(timestamp_us: number, utc_offset_minutes: number): number {
  const local_us = timestamp_us + utc_offset_minutes * US_PER_MINUTE;
  return Math.floor(local_us / US_PER_DAY);
}

/** Seconds since local midnight: what session tables are written in. */
export function secondOfDay(
  timestamp_us: number,
  utc_offset_minutes = UTC_OFFSET_MINUTES_CHINA,
): number {
  const local_us = timestamp_us + utc_offset_minutes * US_PER_MINUTE;
  const us_of_day = local_us - Math.floor(local_us / US_PER_DAY) * US_PER_DAY;
  return Math.floor(us_of_day / US_PER_SECOND);
}

/** Parses `HH:MM` or `HH:MM:SS` into seconds since midnight. */
export function clockSeconds(clock: string): number {
  const match = CLOCK_PATTERN.exec(clock);
  assert(match !== null, `not a clock time: ${clock}`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  assert(hours <= 24 && minutes < 60 && seconds < 60, `clock time out of range: ${clock}`);
  return hours * 3600 + minutes * 60 + seconds;
}

/** The timestamp of a local clock time on a market date. */
export function timestampAt(
  date: string,
  clock: string,
  utc_offset_minutes = UTC_OFFSET_MINUTES_CHINA,
): number {
  const local_us = dayNumber(date) * US_PER_DAY + clockSeconds(clock) * US_PER_SECOND;
  return local_us - utc_offset_minutes * US_PER_MINUTE;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`: for logs and reports, never for decisions. */
export function isoTimestamp(timestamp_us: number): string {
  const day = Math.floor(timestamp_us / US_PER_DAY);
  const us_of_day = timestamp_us - day * US_PER_DAY;
  const seconds = Math.floor(us_of_day / US_PER_SECOND);
  const micros = us_of_day - seconds * US_PER_SECOND;
  const clock = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return `${isoDate(day)}T${clock}.${pad(micros, 6)}Z`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
