/**
 * Exact money: `bigint` minor units, decimal strings at the edges, explicit rounding.
 *
 * No floating point touches an amount. Where a division cannot be exact (FX conversion, pro-rata
 * allocation, fees) the caller names the rounding mode, and the mode is part of the rule it
 * implements (for example "buyer's RMB debit rounds up", "quota consumption rounds up").
 * @module
 */

import { assert } from './assert.js';

export type RoundingMode = 'floor' | 'ceil' | 'trunc' | 'half_up' | 'half_even';

/** The largest amount any single transfer or balance may carry: 2^128 − 1, as in TigerBeetle. */
export const AMOUNT_MAX = (1n << 128n) - 1n;

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string into minor units at `scale` decimal places. Returns `undefined` if the
 * text is not a plain decimal or has more decimal places than the scale allows: an amount is
 * never rounded silently on the way in.
 */
export function parseDecimal(text: string, scale: number): bigint | undefined {
  assert(Number.isInteger(scale) && scale >= 0 && scale <= 18, 'scale out of range');
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return undefined;
  const fraction = match[3] ?? '';
  if (fraction.length > scale) return undefined;
  const digits = `${match[2]}${fraction.padEnd(scale, '0')}`;
  const magnitude = BigInt(digits);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Formats minor units as a decimal string with exactly `scale` decimal places. */
export function formatMinor(amount: bigint, scale: number): string {
  assert(Number.isInteger(scale) && scale >= 0 && scale <= 18, 'scale out of range');
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(scale + 1, '0');
  const integer_part = digits.slice(0, digits.length - scale);
  const fraction_part = digits.slice(digits.length - scale);
  const body = scale === 0 ? integer_part : `${integer_part}.${fraction_part}`;
  return negative ? `-${body}` : body;
}

/** `numerator / denominator` rounded by `mode`. The denominator must be positive. */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  assert(denominator > 0n, 'denominator must be positive');
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator - quotient * denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  switch (mode) {
    case 'trunc':
      return quotient;
    case 'floor':
      return negative ? quotient - 1n : quotient;
    case 'ceil':
      return negative ? quotient : quotient + 1n;
    case 'half_up':
    case 'half_even':
      return roundHalf(quotient, remainder, denominator, negative, mode);
  }
}

function roundHalf(
  quotient: bigint,
  remainder: bigint,
  denominator: bigint,
  negative: boolean,
  mode: 'half_up' | 'half_even',
): bigint {
  const twice = 2n * (negative ? -remainder : remainder);
  const away = negative ? quotient - 1n : quotient + 1n;
  if (twice > denominator) return away;
  if (twice < denominator) return quotient;
  if (mode === 'half_up') return away; // half away from zero
  return quotient % 2n === 0n ? quotient : away;
}

/** `amount × numerator / denominator`, rounded by `mode`: FX, pro-rata and fee arithmetic. */
export function mulDiv(
  amount: bigint,
  numerator: bigint,
  denominator: bigint,
  mode: RoundingMode,
): bigint {
  return divRound(amount * numerator, denominator, mode);
}

/** An exchange rate as an exact rational: `quote_per_unit = numerator / denominator`. */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * Parses a rate quoted as a decimal string ("0.92345") into an exact rational.
 * Returns `undefined` for a non-positive or malformed rate.
 */
export function parseRate(text: string): Rate | undefined {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null || match[1] === '-') return undefined;
  const fraction = match[3] ?? '';
  if (fraction.length > 18) return undefined;
  const numerator = BigInt(`${match[2]}${fraction}`);
  if (numerator === 0n) return undefined;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/**
 * Converts minor units of one currency to minor units of another: `amount × rate`, where the
 * rate is quote units per base unit, with both currencies' minor-unit scales accounted for.
 */
export function convertMinor(
  amount_minor: bigint,
  rate: Rate,
  from_scale: number,
  to_scale: number,
  mode: RoundingMode,
): bigint {
  const numerator = rate.numerator * 10n ** BigInt(to_scale);
  const denominator = rate.denominator * 10n ** BigInt(from_scale);
  return mulDiv(amount_minor, numerator, denominator, mode);
}

export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
