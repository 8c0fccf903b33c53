/**
 * The second slice of financing reads' parameters and (documentation-only) answers: the HKMA
 * facilities' usage and drawings, collateral positions with OTC Clear postings, the HKMA same-day
 * repo report, and unpaid margin calls and claims (docs/api.md "Financing", docs/financing.md §13).
 * @module
 */

import { z } from 'zod';
import { ID, ISO_DATE } from '../../protocol/index.js';
import { DECIMAL } from './response_docs.js';

export const COLLATERAL_QUERY = z.strictObject({ party: ID.optional() });
export const HKMA_REPORT_QUERY = z.strictObject({ date: ISO_DATE.optional() });

const BANK_USAGE = z.object({
  bank: z.string(),
  rmb_lf_intraday_minor: DECIMAL.describe('RMB Liquidity Facility intraday, outside the PLP line'),
  rmb_lf_overnight_minor: DECIMAL.describe('Overnight (rolled intraday included)'),
  rmb_lf_term_minor: DECIMAL.describe('1-day, 1-week, 2-week and 1-month funds'),
  plp_line_minor: DECIMAL.describe("The PLP's dedicated repo line"),
  plp_line_drawn_minor: DECIMAL,
  trade_allocation_minor: DECIMAL.describe("The bank's trade-facility allocation"),
  trade_drawn_minor: DECIMAL,
});

const DRAWING = z.object({
  drawing_id: z.string(),
  bank: z.string(),
  facility: z.enum(['rmb_lf', 'trade']),
  tenor: z.string().describe('intraday, overnight, 1d, 1w, 2w, 1m, 3m or 6m'),
  form: z.enum(['repo', 'fx_swap']),
  purpose: z.string().nullable().describe('Trade facility only'),
  plp_line: z.boolean(),
  amount_minor: DECIMAL.describe('CNH lent'),
  rate_e12: DECIMAL,
  trade_date: z.string(),
  value_date: z.string().describe('Interest runs from it (T+1 tenors: the next business day)'),
  maturity_date: z.string(),
  rolled_overnight: z.boolean().describe('Intraday funds not repaid by 23:30, now overnight'),
  collateral: z.array(
    z.object({
      isin: z.string(),
      face_minor: DECIMAL,
      px_e8: DECIMAL.describe("The bank's clean price at the drawing"),
      value_minor: DECIMAL.describe('Clean + accrued, in CNH'),
      haircut_ppm: z.number().int(),
      value_after_haircut_minor: DECIMAL,
    }),
  ),
  hkd: z
    .object({ amount_minor: DECIMAL, spot_e8: DECIMAL, rate_e12: DECIMAL })
    .nullable()
    .describe('The HKD leg of an FX swap (null: a repo)'),
});

export const FACILITIES = z.object({
  usage: z.object({
    date: z.string().describe('The market date the day totals are for'),
    banks: z.array(BANK_USAGE).describe('Yours (a bank), or every bank (the HKMA, an operator)'),
    intraday_drawn_minor: DECIMAL.describe('Facility-wide, outside the PLP lines'),
    intraday_total_minor: DECIMAL,
    overnight_used_minor: DECIMAL.describe("The day's overnight use, facility-wide"),
    overnight_total_minor: DECIMAL,
    trade_allocated_minor: DECIMAL,
    trade_drawn_minor: DECIMAL,
    trade_total_minor: DECIMAL,
  }),
  drawings: z.array(DRAWING).describe('Outstanding, by maturity date'),
  fixings: z
    .array(z.object({ name: z.string(), date: z.string(), rate_e12: DECIMAL }))
    .describe('The latest published fixing of each reference rate (public)'),
});

const POSITION = z.object({
  party: z.string(),
  isin: z.string(),
  held_minor: DECIMAL.describe("Face in the party's own account on the ledger"),
  own_minor: DECIMAL,
  received_minor: DECIMAL.describe('Received in open repos'),
  reused_minor: z.record(z.string(), DECIMAL).describe('Re-used, by case'),
  posted_otc_minor: DECIMAL,
  posted_otc_own_minor: DECIMAL,
  pledged_minor: DECIMAL,
  free_own_minor: DECIMAL,
  free_received_minor: DECIMAL,
  shortfall_minor: DECIMAL,
  source: z.enum(['valuation_yield']).nullable().describe('Null: the bond has no valuation yet'),
  valuation_date: z.string().nullable(),
  yield_e12: DECIMAL.nullable(),
  clean_px_e8: DECIMAL.nullable(),
  own_value_minor: DECIMAL.nullable().describe('Clean + accrued today, in the bond currency'),
  received_value_minor: DECIMAL.nullable(),
});

const OTC_POSTING = z.object({
  posting_id: z.string(),
  member: z.string(),
  account_category: z.string(),
  margin_type: z.string(),
  isin: z.string(),
  face_minor: DECIMAL,
  units: DECIMAL,
  market_value_minor: DECIMAL,
  haircut_ppm: z.number().int(),
  value_minor: DECIMAL.describe("After OTC Clear's haircut, against the member's cap (RMB fen)"),
  reuse_of: z.string().nullable().describe('The repo whose received bonds these are'),
  date: z.string(),
});

export const COLLATERAL = z.object({
  date: z.string(),
  positions: z.array(POSITION),
  otc_postings: z.array(OTC_POSTING),
});

export const HKMA_REPORT = z.object({
  date: z.string(),
  lines: z.array(
    z.object({
      date: z.string(),
      timestamp_us: z.number().int(),
      action: z.enum(['opened', 'closed']),
      repo_id: z.string(),
      seller: z.string(),
      buyer: z.string(),
      plps: z.array(z.string()),
      isin: z.string(),
      face_minor: DECIMAL,
      cash_minor: DECIMAL.describe('Purchase price when opened, repurchase price when closed'),
      currency: z.string(),
      rate_e12: DECIMAL,
      haircut_ppm: z.number().int(),
      purchase_date: z.string(),
      repurchase_date: z.string().nullable(),
      reuse_of: z.string().nullable(),
    }),
  ),
});

export const EXPOSURES = z.object({
  date: z.string(),
  margin_calls: z
    .array(
      z.object({
        repo_id: z.string(),
        call_id: z.string(),
        from: z.enum(['seller', 'buyer']),
        payer: z.string(),
        payee: z.string(),
        currency: z.string(),
        amount_minor: DECIMAL,
        called_at_us: z.number().int(),
        deadline_us: z.number().int(),
        overdue: z.boolean().describe('Past the deadline: the payee may declare a default'),
      }),
    )
    .describe('Margin calls not yet paid, soonest deadline first'),
  claims: z
    .array(
      z.object({
        claim_id: z.string(),
        creditor: z.string(),
        debtor: z.string(),
        currency: z.string(),
        amount_minor: DECIMAL,
        repo_ids: z.array(z.string()),
        created_at_us: z.number().int(),
      }),
    )
    .describe('Unsecured claims left by close-outs'),
});
