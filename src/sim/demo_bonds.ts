/**
 * The demo market's bonds, as the operator registers them with `bonds.register`: one definition
 * for tests, benchmarks, examples and the simulator's bond agents (docs/sim.md, "Bonds by RFQ").
 *
 * Southbound (CMU): the four HKSAR tokenized green bond tranches (their securities come with the
 * demo's reference data), an HKSAR institutional government bond in RMB, and an illustrative MOF
 * offshore RMB bond (the two registered by the simulator's operator at its first step,
 * genesis_bonds.ts). Northbound (interbank) bonds wait for a CIBM market in reference data:
 * `northboundDemoBonds()` is empty until then.
 * @module
 */

import type { InvestorInputJson, PartyInputJson, SecurityInputJson } from '../reference/index.js';

/** Bond terms as they travel on the wire (`bonds.register`): amounts as digit strings. */
export interface DemoBondTerms {
  readonly isin: string;
  readonly dti?: string;
  readonly issuer_kind: string;
  readonly issuer_name: string;
  readonly currency: string;
  readonly coupon: { readonly kind: 'fixed'; readonly rate_e12: string };
  readonly frequency: number;
  readonly day_count: string;
  readonly business_day_convention: string;
  readonly yield_convention: string;
  readonly issue_date: string;
  readonly maturity_date: string;
  readonly face_value_minor: string;
  readonly min_denomination_minor: string;
}

/**
 * A green bond tranche: issued 19 November 2025, a unit is one unit of currency of face
 * (the demo securities' `face_value_minor` 100). Semi-annual ACT/ACT-ICMA coupons and the
 * minimum denomination (1,000,000 minor units: 10,000 of the currency) are assumptions.
 */
function greenTranche(
  isin: string,
  dti: string,
  currency: string,
  rate_e12: string,
  years: number,
): DemoBondTerms {
  return {
    isin,
    dti,
    issuer_kind: 'hk_tokenized_green',
    issuer_name: 'Government of the HKSAR',
    currency,
    coupon: { kind: 'fixed', rate_e12 },
    frequency: 2,
    day_count: 'ACT/ACT-ICMA',
    business_day_convention: 'following',
    yield_convention: 'annual',
    issue_date: '2025-11-19',
    maturity_date: `${2025 + years}-11-19`,
    face_value_minor: '100',
    min_denomination_minor: '1000000',
  };
}

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

export const GREEN_HKD_TERMS = greenTranche('HKHTGB25HKD0', 'HTGB25013', 'HKD', '25000000000', 2);
export const GREEN_CNH_TERMS = greenTranche('HKHTGB25CNH6', 'HTGB25021', 'CNH', '19000000000', 5);
export const GREEN_EUR_TERMS = greenTranche('HKHTGB25EUR6', 'HTGB2504X', 'EUR', '25120000000', 4);

/**
 * HKSAR RMB institutional government bond 03GB2807001: 1.59 %, matures 28 July 2028, coupons
 * 28 January and 28 July (as src/bonds/testing.ts, from its January 2026 tender). The ISIN is
 * illustrative (a valid check digit, not the bond's); a unit is CNH 100 of face; the minimum
 * denomination (CNH 50,000) is assumed.
 */
export const HKGB_CNH_TERMS: DemoBondTerms = {
  isin: 'HKHTGB28CNH0',
  issuer_kind: 'hkgb',
  issuer_name: 'Government of the HKSAR',
  currency: 'CNH',
  coupon: { kind: 'fixed', rate_e12: '15900000000' },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2025-07-28',
  maturity_date: '2028-07-28',
  face_value_minor: '10000',
  min_denomination_minor: '5000000',
};

/**
 * An offshore RMB bond of the Ministry of Finance of the PRC, ILLUSTRATIVE: the MOF issues CNH
 * bonds in Hong Kong, but these terms (1.85 %, 5 January / 5 July, three years from 5 July 2024)
 * are made up so that a coupon falls on the demo's first day. A unit is CNH 1 of face.
 */
