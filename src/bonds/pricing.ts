/**
 * Accrued interest, clean and dirty prices and yield to maturity, exactly (docs/bonds.md §2).
 *
 * - Accrued interest is rational (face × rate × days / basis) and rounded once, half up, to the
 *   minor unit (an amount) or to 10^-8 per 100 face (a price).
 * - A dirty price from a yield discounts each cash flow over a fractional number of periods, which
 *   needs `ln`/`exp`: computed in fixed point at 10^-24 (fixed.ts), then rounded half even to
 *   10^-8 per 100 face.
 * - A yield from a price is found by bisection on whole units of 10^-12, so the price of the
 *   yield found is within one price unit of the price given.
 * @module
 */

import { accept, divRound, type Outcome, type Rejection, reject } from '../kernel/index.js';
import { couponFraction, days30360 } from './day_count.js';
import { div, exp, ln, mul, ONE } from './fixed.js';
import { addMonths, type BondSchedule, periodIndex } from './schedule.js';
import { PRICE_SCALE, RATE_SCALE } from './types.js';

/** Yields outside [−50 %, 1000 %] are refused. */
export const YIELD_MIN_E12 = -RATE_SCALE / 2n;
export const YIELD_MAX_E12 = 10n * RATE_SCALE;
const HUNDRED_E8 = 100n * PRICE_SCALE;
const FIXED_PER_RATE = ONE / RATE_SCALE;

/** The period's annual coupon rate: the fixed rate, or the index fixing plus the spread. */
export function couponRate(
  schedule: BondSchedule,
  fixing_e12: bigint | undefined,
): Outcome<bigint> {
  const coupon = schedule.terms.coupon;
  if (coupon.kind === 'fixed') return accept(coupon.rate_e12);
  if (coupon.kind === 'zero') return accept(0n);
  if (fixing_e12 === undefined) {
    return reject('BOND_FIXING_REQUIRED', 'A floating coupon needs the period index fixing', {
      isin: schedule.terms.isin,
      index: coupon.index,
    });
  }
  return accept(fixing_e12 + BigInt(coupon.spread_bps) * (RATE_SCALE / 10_000n));
}

function settlementPeriod(schedule: BondSchedule, settlement_day: number): Outcome<number> {
  const k = periodIndex(schedule, settlement_day);
  if (k < 0) {
    return reject(
      'BOND_SETTLEMENT_OUT_OF_TERM',
      'Settlement must be on or after issue and before maturity',
      {
        isin: schedule.terms.isin,
        settlement_day,
        issue_day: schedule.issue_day,
        maturity_day: schedule.maturity_day,
      },
    );
  }
  return accept(k);
}

/**
 * Accrued interest on `face_minor` of the bond for settlement on `settlement_day`, in minor
 * units, rounded half up (CCDC: 四舍五入; HKMA: same, assumed). The numerator grows with
 * `settlement_day` inside a period, so accrued interest never decreases within one.
 */
export function accruedInterestMinor(
  schedule: BondSchedule,
  settlement_day: number,
  face_minor: bigint,
  fixing_e12?: bigint,
): Outcome<bigint> {
  // The hot path (fixed coupons) allocates only the result: no intermediate Outcomes.
  const k = periodIndex(schedule, settlement_day);
  if (k < 0) return settlementPeriod(schedule, settlement_day) as Rejection;
  const coupon = schedule.terms.coupon;
  if (coupon.kind === 'fixed') {
    return accept(accruedScaled(schedule, k, settlement_day, face_minor, coupon.rate_e12));
  }
  const rate = couponRate(schedule, fixing_e12);
  if (!rate.ok) return rate;
  return accept(accruedScaled(schedule, k, settlement_day, face_minor, rate.value));
}

/** Accrued interest per 100 face in units of 10^-8, rounded half up. */
export function accruedPriceE8(
  schedule: BondSchedule,
  settlement_day: number,
  fixing_e12?: bigint,
): Outcome<bigint> {
  return accruedInterestMinor(schedule, settlement_day, HUNDRED_E8, fixing_e12);
}

/** The unchecked core of accrued interest: `scale × rate × fraction`, rounded half up. */
export function accruedScaled(
  schedule: BondSchedule,
  k: number,
  settlement_day: number,
  scale: bigint,
  rate_e12: bigint,
): bigint {
  const period = schedule.periods[k];
  const twice_denominator = schedule.accrual_twice_denominators[k];
  const denominator = schedule.accrual_denominators[k];
  if (period === undefined || twice_denominator === undefined || denominator === undefined) {
    return 0n;
  }
  if (schedule.terms.coupon.kind === 'zero') return 0n;
  const days =
    schedule.terms.day_count === '30/360'
      ? days30360(period.start_day, settlement_day)
      : settlement_day - period.start_day;
  const numerator = scale * rate_e12 * BigInt(days);
  // Half up for a non-negative numerator in one division: ⌊(2n + d) / 2d⌋.
  if (numerator >= 0n) return (2n * numerator + denominator) / twice_denominator;
  return divRound(numerator, denominator, 'half_up');
}

