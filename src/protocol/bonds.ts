/**
 * Bond commands on the wire (issue 14, phase 2; docs/bonds.md §7): bond reference data, market
 * makers, investors' access, the Southbound quota's reference rates, and RFQ trading in FIX 4.4
 * message shapes (QuoteRequest 35=R, Quote 35=S, QuoteRequestReject 35=AG, QuoteResponse 35=AJ).
 *
 * Enumerations inside the bond terms travel as plain strings: the bonds domain checks them and
 * refuses with its stable codes (BOND_DAY_COUNT_INVALID, …) rather than a schema problem.
 * @module
 */

import { z } from 'zod';
import { AMOUNT_MINOR, freeText, ID, ISO_DATE, SIGNED_AMOUNT_MINOR } from './fields.js';

const WORD = z.string().max(32);
const TIMESTAMP_US = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const COUPON = z.union([
  z.strictObject({ kind: z.literal('fixed'), rate_e12: AMOUNT_MINOR }),
  z.strictObject({
    kind: z.literal('floating'),
    index: WORD,
    spread_bps: z.number().int().min(-100_000).max(100_000),
  }),
  z.strictObject({ kind: z.literal('zero') }),
]);

/** Bond terms (src/bonds/types.ts `BondTerms`); amounts as digit strings in minor units. */
export const BOND_TERMS = z.strictObject({
  isin: z.string().max(12),
  dti: z.string().max(9).optional(),
  issuer_kind: WORD,
  issuer_name: freeText(200),
  currency: z.string().max(3),
  coupon: COUPON,
  frequency: z.number().int().min(0).max(365),
  day_count: WORD,
  business_day_convention: WORD,
  yield_convention: WORD,
  issue_date: z.string().max(10),
  maturity_date: z.string().max(10),
  face_value_minor: AMOUNT_MINOR,
  min_denomination_minor: AMOUNT_MINOR,
});

/** Registers a bond's terms beside its security (operator). */
export const REGISTER_BOND = z.strictObject({
  type: z.literal('bonds.register'),
  terms: BOND_TERMS,
});

export const BOND_DIRECTIONS = ['northbound', 'southbound'] as const;
export type BondDirection = (typeof BOND_DIRECTIONS)[number];

/** Registers a market maker for one direction (operator): onshore dealers, HKMA's offshore ones. */
export const REGISTER_BOND_MAKER = z.strictObject({
  type: z.literal('bonds.register_maker'),
  dealer: ID,
  direction: z.enum(BOND_DIRECTIONS),
});

export const SOUTHBOUND_CHANNELS = ['bond_connect', 'qdii', 'rqdii'] as const;

/** Which directions an investor may trade bonds in, and its Southbound channel (operator). */
export const SET_BOND_ACCESS = z.strictObject({
  type: z.literal('bonds.set_investor_access'),
  investor: ID,
  northbound: z.boolean(),
  southbound_channel: z.enum(SOUTHBOUND_CHANNELS).nullable(),
});

const RATE_TEXT = z.string().regex(/^\d{1,6}(\.\d{1,12})?$/, 'a rate is a positive decimal');

/** The day's reference rates for the Southbound bond quota: RMB per unit (operator). */
export const SET_BOND_QUOTA_FX = z.strictObject({
  type: z.literal('bonds.set_quota_fx_rates'),
  date: ISO_DATE,
  rates: z.strictObject({
    HKD: RATE_TEXT.optional(),
    USD: RATE_TEXT.optional(),
    EUR: RATE_TEXT.optional(),
  }),
});

/** QuoteRequest (35=R), with SettlDate (64). */
export const REQUEST_QUOTE = z.strictObject({
  type: z.literal('bonds.request_quote'),
  quote_req_id: ID,
  requester: ID,
  security_id: ID,
  side: z.enum(['buy', 'sell']),
  order_qty_minor: AMOUNT_MINOR,
  price_type: z.enum(['percent_of_par', 'spread_bps']),
  dealers: z.array(ID).min(1).max(10),
  quote_window_us: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  settlement_date: ISO_DATE,
  /** Southbound: the settlement currency (RMB as CNY, HKD, USD, EUR); default: the bond's. */
  settlement_currency: WORD.optional(),
});

/** Quote (35=S). */
export const SUBMIT_QUOTE = z.strictObject({
  type: z.literal('bonds.quote'),
  quote_id: ID,
  quote_req_id: ID,
  dealer: ID,
  px_e8: SIGNED_AMOUNT_MINOR,
  valid_until_us: TIMESTAMP_US,
});

/** QuoteRequestReject (35=AG): a dealer declines. */
export const DECLINE_QUOTE_REQUEST = z.strictObject({
  type: z.literal('bonds.decline_quote_request'),
  quote_req_id: ID,
  dealer: ID,
  reason: z.enum([
    'unknown_symbol',
    'exchange_closed',
    'exceeds_limit',
    'too_late',
    'not_authorized',
    'other',
  ]),
});

