/**
 * Book configuration: everything that makes one instrument's book behave like SSE, SZSE, SEHK or a
 * shared virtual-asset book. Plain data plus two injected functions (the tick rule and the
 * pre-funding hook). `normalizeConfig` fills defaults and asserts the figures are coherent.
 * @module
 */

import { assert, divRound, type Rejection, reject } from '../kernel/index.js';
import type { PriceCage } from './cage.js';
import type { EligibilityMatrix } from './eligibility.js';
import { MarketRejection as Code } from './rejections.js';
import { type TickRule, tickCeil, tickFloor } from './tick_rule.js';
import { OrderType, type Side, StpMode } from './types.js';

/** SSE, SZSE and SEHK break auction ties differently (see docs/market.md §Auctions). */
export type AuctionRule = 'sse' | 'szse' | 'hkex';

/** A-share odd lots may only be sold (same book); HK odd lots are refused on the main book. */
export type OddLotPolicy = 'sell_only' | 'reject' | 'allow';

export interface PriceLimits {
  readonly floor_units: number;
  readonly ceiling_units: number;
}

export interface MarketOrderRule {
  /** Price levels a market order may trade through (SSE/SZSE "best five" = 5); 0 = no limit. */
  readonly levels_max: number;
  /** Protection band from the best opposite price at entry, in basis points; 0 = none. */
  readonly band_bps: number;
}

export interface VcmConfig {
  /** Trigger and band: ±this many basis points from the price 5 minutes before (HK 1000/1500/2000). */
  readonly trigger_bps: number;
  readonly cooling_off_us: number;
  /** How far back the reference trade is taken (HK: 5 minutes). */
  readonly lookback_us: number;
  /** HK securities: one trigger per session (false; the caller re-arms); HK futures: true. */
  readonly rearm_after_cooling_off: boolean;
}

export interface PrefundRequest {
  readonly instrument_key: string;
  readonly timestamp_us: number;
  readonly order_id: number;
  readonly side: Side;
  readonly type: OrderType;
  /** Limit price; for market orders the worst price they could reach now; 0 if unknown. */
  readonly price_units: number;
  /** Quantity to fund: the order's, or the increase of a replace. */
  readonly quantity_units: number;
  readonly owner: number;
  readonly account: number;
  readonly venue: number;
  readonly is_replace: boolean;
}

/**
 * Called last, after every other check has passed, so a hold it places is never orphaned by a
 * later refusal. Returns null to accept or a rejection (passed through unchanged) to refuse.
 */
export type PrefundHook = (request: PrefundRequest) => Rejection | null;

export interface BookConfig {
  readonly instrument_key: string;
  readonly tick: TickRule;
  readonly lot_units: number;
  readonly odd_lot: OddLotPolicy;
  readonly order_size_max_units: number;
  /**
   * Largest market order, when the rules cap market orders below limit orders (ChiNext 150,000,
   * STAR 50,000 shares); 0 = the same as `order_size_max_units`.
   */
  readonly market_order_size_max_units: number;
  /** Daily limits as absolute prices (see `dailyPriceLimits`); null = no limits. */
  readonly price_limits: PriceLimits | null;
  /** A-share valid price range in continuous trading (cage.ts); null = none. */
  readonly price_cage: PriceCage | null;
  /** HK quotation rule: refuse prices ≥ factor × or ≤ 1/factor of the nominal price; 0 = off. */
  readonly quotation_factor: number;
  /** Previous close: nominal price before the first trade, auction reference by default. */
  readonly previous_close_units: number;
  readonly vcm: VcmConfig | null;
  /** Price queues a LIMIT order may trade through; 0 = unlimited, HK = 1 (its own price only). */
  readonly limit_queues_max: number;
  /** HK enhanced limit orders: queues they may trade through (10); 0 = not offered. */
  readonly enhanced_limit_queues_max: number;
  /** null = market orders not accepted (SEHK continuous trading). */
  readonly market_orders: MarketOrderRule | null;
  readonly at_auction_orders: boolean;
  readonly stp_mode_default: StpMode;
  readonly eligibility: EligibilityMatrix | null;
  readonly prefund: PrefundHook | null;
  readonly auction_rule: AuctionRule;
  readonly orders_max: number;
  /** Price levels per side. */
  readonly levels_max: number;
  /** Run the O(n) full-book check after every operation (tests, debugging). */
  readonly debug_checks: boolean;
}

export type BookConfigInput = Pick<BookConfig, 'instrument_key' | 'tick'> & Partial<BookConfig>;

/** The size cap that applies to an order of `type`: market orders may have a lower one. */
export function orderSizeMaxFor(config: BookConfig, type: OrderType): number {
  const market_max = config.market_order_size_max_units;
  return type === OrderType.MARKET && market_max > 0 ? market_max : config.order_size_max_units;
}

export const ORDERS_MAX_DEFAULT = 1 << 20;
export const LEVELS_MAX_DEFAULT = 1 << 14;

export function normalizeConfig(input: BookConfigInput): BookConfig {
  const config = withDefaults(input);
  checkConfig(config);
  return config;
}

/**
 * The bounds of a book's sizes that reference data can reach (lot, largest order, and the side
 * volume `orders_max × order_size_max_units`, which must stay a safe integer), as a rejection:
 * whoever opens a book from input checks this first, so `normalizeConfig`'s assertions hold.
 */