function checkYield(schedule: BondSchedule, yield_e12: bigint): Rejection | undefined {
  if (schedule.terms.coupon.kind === 'floating') {
    return reject('BOND_YIELD_UNSUPPORTED', 'Floating-rate bonds are not priced by yield', {
      isin: schedule.terms.isin,
    });
  }
  if (yield_e12 < YIELD_MIN_E12 || yield_e12 > YIELD_MAX_E12) {
    return reject('BOND_YIELD_OUT_OF_RANGE', 'The yield must be between -50 % and 1000 %', {
      yield_e12,
    });
  }
  return undefined;
}

/** Dirty price per 100 face (10^-8) for a yield (10^-12), by the bond's yield convention. */
export function dirtyPriceFromYield(
  schedule: BondSchedule,
  settlement_day: number,
  yield_e12: bigint,
): Outcome<bigint> {
  const k = settlementPeriod(schedule, settlement_day);
  if (!k.ok) return k;
  const refused = checkYield(schedule, yield_e12);
  if (refused !== undefined) return refused;
  return accept(toPriceE8(presentValue(schedule, k.value, settlement_day, yield_e12)));
}

/** The settlement period of a bond that can be priced by yield on that day, or the refusal. */
export function priceablePeriod(schedule: BondSchedule, settlement_day: number): Outcome<number> {
  const k = settlementPeriod(schedule, settlement_day);
  if (!k.ok) return k;
  const refused = checkYield(schedule, 0n);
  return refused ?? k;
}

/** Clean price = dirty price − accrued interest, both per 100 face in 10^-8. */
export function cleanPriceFromYield(
  schedule: BondSchedule,
  settlement_day: number,
  yield_e12: bigint,
): Outcome<bigint> {
  const dirty = dirtyPriceFromYield(schedule, settlement_day, yield_e12);
  if (!dirty.ok) return dirty;
  const accrued = accruedPriceE8(schedule, settlement_day);
  if (!accrued.ok) return accrued;
  return accept(dirty.value - accrued.value);
}

function toPriceE8(pv_fixed: bigint): bigint {
  return divRound(pv_fixed * HUNDRED_E8, ONE, 'half_even');
}

/** Present value of one unit of face, fixed point (ONE = par). */
export function presentValue(
  schedule: BondSchedule,
  k: number,
  settlement_day: number,
  yield_e12: bigint,
): bigint {
  const y = yield_e12 * FIXED_PER_RATE;
  if (schedule.terms.coupon.kind === 'zero') return zeroValue(schedule, settlement_day, y);
  const { periods, terms } = schedule;
  const period = periods[k];
  if (period === undefined) return 0n;
  const rate = terms.coupon.kind === 'fixed' ? terms.coupon.rate_e12 : 0n;
  // Every period pays rate/f except a short first stub (periods[0] only).
  const coupon = (j: number): bigint => {
    const p = periods[j];
    if (p === undefined) return 0n;
    const f = couponFraction(schedule, p);
    return (rate * FIXED_PER_RATE * f.numerator) / f.denominator;
  };
  const remaining = periods.length - k;
  const d = BigInt(period.end_day - settlement_day);
  if (terms.yield_convention === 'ccdc' && remaining === 1) {
    // CCDC, last coupon period: simple interest, PV = FV / (1 + y · D / TY).
    const ty = BigInt(schedule.maturity_day - addMonths(schedule.maturity_day, -12, false));
    return div(ONE + coupon(k), ONE + (y * d) / ty);
  }
  const f = BigInt(terms.frequency);
  const ln_v = terms.yield_convention === 'ccdc' ? -ln(ONE + y / f) : -ln(ONE + y) / f;
  const v = exp(ln_v);
  const ts = BigInt(period.end_day - period.notional_start_day);
  const first = exp((ln_v * d) / ts); // v^(d/TS)
  // Σ of the discount factors of the regular coupons, v^(d/TS + i); the first may be a stub.
  const stub = period.start_day !== period.notional_start_day;
  let discount = first;
  let factors = 0n;
  for (let j = k; j < periods.length; j += 1) {
    if (j !== k || !stub) factors += discount;
    if (j + 1 < periods.length) discount = mul(discount, v);
  }
  const regular = (rate * FIXED_PER_RATE) / f;
  const stub_value = stub ? mul(coupon(k), first) : 0n;
  return mul(regular, factors) + stub_value + discount; // principal, discounted like the last coupon
}

/**
 * A zero-coupon bond. CCDC: simple interest within a year of maturity, M / (1 + y·D/TY);
 * otherwise compound, M / (1 + y)^(d/TY + m), with d the days to the next anniversary of
 * maturity, TY the days of that year and m the whole years after it. The annual convention
 * compounds throughout.
 */
function zeroValue(schedule: BondSchedule, settlement_day: number, y: bigint): bigint {
  const maturity = schedule.maturity_day;
  let m = 0;
  while (addMonths(maturity, -12 * (m + 1), false) > settlement_day) m += 1;
  const next = addMonths(maturity, -12 * m, false);
  const previous = addMonths(maturity, -12 * (m + 1), false);
  const d = BigInt(next - settlement_day);
  const ty = BigInt(next - previous);
  if (schedule.terms.yield_convention === 'ccdc' && m === 0) {
    return div(ONE, ONE + (y * d) / ty);
  }
  const years = (d * ONE) / ty + BigInt(m) * ONE;
  return exp(-mul(ln(ONE + y), years));
}
