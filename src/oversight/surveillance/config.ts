/**
 * Detector parameters: typed, with a `standard` preset (what an exchange runs day to day) and a
 * `sensitive` preset (lower bars: more alerts, more false positives), after RedDeer's
 * sensitive/non-sensitive profiles (surveillance-risk-testing.md §1.4). Shares and distances are
 * integer basis points, multiples integer percentages, prices integer ticks, money whole currency
 * units as bigint: no floating point near money or prices.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import { US_PER_MINUTE, US_PER_SECOND } from '../../kernel/time.js';

export interface SpoofingParams {
  /** Longest a spoof order may have rested when the opposite-side execution happens. */
  readonly order_age_max_us: number;
  /** Cancels count when they come at most this long after the opposite-side execution. */
  readonly cancel_within_us: number;
  /** Opposite-side executions this close together are one genuine interest. */
  readonly execution_cluster_us: number;
  /** Cancelled spoof volume must reach this percentage of the genuine orders' size (300 = 3×). */
  readonly size_multiple_pct_min: number;
  /** An order filled beyond this share of its size is not a spoof. */
  readonly filled_bps_max: number;
  /** Orders entered further than this from their side's best price are not spoof orders. */
  readonly touch_distance_bps_max: number;
  /** The cancelled spoof volume must reach this many board lots. */
  readonly spoof_lots_min: number;
  /** Spoof orders on this many distinct price levels make it layering. */
  readonly layering_levels_min: number;
}

/** The Mainland prosecution standard for spoofing (connect-rules.md §4.3). */
export interface CriminalThresholdParams {
  /** Cancelled volume ≥ this share of the day's order volume in the security: 5,000 = 50 %. */
  readonly cancelled_share_bps_min: number;
  /** Cancelled order value ≥ this, in whole currency units (RMB 10 million). */
  readonly cancelled_value_min_major: bigint;
  /**
   * The aggravated tier ("情节特别严重"): the same share test with cancelled orders worth at least
   * this (RMB 50 million; unverified, connect-rules.md §4.3 [U]). A second alert when reached.
   */
  readonly aggravated_value_min_major: bigint;
  /** Instruments quoted in these currencies are tested (the standard is for Mainland securities). */
  readonly currencies: readonly string[];
  /** Only alert when the owner also shows a spoofing pattern in the security that day. */
  readonly require_spoofing_indicator: boolean;
}

export interface WashParams {
  /** The two orders of a wash pair are entered at most this far apart. */
  readonly pair_gap_max_us: number;
  /** Their sizes differ by at most this share of the larger. */
  readonly volume_difference_bps_max: number;
  /** Wash trades are counted in this trailing window. */
  readonly window_us: number;
  readonly trades_min: number;
}

export interface MarkingCloseParams {
  /** Continuous trading this long before the closing auction, plus the auction itself. */
  readonly window_us: number;
  /** The owner's net one-way volume as a share of all volume in the window. */
  readonly share_bps_min: number;
  /** Share of that one-way volume taken aggressively (aggressor, or in the closing auction). */
  readonly aggressive_bps_min: number;
  /** Distinct orders of the owner that traded in the window (a sweep is one order). */
  readonly orders_min: number;
  /** The owner's window volume as a share of all it traded in the book that day. */
  readonly concentration_bps_min: number;
  /** Close vs the price before the window, as a percentage of the day's typical window move. */
  readonly move_vs_typical_pct_min: number;
  readonly move_ticks_min: number;
  /** …and at least this far from the price before the window, in basis points. */
  readonly move_bps_min: number;
  /** Trades kept per instrument to look back over the window (bounded state). */
  readonly ring_trades_max: number;
}

export interface MomentumParams {
  /** Aggressive orders in one direction within this window form a burst. */
  readonly burst_window_us: number;
  readonly aggressive_orders_min: number;
  /** The burst moves the price at least this many ticks. */
  readonly move_ticks_min: number;
  /** The owner trades the other way within this time after the burst… */
  readonly reversal_window_us: number;
  /** …for at least this percentage of the burst volume, at a price better than before it. */
  readonly reversal_pct_min: number;
}

