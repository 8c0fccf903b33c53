/**
 * Book parameters: the numbers that make one instrument's book behave like SSE, SZSE, SEHK or the
 * shared virtual-asset book, derived from reference data when the security is registered and then
 * kept with the book (so a restored book is built from exactly what the original was).
 *
 * Sources: ../shared/reference/connect-rules.md §1.5, §1.8–1.10 and matching-anchors.md §4.
 * @module
 */

import type { Security, VcmIndex } from '../../reference/index.js';

export interface BookParams {
  readonly instrument: string;
  readonly market: string;
  readonly board: string;
  readonly tick_table: string;
  readonly lot_units: number;
  readonly odd_lot: 'sell_only' | 'reject' | 'allow';
  readonly order_size_max_units: number;
  /** Largest market order when below `order_size_max_units` (ChiNext, STAR); 0 = the same. */
  readonly market_order_size_max_units: number;
  /** A-share valid price range (cage) in basis points of its reference; 0 = no cage. */
  readonly price_cage_bps: number;
  /** The cage is at least this many ticks wide (main board, ChiNext 10; STAR 0). */
  readonly price_cage_ticks_min: number;
  /** A-share daily limit in basis points of the previous close; 0 = no daily limit. */
  readonly limit_bps: number;
  readonly listing_date: string;
  /** HK quotation rule: no price ≥ 9× or ≤ 1/9 of the nominal price; 0 = off. */
  readonly quotation_factor: number;
  /** HK volatility control trigger in basis points; 0 = off. */
  readonly vcm_trigger_bps: number;
  readonly limit_queues_max: number;
  readonly enhanced_limit_queues_max: number;
  /** Market orders: price levels they may sweep (SSE/SZSE best five); null = not accepted. */
  readonly market_order_levels_max: number | null;
  readonly at_auction_orders: boolean;
  readonly auction_rule: 'sse' | 'szse' | 'hkex';
  readonly stp_mode_default: 'none' | 'cancel_incoming';
  readonly shared_book: boolean;
}

/** Markets whose securities trade on an order book in the hub. */
export const BOOK_MARKETS = ['XSHG', 'XSHE', 'XHKG', 'VATP'] as const;

export function hasBook(security: Security): boolean {
  return (BOOK_MARKETS as readonly string[]).includes(security.market);
}

const A_SHARE_ORDER_MAX_UNITS = 1_000_000;
// STAR: limit orders ≤ 100,000 shares, market orders ≤ 50,000 (SSE STAR Market trading rules
// 2019, 《上海证券交易所科创板股票交易特别规定》 art. 9; docs/market.md §Order sizes).
const STAR_LIMIT_ORDER_MAX_UNITS = 100_000;
const STAR_MARKET_ORDER_MAX_UNITS = 50_000;
// ChiNext: limit orders ≤ 300,000 shares, market orders ≤ 150,000 (SZSE 《创业板交易特别规定》,
// 12 Jun 2020, in force 24 Aug 2020; docs/market.md §Order sizes).
const CHINEXT_LIMIT_ORDER_MAX_UNITS = 300_000;
const CHINEXT_MARKET_ORDER_MAX_UNITS = 150_000;
const HK_ORDER_MAX_LOTS = 3_000;

export function paramsFor(security: Security): BookParams {
  const common = {
    instrument: security.id,
    market: security.market,
    board: security.board,
    tick_table: security.tick_table,
    lot_units: security.lot_size,
    listing_date: security.listing_date,
  };
  if (security.market === 'XSHG' || security.market === 'XSHE')
    return { ...common, ...mainlandParams(security) };
  if (security.market === 'XHKG') return { ...common, ...hongKongParams(security) };
  return { ...common, ...sharedBookParams() };
}

function mainlandParams(security: Security): Omit<BookParams, keyof typeof SHARED_KEYS> {
  const growth_board = security.board === 'star' || security.board === 'chinext';
  const risk_alert = security.special_treatment !== 'none';
  return {
    odd_lot: 'sell_only',
    ...mainlandOrderSizes(security.board),
    ...mainlandPriceCage(security),
    // ST/*ST main-board shares: ±5 % (the ±10 % proposal of June 2025 is not confirmed in force).
    limit_bps: growth_board ? 2_000 : risk_alert ? 500 : 1_000,
    quotation_factor: 0,
    vcm_trigger_bps: 0,
    limit_queues_max: 0,
    enhanced_limit_queues_max: 0,
    market_order_levels_max: 5,
    at_auction_orders: false,
    auction_rule: security.market === 'XSHG' ? 'sse' : 'szse',
    stp_mode_default: 'none',
    shared_book: false,
  };
}

