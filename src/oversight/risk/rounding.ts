/**
 * From the hot loops' floats to the reports' `bigint` minor units, by two stated rules:
 * a figure is rounded half away from zero (2.5 → 3, −2.5 → −3), except a margin requirement,
 * which is rounded up (toward +∞) so the requirement never falls short of the model.
 * @module
 */

import { assert } from '../../kernel/index.js';

/** Rounds `x` minor units half away from zero. */
export function roundMinor(x: number): bigint {
  assert(Number.isFinite(x), 'a risk figure is not a finite number');
  const magnitude = Math.abs(x);
  const whole = Math.floor(magnitude);
  // `magnitude - whole` is exact in binary floating point, so the half is decided exactly.
  const rounded = magnitude - whole >= 0.5 ? whole + 1 : whole;
  return x < 0 ? -BigInt(rounded) : BigInt(rounded);
}

/** Rounds `x` minor units up (toward +∞): margin requirements. */
export function ceilMinor(x: number): bigint {
  assert(Number.isFinite(x), 'a risk figure is not a finite number');
  return BigInt(Math.ceil(x));
}

/** The largest magnitude a float carries exactly as an integer: 2^53. */
export const FLOAT_EXACT_LIMIT = 2 ** 53;
export const FLOAT_EXACT_LIMIT_BIG = 2n ** 53n;
