/**
 * The reference domain's rejection codes, in one list so a typo is a compile error and the hub,
 * the API document and docs/reference-data.md can enumerate them. Stable once published.
 * @module
 */

import { type Rejection, type RejectionDetails, reject } from '../kernel/index.js';

/** Every rejection code the reference domain can return. */
export const REFERENCE_REJECTION_CODES = [
  // identifiers
  'INVALID_ISIN',
  'INVALID_LEI',
  'INVALID_DTI',
  'INVALID_BCAN',
  'INVALID_JURISDICTION',
  'INVALID_DATE',
  // lookups
  'UNKNOWN_CURRENCY',
  'UNKNOWN_MARKET',
  'UNKNOWN_PARTY',
  'UNKNOWN_SECURITY',
  'UNKNOWN_ASSET',
  'UNKNOWN_TICK_TABLE',
  // parties
  'INVALID_PARTY_ID',
  'PARTY_EXISTS',
  'LEI_EXISTS',
  'INVALID_NAME',
  'INVALID_ROLES',
  'PARTICIPANT_INVALID',
  // investors
  'INVALID_INVESTOR_ID',
  'INVESTOR_EXISTS',
  'INVALID_INVESTOR_TYPE',
  'UNKNOWN_INVESTOR',
  'OPT_IN_NOT_APPLICABLE',
  'OPT_IN_INCOMPLETE',
  'FATF_HIGH_RISK_JURISDICTION',
  'PARTY_NOT_BROKER',
  'BROKER_NOT_CONNECT_PARTICIPANT',
  'BCAN_EXISTS',
  'INVALID_AMOUNT',
  // assets
  'INVALID_ASSET_ID',
  'CASH_ASSET_EXISTS',
  'SECURITY_EXISTS',
  'INVALID_CASH_FORM',
  'ISSUER_ROLE_MISMATCH',
  'INVALID_SYMBOL',
  'SYMBOL_EXISTS',
  'BOARD_INVALID',
  'KIND_INVALID',
  'SPECIAL_TREATMENT_INVALID',
  'VCM_INDEX_INVALID',
  'SECURITY_CSD_INVALID',
  'A_SHARE_UNITS_INVALID',
  'LOT_SIZE_INVALID',
  'MIN_ORDER_INVALID',
  'PRICE_SCALE_INVALID',
  'TICK_TABLE_SCALE_MISMATCH',
  'DTI_EXISTS',
  'ISSUED_UNITS_INVALID',
  'BOND_TERMS_INVALID',
  // prices
  'PRICE_OUT_OF_RANGE',
  'PRICE_OFF_TICK',
  // calendars and sessions
  'CALENDAR_NOT_COVERED',
  'NOT_A_TRADING_DAY',
  'NO_TRADING_SESSIONS',
] as const;

/** One of `REFERENCE_REJECTION_CODES`. */
export type ReferenceRejectionCode = (typeof REFERENCE_REJECTION_CODES)[number];

/** `reject` restricted to this domain's codes. */
export function refuse(
  code: ReferenceRejectionCode,
  message: string,
  details: RejectionDetails = {},
): Rejection {
  return reject(code, message, details);
}
