/**
 * Exact amounts: the cash of a trade, the part of it a partial settlement moves, the RMB of a
 * southbound instruction, and a penalty. Bigint minor units throughout, rounding named.
 *
 * The cash amount of a trade is price × quantity in the currency's minor units, rounded half up
 * (四舍五入, the commercial rounding both markets use) to the minor unit once per trade. Buyer and
 * seller settle the same figure, so no money appears or vanishes; the rounding error is at most
 * half a minor unit per trade. A bond priced per 100 of face value pays
 * price × quantity × face value of a unit / 100.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { convertMinor, mulDiv, type Rate, type RoundingMode } from '../kernel/money.js';

/** Powers of ten as bigints, up to 10^18. */
const POW10: readonly bigint[] = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));

/** 10^exponent as a bigint (exponent 0 to 18). */
export function pow10(exponent: number): bigint {
  const value = POW10[exponent];
  assert(value !== undefined, `10^${exponent} out of range`);
  return value;
}

/** The consideration of a trade in the currency's minor units (rounded half up). */
export function tradeCashMinor(
  price_units: number,
  quantity_units: number,
  price_scale: number,
  currency_scale: number,
  face_value_minor?: bigint,
): bigint {
  const gross = BigInt(price_units) * BigInt(quantity_units);
  if (face_value_minor !== undefined) {
    return mulDiv(gross, face_value_minor, 100n * pow10(price_scale), 'half_up');
  }
  return mulDiv(gross, pow10(currency_scale), pow10(price_scale), 'half_up');
}

/**
 * The cash that goes with settling `part` of `remaining` units: pro rata, half up. Settling the
 * whole remainder always moves exactly the remaining cash.
 */
export function proRataMinor(
  remaining_cash: bigint,
  part: bigint,
  remaining_units: bigint,
): bigint {
  assert(part > 0n && part <= remaining_units, 'part out of range');
  if (part === remaining_units) return remaining_cash;
  return mulDiv(remaining_cash, part, remaining_units, 'half_up');
}

/**
 * Southbound RMB for an HKD amount at the published settlement rate. An investor's RMB debit
 * rounds up and an RMB credit rounds down, so ChinaClear never pays out more RMB than the exact
 * conversion (docs/settlement.md §5 shows its residual is never negative).
 */
export function southboundRmbMinor(
  hkd_minor: bigint,
  rate: Rate,
  hkd_scale: number,
  rmb_scale: number,
  investor_pays: boolean,
): bigint {
  const mode: RoundingMode = investor_pays ? 'ceil' : 'floor';
  return convertMinor(hkd_minor, rate, hkd_scale, rmb_scale, mode);
}

/** One day's penalty on `value_minor` at `ppm` parts per million, rounded half up. */
export function penaltyMinor(value_minor: bigint, ppm: number): bigint {
  if (ppm === 0 || value_minor === 0n) return 0n;
  return mulDiv(value_minor, BigInt(ppm), 1_000_000n, 'half_up');
}
