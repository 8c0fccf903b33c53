/**
 * The counters behind the caps: per payer (and per the cap's unit), the amount used on a Hong
 * Kong date and in a calendar year; and, Southbound, per payer per payer bank, the RMB sent on a
 * Hong Kong date, for the bank's own daily cap. A counter resets at HK midnight for the day and
 * on 1 January (HK time) for the year: `usage` reads a stale counter as zero, so no job has to
 * reset anything.
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

/** The banks' own Southbound daily counters' keys start with this. */
const BANK_DAY = 'southbound_bank_day';

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
 * date of `now_us`. The Southbound banks' own daily caps are `checkBankDailyCap`'s.
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
  take(book, key, amount_minor, date);
  return { direction, key, date, amount_minor };
}

function take(book: LimitBook, key: string, amount_minor: bigint, date: string): void {
  const used = usage(book.counters.get(key), date);
  book.counters.set(key, {
    date,
    day_used_minor: used.day_used_minor + amount_minor,
    year: year_of(date),
    year_used_minor: used.year_used_minor + amount_minor,
  });
}

/**
 * Gives back a reservation. Only to the day and year it was taken from: if the counter has
 * moved on to a new day (or year), that part was reset already and nothing is given back to it.
 */
export function releaseLimit(book: LimitBook, reservation: LimitReservation): void {
  give_back(book, reservation.key, reservation.amount_minor, reservation.date);
  const { bank_day } = reservation;
  if (bank_day !== undefined)
    give_back(book, bank_day.key, bank_day.amount_minor, reservation.date);
}

function give_back(book: LimitBook, key: string, amount_minor: bigint, date: string): void {
  const counter = book.counters.get(key);
  if (counter === undefined) return;
  const same_day = counter.date === date;
  const same_year = counter.year === year_of(date);
  book.counters.set(key, {
    ...counter,
    day_used_minor: same_day ? counter.day_used_minor - amount_minor : counter.day_used_minor,
    year_used_minor: same_year ? counter.year_used_minor - amount_minor : counter.year_used_minor,
  });
}

/** The payer's counter at their bank, for the bank's own Southbound daily cap (RMB sent). */
export function bankDayKey(instruction: PaymentInstruction): string {
  return `${BANK_DAY}|${instruction.payer.id}|${instruction.payer.bank}`;
}

export function isBankDayKey(key: string): boolean {
  return key.startsWith(`${BANK_DAY}|`);
}

/** A bank's own daily cap on one payer's Southbound payments, CNY minor; undefined: none. */
export function bankDailyCap(settings: PaymentConnectSettings, bank: string): bigint | undefined {
  const caps = settings.southbound.bank_daily_cap_cny_minor;
  // Own keys only: a bank id such as `constructor` is not a cap.
  return Object.hasOwn(caps, bank) ? caps[bank] : undefined;
}

/**
 * Checks a Southbound payment against its payer bank's own daily cap, on the HK date of
 * `now_us`: the RMB the payer has sent through that bank today, this payment included.
 */
export function checkBankDailyCap(
  book: LimitBook,
  instruction: PaymentInstruction,
  now_us: number,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  if (instruction.direction !== 'southbound') return undefined;
  const { bank } = instruction.payer;
  const cap_minor = bankDailyCap(settings, bank);
  if (cap_minor === undefined) return undefined;
  const date = hkDate(now_us);
  const used_minor = usage(book.counters.get(bankDayKey(instruction)), date).day_used_minor;
  const { amount_minor } = instruction;
  if (used_minor + amount_minor <= cap_minor) return undefined;
  return reject(
    'PAYMENT_BANK_DAILY_CAP',
    `${bank} caps a payer's Southbound payments at ${cap_minor} fen a day; ${used_minor} fen used today`,
    { bank, date, used_minor, amount_minor, cap_minor },
  );
}

/** Every counter a payment counts on: its caps' (or quota's) and, Southbound, its bank's day. */
export function limitKeys(instruction: PaymentInstruction, unit: CapUnit): string[] {
  const key = limitKey(instruction, unit);
  return instruction.direction === 'southbound' ? [key, bankDayKey(instruction)] : [key];
}

/** The counters a reservation took from. */
export function reservationKeys(reservation: LimitReservation | null): string[] {
  if (reservation === null) return [];
  const { key, bank_day } = reservation;
  return bank_day === undefined ? [key] : [key, bank_day.key];
}

/**
 * Every counter check of a payment, in order: the caps or the quota, counting `limit_minor`
 * (HKD Northbound, USD Southbound), then the payer bank's own daily cap (RMB sent).
 */
export function checkCounters(
  book: LimitBook,
  instruction: PaymentInstruction,
  limit_minor: bigint,
  now_us: number,
  settings: PaymentConnectSettings,
): Rejection | undefined {
  const { direction } = instruction;
  const key = limitKey(instruction, settings.northbound.cap_unit);
  return (
    checkLimits(book, direction, key, limit_minor, now_us, settings) ??
    checkBankDailyCap(book, instruction, now_us, settings)
  );
}

/**
 * Reserves on every counter (checked before). A Southbound payment's bank day counts whether or
 * not its bank has a cap, so a cap set during a day sees the payments already made that day.
 */
export function reserveCounters(
  book: LimitBook,
  instruction: PaymentInstruction,
  limit_minor: bigint,
  now_us: number,
  settings: PaymentConnectSettings,
): LimitReservation {
  const { direction, amount_minor } = instruction;
  const key = limitKey(instruction, settings.northbound.cap_unit);
  const limit = reserveLimit(book, direction, key, limit_minor, now_us);
  if (direction !== 'southbound') return limit;
  const bank_key = bankDayKey(instruction);
  take(book, bank_key, amount_minor, limit.date);
  return { ...limit, bank_day: { key: bank_key, amount_minor } };
}
