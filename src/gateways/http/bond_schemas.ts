/**
 * The bond reads' query parameters and (documentation-only) answers: RFQs, quotes, trades,
 * coupons and yield points (docs/api.md "Bonds", docs/bonds.md §8.9).
 * @module
 */

import { z } from 'zod';
import { ID } from '../../protocol/index.js';
import { limitParam } from './query.js';
import { DECIMAL } from './response_docs.js';

const RFQ_STATUSES = ['requested', 'quoted', 'accepted', 'expired', 'rejected', 'cancelled'];
const QUOTE_STATES = ['active', 'replaced', 'accepted', 'expired', 'not_taken'] as const;

export const RFQ_QUERY = z.strictObject({
  status: z.enum(['open', ...RFQ_STATUSES]).optional(),
  isin: ID.optional(),
  party: ID.optional(),
  limit: limitParam(100, 1_000),
});

export const RFQ_PARAMS = z.strictObject({ quote_req_id: ID });

export const QUOTES_QUERY = z.strictObject({
  isin: ID.optional(),
  quote_req_id: ID.optional(),
  state: z.enum(QUOTE_STATES).optional(),
  limit: limitParam(100, 1_000),
});

export const TRADES_QUERY = z.strictObject({
  isin: ID.optional(),
  limit: limitParam(100, 1_000),
});

export const COUPONS_QUERY = z.strictObject({
  isin: ID.optional(),
  status: z.enum(['paid', 'due', 'upcoming', 'before_registration']).optional(),
});

const QUOTE = z.object({
  quote_id: z.string(),
  dealer: z.string(),
  px_e8: DECIMAL.describe('Clean price per 100 face in 10^-8'),
  valid_until_us: z.number().int(),
  state: z.enum(QUOTE_STATES),
});

export const RFQ = z
  .object({
    quote_req_id: z.string(),
    requester: z.string(),
    security_id: z.string(),
    side: z.enum(['buy', 'sell']),
    order_qty_minor: DECIMAL,
    price_type: z.string(),
    dealers: z.array(z.string()),
    direction: z.string(),
    settlement_date: z.string(),
    status: z.string(),
    requested_at_us: z.number().int(),
    expires_at_us: z.number().int(),
    quotes: z.array(QUOTE).describe('All quotes for the requester side; a dealer its own'),
    declined: z.array(z.string()),
    trade_id: z.string().nullable(),
  })
  .describe('An RFQ as the viewer may see it');

export const RFQS = z.object({ rfqs: z.array(RFQ) });

export const QUOTES = z.object({
  quotes: z.array(
    QUOTE.extend({
      quote_req_id: z.string(),
      security_id: z.string(),
      side: z.enum(['buy', 'sell']),
      order_qty_minor: DECIMAL,
    }),
  ),
});

export const BOND_TRADES = z.object({
  trades: z.array(
    z.object({
      trade_id: z.string(),
      quote_req_id: z.string(),
      security_id: z.string(),
      currency: z.string(),
      direction: z.string(),
      buyer: z.string(),
      seller: z.string(),
      dealer: z.string(),
      requester: z.string(),
      quantity_minor: DECIMAL.describe('Face value, minor units'),
      px_e8: DECIMAL,
      settlement_date: z.string(),
      clean_consideration_minor: DECIMAL,
      accrued_minor: DECIMAL,
      settlement_amount_minor: DECIMAL,
      transact_time_us: z.number().int(),
    }),
  ),
});

export const COUPONS = z.object({
  date: z.string().describe('The market date (UTC+8) the statuses are judged on'),
  coupons: z.array(
    z.object({
      isin: z.string(),
      currency: z.string(),
      coupon_date: z.string(),
      payment_date: z.string(),
      coupon_per_100_e8: DECIMAL.nullable().describe('Per 100 face in 10^-8; null: floating'),
      status: z.enum(['paid', 'due', 'upcoming', 'before_registration']),
    }),
  ),
});

export const YIELD_POINTS = z.object({
  points: z.array(
    z.object({
      isin: z.string(),
      issuer_name: z.string(),
      currency: z.string(),
      maturity_date: z.string(),
      days_to_maturity: z.number().int(),
      px_e8: DECIMAL,
      yield_e12: DECIMAL.describe('Yield to maturity in 10^-12 (3.27 % = 32700000000)'),
    }),
  ),
});

export const MAKERS = z.object({
  makers: z.array(
    z.object({
      dealer: z.string(),
      directions: z.array(z.enum(['northbound', 'southbound'])),
    }),
  ),
});
