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

/**
 * The operator's collateral schedule for Northbound repo (no public one exists): accepted issuer
 * kinds and currencies, the least haircut by remaining maturity; null removes it.
 */
export const SET_REPO_SCHEDULE = z.strictObject({
  type: z.literal('financing.set_repo_schedule'),
  schedule: z
    .strictObject({
      name: z.string().min(1).max(100),
      /** Where the figures come from, or "assumption: …". */
      basis: z.string().min(1).max(300),
      issuer_kinds: z.array(ID).min(1).max(20),
      currencies: z
        .array(z.string().regex(/^[A-Z]{3}$/))
        .min(1)
        .max(10),
      bands: z
        .array(
          z.strictObject({
            max_remaining_months: z.number().int().min(1).max(1_200),
            haircut_ppm: z.number().int().min(0).max(999_999),
          }),
        )
        .min(1)
        .max(20),
      issuer_concentration_max_ppm: z.number().int().min(1).max(1_000_000),
    })
    .nullable(),
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
  /** Minutes a margin call's payer has to pay before it is missed (default 120, an assumption). */
  margin_deadline_minutes: z.number().int().min(1).max(10_080).optional(),
  /** The bonds are collateral the seller received in this open repo (re-use, §10). */
  reuse_of: ID.optional(),
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

/** OTC Clear's cap on a member's Bond Connect collateral, value after haircut (operator). */
export const SET_OTC_CAP = z.strictObject({
  type: z.literal('financing.set_otc_cap'),
  member: ID,
  amount_minor: AMOUNT_MINOR,
});

/** A clearing member posts Northbound bonds to OTC Clear as margin (§10). */
export const POST_OTC_MARGIN = z.strictObject({
  type: z.literal('financing.post_otc_margin'),
  posting_id: ID,
  member: ID,
  account_category: z.enum(['house', 'client_cat1', 'client_cat2']),
  margin_type: z.enum(['initial', 'participating']),
  /** What the margin is for: Northbound Swap Connect, or any derivative (the default). */
  use: z.enum(['swap_connect', 'other_derivatives']).optional(),
  isin: ID,
  face_minor: AMOUNT_MINOR,
  /** The clean price per 100 of face in 10^-8 at which the bonds are valued. */
  px_e8: AMOUNT_MINOR,
  /** The bonds are collateral the member received in this open repo (re-use case b). */
  reuse_of: ID.optional(),
});

/** OTC Clear gives a posting's bonds back to the member. */
export const RELEASE_OTC_MARGIN = z.strictObject({
  type: z.literal('financing.release_otc_margin'),
  posting_id: ID,
});

export type SetOtcCap = z.infer<typeof SET_OTC_CAP>;
export type PostOtcMargin = z.infer<typeof POST_OTC_MARGIN>;
export type ReleaseOtcMargin = z.infer<typeof RELEASE_OTC_MARGIN>;
export type SetPlps = z.infer<typeof SET_PLPS>;
export type OpenRepo = z.infer<typeof OPEN_REPO>;
export type SetRepoSchedule = z.infer<typeof SET_REPO_SCHEDULE>;
export type CloseRepo = z.infer<typeof CLOSE_REPO>;
export type CallMargin = z.infer<typeof CALL_MARGIN>;

/** The payer of an outstanding margin call pays it (GMRA 2011 para 4). */
export const PAY_MARGIN = z.strictObject({
  type: z.literal('financing.pay_margin'),
  repo_id: ID,
});

/**
 * The non-defaulting party declares an event of default after a missed margin call (GMRA 2011
 * para 10): every open repo of the pair ends and is closed out at these clean prices. `px_e8` is
 * the repo's own bond; `prices` the other bonds of the pair's repos, if any.
 */
export const DECLARE_DEFAULT = z.strictObject({
  type: z.literal('financing.declare_default'),
  repo_id: ID,
  px_e8: AMOUNT_MINOR,
  prices: z
    .array(z.strictObject({ isin: ID, px_e8: AMOUNT_MINOR }))
    .max(50)
    .optional(),
});

/** New bonds for old in an open repo (GMRA 2011 para 8), both valued at the given clean prices. */
export const SUBSTITUTE_COLLATERAL = z.strictObject({
  type: z.literal('financing.substitute_collateral'),
  repo_id: ID,
  new_isin: ID,
  new_face_minor: AMOUNT_MINOR,
  px_e8_old: AMOUNT_MINOR,
  px_e8_new: AMOUNT_MINOR,
});

/** One party proposes to end a term repo early on a date; the other accepts. */
export const PROPOSE_TERMINATION = z.strictObject({
  type: z.literal('financing.propose_termination'),
  repo_id: ID,
  termination_date: ISO_DATE,
});

export const ACCEPT_TERMINATION = z.strictObject({
  type: z.literal('financing.accept_termination'),
  repo_id: ID,
});

export type PayMargin = z.infer<typeof PAY_MARGIN>;
export type DeclareDefault = z.infer<typeof DECLARE_DEFAULT>;
export type SubstituteCollateral = z.infer<typeof SUBSTITUTE_COLLATERAL>;
export type ProposeTermination = z.infer<typeof PROPOSE_TERMINATION>;
export type AcceptTermination = z.infer<typeof ACCEPT_TERMINATION>;
/** The trade facility's allocation to a bank (operator; docs/financing.md §11). */
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
  /** The bonds are collateral the bank received in this open repo (re-use case c, §10). */
  reuse_of: ID.optional(),
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