export const MOF_CNH_TERMS: DemoBondTerms = {
  isin: 'HKHTMOF27CN7',
  issuer_kind: 'offshore_cnh',
  issuer_name: 'Ministry of Finance of the PRC (illustrative bond)',
  currency: 'CNH',
  coupon: { kind: 'fixed', rate_e12: '18500000000' },
  frequency: 2,
  day_count: 'ACT/ACT-ICMA',
  business_day_convention: 'following',
  yield_convention: 'annual',
  issue_date: '2024-07-05',
  maturity_date: '2027-07-05',
  face_value_minor: '100',
  min_denomination_minor: '1000000',
};

/** Every Southbound demo bond, in registration order. */
export function southboundDemoBonds(): readonly DemoBondTerms[] {
  return [
    GREEN_HKD_TERMS,
    GREEN_CNH_TERMS,
    GREEN_USD_TERMS,
    GREEN_EUR_TERMS,
    HKGB_CNH_TERMS,
    MOF_CNH_TERMS,
  ];
}

/**
 * Northbound (CIBM) demo bonds: none yet. A CGB needs a `CIBM` market in reference data (no
 * book, bilateral settlement at CCDC/SHCH); on XSHG it would open an exchange book and settle
 * through ChinaClear (docs/bonds.md §8.1, §8.3).
 */
export function northboundDemoBonds(): readonly DemoBondTerms[] {
  return [];
}

/** The party that pays the MOF bond's coupons (illustrative LEI, HTNG00 prefix). */
export const MOF_PARTY: PartyInputJson = {
  id: 'MOF',
  name: 'Ministry of Finance of the PRC',
  lei: 'HTNG00MOF00000000023',
  roles: ['issuer'],
  jurisdiction: 'CN',
};

/** The CMU securities of the bonds the demo's reference data does not carry. */
export function demoBondSecurities(): SecurityInputJson[] {
  const security = (
    terms: DemoBondTerms,
    symbol: string,
    name: string,
    issuer: string,
    lot_size: number,
    coupon_ppm: number,
  ): SecurityInputJson => ({
    ...{ id: terms.isin, symbol, name, market: 'CMU', board: 'unlisted', kind: 'bond' },
    ...{ currency: terms.currency, lot_size, price_scale: 3, tick_table: 'uniform' },
    ...{ listing_date: terms.issue_date, issuer },
    bond: {
      coupon_ppm,
      maturity_date: terms.maturity_date,
      face_value_minor: terms.face_value_minor,
    },
  });
  return [
    security(
      HKGB_CNH_TERMS,
      '03GB2807001',
      'HKSAR RMB Government Bond 1.59% 2028',
      'HKSARG',
      500,
      15_900,
    ),
    security(
      MOF_CNH_TERMS,
      'MOF27CNH',
      'MOF CNH Bond 1.85% 2027 (illustrative)',
      'MOF',
      10_000,
      18_500,
    ),
  ];
}

/** The HKMA-designated offshore market makers among the demo's parties (Southbound RFQs). */
export const SOUTHBOUND_MAKERS = ['BOCHK', 'HSBC', 'SCBHK'] as const;

/**
 * Mainland institutions that trade Southbound by RFQ, the broker that sends for them and their
 * channel: Bond Connect (counted in the quota), or QDII (exempt: connect-rules.md §2.1).
 */
export const SOUTHBOUND_INVESTORS = [
  { investor: 'cn-inst-fund', broker: 'PEARL', channel: 'bond_connect' },
  { investor: 'cn-qdii-fund', broker: 'BUND', channel: 'qdii' },
] as const;

/** The QDII fund is not in the demo's reference data: the bond set-up registers it. */
export const QDII_INVESTOR: InvestorInputJson = {
  id: 'cn-qdii-fund',
  type: 'institutional',
  jurisdiction: 'CN',
  broker: 'BUND',
  id_document_country: 'CN',
};

/**
 * The Southbound quota's reference rates (RMB per unit), assumed: near January 2026's levels,
 * the same every day (docs/sim.md).
 */
export const DEMO_QUOTA_FX_RATES = { HKD: '0.905', USD: '7.05', EUR: '8.25' } as const;
