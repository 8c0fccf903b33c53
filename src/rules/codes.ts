/**
 * The rules domain's rejection codes: one per rule, stable once published. Each rejection names
 * the rule that refused and carries the figures that decided it in `details`.
 * @module
 */

import { type Rejection, reject } from '../kernel/index.js';

/** Every code the rules domain can answer with; docs/connect-rules.md says when. */
export const RULES_REJECTION_CODES = [
  // routing
  'UNKNOWN_SECURITY',
  'UNKNOWN_PARTY',
  'UNKNOWN_OWNER',
  'OWNER_NOT_CLIENT',
  'NOT_CONNECT_PARTICIPANT',
  'ROUTE_NOT_AVAILABLE',
  'CHANNEL_NOT_AVAILABLE',
  'VENUE_REQUIRED',
  'VENUE_UNKNOWN',
  // the day and the clock
  'TRADING_DAY_NOT_STARTED',
  'TRADING_DAY_OPEN',
  'NOT_A_CONNECT_TRADING_DAY',
  'OUTSIDE_ACCEPTANCE_WINDOW',
  'CANCEL_NOT_ALLOWED_NOW',
  'ORDER_TYPE_NOT_ALLOWED',
  // investor identification
  'INVESTOR_ID_MISSING',
  'INVESTOR_ID_NOT_MAPPED',
  'INVESTOR_ID_MISMATCH',
  // eligibility of securities and investors
  'NOT_ELIGIBLE_NORTHBOUND',
  'NOT_ELIGIBLE_SOUTHBOUND',
  'SELL_ONLY_ELIGIBILITY',
  'SELL_ONLY_SPECIAL_TREATMENT',
  'INSTITUTIONAL_PROFESSIONAL_ONLY',
  'MAINLAND_INVESTOR_NORTHBOUND_BUY',
  'SOUTHBOUND_INVESTOR_NOT_ELIGIBLE',
  'SOUTHBOUND_ASSETS_BELOW_THRESHOLD',
  'ODD_LOT_BUY',
  // holdings
  'SHORT_SELLING_NOT_ALLOWED',
  'DAY_TRADING_NOT_ALLOWED',
  'FOREIGN_OWNERSHIP_LIMIT',
  'NORTHBOUND_BUYING_SUSPENDED',
  'OWNERSHIP_DISCLOSURE_PERIOD',
  // money
  'FX_REFERENCE_RATE_MISSING',
  'FX_SETTLEMENT_RATE_MISSING',
  'QUOTA_EXHAUSTED',
  'QUOTA_CLOSED_FOR_DAY',
  // bounds
  'RULES_ORDERS_FULL',
  'RULES_POSITIONS_FULL',
  'OWNERSHIP_LOTS_FULL',
  // operator inputs
  'INVALID_DATE',
  'ELIGIBILITY_MARKET_MISMATCH',
  'ELIGIBILITY_KIND_INVALID',
  'ELIGIBILITY_FULL',
  'BROKER_NOT_CONNECT_PARTICIPANT',
  'INVESTOR_NOT_CLIENT',
  'INVALID_BCAN',
  'BCAN_ALREADY_MAPPED',
  'INVESTOR_ALREADY_MAPPED',
  'BCAN_NOT_MAPPED',
  'BCAN_MAPPINGS_FULL',
  'FX_RATE_INVALID',
  'FX_RATES_INVERTED',
  'FX_REFERENCE_LOCKED',
  'QUOTA_INVALID',
  'CHANNEL_REGISTRATIONS_FULL',
  'HOLDING_INVALID',
  'HOLDINGS_TOO_LARGE',
  // tiered holdings
  'ACCOUNT_ID_TOO_LONG',
] as const;

/** One of `RULES_REJECTION_CODES`. */
export type RulesRejectionCode = (typeof RULES_REJECTION_CODES)[number];

/** A rejection with a code from this domain's list (the type checks the code). */
export function refuse(
  code: RulesRejectionCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): Rejection {
  return reject(code, message, details);
}
