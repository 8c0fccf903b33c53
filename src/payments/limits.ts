/**
 * The counters behind the caps: per payer (and per the cap's unit), the amount used on a Hong
 * Kong date and in a calendar year. A counter resets at HK midnight for the day and on 1 January
 * (HK time) for the year: `usage` reads a stale counter as zero, so no job has to reset anything.
 * @module
 */

import { type Rejection, reject } from '../kernel/index.js';
import { hkDate } from './rules.js';
import type {
  CapUnit,
  Direction,
  LimitBook,
  LimitCounter,
  LimitReservation,
  PaymentConnectSettings,
  PaymentInstruction,
} from './types.js';

export function emptyLimitBook(): LimitBook {
  return { counters: new Map() };
}

/** The key a payer's payments count under. Southbound's FX quota is per person. */
export function limitKey(instruction: PaymentInstruction, unit: CapUnit): string {
  const { direction, payer } = instruction;
  if (direction === 'southbound' || unit === 'person') return `${direction}|${payer.id}`;
  if (unit === 'account') return `${direction}|${payer.id}|${payer.bank}|${payer.account}`;
  return `${direction}|${payer.id}|${payer.bank}`;
}

function year_of(date: string): number {
  return Number(date.slice(0, 4));
}

/** Used so far on `date` and in its year; a counter from an earlier day or year reads as zero. */
export function usage(
  counter: LimitCounter | undefined,
  date: string,
): { day_used_minor: bigint; year_used_minor: bigint } {
  if (counter === undefined) return { day_used_minor: 0n, year_used_minor: 0n };
  const year = year_of(date);
  return {
    day_used_minor: counter.date === date ? counter.day_used_minor : 0n,
    year_used_minor: counter.year === year ? counter.year_used_minor : 0n,
  };
}

/**
 * Checks that `amount_minor` (HKD for Northbound, USD for Southbound) fits the caps on the HK
 * date of `now_us`. Southbound has no daily cap of its own here (banks' own daily caps are
 * not yet modelled).
 */
export function checkLimits(
  book: LimitBook,
  direction: Direction,
  key: string,
  amount_minor: bigint,
  now_us: number,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  const date = hkDate(now_us);
  const used = usage(book.counters.get(key), date);
  if (direction === 'northbound') {
    const { daily_limit_hkd_minor: day_max, annual_limit_hkd_minor: year_max } =
      settings.northbound;
    if (used.day_used_minor + amount_minor > day_max) {
      return reject('PAYMENT_DAILY_LIMIT', 'Northbound payments are capped at HK$10,000 a day', {
        key,
        date,
        used_minor: used.day_used_minor,
        amount_minor,
        limit_minor: day_max,
      });
    }
    if (used.year_used_minor + amount_minor > year_max) {
      return reject('PAYMENT_ANNUAL_LIMIT', 'Northbound payments are capped at HK$200,000 a year', {
        key,
        year: year_of(date),
        used_minor: used.year_used_minor,
        amount_minor,
        limit_minor: year_max,
      });
    }
    return undefined;
  }
  const quota = settings.southbound.annual_quota_usd_minor;
  if (used.year_used_minor + amount_minor > quota) {
    return reject(
      'PAYMENT_QUOTA_EXCEEDED',
      'This exceeds the USD 50,000 annual FX facilitation quota',
      {
        key,
        year: year_of(date),
        used_usd_minor: used.year_used_minor,
        amount_usd_minor: amount_minor,
        quota_usd_minor: quota,
      },
    );
  }
  return undefined;
}

/** Takes `amount_minor` from the counter (checked before). */
export function reserveLimit(
  book: LimitBook,
  direction: Direction,
  key: string,
  amount_minor: bigint,
  now_us: number,
): LimitReservation {
  const date = hkDate(now_us);
  const used = usage(book.counters.get(key), date);
  book.counters.set(key, {
    date,
    day_used_minor: used.day_used_minor + amount_minor,
    year: year_of(date),
    year_used_minor: used.year_used_minor + amount_minor,
  });
  return { direction, key, date, amount_minor };
}

/**
 * Gives back a reservation. Only to the day and year it was taken from: if the counter has
 * moved on to a new day (or year), that part was reset already and nothing is given back to it.
 */
export function releaseLimit(book: LimitBook, reservation: LimitReservation): void {
  const counter = book.counters.get(reservation.key);
  if (counter === undefined) return;
  const same_day = counter.date === reservation.date;
  const same_year = counter.year === year_of(reservation.date);
  book.counters.set(reservation.key, {
    ...counter,
    day_used_minor: same_day
      ? counter.day_used_minor - reservation.amount_minor
      : counter.day_used_minor,
    year_used_minor: same_year
      ? counter.year_used_minor - reservation.amount_minor
      : counter.year_used_minor,
  });
}
