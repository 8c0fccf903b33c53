/**
 * The market events the hub publishes to readers (projections, market data, posttrade, oversight,
 * the console). The book's own events are allocation-free records with integer ids; the hub
 * translates them into these plain objects with the ids people and other domains use.
 *
 * Ids: `order_id` is the hub's numeric order id (unique across all books, increasing);
 * `client_order_id` is the submitting participant's own id; `instrument` is the security's ISIN;
 * `owner` is the beneficial owner (an investor id, or a party id for house orders);
 * `participant` is the exchange participant (broker) that submitted the order.
 * @module
 */

export type SideName = 'buy' | 'sell';

/** How an order reached the book: home market, a Connect direction, or a shared-book venue. */
export type OrderRoute = 'domestic' | 'northbound' | 'southbound' | 'vatp_local' | 'vatp_affiliate';

export interface OrderAccepted {
  readonly type: 'order_accepted';
  readonly order_id: number;
  readonly client_order_id: string;
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  readonly market: string;
  readonly route: OrderRoute;
  readonly venue: string;
  readonly side: SideName;
  readonly order_type: 'limit' | 'market' | 'enhanced_limit' | 'at_auction';
  readonly time_in_force: 'day' | 'gtc' | 'ioc' | 'fok';
  readonly post_only: boolean;
  readonly price_units: number;
  readonly quantity_units: number;
  readonly timestamp_us: number;
}

export interface OrderRested {
  readonly type: 'order_rested';
  readonly order_id: number;
  readonly instrument: string;
  readonly side: SideName;
  readonly price_units: number;
  readonly remaining_units: number;
}

/** One of the market domain's CANCEL_REASON_NAMES (user_cancel, ioc_remainder, stp_*, …). */
export type CancelReasonName = string;

export interface OrderCancelled {
  readonly type: 'order_cancelled';
  readonly order_id: number;
  readonly instrument: string;
  readonly owner: string;
  readonly participant: string;
  readonly side: SideName;
  readonly price_units: number;
  readonly reason: CancelReasonName;
  readonly cancelled_units: number;
  /** Greater than zero when only part was cancelled (self-trade decrement). */
  readonly remaining_units: number;
}

export interface OrderReplaced {
  readonly type: 'order_replaced';
  readonly order_id: number;
  readonly instrument: string;
  readonly old_price_units: number;
  readonly new_price_units: number;
  readonly old_remaining_units: number;
  readonly new_remaining_units: number;
  readonly priority_kept: boolean;
}

export interface TradeExecuted {
  readonly type: 'trade';
  /** `<instrument>:<per-book trade sequence>`. */
  readonly trade_id: string;
  readonly instrument: string;
  readonly market: string;
  readonly price_units: number;
  readonly quantity_units: number;
  /** Which side took liquidity; `auction` for trades of an uncross. */
  readonly aggressor: SideName | 'auction';
  readonly buy_order_id: number;
  readonly sell_order_id: number;
  readonly buyer: string;
  readonly seller: string;
  readonly buyer_participant: string;
  readonly seller_participant: string;
  readonly buy_route: OrderRoute;
  readonly sell_route: OrderRoute;
  readonly buy_venue: string;
  readonly sell_venue: string;
  /** What each order has left after this trade (0 = filled). */
  readonly buy_remaining_units: number;
  readonly sell_remaining_units: number;
  readonly timestamp_us: number;
}

export interface BboChanged {
  readonly type: 'bbo';
  readonly instrument: string;
  /** 0 price and 0 size mean an empty side. */
  readonly bid_price_units: number;
  readonly bid_size_units: number;
  readonly ask_price_units: number;
  readonly ask_size_units: number;
}

export interface AuctionIndicative {
  readonly type: 'auction_indicative';
  readonly instrument: string;
  readonly price_units: number;
  readonly volume_units: number;
  readonly imbalance_units: number;
  readonly final: boolean;
}

export interface PhaseChanged {
  readonly type: 'phase_changed';
  readonly instrument: string;
  readonly market: string;
  readonly phase: string;
  readonly previous_phase: string;
}

/**
 * The official close of an instrument's trading day: the base of the next day's daily limits
 * and auction references (src/hub/market/close.ts).
 */
export interface ClosingPriceSet {
  readonly type: 'closing_price_set';
  readonly instrument: string;
  readonly market: string;
  readonly date: string;
  readonly close_price_units: number;
  readonly method: 'closing_auction' | 'last_minute_vwap' | 'cas_reference';
}

/** A Connect order the link accepted before the home market opens: it reaches the book later. */
export interface OrderHeld {
  readonly type: 'order_held';
  readonly order_id: number;
  readonly client_order_id: string;
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  readonly route: OrderRoute;
  readonly side: SideName;
  readonly price_units: number;
  readonly quantity_units: number;
  readonly release_at_us: number;
}

/** A held order the book refused when it was released. */
export interface OrderRejected {
  readonly type: 'order_rejected';
  readonly order_id: number;
  readonly client_order_id: string;
  readonly participant: string;
  readonly code: string;
  readonly message: string;
}

export type MarketEvent =
  | OrderHeld
  | OrderRejected
  | OrderAccepted
  | OrderRested
  | OrderCancelled
  | OrderReplaced
  | TradeExecuted
  | BboChanged
  | AuctionIndicative
  | PhaseChanged
  | ClosingPriceSet;
