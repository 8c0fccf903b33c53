/**
 * Ledger commands on the wire.
 * @module
 */

import { z } from 'zod';
import type { AccountInput, FreezeInput, TransferInput } from '../ledger/index.js';
import { ACCOUNT_PURPOSES, LEDGER_LIMITS, TRANSFER_ACTIONS } from '../ledger/index.js';
import { AMOUNT_MINOR, ID, SHORT_TEXT } from './fields.js';

export const ACCOUNT_INPUT = z.strictObject({
  id: ID,
  owner: ID,
  asset: ID,
  purpose: z.enum(ACCOUNT_PURPOSES),
  debits_must_not_exceed_credits: z.boolean(),
  credits_must_not_exceed_debits: z.boolean(),
  parent_id: ID.optional(),
  omnibus: z.boolean().optional(),
});

export const TRANSFER_INPUT = z.strictObject({
  id: ID,
  action: z.enum(TRANSFER_ACTIONS).optional(),
  debit_account_id: ID.optional(),
  credit_account_id: ID.optional(),
  amount_minor: AMOUNT_MINOR.optional(),
  pending_id: ID.optional(),
  timeout_s: z.number().int().nonnegative().optional(),
  code: z.string().max(32).optional(),
  reference: SHORT_TEXT.optional(),
});

export const CREATE_ACCOUNTS = z.strictObject({
  type: z.literal('ledger.create_accounts'),
  accounts: z.array(ACCOUNT_INPUT).min(1).max(LEDGER_LIMITS.accounts_per_batch_max),
});

export const CREATE_TRANSFERS = z.strictObject({
  type: z.literal('ledger.create_transfers'),
  transfers: z.array(TRANSFER_INPUT).min(1).max(LEDGER_LIMITS.transfers_per_batch_max),
});

export const SET_FROZEN = z.strictObject({
  type: z.literal('ledger.set_frozen'),
  account_id: ID,
  frozen: z.boolean(),
  reason: SHORT_TEXT,
});

export type CreateAccounts = z.infer<typeof CREATE_ACCOUNTS>;
export type CreateTransfers = z.infer<typeof CREATE_TRANSFERS>;
export type SetFrozen = z.infer<typeof SET_FROZEN>;

// The wire shapes must fit the domain's inputs exactly; these lines fail to compile otherwise.
type Fits<A, B> = A extends B ? true : false;
export const WIRE_FITS_DOMAIN: [
  Fits<z.infer<typeof ACCOUNT_INPUT>, AccountInput>,
  Fits<z.infer<typeof TRANSFER_INPUT>, TransferInput>,
  Fits<Omit<SetFrozen, 'type'>, FreezeInput>,
] = [true, true, true];
