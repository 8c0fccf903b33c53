/**
 * Every command the hub accepts, as one discriminated union on `type`, and the function gateways
 * use to turn untrusted JSON into a typed command or a list of field problems.
 * @module
 */

import { z } from 'zod';
import {
  ALLOCATE_PRIMARY,
  CANCEL_RFQ,
  DECLINE_QUOTE_REQUEST,
  IMPORT_BOND_TRADE,
  PAY_COUPON,
  PUBLISH_FIXING,
  PUBLISH_VALUATION,
  REDEEM,
  REGISTER_BOND,
  REGISTER_BOND_MAKER,
  REQUEST_QUOTE,
  RESPOND_TO_QUOTES,
  SET_BOND_ACCESS,
  SET_BOND_PAYMENT_ASSET,
  SET_BOND_QUOTA_FX,
  SUBMIT_QUOTE,
} from './bonds.js';
import {
  ACCEPT_TERMINATION,
  CALL_MARGIN,
  CLOSE_REPO,
  DECLARE_DEFAULT,
  DRAW_FACILITY,
  OPEN_REPO,
  PAY_MARGIN,
  POST_OTC_MARGIN,
  PROPOSE_TERMINATION,
  PUBLISH_FACILITY_RATE,
  RELEASE_OTC_MARGIN,
  REPAY_FACILITY,
  SET_FACILITY_ALLOCATION,
  SET_OTC_CAP,
  SET_PLP_LINE,
  SET_PLPS,
  SET_REPO_SCHEDULE,
  SUBSTITUTE_COLLATERAL,
} from './financing.js';
import { ADVANCE_TIME, TICK } from './hub.js';
import { CREATE_ACCOUNTS, CREATE_TRANSFERS, SET_FROZEN } from './ledger.js';
import { CANCEL_ORDER, REPLACE_ORDER, SUBMIT_ORDER } from './market.js';
import { fastSubmitOrder } from './order_fast.js';
import {
  APPROVE_SALARY_PAYER,
  CONFIRM_CREDIT,
  EXPIRE_PAYMENT,
  LOOKUP_PROXY,
  QUOTE_PAYMENT,
  RECALL_PAYMENT,
  REFUSE_RETURN,
  REGISTER_PROXY,
  REMOVE_PROXY,
  RETURN_PAYMENT,
  REVOKE_SALARY_PAYER,
  SET_PAYMENT_SETTINGS,
  SUBMIT_PAYMENT,
  UPDATE_PROXY,
} from './payments.js';
import {
  RECORD_SHARED_BOOK_OPT_IN,
  REGISTER_CASH_ASSET,
  REGISTER_INVESTOR,
  REGISTER_PARTY,
  REGISTER_SECURITY,
  UPDATE_SECURITY,
} from './reference.js';
import {
  SEED_FOREIGN_HOLDINGS,
  SET_BCAN_MAPPINGS,
  SET_DAILY_QUOTA,
  SET_ELIGIBILITY,
  SET_FX_REFERENCE_RATES,
  SET_FX_SETTLEMENT_RATES,
  SET_SOUTHBOUND_CHANNEL,
} from './rules.js';
import {
  CANCEL_INSTRUCTION,
  COLLECT_PENALTIES,
  COMPENSATE,
  EXECUTE_BUY_IN,
  IMPORT_SESE023,
  RUN_CYCLE,
  SET_RESERVE_CAP,
} from './settlement.js';

export const COMMAND = z.discriminatedUnion('type', [
  TICK,
  ADVANCE_TIME,
  REGISTER_PARTY,
  REGISTER_INVESTOR,
  REGISTER_CASH_ASSET,
  REGISTER_SECURITY,
  UPDATE_SECURITY,
  RECORD_SHARED_BOOK_OPT_IN,
  CREATE_ACCOUNTS,
  CREATE_TRANSFERS,
  SET_FROZEN,
  SUBMIT_ORDER,
  CANCEL_ORDER,
  REPLACE_ORDER,
  SET_ELIGIBILITY,
  SET_BCAN_MAPPINGS,
  SET_FX_REFERENCE_RATES,
  SET_FX_SETTLEMENT_RATES,
  SET_DAILY_QUOTA,
  SET_SOUTHBOUND_CHANNEL,
  SEED_FOREIGN_HOLDINGS,
  RUN_CYCLE,
  CANCEL_INSTRUCTION,
  IMPORT_SESE023,
  EXECUTE_BUY_IN,
  COLLECT_PENALTIES,
  SET_RESERVE_CAP,
  COMPENSATE,
  REGISTER_BOND,
  REGISTER_BOND_MAKER,
  SET_BOND_ACCESS,
  SET_BOND_QUOTA_FX,
  REQUEST_QUOTE,
  SUBMIT_QUOTE,
  DECLINE_QUOTE_REQUEST,
  RESPOND_TO_QUOTES,
  CANCEL_RFQ,
  PAY_COUPON,
  REDEEM,
  PUBLISH_FIXING,
  ALLOCATE_PRIMARY,
  IMPORT_BOND_TRADE,
  PUBLISH_VALUATION,
  SET_BOND_PAYMENT_ASSET,
  SET_PLPS,
  SET_REPO_SCHEDULE,
  OPEN_REPO,
  CLOSE_REPO,
  CALL_MARGIN,
  PAY_MARGIN,
  DECLARE_DEFAULT,
  SUBSTITUTE_COLLATERAL,
  PROPOSE_TERMINATION,
  ACCEPT_TERMINATION,
  SET_OTC_CAP,
  POST_OTC_MARGIN,
  RELEASE_OTC_MARGIN,
  SET_FACILITY_ALLOCATION,
  SET_PLP_LINE,
  PUBLISH_FACILITY_RATE,
  DRAW_FACILITY,
  REPAY_FACILITY,
  SET_PAYMENT_SETTINGS,
  REGISTER_PROXY,
  UPDATE_PROXY,
  REMOVE_PROXY,
  LOOKUP_PROXY,
  APPROVE_SALARY_PAYER,
  REVOKE_SALARY_PAYER,
  QUOTE_PAYMENT,
  SUBMIT_PAYMENT,
  CONFIRM_CREDIT,
  RECALL_PAYMENT,
  RETURN_PAYMENT,
  EXPIRE_PAYMENT,
  REFUSE_RETURN,
]);

export type Command = z.infer<typeof COMMAND>;
export type CommandType = Command['type'];

export const COMMAND_TYPES: readonly CommandType[] = COMMAND.options.map((o) => o.shape.type.value);

export interface FieldProblem {
  /** Dotted path to the field, e.g. `transfers.3.amount_minor`. */
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export type ParsedCommand =
  | { ok: true; command: Command }
  | { ok: false; problems: FieldProblem[] };

export function parseCommand(input: unknown): ParsedCommand {
  // Orders are most of the traffic: a valid one is checked without zod (order_fast.ts).
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const record = input as Record<string, unknown>;
    const order = record.type === 'market.submit_order' ? fastSubmitOrder(record) : null;
    if (order !== null) return { ok: true, command: order };
  }
  const result = COMMAND.safeParse(input);
  if (result.success) return { ok: true, command: result.data };
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    rule: issue.code,
    message: issue.message,
  }));
  return { ok: false, problems };
}
