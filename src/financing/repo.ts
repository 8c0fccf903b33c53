/**
 * Repo economics in the GMRA's terms (haircut approach): the purchase price the buyer pays for
 * the bonds, the price differential (repo interest) and the repurchase price, each rounding
 * named. Dates are day numbers (days since 1970-01-01), as in the kernel.
 * @module
 */

import { divRound } from '../kernel/index.js';
import { PPM, RATE_SCALE, type RepoDayCount } from './types.js';

/** Days in the year of a day count. */
export function yearBasis(day_count: RepoDayCount): bigint {
  return day_count === 'ACT/360' ? 360n : 365n;
}

/**
 * Purchase Price = Market Value × (1 − haircut), rounded down to the minor unit: the cash lender
 * never lends more than the haircut allows.
 */
export function purchasePriceMinor(market_value_minor: bigint, haircut_ppm: number): bigint {
  const kept = PPM - BigInt(haircut_ppm);
  return divRound(market_value_minor * kept, PPM, 'floor');
}

/**
 * The price differential from the purchase date to `day`: purchase price × rate × days / basis,
 * simple interest, rounded half up (GMRA 2011 para 2: "Price Differential").
 */
export function priceDifferentialMinor(
  purchase_price_minor: bigint,
  rate_e12: bigint,
  days: number,
  day_count: RepoDayCount,
): bigint {
  const numerator = purchase_price_minor * rate_e12 * BigInt(days);
  return divRound(numerator, RATE_SCALE * yearBasis(day_count), 'half_up');
}

/** Repurchase Price = Purchase Price + Price Differential, at `days` after the purchase date. */
export function repurchasePriceMinor(
  purchase_price_minor: bigint,
  rate_e12: bigint,
  days: number,
  day_count: RepoDayCount,
): bigint {
  return (
    purchase_price_minor + priceDifferentialMinor(purchase_price_minor, rate_e12, days, day_count)
  );
}
