/**
 * Reference-data commands on the wire: the reference domain's input schemas, wrapped with a type.
 * @module
 */

import { z } from 'zod';
import {
  cashAssetInputSchema,
  investorInputSchema,
  partyInputSchema,
  securityInputSchema,
  securityUpdateSchema,
  sharedBookOptInSchema,
} from '../reference/index.js';

// The record travels under its own key: an investor has a `type` field of its own.
export const REGISTER_PARTY = z.strictObject({
  type: z.literal('reference.register_party'),
  party: partyInputSchema,
});
export const REGISTER_INVESTOR = z.strictObject({
  type: z.literal('reference.register_investor'),
  investor: investorInputSchema,
});
export const REGISTER_CASH_ASSET = z.strictObject({
  type: z.literal('reference.register_cash_asset'),
  cash_asset: cashAssetInputSchema,
});
export const REGISTER_SECURITY = z.strictObject({
  type: z.literal('reference.register_security'),
  security: securityInputSchema,
});
export const UPDATE_SECURITY = z.strictObject({
  type: z.literal('reference.update_security'),
  update: securityUpdateSchema,
});

export const RECORD_SHARED_BOOK_OPT_IN = z.strictObject({
  type: z.literal('reference.record_shared_book_opt_in'),
  opt_in: sharedBookOptInSchema,
});

export type RegisterParty = z.infer<typeof REGISTER_PARTY>;
export type RegisterInvestor = z.infer<typeof REGISTER_INVESTOR>;
export type RegisterCashAsset = z.infer<typeof REGISTER_CASH_ASSET>;
export type RegisterSecurity = z.infer<typeof REGISTER_SECURITY>;
export type UpdateSecurity = z.infer<typeof UPDATE_SECURITY>;
export type RecordSharedBookOptIn = z.infer<typeof RECORD_SHARED_BOOK_OPT_IN>;
