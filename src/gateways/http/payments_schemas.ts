/**
 * The payments reads' parameters and (documentation-only) answers: payments, one payment, a
 * payer's limits, a proxy looked up; the ISO 20022 endpoint's answer (docs/api.md "Payments",
 * docs/payments.md §10).
 * @module
 */

import { z } from 'zod';
import { limitParam } from './query.js';
import { DECIMAL } from './response_docs.js';

const DIRECTION = z.enum(['northbound', 'southbound']);
const STATE = z.enum([
  'initiated',
  'looked_up',
  'limits_reserved',
  'fx_quoted',
  'funds_reserved',
  'settled',
  'credited',
  'rejected',
  'timed_out',
  'recalled',
  'return_requested',
  'returned',
]);

export const PAYMENTS_QUERY = z.strictObject({
  direction: DIRECTION.optional(),
  status: STATE.optional(),
  limit: limitParam(200, 5_000),
});

export const PAYMENT_PARAMS = z.strictObject({ end_to_end_id: z.string().min(1).max(35) });

export const LIMITS_QUERY = z.strictObject({ payer: z.string().min(1).max(64) });

export const LOOKUP_QUERY = z.strictObject({
  side: z.enum(['HK', 'MAINLAND']).describe("The payee's side: HK (FPS) or MAINLAND (IBPS)"),
  type: z.enum(['mobile', 'email', 'fps_id', 'account']),
  value: z.string().min(1).max(128),
});

export const PAYMENT = z
  .object({
    end_to_end_id: z.string(),
    direction: DIRECTION,
    state: STATE,
    payer_bank: z.string(),
    payee_bank: z.string(),
    link_bank: z.string().describe('The bank that converts or links RMB between FPS and IBPS'),
    amount_minor: DECIMAL.describe('Sent, in send_currency'),
    send_currency: z.enum(['HKD', 'CNY']),
    receive_minor: DECIMAL.describe('Received, in receive_currency (0 until quoted)'),
    receive_currency: z.enum(['HKD', 'CNY']),
    reason: z.string().nullable().describe('A stable code, or the ISO recall/return reason'),
    purpose: z.enum(['p2p', 'tuition', 'salary', 'merchant']),
    payer_name: z.string(),
    payer_id: z.string().describe("The payer's identity document number"),
    payer_id_type: z.enum(['hk_identity_card', 'mainland_identity_card', 'passport', 'other']),
    payer_account: z.string().describe("The payer's account at the payer's bank"),
    payee_masked_name: z.string().nullable(),
    payee_proxy: z.object({ type: z.string(), value: z.string() }),
    fx_rate_e8: DECIMAL.nullable().describe('The quote used; null when no conversion'),
    initiated_us: z.number().int(),
    updated_us: z.number().int(),
    failure_message: z.string().nullable(),
  })
  .describe('A payment as the viewer may see it');

export const PAYMENTS = z.object({
  payments: z.array(PAYMENT),
  /** The RMB link bank (payments.set_settings): the bank that quotes a payment's conversion. */
  rmb_link_bank: z.string(),
});

export const LIMITS = z.object({
  payer: z.string(),
  limits: z.array(
    z.object({
      direction: DIRECTION,
      key: z.string().describe("direction|payer[|bank[|account]], per the cap's unit"),
      bank: z.string().nullable(),
      currency: z.enum(['HKD', 'USD']),
      date: z.string().describe('The HK date the day is counted on'),
      day_used_minor: DECIMAL,
      day_left_minor: DECIMAL.nullable().describe('Null: no daily cap (Southbound)'),
      year_used_minor: DECIMAL,
      year_left_minor: DECIMAL,
    }),
  ),
  bank_daily_caps: z
    .array(
      z.object({
        bank: z.string(),
        currency: z.literal('CNY'),
        date: z.string().describe('The HK date the day is counted on'),
        day_used_minor: DECIMAL.describe('Southbound RMB sent today through this bank'),
        day_cap_minor: DECIMAL.nullable().describe("The bank's own daily cap; null: none"),
        day_left_minor: DECIMAL.nullable(),
      }),
    )
    .describe("Southbound, per payer bank: a bank's own daily cap (a bank sees its own)"),
});

export const LOOKUP = z.object({
  side: z.string(),
  type: z.string(),
  value: z.string().describe('The proxy in its normal form (E.164 for a mobile)'),
  bank: z.string(),
  account: z.string(),
  masked_name: z.string(),
});

export const PACS002_XML = z
  .string()
  .describe('A pacs.002.001.11 status report: TxSts, and the refusal code in StsRsnInf/Rsn/Prtry');
