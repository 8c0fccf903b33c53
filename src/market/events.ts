/**
 * Events: one mutable record per kind, owned by the book and refilled before every call to the
 * listener, so the hot path allocates nothing. A listener that keeps an event must copy the fields
 * it needs before returning (`copyEvent` does that for tests and slow consumers).
 * @module
 */

import type { Aggressor, CancelReason, OrderType, Phase, Side, TimeInForce } from './types.js';

/** An order passed validation (and pre-funding) and enters matching or the auction book. */
export class OrderEvent {
  instrument_key = '';
  timestamp_us = 0;
  order_id = 0;
  side: Side = 1;
  type: OrderType = 1;
  tif: TimeInForce = 1;
  price_units = 0;
  /**
   * Accepted: the order's quantity. Rested: filled + open quantity at that moment (less than the
   * accepted quantity when self-trade prevention decremented it).
   */
  quantity_units = 0;
  /** Open quantity: equal to quantity on acceptance, what rests on `onOrderRested`. */
  remaining_units = 0;
  owner = 0;
  account = 0;
  venue = 0;
  investor_class = 0;
}

/** One execution between a resting maker and an incoming taker (or two auction orders). */
export class TradeEvent {
  instrument_key = '';
  timestamp_us = 0;
  /** Per-book trade sequence, from 1. */
  trade_seq = 0;
  price_units = 0;
  quantity_units = 0;
  /** NONE for auction trades; then the taker fields hold the buy order, the maker fields the sell. */
  aggressor: Aggressor = 0;
  maker_order_id = 0;
  taker_order_id = 0;
  maker_owner = 0;
  taker_owner = 0;
  maker_account = 0;
  taker_account = 0;
  maker_venue = 0;
  taker_venue = 0;
  maker_remaining_units = 0;
  taker_remaining_units = 0;
}

/** Quantity left an order without trading. `remaining_units` > 0 means the order lives on. */
export class CancelEvent {
  instrument_key = '';
  timestamp_us = 0;
  order_id = 0;
  side: Side = 1;
  price_units = 0;
  cancelled_units = 0;
  remaining_units = 0;
  reason: CancelReason = 1;
  owner = 0;
  account = 0;
  venue = 0;
}

export class ReplaceEvent {
  instrument_key = '';
  timestamp_us = 0;
  order_id = 0;
  side: Side = 1;
  old_price_units = 0;
  new_price_units = 0;
  old_remaining_units = 0;
  new_remaining_units = 0;
  /** True when the price is unchanged and the open quantity did not grow. */
  priority_kept = false;
}

/** Best bid and offer after an operation changed them; 0 price and 0 size mean an empty side. */
export class BboEvent {
  instrument_key = '';
  timestamp_us = 0;
  bid_price_units = 0;
  bid_size_units = 0;
  ask_price_units = 0;
  ask_size_units = 0;
}

/** Auction indicative price and volume during collection (`final` = the uncross result). */
export class IndicativeEvent {
  instrument_key = '';
  timestamp_us = 0;
  /** 0 when no price can be determined. */
  price_units = 0;
  volume_units = 0;
  /** Buy minus sell quantity at that price that would not execute. */
  imbalance_units = 0;
  final = false;
}

export class PhaseEvent {
  instrument_key = '';
  timestamp_us = 0;
  old_phase: Phase = 0;
  new_phase: Phase = 0;
  /** VCM band (cooling-off only), else 0. */
  band_floor_units = 0;
  band_ceiling_units = 0;
}

/**
 * What a book tells the outside world. Every method receives the book's reusable record: read it,
 * copy what you keep, return. Called synchronously, in the order things happen.
 */
export interface BookListener {
  onOrderAccepted(event: OrderEvent): void;
  onTrade(event: TradeEvent): void;
  onOrderRested(event: OrderEvent): void;
  onOrderCancelled(event: CancelEvent): void;
  onOrderReplaced(event: ReplaceEvent): void;
  onBbo(event: BboEvent): void;
  onIndicative(event: IndicativeEvent): void;
  onPhase(event: PhaseEvent): void;
}

/** A listener that ignores everything. */
export const NULL_LISTENER: BookListener = Object.freeze({
  onOrderAccepted(): void {},
  onTrade(): void {},
  onOrderRested(): void {},
  onOrderCancelled(): void {},
  onOrderReplaced(): void {},
  onBbo(): void {},
  onIndicative(): void {},
  onPhase(): void {},
});

export type AnyEvent =
  | OrderEvent
  | TradeEvent
  | CancelEvent
  | ReplaceEvent
  | BboEvent
  | IndicativeEvent
  | PhaseEvent;

/** A plain copy of an event record, tagged with the listener method that received it. */
export function copyEvent(kind: string, event: AnyEvent): Record<string, unknown> {
  return { kind, ...event };
}

/** A listener that records plain copies of every event: for tests and the reference comparison. */
export class RecordingListener implements BookListener {
  readonly events: Record<string, unknown>[] = [];
  onOrderAccepted(event: OrderEvent): void {
    this.events.push(copyEvent('accepted', event));
  }
  onTrade(event: TradeEvent): void {
    this.events.push(copyEvent('trade', event));
  }
  onOrderRested(event: OrderEvent): void {
    this.events.push(copyEvent('rested', event));
  }
  onOrderCancelled(event: CancelEvent): void {
    this.events.push(copyEvent('cancelled', event));
  }
  onOrderReplaced(event: ReplaceEvent): void {
    this.events.push(copyEvent('replaced', event));
  }
  onBbo(event: BboEvent): void {
    this.events.push(copyEvent('bbo', event));
  }
  onIndicative(event: IndicativeEvent): void {
    this.events.push(copyEvent('indicative', event));
  }
  onPhase(event: PhaseEvent): void {
    this.events.push(copyEvent('phase', event));
  }
  clear(): void {
    this.events.length = 0;
  }
  ofKind(kind: string): Record<string, unknown>[] {
    return this.events.filter((e) => e.kind === kind);
  }
}
