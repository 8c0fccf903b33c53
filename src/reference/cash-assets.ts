/**
 * Cash assets: money as the ledger holds it, one asset per currency, form and issuer
 * (HKD RTGS balances at the HKMA, e-HKD, HSBC's tokenized HKD deposits, a licensed stablecoin …).
 * @module
 */

import { accept, assert, type Outcome, type Rejection } from '../kernel/index.js';
import { checkAssetIdFree, checkCurrency, checkId } from './checks.js';
import { refuse } from './codes.js';
import type { CashAssetInput } from './commands.js';
import { type CurrencyCode, currency } from './currencies.js';
import { hasRole, type PartyRole } from './parties.js';
import type { ReferenceState } from './state.js';

/**
 * - `central_bank_reserves`: balances at the central bank's RTGS system.
 * - `wholesale_cbdc`: central-bank money as tokens for institutions (e-HKD, e-CNY).
 * - `tokenized_deposit`: a commercial bank's deposit liability as tokens, by issuing bank.
 * - `stablecoin`: a fiat-referenced stablecoin from an HKMA-licensed issuer.
 * - `commercial_bank_money`: ordinary deposits at a commercial bank (e.g. the CNH clearing bank).
 */
export const CASH_FORMS = [
  'central_bank_reserves',
  'wholesale_cbdc',
  'tokenized_deposit',
  'stablecoin',
  'commercial_bank_money',
] as const;
/** One of `CASH_FORMS`. */
export type CashForm = (typeof CASH_FORMS)[number];

/** The role the issuer of each form must have. */
const ISSUER_ROLE: { readonly [form in CashForm]: PartyRole } = {
  central_bank_reserves: 'central_bank',
  wholesale_cbdc: 'central_bank',
  tokenized_deposit: 'bank',
  stablecoin: 'issuer',
  commercial_bank_money: 'bank',
};

/** A registered cash asset: plain, frozen data. */
export interface CashAsset {
  /** A short readable code: `HKD`, `e-HKD`, `HKD.TD.HSBC`. */
  readonly id: string;
  readonly currency: CurrencyCode;
  readonly form: CashForm;
  /** The party whose liability the money is. */
  readonly issuer: string;
  /** Decimal places of the ledger amount: the currency's minor units. */
  readonly scale: number;
}

/** Registers a cash asset, or refuses it and leaves the state as it was. */
export function registerCashAsset(
  state: ReferenceState,
  input: CashAssetInput,
): Outcome<CashAsset> {
  const refused =
    checkId('INVALID_ASSET_ID', 'cash asset', input.id) ??
    checkAssetIdFree(state, input.id) ??
    checkCurrency(input.currency) ??
    checkForm(input.form) ??
    checkIssuer(state, input);
  if (refused !== undefined) return refused;
  const found = currency(input.currency);
  assert(found !== undefined, 'currency checked above');
  const asset: CashAsset = Object.freeze({
    id: input.id,
    currency: found.code,
    form: input.form,
    issuer: input.issuer,
    scale: found.minor_units,
  });
  state.cash_assets.set(asset.id, asset);
  return accept(asset);
}

function checkForm(form: string): Rejection | undefined {
  if ((CASH_FORMS as readonly string[]).includes(form)) return undefined;
  return refuse('INVALID_CASH_FORM', `Cash form must be one of ${CASH_FORMS.join(', ')}`, { form });
}

function checkIssuer(state: ReferenceState, input: CashAssetInput): Rejection | undefined {
  const issuer = state.parties.get(input.issuer);
  if (issuer === undefined) {
    return refuse('UNKNOWN_PARTY', `No party ${input.issuer}`, { party: input.issuer });
  }
  const role = ISSUER_ROLE[input.form];
  if (!hasRole(issuer, role)) {
    return refuse(
      'ISSUER_ROLE_MISMATCH',
      `The issuer of ${input.form} must have the role ${role}`,
      {
        issuer: input.issuer,
        form: input.form,
        required_role: role,
        roles: issuer.roles,
      },
    );
  }
  return undefined;
}
