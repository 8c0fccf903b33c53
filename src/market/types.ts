/**
 * The market domain's vocabulary: small integer codes for sides, order types, time in force,
 * self-trade prevention modes, phases and cancel reasons, the order request a caller submits, and
 * the reusable event records a book hands to its listener.
 *
 * Codes are plain numbers (not TypeScript enums) so that they live in typed arrays on the hot path
 * and survive `snapshot()` unchanged. Each code table is frozen and stable once published.
 * @module
 */

export const Side = { BUY: 1, SELL: 2 } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** Who initiated a trade. Auction trades have no aggressor. */
export const Aggressor = { NONE: 0, BUY: 1, SELL: 2 } as const;
export type Aggressor = (typeof Aggressor)[keyof typeof Aggressor];

export const OrderType = {
  /** Rests at its price; may trade through as many queues as the book's `limit_queues_max` allows. */
  LIMIT: 1,
  /** No price (or a protection price); trades up to the market's protection rule, never rests. */
  MARKET: 2,
  /** HK enhanced limit order: may trade through up to `enhanced_limit_queues_max` queues. */
  ENHANCED_LIMIT: 3,
  /** HK at-auction order: no price, auction only, matched first at the final IEP. */
  AT_AUCTION: 4,
} as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

export const TimeInForce = {
  /** Good till cancelled: survives `expireDay`. */
  GTC: 1,
  /** Expires at the end of the trading day (`expireDay`). */
  DAY: 2,
  /** Immediate or cancel: the unfilled part is cancelled. */
  IOC: 3,
  /** Fill or kill: fills completely at once or does nothing. */
  FOK: 4,
} as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/**
 * Self-trade prevention, decided by the incoming order's mode when both orders have the same
 * beneficial owner (not merely the same account).
 */
export const StpMode = {
  /** Use the book's `stp_mode_default`. Never stored on an order. */
  DEFAULT: 0,
  /** Self-trades are allowed (SSE, SZSE and SEHK have no exchange-side STP). */
  NONE: 1,
  CANCEL_RESTING: 2,
  CANCEL_INCOMING: 3,
  CANCEL_BOTH: 4,
  /** Reduce both orders by the smaller remaining quantity, without a trade. */
  DECREMENT: 5,
} as const;
export type StpMode = (typeof StpMode)[keyof typeof StpMode];

/** A book's trading phase; the caller sets it on the hub's clock (VCM cooling-off excepted). */
export const Phase = {
  /** No order entry, no cancels. */
  CLOSED: 0,
  /** Call auction: orders collected, cancels allowed, no matching. */
  AUCTION_INPUT: 1,
  /** Call auction: orders collected, no cancels (SSE/SZSE 9:20–9:25, 14:57–15:00; HK 16:06–). */
  AUCTION_NO_CANCEL: 2,
  /** Call auction frozen before the uncross: no input, no cancels (HK matching/blocking). */
  AUCTION_FROZEN: 3,
  /** Continuous matching. */
  CONTINUOUS: 4,
  /** HK VCM cooling-off: continuous matching only inside a fixed band. Entered by the engine. */
  COOLING_OFF: 5,
  /** Halt or break: cancels only (HK 12:30–13:00, trading halts). */
  HALTED: 6,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const PHASE_NAMES: readonly string[] = Object.freeze([
  'closed',
  'auction_input',
  'auction_no_cancel',
  'auction_frozen',
  'continuous',
  'cooling_off',
  'halted',
]);

/** Why an order (or part of one) left the book without trading. */
export const CancelReason = {
  USER_CANCEL: 1,
  IOC_REMAINDER: 2,
  MARKET_REMAINDER: 3,
  FOK_KILL: 4,
  STP_CANCEL_RESTING: 5,
  STP_CANCEL_INCOMING: 6,
  STP_CANCEL_BOTH: 7,
  STP_DECREMENT: 8,
  DAY_EXPIRY: 9,
  /** At-auction orders and out-of-range leftovers after an uncross. */
  AUCTION_LEFTOVER: 10,
  /** The order's remainder would have traded outside the VCM band. */
  VCM: 11,
} as const;
export type CancelReason = (typeof CancelReason)[keyof typeof CancelReason];

export const CANCEL_REASON_NAMES: readonly string[] = Object.freeze([
  '',
  'user_cancel',
  'ioc_remainder',
  'market_remainder',
  'fok_kill',
  'stp_cancel_resting',
  'stp_cancel_incoming',
  'stp_cancel_both',
  'stp_decrement',
  'day_expiry',
  'auction_leftover',
  'vcm',
]);

/**
 * A new order. Callers may reuse one object for many calls: the book reads it during the call and
 * keeps nothing. All numbers are safe integers; identifiers are assigned by the hub.
 */
export interface OrderRequest {
  /** Positive, unique per market and increasing per book. */
  order_id: number;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  post_only: boolean;
  /** Limit price in the instrument's price unit; for MARKET an optional protection price (0 = none). */
  price_units: number;
  quantity_units: number;
  /** Beneficial owner: self-trade prevention compares this, not the account. */
  owner: number;
  account: number;
  /** Venue of entry (shared books): 0 … venues − 1. */
  venue: number;
  /** Investor class for the eligibility matrix: 0 … classes − 1. */
  investor_class: number;
  stp_mode: StpMode;
}

/** A fresh request with neutral defaults, for callers that fill one object per order. */
export function orderRequest(fields: Partial<OrderRequest> = {}): OrderRequest {
  return {
    order_id: 0,
    side: Side.BUY,
    type: OrderType.LIMIT,
    tif: TimeInForce.DAY,
    post_only: false,
    price_units: 0,
    quantity_units: 0,
    owner: 0,
    account: 0,
    venue: 0,
    investor_class: 0,
    stp_mode: StpMode.DEFAULT,
    ...fields,
  };
}