/** QuoteResponse (35=AJ): hit/lift one quote, or pass on all of them. */
export const RESPOND_TO_QUOTES = z.strictObject({
  type: z.literal('bonds.respond'),
  quote_resp_id: ID,
  quote_req_id: ID,
  quote_resp_type: z.enum(['hit_lift', 'pass']),
  quote_id: ID.optional(),
  /** Hit/lift settling in another currency: settlement currency per unit of the bond's, × 10^8. */
  fx_rate_e8: SIGNED_AMOUNT_MINOR.optional(),
});

/** The requester cancels its RFQ: a QuoteResponse with QuoteRespType 6 (pass). */
export const CANCEL_RFQ = z.strictObject({
  type: z.literal('bonds.cancel_rfq'),
  quote_req_id: ID,
});

/**
 * A bond trade concluded off the hub's RFQ book (on CFETS through an access platform, or by
 * phone) reported for settlement by the operator's feed, with the accrued interest the platform
 * computed: the hub recomputes it and refuses a mismatch.
 */
export const IMPORT_BOND_TRADE = z.strictObject({
  type: z.literal('bonds.import_trade'),
  trade_id: ID,
  security_id: ID,
  /** The Bond Connect investor's side of the trade, and its counterparty, a market maker. */
  investor: ID,
  side: z.enum(['buy', 'sell']),
  dealer: ID,
  order_qty_minor: AMOUNT_MINOR,
  px_e8: AMOUNT_MINOR,
  accrued_minor: AMOUNT_MINOR,
  settlement_date: ISO_DATE,
});

export type ImportBondTrade = z.infer<typeof IMPORT_BOND_TRADE>;

/** A bond's closing valuation for a date (operator): the closing orders' quote benchmark. */
export const PUBLISH_VALUATION = z.strictObject({
  type: z.literal('bonds.publish_valuation'),
  isin: ID,
  date: ISO_DATE,
  yield_e12: SIGNED_AMOUNT_MINOR,
});

export type PublishValuation = z.infer<typeof PUBLISH_VALUATION>;

/** The cash asset a bond's coupons and redemption are paid in (operator). */
export const SET_BOND_PAYMENT_ASSET = z.strictObject({
  type: z.literal('bonds.set_payment_asset'),
  isin: ID,
  asset: ID,
});

export type SetBondPaymentAsset = z.infer<typeof SET_BOND_PAYMENT_ASSET>;

/** A coupon run: pays the coupon of the period ending on `coupon_date` to every holder. */
export const PAY_COUPON = z.strictObject({
  type: z.literal('bonds.pay_coupon'),
  isin: ID,
  coupon_date: ISO_DATE,
});

export type PayCoupon = z.infer<typeof PAY_COUPON>;

/** A floating-rate index's fixing for a date (operator), in parts per 10^12, signed. */
export const PUBLISH_FIXING = z.strictObject({
  type: z.literal('bonds.publish_fixing'),
  index: WORD,
  date: ISO_DATE,
  rate_e12: SIGNED_AMOUNT_MINOR,
});

export type PublishFixing = z.infer<typeof PUBLISH_FIXING>;

/** A new CMU issue allocated to investors at the issue price, settling T+1 (operator). */
export const ALLOCATE_PRIMARY = z.strictObject({
  type: z.literal('bonds.allocate_primary'),
  isin: ID,
  /** The issue price per 100 of face, in 10^-8 (100.00 = 10000000000). */
  price_e8: AMOUNT_MINOR,
  /** The cash asset the allocations settle in (e-HKD for a tokenised tranche). */
  cash_asset: ID.optional(),
  allocations: z
    .array(z.strictObject({ investor: ID, face_minor: AMOUNT_MINOR }))
    .min(1)
    .max(500),
});

export type AllocatePrimary = z.infer<typeof ALLOCATE_PRIMARY>;

/** Redemption at maturity: pays every holder the face value and retires the bonds. */
export const REDEEM = z.strictObject({ type: z.literal('bonds.redeem'), isin: ID });

export type Redeem = z.infer<typeof REDEEM>;
export type RegisterBond = z.infer<typeof REGISTER_BOND>;
export type RegisterBondMaker = z.infer<typeof REGISTER_BOND_MAKER>;
export type SetBondAccess = z.infer<typeof SET_BOND_ACCESS>;
export type SetBondQuotaFx = z.infer<typeof SET_BOND_QUOTA_FX>;
export type RequestQuote = z.infer<typeof REQUEST_QUOTE>;
export type SubmitQuote = z.infer<typeof SUBMIT_QUOTE>;
export type DeclineQuoteRequest = z.infer<typeof DECLINE_QUOTE_REQUEST>;
export type RespondToQuotes = z.infer<typeof RESPOND_TO_QUOTES>;
export type CancelRfq = z.infer<typeof CANCEL_RFQ>;
