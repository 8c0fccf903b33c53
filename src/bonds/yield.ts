/**
 * Yield to maturity from a price: the whole number of 10^-12 whose present value is nearest the
 * price, found by a safeguarded false-position search on a bracket (the present value falls as
 * the yield rises): typically a dozen present values instead of bisection's 44. Exact and
 * deterministic, integers only, never a floating-point guess.
 * @module
 */

import { accept, type Outcome, reject } from '../kernel/index.js';
import { ONE } from './fixed.js';
import {
  accruedPriceE8,
  presentValue,
  priceablePeriod,
  YIELD_MAX_E12,
  YIELD_MIN_E12,
} from './pricing.js';
import type { BondSchedule } from './schedule.js';
import { PRICE_SCALE, RATE_SCALE } from './types.js';

const HUNDRED_E8 = 100n * PRICE_SCALE;

/** Yield (10^-12) of a dirty price per 100 face (10^-8). */
export function yieldFromDirtyPrice(
  schedule: BondSchedule,
  settlement_day: number,
  dirty_e8: bigint,
): Outcome<bigint> {
  const k = priceablePeriod(schedule, settlement_day);
  if (!k.ok) return k;
  if (dirty_e8 <= 0n) {
    return reject('BOND_PRICE_INVALID', 'A price must be positive', { price_e8: dirty_e8 });
  }
  const target = (dirty_e8 * ONE) / HUNDRED_E8;
  const f = (y: bigint) => presentValue(schedule, k.value, settlement_day, y) - target;
  const bracket = initialBracket(f);
  if (bracket === undefined) {
    return reject('BOND_YIELD_OUT_OF_RANGE', 'The price implies a yield outside -50 % to 1000 %', {
      price_e8: dirty_e8,
    });
  }
  return accept(solve(f, bracket));
}

/** A bracket: f(lo) ≥ 0 > f(hi), lo < hi (f falls as the yield rises). */
interface Bracket {
  lo: bigint;
  hi: bigint;
  f_lo: bigint;
  f_hi: bigint;
}

const GUESS_LOW_E12 = 0n;
const GUESS_HIGH_E12 = RATE_SCALE / 5n; // 20 %

/** Tries [0, 20 %] first (most prices), then the rest of [−50 %, 1000 %]. */
function initialBracket(f: (y: bigint) => bigint): Bracket | undefined {
  const f_low = f(GUESS_LOW_E12);
  if (f_low < 0n) {
    const f_min = f(YIELD_MIN_E12);
    if (f_min < 0n) return undefined;
    return { lo: YIELD_MIN_E12, hi: GUESS_LOW_E12, f_lo: f_min, f_hi: f_low };
  }
  const f_high = f(GUESS_HIGH_E12);
  if (f_high < 0n) return { lo: GUESS_LOW_E12, hi: GUESS_HIGH_E12, f_lo: f_low, f_hi: f_high };
  const f_max = f(YIELD_MAX_E12);
  if (f_max > 0n) return undefined;
  if (f_max === 0n) return { lo: YIELD_MAX_E12 - 1n, hi: YIELD_MAX_E12, f_lo: 1n, f_hi: 0n };
  return { lo: GUESS_HIGH_E12, hi: YIELD_MAX_E12, f_lo: f_high, f_hi: f_max };
}

/**
 * Shrinks the bracket to adjacent units: a false-position step (Illinois: the end kept twice in
 * a row has its value halved), then the step's neighbour towards the root, which closes the
 * bracket as soon as the step lands within one unit; every fourth step bisects, so the bracket
 * at least halves every four steps whatever the function. Returns the end nearer the price.
 */
function solve(f: (y: bigint) => bigint, b: Bracket): bigint {
  let weight_lo = b.f_lo;
  let weight_hi = b.f_hi;
  let kept = 0; // +1: lo kept last step, −1: hi kept
  for (let step = 1; b.hi - b.lo > 1n; step += 1) {
    const width = b.hi - b.lo;
    let x =
      step % 4 === 0 ? b.lo + width / 2n : b.lo + (weight_lo * width) / (weight_lo - weight_hi);
    if (x <= b.lo) x = b.lo + 1n;
    if (x >= b.hi) x = b.hi - 1n;
    const fx = f(x);
    if (fx >= 0n) {
      b.lo = x;
      b.f_lo = fx;
      weight_lo = fx;
      weight_hi = kept === -1 ? weight_hi / 2n : b.f_hi;
      kept = -1;
      if (x + 1n < b.hi) probe(f, b, x + 1n);
    } else {
      b.hi = x;
      b.f_hi = fx;
      weight_hi = fx;
      weight_lo = kept === 1 ? weight_lo / 2n : b.f_lo;
      kept = 1;
      if (x - 1n > b.lo) probe(f, b, x - 1n);
    }
  }
  return b.f_lo <= -b.f_hi ? b.lo : b.hi;
}

/** Evaluates a neighbour of the last step and narrows the bracket with it. */
function probe(f: (y: bigint) => bigint, b: Bracket, y: bigint): void {
  const fy = f(y);
  if (fy >= 0n) {
    b.lo = y;
    b.f_lo = fy;
  } else {
    b.hi = y;
    b.f_hi = fy;
  }
}

/** Yield (10^-12) of a clean price per 100 face (10^-8): dirty = clean + accrued. */
export function yieldFromCleanPrice(
  schedule: BondSchedule,
  settlement_day: number,
  clean_e8: bigint,
): Outcome<bigint> {
  const accrued = accruedPriceE8(schedule, settlement_day);
  if (!accrued.ok) return accrued;
  return yieldFromDirtyPrice(schedule, settlement_day, clean_e8 + accrued.value);
}
