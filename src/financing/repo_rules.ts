/**
 * The rules of Northbound repo in force on a date (HKMA, connect-rules.md §2.3): launched
 * 10 Feb 2025, RMB only and received collateral locked in CMU; from 25 Aug 2025 cash in RMB, HKD,
 * USD or EUR, and re-use of received collateral in four cases only. Plus the checks on the terms
 * themselves. Each check returns the first refusal, or undefined.
 * @module
 */

import { dayNumber, type Rejection, reject } from '../kernel/index.js';
import { PPM, RATE_SCALE, type RepoCurrency, type RepoTerms, type ReuseCase } from './types.js';

export const NORTHBOUND_REPO_LAUNCH = '2025-02-10';
export const NORTHBOUND_REPO_ENHANCEMENT = '2025-08-25';

const REUSE_CASES: readonly ReuseCase[] = [
  'offshore_repo',
  'hkma_rmb_liquidity_facility',
  'otc_clear_margin',
  'northbound_cash_bond_trade',
];

/** The repo may be traded on `date` in its cash currency. */
export function checkRepoInForce(date: string, currency: RepoCurrency): Rejection | undefined {
  if (date < NORTHBOUND_REPO_LAUNCH) {
    return reject('REPO_NOT_IN_FORCE', 'Northbound repo starts on 10 Feb 2025', {
      date,
      from: NORTHBOUND_REPO_LAUNCH,
    });
  }
  if (currency !== 'CNH' && date < NORTHBOUND_REPO_ENHANCEMENT) {
    return reject('REPO_CURRENCY_NOT_ALLOWED', 'Cash other than RMB is allowed from 25 Aug 2025', {
      currency,
      date,
      from: NORTHBOUND_REPO_ENHANCEMENT,
    });
  }
  return undefined;
}

/** Received collateral may be re-used on `date` in `use` (a string from outside). */
export function checkReuse(date: string, use: string): Rejection | undefined {
  if (date < NORTHBOUND_REPO_ENHANCEMENT) {
    return reject('REPO_REUSE_NOT_ALLOWED', 'Received collateral stays locked before 25 Aug 2025', {
      date,
      use,
    });
  }
  if (!(REUSE_CASES as readonly string[]).includes(use)) {
    return reject('REPO_REUSE_NOT_ALLOWED', 'Re-use is allowed in the four cases of 25 Aug 2025', {
      use,
      allowed: REUSE_CASES.join(','),
    });
  }
  return undefined;
}

/** The terms themselves: a sane rate, haircut and dates, a positive face. */
export function checkRepoTerms(terms: RepoTerms): Rejection | undefined {
  if (terms.face_minor <= 0n) {
    return reject('REPO_FACE_INVALID', 'Deliver a positive face value', {
      face_minor: terms.face_minor,
    });
  }
  if (terms.rate_e12 < -RATE_SCALE || terms.rate_e12 > RATE_SCALE) {
    return reject('REPO_RATE_INVALID', 'A repo rate lies between -100 % and 100 %', {
      rate_e12: terms.rate_e12,
    });
  }
  const haircut = BigInt(terms.haircut_ppm);
  if (!Number.isInteger(terms.haircut_ppm) || haircut < 0n || haircut >= PPM) {
    return reject('REPO_HAIRCUT_INVALID', 'A haircut is from 0 to below 100 %', {
      haircut_ppm: terms.haircut_ppm,
    });
  }
  const end = terms.repurchase_date;
  if (end !== null && dayNumber(end) <= dayNumber(terms.purchase_date)) {
    return reject('REPO_DATES_INVALID', 'The repurchase date comes after the purchase date', {
      purchase_date: terms.purchase_date,
      repurchase_date: end,
    });
  }
  return undefined;
}
