/**
 * Turns the books' reusable event records into the hub's market events (plain objects with string
 * ids), keeps the live-order registry in step, and remembers each instrument's last trade price.
 * One listener per venue; the hub points `context.sink` at the current step before any book call.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import {
  Aggressor,
  type BboEvent,
  CANCEL_REASON_NAMES,
  type CancelEvent,
  type IndicativeEvent,
  type OrderEvent,
  PHASE_NAMES,
  type PhaseEvent,
  type ReplaceEvent,
  type TradeEvent,
} from '../../market/index.js';
import type { EventSink } from '../events.js';
import type { ClosingPriceSet, OrderCancelled, SideName, TradeExecuted } from '../market_events.js';
import { recordTrade } from './close.js';
import type { MarketHooks } from './runtime.js';
import { closeTrackerOf, type MarketsState, type OrderMeta, type VenueEvents } from './state.js';

export interface MarketsContext {
  markets: MarketsState;
  sink: EventSink;
  hooks: MarketHooks;
}

const ORDER_TYPE_NAMES = ['', 'limit', 'market', 'enhanced_limit', 'at_auction'] as const;
const TIF_NAMES = ['', 'gtc', 'day', 'ioc', 'fok'] as const;

export function sideName(side: number): SideName {
  return side === 1 ? 'buy' : 'sell';
}

export class VenueListener implements VenueEvents {
  constructor(
    private readonly context: MarketsContext,
    readonly market_code: string,
  ) {}

  private meta(order_id: number): OrderMeta {
    const meta = this.context.markets.orders.get(order_id);
    assert(meta !== undefined, `book event for unknown order ${order_id}`);
    return meta;
  }

  onOrderAccepted(e: OrderEvent): void {
    const m = this.meta(e.order_id);
    this.context.sink.emit({
      type: 'order_accepted',
      order_id: m.order_id,
      client_order_id: m.client_order_id,
      participant: m.participant,
      owner: m.owner,
      instrument: m.instrument,
      market: m.market,
      route: m.route,
      venue: m.venue,
      side: m.side,
      order_type: ORDER_TYPE_NAMES[e.type] ?? 'limit',
      time_in_force: TIF_NAMES[e.tif] ?? 'day',
      post_only: false,
      price_units: e.price_units,
      quantity_units: e.quantity_units,
      timestamp_us: e.timestamp_us,
    });
  }

  onOrderRested(e: OrderEvent): void {
    this.context.sink.emit({
      type: 'order_rested',
      order_id: e.order_id,
      instrument: e.instrument_key,
      side: sideName(e.side),
      price_units: e.price_units,
      remaining_units: e.remaining_units,
    });
  }

  onTrade(e: TradeEvent): void {
    // For auction trades the book puts the buy order in the taker fields.
    const taker_buys = e.aggressor !== Aggressor.SELL;
    const buy = this.meta(taker_buys ? e.taker_order_id : e.maker_order_id);
    const sell = this.meta(taker_buys ? e.maker_order_id : e.taker_order_id);
    const aggressor =
      e.aggressor === Aggressor.NONE ? 'auction' : e.aggressor === Aggressor.BUY ? 'buy' : 'sell';
    const trade: TradeExecuted = {
      type: 'trade',
      trade_id: `${e.instrument_key}:${e.trade_seq}`,
      instrument: e.instrument_key,
      market: this.market_code,
      price_units: e.price_units,
      quantity_units: e.quantity_units,
      aggressor,
      buy_order_id: buy.order_id,
      sell_order_id: sell.order_id,
      buyer: buy.owner,
      seller: sell.owner,
      buyer_participant: buy.participant,
      seller_participant: sell.participant,
      buy_route: buy.route,
      sell_route: sell.route,
      buy_venue: buy.venue,
      sell_venue: sell.venue,
      buy_remaining_units: taker_buys ? e.taker_remaining_units : e.maker_remaining_units,
      sell_remaining_units: taker_buys ? e.maker_remaining_units : e.taker_remaining_units,
      timestamp_us: e.timestamp_us,
    };
    this.context.sink.emit(trade);
    this.context.hooks.onTrade(trade);
    const venue = this.context.markets.venues.get(this.market_code);
    if (venue !== undefined) {
      venue.last_price_units.set(e.instrument_key, e.price_units);
      const tracker = closeTrackerOf(venue, e.instrument_key);
      recordTrade(tracker, e.price_units, e.quantity_units, e.timestamp_us);
    }
    this.setRemaining(this.meta(e.maker_order_id), e.maker_remaining_units);
    this.setRemaining(this.meta(e.taker_order_id), e.taker_remaining_units);
  }

  onOrderCancelled(e: CancelEvent): void {
    const m = this.meta(e.order_id);
    const cancelled: OrderCancelled = {
      type: 'order_cancelled',
      order_id: m.order_id,
      instrument: m.instrument,
      owner: m.owner,
      participant: m.participant,
      side: m.side,
      price_units: e.price_units,
      reason: CANCEL_REASON_NAMES[e.reason] ?? 'unknown',
      cancelled_units: e.cancelled_units,
      remaining_units: e.remaining_units,
    };
    this.context.sink.emit(cancelled);
    this.context.hooks.onCancelled(cancelled, e.timestamp_us);
    this.setRemaining(m, e.remaining_units);
  }

  onOrderReplaced(e: ReplaceEvent): void {
    const m = this.meta(e.order_id);
    this.context.sink.emit({
      type: 'order_replaced',
      order_id: e.order_id,
      instrument: e.instrument_key,
      old_price_units: e.old_price_units,
      new_price_units: e.new_price_units,
      old_remaining_units: e.old_remaining_units,
      new_remaining_units: e.new_remaining_units,
      priority_kept: e.priority_kept,
    });
    m.price_units = e.new_price_units;
    this.context.hooks.onReplaced(m.order_id, e.new_remaining_units, e.timestamp_us);
    this.setRemaining(m, e.new_remaining_units);
  }

  onBbo(e: BboEvent): void {
    this.context.sink.emit({
      type: 'bbo',
      instrument: e.instrument_key,
      bid_price_units: e.bid_price_units,
      bid_size_units: e.bid_size_units,
      ask_price_units: e.ask_price_units,
      ask_size_units: e.ask_size_units,
    });
  }

  onIndicative(e: IndicativeEvent): void {
    this.context.sink.emit({
      type: 'auction_indicative',
      instrument: e.instrument_key,
      price_units: e.price_units,
      volume_units: e.volume_units,
      imbalance_units: e.imbalance_units,
      final: e.final,
    });
  }

  onPhase(e: PhaseEvent): void {
    this.context.sink.emit({
      type: 'phase_changed',
      instrument: e.instrument_key,
      market: this.market_code,
      phase: PHASE_NAMES[e.new_phase] ?? 'closed',
      previous_phase: PHASE_NAMES[e.old_phase] ?? 'closed',
    });
  }

  onClosingPrice(event: ClosingPriceSet): void {
    this.context.sink.emit(event);
  }

  /** An order with nothing left is done: forget it (the journal and projection keep its story). */
  private setRemaining(meta: OrderMeta, remaining_units: number): void {
    meta.remaining_units = remaining_units;
    if (remaining_units > 0) return;
    this.context.markets.orders.delete(meta.order_id);
    this.context.markets.client_orders.delete(meta.client_key);
  }
}
