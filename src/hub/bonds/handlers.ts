/**
 * Bond reference-data commands (issue 14, phase 2): `bonds.register` stores validated terms
 * beside the bond's security. Checks first, then mutates, so a refusal changes nothing.
 * @module
 */

import { type BondTerms, validateBondTerms } from '../../bonds/index.js';
import type { Rejection } from '../../kernel/rejection.js';
import { reject } from '../../kernel/rejection.js';
import { marketDate } from '../../kernel/time.js';
import { registerMaker as registerRfqMaker } from '../../market/rfq/index.js';
import type {
  RegisterBond,
  RegisterBondMaker,
  SetBondAccess,
  SetBondQuotaFx,
} from '../../protocol/bonds.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import { publishValuation } from './closing_orders.js';
import { payCoupon } from './coupon.js';
import { publishFixing } from './fixings.js';
import { importBondTrade } from './import_trade.js';
import { catchUpAfterRegistration } from './lifecycle.js';
import { setPaymentAsset } from './payment_asset.js';
import { allocatePrimary } from './primary.js';
import { redeemBond } from './redemption.js';
import { RFQ_HANDLERS } from './rfq_handlers.js';
import { bondRecord } from './state.js';
import { quotaFxRates } from './time.js';

/** The bond's security must exist, be a bond, and agree with the terms on currency and face. */
function checkSecurity(state: HubState, terms: BondTerms): Rejection | undefined {
  const security = state.reference.securities.get(terms.isin);
  if (security === undefined) {
    return reject('BOND_SECURITY_UNKNOWN', 'Register the bond as a security first', {
      isin: terms.isin,
    });
  }
  if (security.kind !== 'bond') {
    return reject('BOND_SECURITY_NOT_BOND', 'The security is not a bond', {
      isin: terms.isin,
      kind: security.kind,
    });
  }
  if (security.currency !== terms.currency) {
    return reject('BOND_CURRENCY_MISMATCH', 'The terms and the security differ in currency', {
      terms_currency: terms.currency,
      security_currency: security.currency,
    });
  }
  const face = security.bond?.face_value_minor;
  if (face !== undefined && face !== terms.face_value_minor) {
    return reject('BOND_FACE_VALUE_MISMATCH', 'The terms and the security differ in face value', {
      terms_face_value_minor: terms.face_value_minor,
      security_face_value_minor: face,
    });
  }
  if (terms.dti !== undefined && security.dti !== terms.dti) {
    return reject('BOND_DTI_MISMATCH', 'The terms and the security differ in DTI', {
      terms_dti: terms.dti,
      security_dti: security.dti ?? null,
    });
  }
  return undefined;
}

function registerBond(
  state: HubState,
  command: RegisterBond,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'register a bond');
  if (refused !== undefined) return refused;
  const validated = validateBondTerms(command.terms as BondTerms);
  if (!validated.ok) return validated;
  const terms = validated.value;
  if (state.bonds.bonds.has(terms.isin)) {
    return reject('BOND_EXISTS', 'This bond is already registered', { isin: terms.isin });
  }
  const mismatch = checkSecurity(state, terms);
  if (mismatch !== undefined) return mismatch;
  state.bonds.bonds.set(terms.isin, bondRecord(terms));
  state.bonds.registered_on.set(terms.isin, marketDate(context.timestamp_us));
  catchUpAfterRegistration(state.bonds, context.timestamp_us);
  context.emit({ type: 'bond_registered', bond: terms });
  return undefined;
}

function registerMaker(
  state: HubState,
  command: RegisterBondMaker,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'register a bond market maker');
  if (refused !== undefined) return refused;
  const party = state.reference.parties.get(command.dealer);
  if (party === undefined) {
    return reject('BOND_PARTY_UNKNOWN', 'No party has this id', { dealer: command.dealer });
  }
  // Northbound makers are onshore dealers; Southbound ones are HKMA-designated offshore makers.
  const onshore = party.jurisdiction === 'CN';
  if (onshore !== (command.direction === 'northbound')) {
    return reject('BOND_MAKER_INVALID', 'Northbound makers are onshore, Southbound offshore', {
      dealer: command.dealer,
      jurisdiction: party.jurisdiction,
      direction: command.direction,
    });
  }
  const directions = state.bonds.makers.get(command.dealer) ?? [];
  if (!directions.includes(command.direction)) {
    state.bonds.makers.set(command.dealer, [...directions, command.direction]);
  }
  registerRfqMaker(state.bonds.rfq, command.dealer);
  context.emit({
    type: 'bond_maker_registered',
    dealer: command.dealer,
    direction: command.direction,
  });
  return undefined;
}

/** Southbound: the PBOC's eligible Mainland institutions; Northbound: overseas institutions. */
function setAccess(
  state: HubState,
  command: SetBondAccess,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'set bond access');
  if (refused !== undefined) return refused;
  const investor = state.reference.investors.get(command.investor);
  if (investor === undefined) {
    return reject('BOND_INVESTOR_UNKNOWN', 'No investor has this id', {
      investor: command.investor,
    });
  }
  const mainland = investor.jurisdiction === 'CN';
  const invalid =
    !investor.institutional ||
    (command.northbound && mainland) ||
    (command.southbound_channel !== null && !mainland);
  if (invalid) {
    return reject(
      'BOND_ACCESS_INVALID',
      'Bond Connect is for institutions: Northbound overseas, Southbound Mainland',
      { investor: command.investor, jurisdiction: investor.jurisdiction, type: investor.type },
    );
  }
  const access = { northbound: command.northbound, southbound_channel: command.southbound_channel };
  state.bonds.access.set(command.investor, access);
  context.emit({ type: 'bond_access_set', investor: command.investor, access });
  return undefined;
}

/** The day's quota reference rates; for today they apply at once. Up to 16 dates are kept. */
function setQuotaFx(
  state: HubState,
  command: SetBondQuotaFx,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'publish quota reference rates');
  if (refused !== undefined) return refused;
  const table = state.bonds.quota_fx;
  table.delete(command.date);
  table.set(command.date, command.rates);
  while (table.size > QUOTA_FX_DATES_MAX) {
    const oldest = [...table.keys()].sort()[0] as string;
    table.delete(oldest);
  }
  if (command.date === state.bonds.quota.date) state.bonds.quota.fx = quotaFxRates(command.rates);
  context.emit({ type: 'bond_quota_fx_set', date: command.date, rates: command.rates });
  return undefined;
}

const QUOTA_FX_DATES_MAX = 16;

export const BOND_HANDLERS = {
  'bonds.register': registerBond,
  'bonds.register_maker': registerMaker,
  'bonds.set_investor_access': setAccess,
  'bonds.set_quota_fx_rates': setQuotaFx,
  'bonds.pay_coupon': payCoupon,
  'bonds.redeem': redeemBond,
  'bonds.publish_fixing': publishFixing,
  'bonds.allocate_primary': allocatePrimary,
  'bonds.import_trade': importBondTrade,
  'bonds.publish_valuation': publishValuation,
  'bonds.set_payment_asset': setPaymentAsset,
  ...RFQ_HANDLERS,
} as const;
