/**
 * Bond reference-data commands (issue 14, phase 2): `bonds.register` stores validated terms
 * beside the bond's security. Checks first, then mutates, so a refusal changes nothing.
 * @module
 */

import { type BondTerms, validateBondTerms } from '../../bonds/index.js';
import type { Rejection } from '../../kernel/rejection.js';
import { reject } from '../../kernel/rejection.js';
import type { RegisterBond } from '../../protocol/bonds.js';
import type { CommandContext } from '../context.js';
import type { HubState } from '../state.js';
import { bondRecord } from './state.js';

export function operatorOnly(context: CommandContext, what: string): Rejection | undefined {
  if (context.actor.operator) return undefined;
  return reject('NOT_AUTHORIZED', `Only an operator may ${what}`, {
    participant: context.actor.participant,
  });
}

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
  context.emit({ type: 'bond_registered', bond: terms });
  return undefined;
}

export const BOND_HANDLERS = {
  'bonds.register': registerBond,
} as const;