export function checkBookSizes(input: BookConfigInput): Rejection | undefined {
  const config = withDefaults(input);
  const positive = (value: number) => Number.isSafeInteger(value) && value > 0;
  if (!positive(config.lot_units)) {
    return reject(Code.LOT_SIZE_INVALID, 'A lot is a whole number of units, 1 or more', {
      lot_units: config.lot_units,
    });
  }
  const size_max_units = Math.floor(Number.MAX_SAFE_INTEGER / config.orders_max);
  if (!positive(config.order_size_max_units) || config.order_size_max_units > size_max_units) {
    return reject(
      Code.ORDER_SIZE_MAX_TOO_LARGE,
      `The largest order would be ${config.order_size_max_units} units; a book takes at most ${size_max_units}`,
      {
        order_size_max_units: config.order_size_max_units,
        orders_max: config.orders_max,
        order_size_max_units_limit: size_max_units,
      },
    );
  }
  return undefined;
}

function withDefaults(input: BookConfigInput): BookConfig {
  return {
    lot_units: 1,
    odd_lot: 'allow',
    order_size_max_units: 1_000_000_000,
    market_order_size_max_units: 0,
    price_limits: null,
    price_cage: null,
    quotation_factor: 0,
    previous_close_units: 0,
    vcm: null,
    limit_queues_max: 0,
    enhanced_limit_queues_max: 0,
    market_orders: { levels_max: 0, band_bps: 0 },
    at_auction_orders: false,
    stp_mode_default: StpMode.NONE,
    eligibility: null,
    prefund: null,
    auction_rule: 'sse',
    orders_max: ORDERS_MAX_DEFAULT,
    levels_max: LEVELS_MAX_DEFAULT,
    debug_checks: false,
    ...input,
  };
}

function checkConfig(config: BookConfig): void {
  const positive = (value: number) => Number.isSafeInteger(value) && value > 0;
  assert(config.instrument_key.length > 0, 'instrument key must not be empty');
  assert(positive(config.orders_max) && config.orders_max < 2 ** 26, 'orders max out of range');
  assert(positive(config.lot_units), 'lot must be a positive integer');
  assert(positive(config.order_size_max_units), 'order size max must be a positive integer');
  assert(
    config.market_order_size_max_units === 0 ||
      (positive(config.market_order_size_max_units) &&
        config.market_order_size_max_units <= config.order_size_max_units),
    'market order size max must be 0 or a positive integer no larger than the order size max',
  );
  assert(positive(config.levels_max) && config.levels_max < 2 ** 24, 'levels max out of range');
  assert(
    config.orders_max * config.order_size_max_units <= Number.MAX_SAFE_INTEGER,
    'orders max × order size max must stay a safe integer (side volumes)',
  );
  assert(config.stp_mode_default !== StpMode.DEFAULT, 'the default STP mode must be a real mode');
  if (config.price_limits !== null) {
    const { floor_units, ceiling_units } = config.price_limits;
    assert(positive(floor_units) && floor_units <= ceiling_units, 'price limits out of order');
  }
  if (config.price_cage !== null) {
    const { band_bps, ticks_min } = config.price_cage;
    assert(positive(band_bps) && band_bps < 10_000, 'price cage bps');
    assert(Number.isSafeInteger(ticks_min) && ticks_min >= 0 && ticks_min <= 1_000, 'cage ticks');
  }
  if (config.quotation_factor !== 0) {
    assert(positive(config.quotation_factor), 'quotation factor must be a positive integer');
  }
  assert(Number.isSafeInteger(config.previous_close_units), 'previous close must be an integer');
  if (config.vcm !== null) {
    assert(positive(config.vcm.trigger_bps) && config.vcm.trigger_bps < 10_000, 'VCM bps');
    assert(positive(config.vcm.cooling_off_us) && positive(config.vcm.lookback_us), 'VCM times');
  }
  if (config.eligibility !== null) {
    assert(config.eligibility.venues <= 256 && config.eligibility.classes <= 256, 'groups');
  }
}

/**
 * A-share daily limits from the previous close: `previous_close × (1 ± limit_bps / 10,000)`,
 * rounded half up to the tick (SSE/SZSE: "四舍五入" to RMB 0.01). Main board 1,000 bps,
 * STAR/ChiNext 2,000 bps; pass `null` instead for the first five trading days after listing.
 */
export function dailyPriceLimits(
  previous_close_units: number,
  limit_bps: number,
  tick: TickRule,
): PriceLimits {
  assert(Number.isSafeInteger(previous_close_units) && previous_close_units > 0, 'close');
  assert(Number.isSafeInteger(limit_bps) && limit_bps > 0 && limit_bps < 10_000, 'limit bps');
  const close = BigInt(previous_close_units);
  const tick_units = BigInt(tick.tickSizeAt(previous_close_units));
  const round = (bps: number) =>
    Number(divRound(close * BigInt(bps), 10_000n * tick_units, 'half_up') * tick_units);
  const floor_units = Math.max(round(10_000 - limit_bps), tick.tickSizeAt(1));
  return { floor_units, ceiling_units: round(10_000 + limit_bps) };
}

/**
 * The on-tick prices within ±`band_bps` of a reference, rounded inwards so the band is never wider
 * than stated: HK CAS ±5 % (500), HK POS ±15 % (1,500), VCM bands.
 */
export function priceBand(reference_units: number, band_bps: number, tick: TickRule): PriceLimits {
  assert(Number.isSafeInteger(reference_units) && reference_units > 0, 'reference price');
  assert(Number.isSafeInteger(band_bps) && band_bps > 0 && band_bps < 10_000, 'band bps');
  const reference = BigInt(reference_units);
  const low = Number(divRound(reference * BigInt(10_000 - band_bps), 10_000n, 'ceil'));
  const high = Number(divRound(reference * BigInt(10_000 + band_bps), 10_000n, 'floor'));
  return { floor_units: tickCeil(tick, low), ceiling_units: tickFloor(tick, high) };
}
