/**
 * Operator inputs of the rules domain as zod schemas (the hub wraps them as commands). The schema
 * checks the wire shape; the domain function (operator.ts) checks meaning and answers with a stable
 * rejection code. Amounts are decimal-digit strings turned into `bigint`; rates are decimal
 * strings kept as text and parsed exactly by the domain.
 * @module
 */

import { z } from 'zod';
import { LINKS } from './links.js';

const ID = z.string().max(64);
const DATE = z.string().max(10);
const RATE = z.string().regex(/^\d{1,6}(\.\d{1,12})?$/, 'a rate is a plain decimal, RMB per HKD');
const AMOUNT = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,38})$/, 'an amount is written as decimal digits')
  .transform((digits) => BigInt(digits));
const BATCH_MAX = 1_000;

/** `rules.set_eligibility`: put securities on a link's list, make them sell-only, or remove them. */
export const setEligibilitySchema = z.strictObject({
  type: z.literal('rules.set_eligibility'),
  entries: z
    .array(
      z.strictObject({
        link: z.enum(LINKS),
        instrument: ID,
        status: z.enum(['eligible', 'sell_only', 'removed']),
      }),
    )
    .min(1)
    .max(BATCH_MAX),
});

/** `rules.set_bcan_mappings`: a broker's BCAN → client mappings, in force from the next Connect day. */
export const setBcanMappingsSchema = z.strictObject({
  type: z.literal('rules.set_bcan_mappings'),
  broker: ID,
  mappings: z
    .array(z.strictObject({ bcan: z.string().max(16), investor: ID }))
    .max(BATCH_MAX)
    .default([]),
  removals: z.array(z.string().max(16)).max(BATCH_MAX).default([]),
});

/** `rules.set_fx_reference_rates`: ChinaClear's Southbound reference rates, before the open. */
export const setFxReferenceRatesSchema = z.strictObject({
  type: z.literal('rules.set_fx_reference_rates'),
  date: DATE,
  rate_for_buys: RATE,
  rate_for_sells: RATE,
});

/** `rules.set_fx_settlement_rates`: ChinaClear's Southbound settlement rates, after the close. */
export const setFxSettlementRatesSchema = z.strictObject({
  type: z.literal('rules.set_fx_settlement_rates'),
  date: DATE,
  rate_for_buys: RATE,
  rate_for_sells: RATE,
});

/** `rules.set_daily_quota`: a link's daily quota, from the next day start or at once. */
export const setDailyQuotaSchema = z.strictObject({
  type: z.literal('rules.set_daily_quota'),
  link: z.enum(LINKS),
  daily_quota_minor: AMOUNT,
  /** `now`: today's quota changes too, and the balance moves by the difference. */
  effective: z.enum(['next_day', 'now']).default('next_day'),
});

/** `rules.set_southbound_channel`: the Mainland exchange an investor trades Southbound through. */
export const setSouthboundChannelSchema = z.strictObject({
  type: z.literal('rules.set_southbound_channel'),
  investor: ID,
  channel: z.enum(['XSHG', 'XSHE']),
});

/** `rules.seed_foreign_holdings`: foreign holdings that predate the engine, for the limits. */
export const seedForeignHoldingsSchema = z.strictObject({
  type: z.literal('rules.seed_foreign_holdings'),
  holdings: z
    .array(z.strictObject({ instrument: ID, owner: ID, units: AMOUNT }))
    .min(1)
    .max(BATCH_MAX),
});

/** The parsed inputs. */
export type SetEligibility = z.infer<typeof setEligibilitySchema>;
export type SetBcanMappings = z.infer<typeof setBcanMappingsSchema>;
export type SetFxRates =
  | z.infer<typeof setFxReferenceRatesSchema>
  | z.infer<typeof setFxSettlementRatesSchema>;
export type SetDailyQuota = z.infer<typeof setDailyQuotaSchema>;
export type SetSouthboundChannel = z.infer<typeof setSouthboundChannelSchema>;
export type SeedForeignHoldings = z.infer<typeof seedForeignHoldingsSchema>;

/** Every rules operator input, by its `type`. */
export const RULES_INPUT_SCHEMAS = {
  'rules.set_eligibility': setEligibilitySchema,
  'rules.set_bcan_mappings': setBcanMappingsSchema,
  'rules.set_fx_reference_rates': setFxReferenceRatesSchema,
  'rules.set_fx_settlement_rates': setFxSettlementRatesSchema,
  'rules.set_daily_quota': setDailyQuotaSchema,
  'rules.set_southbound_channel': setSouthboundChannelSchema,
  'rules.seed_foreign_holdings': seedForeignHoldingsSchema,
} as const;