/** The exchanges' abnormal programme-trading list (connect-rules.md §4.2); numbers are not public. */
export interface AbnormalParams {
  /** Orders plus cancels by one account within one second. */
  readonly burst_messages_min: number;
  /** An order cancelled this soon after entry is a rapid cancel. */
  readonly rapid_cancel_us: number;
  readonly rapid_cancels_min: number;
  /** …and the day's cancels reach this share of the day's orders. */
  readonly rapid_cancel_ratio_bps_min: number;
  /** A push: within one minute the price moves this many ticks in the owner's direction… */
  readonly push_move_ticks_min: number;
  /** …while the owner's aggressive one-way volume is this share of the minute's volume. */
  readonly push_share_bps_min: number;
  /** …with at least this many aggressive orders in the minute… */
  readonly push_orders_min: number;
  /** …and a move of at least this percentage of the day's typical one-minute move. */
  readonly push_move_vs_typical_pct_min: number;
  readonly pushes_min: number;
  /** Large trades: aggressive one-way value in one minute, whole currency units. */
  readonly large_value_min_major: bigint;
  readonly large_share_bps_min: number;
  /** The minute's move in the owner's direction, in basis points of the minute's opening price. */
  readonly large_move_bps_min: number;
}

/** The SSE/SZSE high-frequency definition: 300 orders + cancels in a second, 20,000 in a day. */
export interface HftParams {
  readonly per_second_min: number;
  readonly per_day_min: number;
}

/** Convergent trading: an LSV herding measure per instrument and window (§1.3). */
export interface HerdingParams {
  readonly window_us: number;
  readonly accounts_min: number;
  /** One-sided binomial tail probability of the majority under no herding. */
  readonly p_value_max: number;
  /** LSV HM = |p − E[p]| − E|p − E[p]|. */
  readonly herding_min: number;
  readonly exclude_market_makers: boolean;
}

/** Market-maker obligations after RTS 8 Art. 2 (presence during continuous trading). */
export interface MarketMakingParams {
  readonly presence_bps_min: number;
  readonly spread_ticks_max: number;
  readonly size_lots_min: number;
}

export interface FocusParams {
  readonly top_n: number;
  /** An account whose traded value is this share of its market's value today. */
  readonly largest_share_bps_min: number;
  readonly largest_value_min_major: bigint;
  /** Growth: value traded in the latest window against the average of the earlier windows. */
  readonly growth_window_us: number;
  readonly growth_pct_min: number;
  readonly growth_value_min_major: bigint;
}

/** Accounts under common control (KYC, shared addresses, one fund manager): matched orders. */
export interface LinkedGroup {
  readonly group_id: string;
  readonly owners: readonly string[];
  /** Why they are linked, for the analyst. */
  readonly basis: string;
}

/** Replaces a market maker's default obligations (every book of its markets). */
export interface MakerObligation {
  readonly maker: string;
  readonly instruments: readonly string[];
}

export type PresetName = 'standard' | 'sensitive';

export interface SurveillanceConfig {
  readonly preset: PresetName;
  readonly spoofing: SpoofingParams;
  readonly criminal: CriminalThresholdParams;
  readonly wash: WashParams;
  readonly marking_close: MarkingCloseParams;
  readonly momentum: MomentumParams;
  readonly abnormal: AbnormalParams;
  readonly hft: HftParams;
  readonly herding: HerdingParams;
  readonly market_making: MarketMakingParams;
  readonly focus: FocusParams;
  readonly linked_groups: readonly LinkedGroup[];
  readonly maker_obligations: readonly MakerObligation[];
}

const S = US_PER_SECOND;
const M = US_PER_MINUTE;

const STANDARD: SurveillanceConfig = {
  preset: 'standard',
  spoofing: {
    order_age_max_us: 60 * S,
    cancel_within_us: 5 * S,
    execution_cluster_us: 1 * S,
    size_multiple_pct_min: 300,
    filled_bps_max: 1_000,
    touch_distance_bps_max: 200,
    spoof_lots_min: 5,
    layering_levels_min: 3,
  },
  criminal: {
    cancelled_share_bps_min: 5_000,
    cancelled_value_min_major: 10_000_000n,
    aggravated_value_min_major: 50_000_000n,
    currencies: ['CNY'],
    require_spoofing_indicator: true,
  },
  wash: {
    pair_gap_max_us: 10 * S,
    volume_difference_bps_max: 1_000,
    window_us: 30 * M,
    trades_min: 3,
  },
  marking_close: {
    window_us: 5 * M,
    share_bps_min: 2_500,
    aggressive_bps_min: 5_000,
    orders_min: 2,
    concentration_bps_min: 3_000,
    move_vs_typical_pct_min: 200,
    move_ticks_min: 3,
    move_bps_min: 10,
    ring_trades_max: 4_096,
  },
  momentum: {
    burst_window_us: 30 * S,
    aggressive_orders_min: 4,
    move_ticks_min: 3,
    reversal_window_us: 180 * S,
    reversal_pct_min: 15,
  },
  abnormal: {
    burst_messages_min: 100,
    rapid_cancel_us: 1 * S,
    rapid_cancels_min: 50,
    rapid_cancel_ratio_bps_min: 5_000,
    push_move_ticks_min: 3,
    push_share_bps_min: 5_000,
    push_orders_min: 3,
    push_move_vs_typical_pct_min: 200,
    pushes_min: 3,
    large_value_min_major: 10_000_000n,
    large_share_bps_min: 5_000,
    large_move_bps_min: 20,
  },
  hft: { per_second_min: 300, per_day_min: 20_000 },
  herding: {
    window_us: 60 * S,
    accounts_min: 8,
    p_value_max: 0.01,
    herding_min: 0.2,
    exclude_market_makers: true,
  },
  market_making: { presence_bps_min: 5_000, spread_ticks_max: 10, size_lots_min: 1 },
  focus: {
    top_n: 10,
    largest_share_bps_min: 1_000,
    largest_value_min_major: 10_000_000n,
    growth_window_us: 30 * M,
    growth_pct_min: 500,
    growth_value_min_major: 1_000_000n,
  },
  linked_groups: [],
  maker_obligations: [],
};

