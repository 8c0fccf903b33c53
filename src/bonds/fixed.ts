/**
 * Fixed-point logarithm and exponential on `bigint`, scale 10^24, for discounting over fractional
 * periods, `(1 + y/f)^w`, which no finite rational computes exactly. Every step truncates toward
 * minus infinity; the error of `ln` and `exp` is a few units of 10^-24, fourteen orders of
 * magnitude below a price unit (10^-8 per 100 face). Deterministic: integers only.
 * @module
 */

import { assert } from '../kernel/index.js';

/** 1.0 in fixed point. */
export const ONE = 10n ** 24n;
const TWO = 2n * ONE;

function floorDiv(a: bigint, b: bigint): bigint {
  if (a >= 0n && b > 0n) return a / b;
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** a × b in fixed point, floored. */
export function mul(a: bigint, b: bigint): bigint {
  return floorDiv(a * b, ONE);
}

/** a / b in fixed point, floored; b ≠ 0. */
export function div(a: bigint, b: bigint): bigint {
  assert(b !== 0n, 'fixed-point division by zero');
  return floorDiv(a * ONE, b);
}

/** 2·atanh(z) = ln((1+z)/(1−z)) by its series; |z| ≤ 1/3 here. */
function twiceAtanh(z: bigint): bigint {
  const z2 = mul(z, z);
  let term = z;
  let sum = z;
  for (let n = 3n; term !== 0n; n += 2n) {
    term = mul(term, z2);
    sum += term / n;
  }
  return 2n * sum;
}

/** ln 2 = 2·atanh(1/3). */
export const LN2 = twiceAtanh(ONE / 3n);

/** Natural logarithm of x > 0. */
export function ln(x: bigint): bigint {
  assert(x > 0n, 'logarithm of a non-positive number');
  let k = 0n;
  let m = x;
  while (m >= TWO) {
    m /= 2n;
    k += 1n;
  }
  while (m < ONE) {
    m *= 2n;
    k -= 1n;
  }
  // m in [1, 2): z = (m − 1)/(m + 1) in [0, 1/3)
  return twiceAtanh(div(m - ONE, m + ONE)) + k * LN2;
}

/** e^x. */
export function exp(x: bigint): bigint {
  const k = floorDiv(x + LN2 / 2n, LN2);
  const r = x - k * LN2; // |r| ≤ ln2/2
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n += 1n) {
    term = floorDiv(term * r, ONE * n);
    sum += term;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

/** base^exponent for base > 0, exponent a fixed-point number. */
export function pow(base: bigint, exponent: bigint): bigint {
  if (exponent === 0n) return ONE;
  return exp(mul(ln(base), exponent));
}

/** base^n for a whole n ≥ 0, by squaring. */
export function powInt(base: bigint, n: number): bigint {
  assert(Number.isSafeInteger(n) && n >= 0, 'whole exponent expected');
  let result = ONE;
  let b = base;
  let e = n;
  while (e > 0) {
    if (e & 1) result = mul(result, b);
    b = mul(b, b);
    e >>= 1;
  }
  return result;
}
