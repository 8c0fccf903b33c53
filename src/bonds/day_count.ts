/**
 * Day counts as exact fractions of a year (docs/bonds.md §2.2). A fraction multiplies the annual
 * coupon rate: accrued = face × rate × numerator / denominator, rounded once, at the end.
 * @module
 */

import { civilFromDays } from '../kernel/index.js';
import type { BondSchedule } from './schedule.js';
import type { CouponPeriod, DayCount, Frequency } from './types.js';

/** An exact, non-negative fraction of a year. */
export interface YearFraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * 30/360 Bond Basis (ISDA 2006 §4.16(f)): D1 = 31 becomes 30; D2 = 31 becomes 30 when D1 is
 * (now) 30; months are 30 days, years 360.
 */
export function days30360(from_day: number, to_day: number): number {
  const a = civilFromDays(from_day);
  const b = civilFromDays(to_day);
  const d1 = a.day === 31 ? 30 : a.day;
  const d2 = b.day === 31 && d1 === 30 ? 30 : b.day;
  return 360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1);
}

/**
 * The fraction of a year accrued from `from_day` to `to_day` inside `period`. ACT/ACT-ICMA
 * (ICMA Rule 251; CCDC's "C/f × t/TS"): days over the days of the regular period, over f.
 */
export function accrualFraction(
  day_count: DayCount,
  frequency: Frequency,
  period: CouponPeriod,
  from_day: number,
  to_day: number,
): YearFraction {
  switch (day_count) {
    case 'ACT/ACT-ICMA':
      return {
        numerator: BigInt(to_day - from_day),
        denominator: BigInt((period.end_day - period.notional_start_day) * frequency),
      };
    case 'ACT/365F':
      return { numerator: BigInt(to_day - from_day), denominator: 365n };
    case 'ACT/360':
      return { numerator: BigInt(to_day - from_day), denominator: 360n };
    case '30/360':
      return { numerator: BigInt(days30360(from_day, to_day)), denominator: 360n };
  }
}

/**
 * The coupon of one period as a fraction of the annual rate: 1/f for a regular period, the day
 * count's fraction for a short first stub.
 */
export function couponFraction(schedule: BondSchedule, period: CouponPeriod): YearFraction {
  const { day_count, frequency } = schedule.terms;
  if (period.start_day === period.notional_start_day) {
    return { numerator: 1n, denominator: BigInt(frequency) };
  }
  return accrualFraction(day_count, frequency, period, period.start_day, period.end_day);
}
