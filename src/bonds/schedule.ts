/**
 * Coupon schedules: regular periods rolled back from maturity by 12/f months (end-of-month kept
 * when maturity is a month end), a short first stub when the issue date is off-cycle, accrual on
 * unadjusted dates and payment on the business-day-adjusted date (docs/bonds.md §2.1).
 * @module
 */

import { assert, civilFromDays, dayNumber, daysFromCivil } from '../kernel/index.js';
import {
  type BondTerms,
  type BusinessDayConvention,
  type CouponPeriod,
  type IsBusinessDay,
  RATE_SCALE,
} from './types.js';

/** A bond's terms with its schedule laid out as day numbers, built once per bond. */
export interface BondSchedule {
  readonly terms: BondTerms;
  readonly issue_day: number;
  readonly maturity_day: number;
  readonly periods: readonly CouponPeriod[];
  /** `period_ends[k]` is `periods[k].end_day`, for binary search. */
  readonly period_ends: Int32Array;
  /**
   * Per period, twice the accrual denominator times RATE_SCALE: accrued interest rounded half up
   * is ⌊(2·n + d) / 2d⌋ with n = face × rate × day-count numerator (pricing.ts).
   */
  readonly accrual_twice_denominators: readonly bigint[];
  /** Half of each of `accrual_twice_denominators`: the denominator times RATE_SCALE. */
  readonly accrual_denominators: readonly bigint[];
}

/** Weekends are not business days; holidays come from the caller's calendar. */
export const WEEKDAYS_ONLY: IsBusinessDay = (day) => {
  const weekday = (((day + 3) % 7) + 7) % 7;
  return weekday < 5;
};

const SCHEDULE_PERIODS_MAX = 2_000;

function daysInMonth(year: number, month: number): number {
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return next - daysFromCivil(year, month, 1);
}

/** The day `months` calendar months after `day` (negative: before), day of month clamped. */
export function addMonths(day: number, months: number, end_of_month: boolean): number {
  const { year, month, day: dom } = civilFromDays(day);
  const index = year * 12 + (month - 1) + months;
  const new_year = Math.floor(index / 12);
  const new_month = index - new_year * 12 + 1;
  const last = daysInMonth(new_year, new_month);
  return daysFromCivil(new_year, new_month, end_of_month ? last : Math.min(dom, last));
}

export function isMonthEnd(day: number): boolean {
  const { year, month, day: dom } = civilFromDays(day);
  return dom === daysInMonth(year, month);
}

/** Moves a date that is not a business day by the convention. */
export function adjustDay(
  day: number,
  convention: BusinessDayConvention,
  is_business_day: IsBusinessDay,
): number {
  if (convention === 'unadjusted' || is_business_day(day)) return day;
  const step = convention === 'preceding' ? -1 : 1;
  let moved = day;
  for (let n = 0; n < 31 && !is_business_day(moved); n += 1) moved += step;
  assert(is_business_day(moved), 'no business day within 31 days');
  if (
    convention === 'modified_following' &&
    civilFromDays(moved).month !== civilFromDays(day).month
  ) {
    return adjustDay(day, 'preceding', is_business_day);
  }
  return moved;
}

/** Builds the schedule of validated terms. A zero-coupon bond has one period, issue to maturity. */
export function buildSchedule(
  terms: BondTerms,
  is_business_day: IsBusinessDay = WEEKDAYS_ONLY,
): BondSchedule {
  const issue_day = dayNumber(terms.issue_date);
  const maturity_day = dayNumber(terms.maturity_date);
  const ends: number[] = [maturity_day];
  if (terms.coupon.kind !== 'zero') {
    const step = 12 / terms.frequency;
    const eom = isMonthEnd(maturity_day);
    for (let k = 1; ; k += 1) {
      assert(k < SCHEDULE_PERIODS_MAX, 'schedule too long');
      const day = addMonths(maturity_day, -k * step, eom);
      ends.push(day);
      if (day <= issue_day) break;
    }
  } else {
    ends.push(issue_day);
  }
  ends.reverse(); // ends[0] <= issue_day: the notional start of the first period
  const periods: CouponPeriod[] = [];
  for (let k = 1; k < ends.length; k += 1) {
    const notional_start_day = ends[k - 1] as number;
    const end_day = ends[k] as number;
    periods.push({
      start_day: Math.max(notional_start_day, issue_day),
      end_day,
      payment_day: adjustDay(end_day, terms.business_day_convention, is_business_day),
      notional_start_day,
    });
  }
  const period_ends = Int32Array.from(periods, (p) => p.end_day);
  const accrual_denominators = periods.map(
    (p) => RATE_SCALE * BigInt(accrualDenominator(terms, p)),
  );
  return {
    terms,
    issue_day,
    maturity_day,
    periods,
    period_ends,
    accrual_twice_denominators: accrual_denominators.map((d) => 2n * d),
    accrual_denominators,
  };
}

/**
 * The denominator of a period's day-count fraction of a year: the regular period's days × f for
 * ACT/ACT-ICMA, else the basis (365, 360). The numerators are in day_count.ts.
 */
export function accrualDenominator(terms: BondTerms, period: CouponPeriod): number {
  switch (terms.day_count) {
    case 'ACT/ACT-ICMA':
      return (period.end_day - period.notional_start_day) * terms.frequency;
    case 'ACT/365F':
      return 365;
    case 'ACT/360':
    case '30/360':
      return 360;
  }
}

/**
 * The index of the period in which `day` falls (start ≤ day < end), or -1 outside
 * [issue, maturity). A settlement on a coupon date belongs to the next period.
 */
export function periodIndex(schedule: BondSchedule, day: number): number {
  if (day < schedule.issue_day || day >= schedule.maturity_day) return -1;
  const ends = schedule.period_ends;
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] as number) > day) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
