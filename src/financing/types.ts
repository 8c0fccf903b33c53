/**
 * The financing domain's shared types (docs/financing.md): repo terms, the rules of the HKMA
 * facilities as they stood on a date, margin terms. Scales, all exact integers:
 * - rates `*_e12`, parts per 10^12 (1.85 % = 18_500_000_000n), as in the bonds domain;
 * - haircuts `*_ppm`, parts per million (2 % = 20_000);
 * - money `*_minor`, bigint minor units of the cash currency.
 * @module
 */

/** Rates are parts per 10^12. */
export const RATE_SCALE = 1_000_000_000_000n;
/** Haircuts are parts per million. */
export const PPM = 1_000_000n;

/** The cash currencies of a Northbound repo: RMB only at launch, four from 25 Aug 2025. */
export type RepoCurrency = 'CNH' | 'HKD' | 'USD' | 'EUR';

/** Money-market day counts: RMB, HKD (ACT/365) and USD, EUR (ACT/360) repo conventions. */
export type RepoDayCount = 'ACT/365F' | 'ACT/360';

/**
 * The four uses of received collateral the 25 Aug 2025 enhancement allows during a Northbound
 * repo's term (HKMA press release 20250825-5), and no other.
 */
export type ReuseCase =
  | 'offshore_repo'
  | 'hkma_rmb_liquidity_facility'
  | 'otc_clear_margin'
  | 'northbound_cash_bond_trade';

/** A classic (title-transfer) repo: the seller sells bonds for cash and buys them back. */
export interface RepoTerms {
  readonly repo_id: string;
  /** The cash borrower, who delivers the bonds. */
  readonly seller: string;
  /** The cash lender, who receives the bonds. */
  readonly buyer: string;
  readonly isin: string;
  /** Face value delivered, in the bond's minor units. */
  readonly face_minor: bigint;
  readonly currency: RepoCurrency;
  /** Purchase date and, for a term repo, repurchase date (ISO); null: an open repo. */
  readonly purchase_date: string;
  readonly repurchase_date: string | null;
  readonly rate_e12: bigint;
  readonly day_count: RepoDayCount;
  readonly haircut_ppm: number;
}

/** A facility's tenors, by the names the HKMA uses. */
export type FacilityTenor = 'intraday' | 'overnight' | '1d' | '1w' | '2w' | '1m' | '3m' | '6m';

/** How a drawing is funded: a repo, or an RMB/HKD cross-currency (FX) swap. */
export type DrawingForm = 'repo' | 'fx_swap';