const SENSITIVE: SurveillanceConfig = {
  ...STANDARD,
  preset: 'sensitive',
  spoofing: {
    order_age_max_us: 300 * S,
    cancel_within_us: 30 * S,
    execution_cluster_us: 5 * S,
    size_multiple_pct_min: 100,
    filled_bps_max: 5_000,
    touch_distance_bps_max: 500,
    spoof_lots_min: 1,
    layering_levels_min: 3,
  },
  criminal: { ...STANDARD.criminal, require_spoofing_indicator: false },
  wash: {
    pair_gap_max_us: 300 * S,
    volume_difference_bps_max: 5_000,
    window_us: 60 * M,
    trades_min: 1,
  },
  marking_close: {
    ...STANDARD.marking_close,
    window_us: 10 * M,
    share_bps_min: 1_000,
    aggressive_bps_min: 3_000,
    orders_min: 1,
    concentration_bps_min: 0,
    move_vs_typical_pct_min: 100,
    move_ticks_min: 1,
    move_bps_min: 3,
  },
  momentum: {
    burst_window_us: 60 * S,
    aggressive_orders_min: 3,
    move_ticks_min: 2,
    reversal_window_us: 300 * S,
    reversal_pct_min: 10,
  },
  abnormal: {
    ...STANDARD.abnormal,
    burst_messages_min: 50,
    rapid_cancels_min: 20,
    push_move_ticks_min: 2,
    push_share_bps_min: 3_000,
    push_orders_min: 2,
    push_move_vs_typical_pct_min: 100,
    pushes_min: 2,
    large_value_min_major: 3_000_000n,
    large_share_bps_min: 3_000,
    large_move_bps_min: 10,
  },
  herding: { ...STANDARD.herding, accounts_min: 6, p_value_max: 0.05, herding_min: 0.1 },
  market_making: { presence_bps_min: 9_000, spread_ticks_max: 6, size_lots_min: 5 },
  focus: { ...STANDARD.focus, largest_share_bps_min: 500, growth_pct_min: 300 },
};

export const SURVEILLANCE_PRESETS: Readonly<Record<PresetName, SurveillanceConfig>> = {
  standard: STANDARD,
  sensitive: SENSITIVE,
};

/** A preset with the operator's own linked groups, obligations or parameter changes on top. */
export function surveillanceConfig(
  preset: PresetName = 'standard',
  overrides: Partial<Omit<SurveillanceConfig, 'preset'>> = {},
): SurveillanceConfig {
  const config: SurveillanceConfig = { ...SURVEILLANCE_PRESETS[preset], ...overrides };
  checkConfig(config);
  return config;
}

/** Crashes on a configuration no detector can run with: a bug in the caller. */
export function checkConfig(config: SurveillanceConfig): void {
  const positive = [
    config.spoofing.order_age_max_us,
    config.spoofing.cancel_within_us,
    config.wash.window_us,
    config.marking_close.window_us,
    config.marking_close.ring_trades_max,
    config.momentum.burst_window_us,
    config.herding.window_us,
    config.focus.growth_window_us,
    config.hft.per_second_min,
    config.hft.per_day_min,
    config.abnormal.burst_messages_min,
  ];
  for (const value of positive) assert(Number.isSafeInteger(value) && value > 0, 'positive param');
  assert(config.herding.accounts_min >= 2, 'herding needs two accounts');
  assert(config.wash.trades_min >= 1 && config.abnormal.pushes_min >= 1, 'counts start at 1');
  const seen = new Set<string>();
  for (const group of config.linked_groups) {
    for (const owner of group.owners) {
      assert(!seen.has(owner), `${owner} is in two linked groups`);
      seen.add(owner);
    }
  }
}
