/**
 * Financing commands on the wire (issue 15; docs/financing.md §8): the operator's list of
 * Primary Liquidity Providers, and Northbound repo opened and closed by the cash lender's side.
 * @module
 */

import { z } from 'zod';
import { AMOUNT_MINOR, ID, ISO_DATE, SIGNED_AMOUNT_MINOR } from './fields.js';

/** The parties that are HKMA Primary Liquidity Providers (operator). */
export const SET_PLPS = z.strictObject({
  type: z.literal('financing.set_plps'),
  parties: z.array(ID).max(50),
});

/** A classic repo on a Northbound bond: the start leg settles DvP at once. */
export const OPEN_REPO = z.strictObject({
  type: z.literal('financing.open_repo'),
  repo_id: ID,
  /** The cash borrower, who delivers the bonds, and the cash lender. */
  seller: ID,
  buyer: ID,
  isin: ID,
  face_minor: AMOUNT_MINOR,
  /** The agreed clean price per 100 of face, in 10^-8: the market value is face × dirty. */
  px_e8: AMOUNT_MINOR,
  currency: z.enum(['CNH', 'HKD', 'USD', 'EUR']),
  /** Cross-currency repo: units of the cash currency per unit of RMB, in 10^-8. */
  fx_rate_e8: AMOUNT_MINOR.optional(),
  repurchase_date: ISO_DATE.nullable(),
  rate_e12: SIGNED_AMOUNT_MINOR,
  day_count: z.enum(['ACT/365F', 'ACT/360']),
  haircut_ppm: z.number().int().min(0).max(999_999),
  /** Margin terms: no call below this, calls in whole multiples of `rounding_minor`. */
  minimum_transfer_minor: AMOUNT_MINOR.optional(),
  rounding_minor: AMOUNT_MINOR.optional(),
});

/** Revalue a repo's bonds at a clean price and call margin in cash, settled at once. */
export const CALL_MARGIN = z.strictObject({
  type: z.literal('financing.call_margin'),
  repo_id: ID,
  px_e8: AMOUNT_MINOR,
});

/** The end leg: the buyer delivers the bonds back against the repurchase price to today. */
export const CLOSE_REPO = z.strictObject({
  type: z.literal('financing.close_repo'),
  repo_id: ID,
});

export type SetPlps = z.infer<typeof SET_PLPS>;
export type OpenRepo = z.infer<typeof OPEN_REPO>;
export type CloseRepo = z.infer<typeof CLOSE_REPO>;
export type CallMargin = z.infer<typeof CALL_MARGIN>;
