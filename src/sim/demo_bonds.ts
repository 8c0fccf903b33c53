/**
 * Bond terms of the demo market's securities, as the operator registers them with
 * `bonds.register`: one definition for tests, benchmarks and examples.
 * @module
 */

/** The 2025 tokenized green bond's USD tranche (the demo genesis registers the security). */
export const GREEN_USD_TERMS = {
  isin: 'HKHTGB25USD6',
  dti: 'HTGB25030',
  issuer_kind: 'hk_tokenized_green',
  issuer_name: 'Government of the HKSAR',
  currency: 'USD',
  coupon: { kind: 'fixed', rate_e12: '36330000000' },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2025-11-19',
  maturity_date: '2028-11-19',
  face_value_minor: '100',
  min_denomination_minor: '1000000',
} as const;
