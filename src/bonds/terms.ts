/**
 * Validation of bond terms. Each refusal has a stable code (docs/bonds.md §1) and the figures
 * that decided it; the checks run in a fixed order and the first failure is returned.
 * @module
 */

import { accept, isIsoDate, type Outcome, type Rejection, reject } from '../kernel/index.js';
import {
  type CurrencyCode,
  isCurrencyCode,
  validateDti,
  validateIsin,
} from '../reference/index.js';
import {
  type BondTerms,
  BUSINESS_DAY_CONVENTIONS,
  DAY_COUNTS,
  FLOATING_INDEXES,
  FREQUENCIES,
  ISSUER_KINDS,
  type IssuerKind,
  RATE_SCALE,
} from './types.js';

/** The currencies each kind of bond may be denominated in. */
export const ISSUER_CURRENCIES: Readonly<Record<IssuerKind, readonly CurrencyCode[]>> = {
  cgb: ['CNY'],
  policy_bank: ['CNY'],
  local_gov: ['CNY'],
  corporate: ['CNY'],
  // HKSAR institutional bonds are issued in HKD and in RMB (settled offshore: CNH).
  hkgb: ['HKD', 'CNH'],
  // The HK tokenized green bond's tranches (2023: HKD; 2024: HKD, CNH, USD, EUR).
  hk_tokenized_green: ['HKD', 'CNH', 'USD', 'EUR'],
  offshore_cnh: ['CNH'],
};

/** A coupon rate above 100 % a year is refused as a typing error. */
const COUPON_RATE_MAX_E12 = RATE_SCALE;
/** A floating spread beyond ±10 % is refused as a typing error. */
const SPREAD_BPS_MAX = 1_000;
const ISSUER_NAME_LENGTH_MAX = 200;

function includes<T>(list: readonly T[], value: unknown): value is T {
  return list.includes(value as T);
}

/** Validates bond terms; accepted terms are returned frozen. */
export function validateBondTerms(terms: BondTerms): Outcome<BondTerms> {
  const refused =
    checkIdentity(terms) ??
    checkCurrency(terms) ??
    checkCoupon(terms) ??
    checkConventions(terms) ??
    checkDates(terms) ??
    checkAmounts(terms);
  if (refused !== undefined) return refused;
  return accept(Object.freeze({ ...terms, coupon: Object.freeze({ ...terms.coupon }) }));
}

function checkIdentity(terms: BondTerms): Rejection | undefined {
  const isin = validateIsin(terms.isin);
  if (!isin.ok) return isin;
  if (!includes(ISSUER_KINDS, terms.issuer_kind)) {
    return reject('BOND_ISSUER_KIND_INVALID', 'The issuer kind is not one Hutong knows', {
      issuer_kind: terms.issuer_kind,
      allowed: ISSUER_KINDS,
    });
  }
  const name = terms.issuer_name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > ISSUER_NAME_LENGTH_MAX) {
    return reject('BOND_ISSUER_NAME_INVALID', 'The issuer name must be 1 to 200 characters', {
      issuer_name: name,
    });
  }
  if (terms.dti !== undefined) {
    const dti = validateDti(terms.dti);
    if (!dti.ok) return dti;
  } else if (terms.issuer_kind === 'hk_tokenized_green') {
    return reject('BOND_DTI_REQUIRED', 'A tokenized bond tranche needs its DTI', {
      isin: terms.isin,
    });
  }
  return undefined;
}

function checkCurrency(terms: BondTerms): Rejection | undefined {
  const allowed = ISSUER_CURRENCIES[terms.issuer_kind];
  if (!isCurrencyCode(terms.currency) || !allowed.includes(terms.currency)) {
    return reject('BOND_CURRENCY_INVALID', 'This kind of bond is not issued in that currency', {
      issuer_kind: terms.issuer_kind,
      currency: terms.currency,
      allowed,
    });
  }
  return undefined;
}

function checkCoupon(terms: BondTerms): Rejection | undefined {
  const coupon = terms.coupon;
  const bad = (reason: string) =>
    reject('BOND_COUPON_INVALID', 'The coupon is not valid', { reason, coupon });
  switch (coupon?.kind) {
    case 'fixed':
      if (typeof coupon.rate_e12 !== 'bigint') return bad('rate_not_integer');
      if (coupon.rate_e12 < 0n || coupon.rate_e12 > COUPON_RATE_MAX_E12) {
        return bad('rate_out_of_range');
      }
      return undefined;
    case 'floating':
      if (!includes(FLOATING_INDEXES, coupon.index)) return bad('unknown_index');
      if (
        !Number.isSafeInteger(coupon.spread_bps) ||
        Math.abs(coupon.spread_bps) > SPREAD_BPS_MAX
      ) {
        return bad('spread_out_of_range');
      }
      return undefined;
    case 'zero':
      return undefined;
    default:
      return bad('unknown_kind');
  }
}

function checkConventions(terms: BondTerms): Rejection | undefined {
  if (!includes(FREQUENCIES, terms.frequency)) {
    return reject('BOND_FREQUENCY_INVALID', 'Coupons are paid 1, 2, 4 or 12 times a year', {
      frequency: terms.frequency,
    });
  }
  if (!includes(DAY_COUNTS, terms.day_count)) {
    return reject('BOND_DAY_COUNT_INVALID', 'The day count convention is not one Hutong knows', {
      day_count: terms.day_count,
      allowed: DAY_COUNTS,
    });
  }
  if (!includes(BUSINESS_DAY_CONVENTIONS, terms.business_day_convention)) {
    return reject(
      'BOND_BUSINESS_DAY_CONVENTION_INVALID',
      'The business-day convention is not one Hutong knows',
      { business_day_convention: terms.business_day_convention },
    );
  }
  if (terms.yield_convention !== 'ccdc' && terms.yield_convention !== 'annual') {
    return reject('BOND_YIELD_CONVENTION_INVALID', 'The yield convention must be ccdc or annual', {
      yield_convention: terms.yield_convention,
    });
  }
  return undefined;
}

function checkDates(terms: BondTerms): Rejection | undefined {
  for (const field of ['issue_date', 'maturity_date'] as const) {
    if (typeof terms[field] !== 'string' || !isIsoDate(terms[field])) {
      return reject('BOND_DATE_INVALID', 'Dates are ISO calendar dates (YYYY-MM-DD)', {
        field,
        value: terms[field],
      });
    }
  }
  if (terms.maturity_date <= terms.issue_date) {
    return reject('BOND_MATURITY_NOT_AFTER_ISSUE', 'The bond must mature after it is issued', {
      issue_date: terms.issue_date,
      maturity_date: terms.maturity_date,
    });
  }
  return undefined;
}

function checkAmounts(terms: BondTerms): Rejection | undefined {
  const face = terms.face_value_minor;
  if (typeof face !== 'bigint' || face <= 0n) {
    return reject('BOND_FACE_VALUE_INVALID', 'The face value must be a positive amount', {
      face_value_minor: face,
    });
  }
  const denomination = terms.min_denomination_minor;
  if (typeof denomination !== 'bigint' || denomination <= 0n || denomination % face !== 0n) {
    return reject(
      'BOND_DENOMINATION_INVALID',
      'The minimum denomination must be a positive whole number of face values',
      { min_denomination_minor: denomination, face_value_minor: face },
    );
  }
  return undefined;
}
