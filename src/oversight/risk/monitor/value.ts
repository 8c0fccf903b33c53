/**
 * Exact values. A trade's value is its consideration in minor units, rounded half up once per
 * trade: settlement's own rule (`tradeCashMinor`, docs/settlement.md), so the monitor's flows and
 * obligations are the cash that settles. Positions are kept exactly at 10^-12 of the currency
 * (`_e12`): a unit priced in any price scale up to 8, and a bond unit at a clean price per 100 in
 * 10^-8, are whole numbers there, so sums never round; a figure is rounded half up to the minor
 * unit once, when it is shown.
 * @module
 */

import { assert } from '../../../kernel/assert.js';
import { divRound } from '../../../kernel/money.js';
import { tradeCashMinor } from '../../../posttrade/index.js';
import { CURRENCY_CODES, currency } from '../../../reference/index.js';

/** Every currency the monitor counts in has two decimal places (asserted at load). */
export const MINOR_SCALE = 2;
for (const code of CURRENCY_CODES) {
  assert(currency(code)?.minor_units === MINOR_SCALE, `${code} has ${MINOR_SCALE} decimals`);
}

const VALUE_SCALE = 12;
const POW10_NUMBER = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];
const POW10_BIGINT = Array.from({ length: VALUE_SCALE + 1 }, (_, i) => 10n ** BigInt(i));
const E12_PER_MINOR = POW10_BIGINT[VALUE_SCALE - MINOR_SCALE] as bigint;

/** price × quantity in minor units, half up: equal to `tradeCashMinor(…, 2)` (tested). */
export function tradeValueMinor(
  price_units: number,
  quantity_units: number,
  price_scale: number,
): bigint {
  const product = price_units * quantity_units;
  if (price_scale <= MINOR_SCALE) {
    const value = product * (POW10_NUMBER[MINOR_SCALE - price_scale] as number);
    if (Number.isSafeInteger(value)) return BigInt(value);
  } else if (Number.isSafeInteger(product) && price_scale < POW10_NUMBER.length + MINOR_SCALE) {
    return BigInt(halfUpNumber(product, POW10_NUMBER[price_scale - MINOR_SCALE] as number));
  }
  return tradeCashMinor(price_units, quantity_units, price_scale, MINOR_SCALE);
}

/** `n / d` rounded half up, for a safe non-negative integer n and a positive d, exactly. */
function halfUpNumber(n: number, d: number): number {
  let q = Math.floor(n / d);
  let r = n - q * d;
  // Defensive: for a safe n the rounded float quotient never crosses an integer, but the integer
  // remainder proves it rather than trusting it.
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  return 2 * r >= d ? q + 1 : q;
}

/** The value of one unit at `price_units` (scale `price_scale`), at 10^-12 of the currency. */
export function unitValueE12(price_units: number, price_scale: number): bigint {
  const factor = POW10_BIGINT[VALUE_SCALE - price_scale];
  assert(factor !== undefined, `price scale ${price_scale} above ${VALUE_SCALE}`);
  return BigInt(price_units) * factor;
}

/**
 * The value of one bond unit of `face_value_minor` at a clean price per 100 of face in 10^-8:
 * face × 10^10 (to e12) × px / (100 × 10^8) = face × px, exactly.
 */
export function bondUnitValueE12(face_value_minor: bigint, px_e8: bigint): bigint {
  return face_value_minor * px_e8;
}

/** A value at 10^-12 shown in minor units, half up (away from zero). */
export function e12ToMinor(value_e12: bigint): bigint {
  return divRound(value_e12, E12_PER_MINOR, 'half_up');
}

/** `part / whole` in basis points, truncated; 0 when the whole is not positive. */
export function shareBps(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 10_000n) / whole);
}

/** |x| for a bigint. */
export function absBigint(x: bigint): bigint {
  return x < 0n ? -x : x;
}

const SHARE_ONE_E8 = 100_000_000;
/** Below this, a float product is far enough under the bar to decide without bigints. */
const CLEARLY_BELOW = 1 - 1e-9;

/**
 * Whether `part / whole` is above `share_e8` parts per 10^8, exactly. Shares far below the bar
 * (the usual case) are decided with floats, whose relative error (about 10^-16) is far inside the
 * 10^-9 margin; anything near the bar is decided with bigints.
 */
export function shareAbove(part: number, whole: number, share_e8: number): boolean {
  if (part <= 0 || whole <= 0) return false;
  if (part * SHARE_ONE_E8 < share_e8 * whole * CLEARLY_BELOW) return false;
  return BigInt(part) * BigInt(SHARE_ONE_E8) > BigInt(share_e8) * BigInt(whole);
}

/** The same for bigint amounts (turnover). */
export function shareAboveBig(part: bigint, whole: bigint, share_e8: number): boolean {
  if (part <= 0n || whole <= 0n) return false;
  if (Number(part) * SHARE_ONE_E8 < share_e8 * Number(whole) * CLEARLY_BELOW) return false;
  return part * BigInt(SHARE_ONE_E8) > BigInt(share_e8) * whole;
}
