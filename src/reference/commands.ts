/**
 * Input schemas (zod v4) for registrations as they arrive over JSON, and the input types the
 * registration functions take (inferred from the schemas).
 *
 * The split of work: a schema checks the wire shape (types, known vocabularies, no unknown
 * fields, bounded lengths, decimal-digit strings for bigint amounts); the registration function
 * checks meaning (check digits, references to other records, uniqueness, cross-field rules) and
 * answers with a stable rejection code. Ids, currencies, markets, tick tables and dates are
 * therefore plain strings here, so their problems come back as `UNKNOWN_CURRENCY`,
 * `INVALID_DATE` and so on rather than as a schema error.
 * @module
 */

import { z } from 'zod';
import { FREE_TEXT_RULE, isFreeText } from '../kernel/text.js';
import { CASH_FORMS } from './cash-assets.js';
import { NAME_LENGTH_MAX } from './checks.js';
import { INVESTOR_TYPES } from './investors.js';
import { BOARDS, SECURITY_KINDS, SPECIAL_TREATMENTS, VCM_INDICES } from './markets.js';
import { CHINA_CONNECT_STATUSES, PARTY_ROLES } from './parties.js';

const ID = z.string().max(64);
/** A name is free text (kernel/text.ts): no control or bidirectional characters, no lone surrogates. */
const NAME = z
  .string()
  .max(NAME_LENGTH_MAX)
  .refine((name) => isFreeText(name, NAME_LENGTH_MAX), `must be ${FREE_TEXT_RULE}`);
const CODE = z.string().max(32);
const DATE = z.string().max(10);
/** A non-negative integer amount as decimal digits, 39 at most (2^128 has 39 digits). */
const AMOUNT = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,38})$/, 'an amount is written as decimal digits')
  .transform((digits) => BigInt(digits));

/** `reference.register_party`. */
export const partyInputSchema = z.strictObject({
  id: ID,
  name: NAME,
  lei: CODE.optional(),
  roles: z.array(z.enum(PARTY_ROLES)).max(PARTY_ROLES.length),
  jurisdiction: CODE,
  exchange_participant_of: z.array(CODE).max(8).optional(),
  china_connect: z.enum(CHINA_CONNECT_STATUSES).optional(),
  /**
   * The corporate group the party belongs to (its affiliates name the same group, e.g. the parent's
   * id): a CCP sizes its default fund on a participant "and its affiliates" (PFMI P4). Default:
   * the party alone.
   */
  group: ID.optional(),
});

/** `reference.register_investor`. */
export const investorInputSchema = z.strictObject({
  id: ID,
  type: z.enum(INVESTOR_TYPES),
  jurisdiction: CODE,
  broker: ID,
  bcan: CODE.optional(),
  id_document_country: CODE,
  southbound_assets_20d_avg_minor: AMOUNT.optional(),
});

/** `reference.record_shared_book_opt_in`: a retail investor's opt-in to the shared order book. */
export const sharedBookOptInSchema = z.strictObject({
  investor: ID,
  /** The day the platform recorded the opt-in. */
  date: DATE,
  suitability_assessed: z.boolean(),
  risk_disclosure_acknowledged: z.boolean(),
});

/** `reference.register_cash_asset`. */
export const cashAssetInputSchema = z.strictObject({
  id: ID,
  currency: CODE,
  form: z.enum(CASH_FORMS),
  issuer: ID,
});

/** The terms of a bond, inside `reference.register_security`. */
export const bondTermsSchema = z.strictObject({
  /** Annual coupon in parts per million of face value: 3.633 % is 36,330. */
  coupon_ppm: z.int(),
  maturity_date: DATE,
  face_value_minor: AMOUNT,
});

/** `reference.register_security`. */
export const securityInputSchema = z.strictObject({
  id: CODE,
  symbol: CODE,
  name: NAME,
  market: CODE,
  board: z.enum(BOARDS),
  kind: z.enum(SECURITY_KINDS),
  special_treatment: z.enum(SPECIAL_TREATMENTS).optional(),
  /** SEHK only: the index (or ETP class) that puts the security under the VCM. */
  vcm_index: z.enum(VCM_INDICES).optional(),
  currency: CODE,
  lot_size: z.int(),
  min_order_units: z.int().optional(),
  price_scale: z.int(),
  tick_table: CODE,
  listing_date: DATE,
  previous_close_units: z.int().optional(),
  dti: CODE.optional(),
  issued_units: AMOUNT.optional(),
  /** A-share units in issue, when not all shares are A shares (the 30 % foreign limit's base). */
  a_share_units: AMOUNT.optional(),
  issuer: ID.optional(),
  bond: bondTermsSchema.optional(),
  /** CIBM bonds only: the onshore CSD that holds the bond (CCDC when omitted). */
  csd: CODE.optional(),
});

/** The fields of a security that change after listing: name, ST flag, close, lot, shares. */
export const securityUpdateSchema = z.strictObject({
  id: CODE,
  name: NAME.optional(),
  special_treatment: z.enum(SPECIAL_TREATMENTS).optional(),
  previous_close_units: z.int().optional(),
  lot_size: z.int().optional(),
  min_order_units: z.int().optional(),
  issued_units: AMOUNT.optional(),
  a_share_units: AMOUNT.optional(),
});

/** What `registerParty` takes: the parsed JSON. */
export type PartyInput = z.output<typeof partyInputSchema>;
/** What `registerInvestor` takes. */
export type InvestorInput = z.output<typeof investorInputSchema>;
/** What `registerCashAsset` takes. */
export type CashAssetInput = z.output<typeof cashAssetInputSchema>;
/** What `registerSecurity` takes. */
export type SecurityInput = z.output<typeof securityInputSchema>;
/** What `updateSecurity` takes. */
export type SecurityUpdate = z.output<typeof securityUpdateSchema>;

/** The same inputs as JSON on the wire (amounts as decimal-digit strings). */
export type PartyInputJson = z.input<typeof partyInputSchema>;
/** An investor registration as JSON. */
export type InvestorInputJson = z.input<typeof investorInputSchema>;
/** A cash-asset registration as JSON. */
export type CashAssetInputJson = z.input<typeof cashAssetInputSchema>;
/** A security registration as JSON. */
export type SecurityInputJson = z.input<typeof securityInputSchema>;
/** A security update as JSON. */
export type SecurityUpdateJson = z.input<typeof securityUpdateSchema>;
/** What `recordSharedBookOptIn` takes. */
export type SharedBookOptInInput = z.output<typeof sharedBookOptInSchema>;
