/**
 * Order and trade values in RMB minor units (fen), exactly.
 *
 * A price is an integer in the instrument's price unit, 10^-price_scale of its currency. The value
 * of `quantity` units at `price` in RMB fen is `price × quantity × factor`, where the factor is an
 * exact rational:
 * - Northbound (RMB prices): 10^2 / 10^price_scale. For A shares (price scale 2) it is 1, so the
 *   value is exactly price × quantity; for A-share ETFs (scale 3, RMB 0.001) it is 1/10.
 * - Southbound (HKD prices): rate × 10^2 / 10^price_scale, with the day's reference rate in RMB per
 *   HKD as an exact rational (`parseRate`).
 *
 * One rounding per figure, always against the quota: values that consume quota round up (ceil),
 * values that restore it round down (floor). So rounding can never create quota.
 * @module
 */

import { assert, type Rate } from '../kernel/index.js';
import { CONNECT_CONSTANTS } from './links.js';

/** `value_minor = price_units × quantity_units × numerator / denominator`. */
export interface ValueFactor {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const PRICE_SCALE_MAX = 8;
const RMB_UNIT = 10n ** BigInt(CONNECT_CONSTANTS.rmb_scale);

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The factor numerator / denominator in lowest terms (so A shares at scale 2 get 1/1). */
function reduced(numerator: bigint, denominator: bigint): ValueFactor {
  const d = gcd(numerator, denominator);
  return Object.freeze({ numerator: numerator / d, denominator: denominator / d });
}

const RMB_FACTORS: readonly ValueFactor[] = Array.from({ length: PRICE_SCALE_MAX + 1 }, (_, s) =>
  reduced(RMB_UNIT, 10n ** BigInt(s)),
);

/** The factor for RMB prices at a price scale (0–8). */
export function rmbFactor(price_scale: number): ValueFactor {
  const factor = RMB_FACTORS[price_scale];
  if (factor === undefined) assert(false, `price scale ${price_scale}`);
  return factor;
}

/** The factors for foreign-currency prices at every price scale, at `rate` RMB per unit. */
export function rateFactors(rate: Rate): readonly ValueFactor[] {
  return RMB_FACTORS.map((factor) =>
    reduced(rate.numerator * factor.numerator, rate.denominator * factor.denominator),
  );
}

/** The factor at a price scale from a table built by `rateFactors`. */
export function factorAt(factors: readonly ValueFactor[], price_scale: number): ValueFactor {
  const factor = factors[price_scale];
  if (factor === undefined) assert(false, `price scale ${price_scale}`);
  return factor;
}

/** price × quantity × numerator, exactly (one bigint when price × quantity is a safe integer). */
function scaled(price_units: number, quantity_units: number, f: ValueFactor): bigint {
  const units = price_units * quantity_units;
  const product =
    units <= Number.MAX_SAFE_INTEGER ? BigInt(units) : BigInt(price_units) * BigInt(quantity_units);
  return f.numerator === 1n ? product : product * f.numerator;
}

/** Value that consumes quota or blocks money: rounded up. Price and quantity are ≥ 0. */
export function valueCeil(price_units: number, quantity_units: number, f: ValueFactor): bigint {
  const product = scaled(price_units, quantity_units, f);
  if (f.denominator === 1n) return product;
  return (product + f.denominator - 1n) / f.denominator;
}

/** Value that restores quota: rounded down. Price and quantity are ≥ 0. */
export function valueFloor(price_units: number, quantity_units: number, f: ValueFactor): bigint {
  const product = scaled(price_units, quantity_units, f);
  return f.denominator === 1n ? product : product / f.denominator;
}
