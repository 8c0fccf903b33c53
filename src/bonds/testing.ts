/**
 * Example bond terms for tests and benchmarks. The coupons, dates and yield conventions are the
 * published ones (sources in docs/bonds.md §3); the ISINs are illustrative (valid check digits,
 * not the bonds' real ISINs), and so is the DTI.
 * @module
 */

import type { BondTerms } from './types.js';

/**
 * 2016 book-entry coupon CGB no. 19 (30 years, 3.27 %, interest from 22 Aug 2016, paid 22 Feb and
 * 22 Aug, principal 22 Aug 2046), as announced by the Ministry of Finance for its reopening on
 * 23 Sep 2016. Face 100 CNY per unit.
 */
export const CGB_2016_19: BondTerms = {
  isin: 'CND10000KX14',
  issuer_kind: 'cgb',
  issuer_name: 'Ministry of Finance of the PRC',
  currency: 'CNY',
  coupon: { kind: 'fixed', rate_e12: 32_700_000_000n },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'ccdc',
  issue_date: '2016-08-22',
  maturity_date: '2046-08-22',
  face_value_minor: 10_000n,
  min_denomination_minor: 10_000n,
};

/**
 * HKSAR RMB institutional Government Bond 03GB2807001 (1.59 %, matures 28 Jul 2028, coupons
 * 28 Jan and 28 Jul), reopened by tender on 15 Jan 2026 for settlement on 19 Jan 2026.
 */
export const HKGB_03GB2807001: BondTerms = {
  isin: 'HK00001GB289',
  issuer_kind: 'hkgb',
  issuer_name: 'Government of the HKSAR',
  currency: 'CNH',
  coupon: { kind: 'fixed', rate_e12: 15_900_000_000n },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2025-07-28',
  maturity_date: '2028-07-28',
  face_value_minor: 10_000n,
  min_denomination_minor: 5_000_000n,
};

/** A HK tokenized green bond tranche in EUR (illustrative terms: 3 %, annual, 2 years). */
export const HK_GREEN_EUR: BondTerms = {
  isin: 'HK0000GTB244',
  dti: 'HTGB25013',
  issuer_kind: 'hk_tokenized_green',
  issuer_name: 'Government of the HKSAR',
  currency: 'EUR',
  coupon: { kind: 'fixed', rate_e12: 30_000_000_000n },
  frequency: 1,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2025-02-19',
  maturity_date: '2027-02-19',
  face_value_minor: 100n,
  min_denomination_minor: 10_000_000n,
};

/** A floating-rate policy-bank bond on 3-month SHIBOR + 25 bp (illustrative terms). */
export const POLICY_BANK_FRN: BondTerms = {
  isin: 'CND10000FF62',
  issuer_kind: 'policy_bank',
  issuer_name: 'China Development Bank',
  currency: 'CNY',
  coupon: { kind: 'floating', index: 'SHIBOR_3M', spread_bps: 25 },
  frequency: 4,
  day_count: 'ACT/360',
  business_day_convention: 'modified_following',
  yield_convention: 'ccdc',
  issue_date: '2025-03-20',
  maturity_date: '2030-03-20',
  face_value_minor: 10_000n,
  min_denomination_minor: 10_000n,
};
