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

/** The trade facility's allocation to a bank (operator; docs/financing.md §9). */
export const SET_FACILITY_ALLOCATION = z.strictObject({
  type: z.literal('financing.set_facility_allocation'),
  bank: ID,
  facility: z.literal('trade'),
  amount_minor: AMOUNT_MINOR,
});

/** A Primary Liquidity Provider's dedicated RMB Liquidity Facility repo line (operator). */
export const SET_PLP_LINE = z.strictObject({
  type: z.literal('financing.set_plp_line'),
  bank: ID,
  amount_minor: AMOUNT_MINOR,
});

/** A reference rate's fixing for a date (operator), in parts per 10^12, signed. */
export const PUBLISH_FACILITY_RATE = z.strictObject({
  type: z.literal('financing.publish_facility_rate'),
  name: z.enum(['CNH_HIBOR_ON', 'SHIBOR_1M', 'SHIBOR_3M', 'SHIBOR_6M']),
  date: ISO_DATE,
  rate_e12: SIGNED_AMOUNT_MINOR,
});

/** A bond delivered to the HKMA: face, the clean price per 100 in 10^-8, and for a bond not in
 * RMB its rate (CNH per unit of the bond's currency, 10^-8). */
const FACILITY_COLLATERAL = z.strictObject({
  isin: ID,
  face_minor: AMOUNT_MINOR,
  px_e8: AMOUNT_MINOR,
  fx_rate_e8: AMOUNT_MINOR.optional(),
});

/** A drawing on an HKMA facility by repo (bonds) or FX swap (HKD), in CNH. */
export const DRAW_FACILITY = z.strictObject({
  type: z.literal('financing.draw_facility'),
  drawing_id: ID,
  bank: ID,
  facility: z.enum(['rmb_lf', 'trade']),
  tenor: z.enum(['intraday', 'overnight', '1d', '1w', '2w', '1m', '3m', '6m']),
  amount_minor: AMOUNT_MINOR,
  form: z.enum(['repo', 'fx_swap']),
  purpose: z.enum(['trade_finance', 'intragroup_onlending', 'capex_working_capital']).optional(),
  /** RMB LF: drawn under the bank's dedicated PLP line. */
  plp_line: z.boolean().optional(),
  collateral: z.array(FACILITY_COLLATERAL).min(1).max(20).optional(),
  /** FX swap: HKD per CNH at spot, in 10^-8, and the HKD rate of the far leg (10^-12). */
  fx_rate_e8: AMOUNT_MINOR.optional(),
  hkd_rate_e12: SIGNED_AMOUNT_MINOR.optional(),
});

/** Principal and interest back to the HKMA, the bonds (or HKD) back to the bank. */
export const REPAY_FACILITY = z.strictObject({
  type: z.literal('financing.repay_facility'),
  drawing_id: ID,
});

export type SetFacilityAllocation = z.infer<typeof SET_FACILITY_ALLOCATION>;
export type SetPlpLine = z.infer<typeof SET_PLP_LINE>;
export type PublishFacilityRate = z.infer<typeof PUBLISH_FACILITY_RATE>;
export type DrawFacility = z.infer<typeof DRAW_FACILITY>;
export type RepayFacility = z.infer<typeof REPAY_FACILITY>;
