/**
 * Margin maintenance (GMRA 2011, haircut approach): a transaction's exposure is what the buyer
 * is owed (the repurchase price today) less the collateral's value after its haircut; the net
 * exposure over a pair's transactions above the minimum transfer amount is called, in whole
 * rounding increments, from whichever side owes it.
 * @module
 */

import { divRound } from '../kernel/index.js';
import { purchasePriceMinor } from './repo.js';

/** The terms two parties agree for margin (not fixed by the GMRA): amounts in minor units. */
export interface MarginTerms {
  /** No call for a net exposure below this. */
  readonly minimum_transfer_minor: bigint;
  /** Calls are in whole multiples of this (rounded up: the caller is never under-covered). */
  readonly rounding_minor: bigint;
}

/** One transaction at today's prices. */
export interface Exposure {
  readonly repurchase_price_minor: bigint;
  readonly market_value_minor: bigint;
  readonly haircut_ppm: number;
}

/**
 * A transaction's exposure to the buyer: positive when the collateral after haircut no longer
 * covers the repurchase price (the buyer may call margin), negative when it over-covers it.
 */
export function transactionExposureMinor(e: Exposure): bigint {
  return e.repurchase_price_minor - purchasePriceMinor(e.market_value_minor, e.haircut_ppm);
}

/** A margin call: who delivers margin to whom, and how much. */
export interface MarginCall {
  /** `seller`: the cash borrower owes margin to the buyer; `buyer`: the other way round. */
  readonly from: 'seller' | 'buyer';
  readonly amount_minor: bigint;
}

/** The call on a pair's net exposure, or null when it is below the minimum transfer amount. */
export function marginCall(exposures: readonly Exposure[], terms: MarginTerms): MarginCall | null {
  let net = 0n;
  for (const e of exposures) net += transactionExposureMinor(e);
  const size = net < 0n ? -net : net;
  if (size === 0n || size < terms.minimum_transfer_minor) return null;
  const amount = divRound(size, terms.rounding_minor, 'ceil') * terms.rounding_minor;
  return { from: net > 0n ? 'seller' : 'buyer', amount_minor: amount };
}
