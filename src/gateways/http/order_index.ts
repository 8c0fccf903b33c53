/**
 * The gateway's own view of orders, built from committed events only: who submitted each live
 * order and for whom (to scope events that carry only an order id), how much is left, and a
 * bounded ring of recently finished orders with how they ended. Seeded from the hub's live-order
 * registry at start (the state then is exactly what the journal holds).
 * @module
 */

import type { HubEvent, HubState } from '../../hub/index.js';

export type OrderStatus = 'live' | 'filled' | 'cancelled';

export interface OrderRecord {
  readonly order_id: number;
  readonly client_order_id: string;
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  price_units: number;
  quantity_units: number;
  remaining_units: number;
  filled_units: number;
  status: OrderStatus;
  /** The cancel reason (user_cancel, ioc_remainder, day_expiry, stp_…) once cancelled. */
  reason: string | null;
  updated_at_us: number;
}

export const FINISHED_ORDERS_KEPT = 50_000;

export class OrderIndex {
  private readonly live = new Map<number, OrderRecord>();
  private readonly finished = new Map<number, OrderRecord>();
  /**
   * The finished orders' ids oldest first, as a ring: the oldest is found by index. Asking the map
   * for its first key instead walks over every entry deleted since the map last compacted, which
   * made each finished order cost up to the map's capacity (8 % of a loaded server's time).
   */
  private readonly finished_ring: number[] = [];
  private finished_oldest = 0;

  constructor(private readonly finished_max = FINISHED_ORDERS_KEPT) {}

  /** Starts from the hub's live orders (filled quantity before the restart is not known). */
  seed(state: HubState): void {
    for (const meta of state.markets.markets.orders.values()) {
      this.live.set(meta.order_id, {
        order_id: meta.order_id,
        client_order_id: meta.client_order_id,
        participant: meta.participant,
        owner: meta.owner,
        instrument: meta.instrument,
        side: meta.side,
        price_units: meta.price_units,
        quantity_units: meta.remaining_units,
        remaining_units: meta.remaining_units,
        filled_units: 0,
        status: 'live',
        reason: null,
        updated_at_us: state.now_us,
      });
    }
  }

  get(order_id: number): OrderRecord | undefined {
    return this.live.get(order_id) ?? this.finished.get(order_id);
  }

  parties(order_id: number): { participant: string; owner: string } | undefined {
    return this.get(order_id);
  }

  /** Newest first, as `recentlyFinished`: a page of the first N shows what was just placed. */
  liveOrders(): OrderRecord[] {
    return [...this.live.values()].reverse();
  }

  recentlyFinished(): OrderRecord[] {
    return [...this.finished.values()].reverse();
  }

  /** Applies one committed event. */
  apply(event: HubEvent, timestamp_us: number): void {
    switch (event.type) {
      case 'order_accepted':
        this.live.set(event.order_id, {
          order_id: event.order_id,
          client_order_id: event.client_order_id,
          participant: event.participant,
          owner: event.owner,
          instrument: event.instrument,
          side: event.side,
          price_units: event.price_units,
          quantity_units: event.quantity_units,
          remaining_units: event.quantity_units,
          filled_units: 0,
          status: 'live',
          reason: null,
          updated_at_us: timestamp_us,
        });
        return;
      case 'order_rested':
        this.update(event.order_id, timestamp_us, (o) => {
          o.remaining_units = event.remaining_units;
        });
        return;
      case 'trade':
        this.fill(event.buy_order_id, event.quantity_units, timestamp_us);
        this.fill(event.sell_order_id, event.quantity_units, timestamp_us);
        return;
      case 'order_cancelled':
        this.update(event.order_id, timestamp_us, (o) => {
          o.remaining_units = event.remaining_units;
          if (event.remaining_units === 0) {
            o.status = 'cancelled';
            o.reason = event.reason;
          }
        });
        return;
      case 'order_replaced':
        this.update(event.order_id, timestamp_us, (o) => {
          o.price_units = event.new_price_units;
          o.remaining_units = event.new_remaining_units;
        });
        return;
      default:
        return;
    }
  }

  private fill(order_id: number, quantity_units: number, timestamp_us: number): void {
    this.update(order_id, timestamp_us, (o) => {
      o.filled_units += quantity_units;
      o.remaining_units = Math.max(0, o.remaining_units - quantity_units);
      if (o.remaining_units === 0) o.status = 'filled';
    });
  }

  private update(order_id: number, timestamp_us: number, change: (o: OrderRecord) => void): void {
    const order = this.live.get(order_id);
    if (order === undefined) return;
    change(order);
    order.updated_at_us = timestamp_us;
    if (order.status === 'live') return;
    this.live.delete(order_id);
    this.finished.set(order_id, order);
    this.remember(order_id);
  }

  /** Keeps the id in the ring, forgetting the oldest finished order once the ring is full. */
  private remember(order_id: number): void {
    if (this.finished_ring.length < this.finished_max) {
      this.finished_ring.push(order_id);
      return;
    }
    this.finished.delete(this.finished_ring[this.finished_oldest] as number);
    this.finished_ring[this.finished_oldest] = order_id;
    this.finished_oldest = (this.finished_oldest + 1) % this.finished_max;
  }
}
