/**
 * The bonds domain's shared types and scales. Imported by every other file in src/bonds; imports
 * nothing from them (one-way).
 *
 * Scales (all exact integers, no floating point):
 * - rates and yields: `*_e12`, parts per 10^12 (3.27 % = 0.0327 = 32_700_000_000n);
 * - prices: `*_e8`, per 100 of face value in units of 10^-8 (99.56 = 9_956_000_000n);
 * - money: `*_minor`, `bigint` minor units of the bond's currency.
 * @module
 */

import type { CurrencyCode } from '../reference/index.js';

/** Rates and yields are parts per 10^12. */
export const RATE_SCALE = 1_000_000_000_000n;
/** Prices are per 100 of face, in 10^-8: `PRICE_SCALE` is a price of 1 (per 100 face). */
export const PRICE_SCALE = 100_000_000n;
/** Price of par: 100 per 100 face. */
export const PAR_PRICE_E8 = 100n * PRICE_SCALE;

export const ISSUER_KINDS = [
  'cgb',
  'policy_bank',
  'local_gov',
  'corporate',
  'hkgb',
  'hk_tokenized_green',
  'offshore_cnh',
] as const;
/**
 * Who issued the bond and in which market it lives: Chinese government bonds, policy-bank,
 * local-government and corporate bonds in the interbank market (CIBM); HKSAR government bonds;
 * a tranche of the HK tokenized green bond; an offshore CNH ("dim sum") bond.
 */
export type IssuerKind = (typeof ISSUER_KINDS)[number];

export const DAY_COUNTS = ['ACT/ACT-ICMA', 'ACT/365F', 'ACT/360', '30/360'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

export const BUSINESS_DAY_CONVENTIONS = [
  'unadjusted',
  'following',
  'modified_following',
  'preceding',
] as const;
export type BusinessDayConvention = (typeof BUSINESS_DAY_CONVENTIONS)[number];

/** Coupon payments per year. */
export const FREQUENCIES = [1, 2, 4, 12] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FLOATING_INDEXES = [
  'SHIBOR_3M',
  'LPR_1Y',
  'DR007',
  'FR007',
  'HIBOR_3M',
  'HONIA',
  'SOFR',
  'ESTR',
  'CNH_HIBOR_3M',
] as const;
export type FloatingIndex = (typeof FLOATING_INDEXES)[number];

/** A fixed coupon, a floating coupon (index fixing + spread), or none (zero coupon). */
export type Coupon =
  | { readonly kind: 'fixed'; readonly rate_e12: bigint }
  | { readonly kind: 'floating'; readonly index: FloatingIndex; readonly spread_bps: number }
  | { readonly kind: 'zero' };

/** How yield is compounded when a bond is priced from it, per market (docs/bonds.md §2). */
export type YieldConvention =
  /**
   * CCDC (中央债券综合业务系统到期收益率计算公式): compounding at the coupon frequency,
   * `(1 + y/f)^(w+i)`, and simple interest in the last coupon period.
   */
  | 'ccdc'
  /** HKMA tender results, "annualised yield": `(1 + y)^((w+i)/f)`, compounded annually. */
  | 'annual';

/** Terms of a bond as submitted: validated by `validateBondTerms`. */
export interface BondTerms {
  /** The ISIN: also the ledger asset id. */
  readonly isin: string;
  /** The Digital Token Identifier (ISO 24165); required for a tokenized tranche. */
  readonly dti?: string;
  readonly issuer_kind: IssuerKind;
  readonly issuer_name: string;
  readonly currency: CurrencyCode;
  readonly coupon: Coupon;
  /** Payments per year; must be absent (or ignored) for a zero-coupon bond. */
  readonly frequency: Frequency;
  readonly day_count: DayCount;
  readonly business_day_convention: BusinessDayConvention;
  readonly yield_convention: YieldConvention;
  /** Interest accrues from this date (ISO `YYYY-MM-DD`). */
  readonly issue_date: string;
  readonly maturity_date: string;
  /** Face value of one ledger unit of the bond, in minor units of `currency`. */
  readonly face_value_minor: bigint;
  /** The smallest holding or trade, a whole number of units' face, in minor units. */
  readonly min_denomination_minor: bigint;
}

/** One coupon period: accrual start (inclusive) to end (exclusive), as day numbers. */
export interface CouponPeriod {
  readonly start_day: number;
  readonly end_day: number;
  /** The payment day: `end_day` moved by the business-day convention. */
  readonly payment_day: number;
  /** The regular period this one belongs to (differs from start_day for a short first stub). */
  readonly notional_start_day: number;
}

/** A date predicate: true on business days of the bond's calendar. */
export type IsBusinessDay = (day_number: number) => boolean;
