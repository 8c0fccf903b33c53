/**
 * The risk engine's shared types: the rows a caller gives, the columns the engine computes on,
 * the settings and the results. Inside the hot loops money is a `Float64Array` of minor units
 * (exact while below 2^53, which the door checks); every figure a report shows is a `bigint` of
 * HKD minor units, rounded by the rule in rounding.ts (docs/risk.md §2).
 * @module
 */

import type { CurrencyCode, InvestorType, Market } from '../../reference/index.js';

/** The reporting currency: every aggregated figure is in HKD minor units (cents). */
export const REPORTING_CURRENCY = 'HKD';

/** The two CCPs of the Connect links, by their index in `ccp` columns. */
export const CCPS = ['chinaclear', 'hkscc'] as const;
export type CcpId = (typeof CCPS)[number];

/** What an instrument is, by its index in `kind` columns. */
export const INSTRUMENT_KINDS = ['equity', 'bond', 'cash', 'repo'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Input rows

/** An account: whose it is, which CCP clears it, and the participant's affiliate group. */
export interface AccountRow {
  readonly id: string;
  /** The clearing participant (member) the account clears through. */
  readonly participant: string;
  readonly investor_type: InvestorType;
  readonly ccp: CcpId;
  /** Every account of one participant names the same group (PFMI P4: "and its affiliates"). */
  readonly affiliate_group: string;
}

/** An instrument, priced in minor units of its currency per unit of quantity. */
export interface InstrumentRow {
  readonly id: string;
  readonly market: Market;
  readonly currency: CurrencyCode;
  readonly kind: InstrumentKind;
  /**
   * The value of one unit of quantity in minor units: a share's price in cents or fen, a bond
   * lot's dirty value, 1 for cash and repo (their quantity is already in minor units).
   */
  readonly price_minor: bigint;
  /** Bonds only: modified duration in years × 10^4 (7.5 years = 75_000). */
  readonly modified_duration_e4?: number;
  /** Bonds only: convexity in years² × 10^4; 0 when not given. */
  readonly convexity_e4?: number;
}

/** A holding: `quantity` units (negative when short or, for repo, when borrowing cash). */
export interface PositionRow {
  readonly account: number;
  readonly instrument: number;
  readonly quantity: bigint;
}

/** Collateral an account has posted to its CCP, counted after its haircut. */
export interface CollateralRow {
  readonly account: number;
  readonly instrument: number;
  readonly quantity: bigint;
  /** Haircut in basis points, 0 to 9,999. */
  readonly haircut_bp: number;
}

/** HKD per one unit of `currency`, × 10^8 (CNH at 1.0850 HKD is 108_500_000n). */
export interface FxRateRow {
  readonly currency: CurrencyCode;
  readonly hkd_per_unit_e8: bigint;
}

export interface PortfolioInput {
  readonly accounts: readonly AccountRow[];
  readonly instruments: readonly InstrumentRow[];
  readonly positions: readonly PositionRow[];
  readonly collateral?: readonly CollateralRow[];
  /** One rate for every currency an instrument uses other than HKD. */
  readonly fx_rates: readonly FxRateRow[];
}

// ---------------------------------------------------------------------------------------------
// Columns

/**
 * A portfolio in columns. Row `k` of every array of a group is one item. Positions and
 * collateral are sorted by account (stable), and `*_start[a] .. *_start[a + 1]` are account
 * `a`'s rows. A member is a (participant, CCP) pair: the unit a CCP margins and defaults.
 */
export interface Portfolio {
  readonly account_ids: readonly string[];
  readonly account_member: Uint32Array;
  readonly account_investor_type: Uint8Array;

  readonly participant_ids: readonly string[];
  readonly group_ids: readonly string[];
  readonly member_participant: Uint32Array;
  readonly member_ccp: Uint8Array;
  readonly member_group: Uint32Array;

  readonly instrument_ids: readonly string[];
  readonly instrument_index: ReadonlyMap<string, number>;
  readonly instrument_market: readonly Market[];
  readonly instrument_currency: Uint8Array;
  readonly instrument_kind: Uint8Array;
  /** Price in minor units of the instrument's currency (exact integers). */
  readonly instrument_price_minor: Float64Array;
  readonly instrument_duration_e4: Float64Array;
  readonly instrument_convexity_e4: Float64Array;
  /** The price converted to HKD minor units at the stated rate (a float: rates are not binary). */
  readonly instrument_value_hkd: Float64Array;

  readonly position_start: Uint32Array;
  readonly position_instrument: Uint32Array;
  readonly position_quantity: Float64Array;

  readonly collateral_start: Uint32Array;
  readonly collateral_instrument: Uint32Array;
  readonly collateral_quantity: Float64Array;
  readonly collateral_haircut_bp: Float64Array;

  /** The currencies in use (HKD first) and their stated rates; instruments index into it. */
  readonly fx: FxTable;
}

/** Stated FX rates: HKD per one unit of each currency × 10^8, by currency index. */
export interface FxTable {
  /** HKD first, then the other currencies in the order their rates were given. */
  readonly currencies: readonly CurrencyCode[];
  readonly index: ReadonlyMap<CurrencyCode, number>;
  readonly rate_e8: readonly bigint[];
  readonly minor_units: readonly number[];
  /** The float factor for the loops: HKD minor units per minor unit of the currency. */
  readonly hkd_per_minor: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// Margin

export interface ReturnHistory {
  /** Days of history; day 0 is the oldest, day `days - 1` the latest. */
  readonly days: number;
  /** Daily returns in basis points, instrument-major: instrument `i`, day `t` at `i * days + t`. */
  readonly returns_bp: Float64Array;
  /** Optional daily moves of each currency against HKD, bp, currency-major like `returns_bp`. */
  readonly fx_returns_bp?: ReadonlyMap<CurrencyCode, Float64Array>;
}

export interface MarginSettings {
  /** One-tailed confidence in parts per million: 990_000 is 99 %. Strictly inside (0, 1). */
  readonly confidence_ppm: number;
  /** The look-back: the latest `window_days` days of the history. */
  readonly window_days: number;
  /** Margin each account alone, or each member's accounts at one CCP together (netted). */
  readonly level: 'account' | 'member';
}

export interface MarginReport {
  readonly settings: MarginSettings;
  /** The order statistic used: the k-th worst loss, k = ceil(window × (1 − confidence)). */
  readonly k: number;
  /** Per margin unit (an account or a member, by `settings.level`), HKD minor units. */
  readonly initial_margin_minor: readonly bigint[];
  readonly expected_shortfall_minor: readonly bigint[];
  /** Summed per member and per CCP (index as `CCPS`). */
  readonly member_initial_margin_minor: readonly bigint[];
  readonly ccp_initial_margin_minor: readonly bigint[];
}

export interface VariationMarginReport {
  /** Per account and currency (as `Portfolio.currencies`): the mark-to-market gain, exact. */
  readonly account_minor: readonly (readonly bigint[])[];
  /** Per member and currency. A positive figure is a gain the CCP pays the member. */
  readonly member_minor: readonly (readonly bigint[])[];
  /** Per member, all currencies converted to HKD (each rounded half away from zero). */
  readonly member_hkd_minor: readonly bigint[];
}

// ---------------------------------------------------------------------------------------------
// Scenarios

export const SCENARIO_KINDS = ['historical', 'hypothetical'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/**
 * A price move for the instruments it selects. Precedence when several match one instrument:
 * `instrument`, then `market` with `kind`, then `market`, then `kind`, then none (all).
 */
export interface PriceMove {
  readonly instrument?: string;
  readonly market?: Market;
  readonly kind?: 'equity' | 'bond';
  readonly move_bp: number;
}

/** The change of one unit of `currency` measured in HKD (−500 bp: CNH loses 5 % against HKD). */
export interface FxMove {
  readonly currency: CurrencyCode;
  readonly move_bp: number;
}

/** A parallel shift of the yields of bonds in `currency` (or every currency when absent). */
export interface RateMove {
  readonly currency?: CurrencyCode;
  readonly shift_bp: number;
}

/** A liquidity freeze: repo haircuts rise, and part of each committed facility is drawn. */
export interface LiquidityShock {
  readonly repo_haircut_add_bp: number;
  readonly facility_draw_bp: number;
}

export interface ScenarioShocks {
  readonly price_moves: readonly PriceMove[];
  readonly fx_moves: readonly FxMove[];
  readonly rate_moves: readonly RateMove[];
  readonly liquidity: LiquidityShock;
}

export interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly kind: ScenarioKind;
  /** Where the figures come from, and which are assumptions (docs/risk.md §4). */
  readonly source: string;
  /** The dates the figures span (ISO dates); required for a historical scenario. */
  readonly period: { readonly start: string; readonly end: string } | null;
  readonly shocks: ScenarioShocks;
}

/** Scenarios compiled against a portfolio's instruments: the stress engine's input. */
export interface ScenarioMatrix {
  readonly scenario_ids: readonly string[];
  readonly scenarios: number;
  /** HKD value change of one unit of instrument `i` in scenario `s`, at `i * scenarios + s`. */
  readonly unit_change_hkd: Float64Array;
  /** Local-currency price move of instrument `i` in scenario `s`, in bp (≥ −10,000). */
  readonly price_move_bp: Float64Array;
  readonly repo_haircut_add_bp: Float64Array;
  readonly facility_draw_bp: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// Stress

/**
 * What a stress run keeps: per member and scenario (member-major, `m * scenarios + s`), never per
 * account and scenario (100,000 accounts × 1,000 scenarios would be 800 MB); per account only
 * its worst scenario. Losses are positive; figures are HKD minor units as floats.
 */
export interface StressResult {
  readonly scenario_ids: readonly string[];
  readonly scenarios: number;
  readonly member_loss: Float64Array;
  /** Collateral after the scenario's prices, FX and stressed haircuts. */
  readonly member_collateral: Float64Array;
  /** max(0, loss − initial margin − collateral): the member's stress loss over margin. */
  readonly member_uncovered: Float64Array;
  readonly member_initial_margin: Float64Array;
  /** Per CCP (index as `CCPS`) and scenario: sums over the CCP's members. */
  readonly ccp_loss: Float64Array;
  readonly ccp_uncovered: Float64Array;
  /** Per account: the scenario with the largest loss (lowest index on ties) and that loss. */
  readonly account_worst_scenario: Int32Array;
  readonly account_worst_loss: Float64Array;
}
