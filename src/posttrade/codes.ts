/**
 * The posttrade domain's rejection codes, in one list so a typo is a compile error and the hub,
 * the API document and docs/settlement.md can enumerate them. Stable once published.
 * @module
 */

import { type Rejection, type RejectionDetails, reject } from '../kernel/index.js';

/** Every rejection code the posttrade domain can return. */
export const POSTTRADE_REJECTION_CODES = [
  // capture
  'TRADE_INVALID',
  'INSTRUCTION_EXISTS',
  'INSTRUCTIONS_FULL',
  'ACCOUNTS_FULL',
  'ACCOUNT_UNRESOLVED',
  'SETTLEMENT_DATE_UNAVAILABLE',
  'RESERVE_ASSET_MISMATCH',
  // instructions
  'UNKNOWN_INSTRUCTION',
  'SETTLEMENT_ALREADY_FINAL',
  'INSTRUCTION_PARTIALLY_SETTLED',
  'INSTRUCTION_CLOSED',
  // cycles
  'CYCLE_EXISTS',
  'CYCLE_ID_INVALID',
  'CYCLE_DATE_INVALID',
  'CYCLE_DATE_BEFORE_LAST',
  'UNKNOWN_GROUP',
  'CYCLE_GROUP_REPEATED',
  'CYCLE_NOT_A_SETTLEMENT_DAY',
  'LEDGER_CAPACITY',
  // configuration
  'CONFIG_INVALID',
  // southbound FX
  'SETTLEMENT_RATE_MISSING',
  'SETTLEMENT_RATE_INVALID',
  'SETTLEMENT_RATE_ALREADY_SET',
  'SETTLEMENT_RATES_FULL',
  // reserve fund
  'RESERVE_CAP_REACHED',
  'RESERVE_FUND_BELOW_CAP',
  'RESERVE_FUND_INSUFFICIENT',
  // fails
  'BUY_IN_NOT_APPLICABLE',
  'BUY_IN_NOT_DUE',
  'BUY_IN_FAILED',
  'BUY_INS_FULL',
  'COMPENSATION_NOT_APPLICABLE',
  // ISO 20022 and command shapes
  'SESE023_INVALID',
  'COMMAND_INVALID',
] as const;

/** One of `POSTTRADE_REJECTION_CODES`. */
export type PosttradeRejectionCode = (typeof POSTTRADE_REJECTION_CODES)[number];

/** A rejection with one of the posttrade domain's codes. */
export function refuse(
  code: PosttradeRejectionCode,
  message: string,
  details: RejectionDetails = {},
): Rejection {
  return reject(code, message, details);
}
