/**
 * The financing reads' parameters and (documentation-only) answers: open repos, exposures per
 * pair, margin calls and PLPs (docs/api.md "Financing", docs/financing.md §13).
 * @module
 */

import { z } from 'zod';
import { ID } from '../../protocol/index.js';
import { limitParam } from './query.js';
import { DECIMAL } from './response_docs.js';

export const REPO_PARAMS = z.strictObject({ repo_id: ID });

export const REPOS_QUERY = z.strictObject({ party: ID.optional() });

export const MARGIN_CALLS_QUERY = z.strictObject({
  repo_id: ID.optional(),
  limit: limitParam(100, 1_000),
});

const VALUATION = z
  .object({
    source: z
      .enum(['closing_valuation', 'margin_call'])
      .describe("The bond's latest closing valuation, or the repo's last call when newer"),
    date: z.string().describe("The valuation's date, or the call's market date"),
    at_us: z.number().int().nullable().describe("The call's time; null for a valuation"),
    yield_e12: DECIMAL.nullable(),
    px_e8: DECIMAL.nullable().describe('Clean per 100 face at that yield, settling today'),
    market_value_minor: DECIMAL.describe('Face × (clean + accrued today), in the cash currency'),
    exposure_minor: DECIMAL.describe(
      'Repurchase price today − cash margin − value after haircut; > 0: the seller owes margin',
    ),
  })
  .nullable()
  .describe('Null until the bond has a closing valuation or the repo a margin call');

export const REPO = z
  .object({
    repo_id: z.string(),
    seller: z.string().describe('The cash borrower, who delivered the bonds'),
    buyer: z.string().describe('The cash lender'),
    isin: z.string(),
    bond_currency: z.string().describe("The bond's currency, that of face_minor"),
    face_minor: DECIMAL,
    currency: z.string(),
    purchase_date: z.string(),
    repurchase_date: z.string().nullable().describe('Null: an open repo'),
    rate_e12: DECIMAL,
    day_count: z.string(),
    haircut_ppm: z.number().int(),
    purchase_price_minor: DECIMAL,
    days: z.number().int().describe('Days from the purchase date to today'),
    term_days: z.number().int().nullable(),
    repurchase_price_today_minor: DECIMAL,
    repurchase_price_at_end_minor: DECIMAL.nullable(),
    cash_margin_minor: DECIMAL.describe('Held by the buyer (negative: by the seller)'),
    minimum_transfer_minor: DECIMAL,
    rounding_minor: DECIMAL,
    fx_rate_e8: DECIMAL.nullable(),
    start_trade_id: z.string(),
    valuation: VALUATION,
  })
  .describe('An open repo as the viewer may see it');

const PAIR = z.object({
  seller: z.string(),
  buyer: z.string(),
  currency: z.string(),
  repos: z.number().int(),
  purchase_price_minor: DECIMAL,
  repurchase_price_today_minor: DECIMAL,
  cash_margin_minor: DECIMAL,
  exposure_minor: DECIMAL.nullable().describe('Net over the valued repos; null: none valued'),
  valued: z.number().int(),
});

export const REPOS = z.object({
  date: z.string().describe('The market date (UTC+8) the money is computed to'),
  repos: z.array(REPO),
  pairs: z.array(PAIR).describe('The repos netted per seller, buyer and cash currency'),
});

export const MARGIN_CALLS = z.object({
  margin_calls: z.array(
    z.object({
      event_seq: z.number().int(),
      timestamp_us: z.number().int(),
      repo_id: z.string(),
      seller: z.string(),
      buyer: z.string(),
      isin: z.string().nullable(),
      currency: z.string().nullable(),
      from: z.enum(['seller', 'buyer']),
      amount_minor: DECIMAL,
      market_value_minor: DECIMAL,
      cash_margin_minor: DECIMAL,
    }),
  ),
});

export const PLPS = z.object({
  plps: z.array(z.object({ party: z.string(), name: z.string() })),
});