/**
 * The valid price range of A-share stocks in continuous trading: 2 % of the reference, at least
 * 10 ticks on the main boards and ChiNext (SSE/SZSE trading rules, 2023 revision, in force with
 * the full registration system on 10 Apr 2023), 2 % alone on STAR (SSE STAR trading rules, 2019).
 * docs/market.md §5.
 */
function mainlandPriceCage(
  security: Security,
): Pick<BookParams, 'price_cage_bps' | 'price_cage_ticks_min'> {
  if (security.kind !== 'stock') return { price_cage_bps: 0, price_cage_ticks_min: 0 };
  return { price_cage_bps: 200, price_cage_ticks_min: security.board === 'star' ? 0 : 10 };
}

function mainlandOrderSizes(
  board: string,
): Pick<BookParams, 'order_size_max_units' | 'market_order_size_max_units'> {
  if (board === 'star') {
    return {
      order_size_max_units: STAR_LIMIT_ORDER_MAX_UNITS,
      market_order_size_max_units: STAR_MARKET_ORDER_MAX_UNITS,
    };
  }
  if (board === 'chinext') {
    return {
      order_size_max_units: CHINEXT_LIMIT_ORDER_MAX_UNITS,
      market_order_size_max_units: CHINEXT_MARKET_ORDER_MAX_UNITS,
    };
  }
  return { order_size_max_units: A_SHARE_ORDER_MAX_UNITS, market_order_size_max_units: 0 };
}

function hongKongParams(security: Security): Omit<BookParams, keyof typeof SHARED_KEYS> {
  return {
    odd_lot: 'reject',
    order_size_max_units: HK_ORDER_MAX_LOTS * security.lot_size,
    market_order_size_max_units: 0,
    price_cage_bps: 0,
    price_cage_ticks_min: 0,
    limit_bps: 0,
    quotation_factor: 9,
    vcm_trigger_bps: vcmTriggerBps(security.vcm_index ?? 'none'),
    limit_queues_max: 1,
    enhanced_limit_queues_max: 10,
    market_order_levels_max: null,
    at_auction_orders: true,
    auction_rule: 'hkex',
    stp_mode_default: 'none',
    shared_book: false,
  };
}

/**
 * HKEX VCM triggers by index (connect-rules.md §1.8; docs/market.md §5): ±10 % for HSI, HSCEI
 * and Hang Seng Composite LargeCap constituents, ±15 % MidCap, ±20 % SmallCap; listed ETPs ±10 %
 * (unverified). Securities in none of these have no VCM.
 */
const VCM_TRIGGER_BPS: Readonly<Record<VcmIndex, number>> = {
  none: 0,
  hsi: 1_000,
  hscei: 1_000,
  hsci_largecap: 1_000,
  hsci_midcap: 1_500,
  hsci_smallcap: 2_000,
  etp: 1_000,
};

export function vcmTriggerBps(index: VcmIndex): number {
  return VCM_TRIGGER_BPS[index];
}

function sharedBookParams(): Omit<BookParams, keyof typeof SHARED_KEYS> {
  return {
    odd_lot: 'allow',
    order_size_max_units: 1_000_000_000,
    market_order_size_max_units: 0,
    price_cage_bps: 0,
    price_cage_ticks_min: 0,
    limit_bps: 0,
    quotation_factor: 0,
    vcm_trigger_bps: 0,
    limit_queues_max: 0,
    enhanced_limit_queues_max: 0,
    market_order_levels_max: 0,
    at_auction_orders: false,
    auction_rule: 'sse',
    // Crypto-style platforms expire the taker on a self-match (Binance EXPIRE_TAKER).
    stp_mode_default: 'cancel_incoming',
    shared_book: true,
  };
}

const SHARED_KEYS = {
  instrument: 0,
  market: 0,
  board: 0,
  tick_table: 0,
  lot_units: 0,
  listing_date: 0,
} as const;
