/**
 * The FIX gateway's view of orders, built from committed events only: each order's FIX ClOrdID
 * (which changes on every cancel-replace while the hub's client_order_id does not), its
 * cumulative quantity and notional (for CumQty and AvgPx), and a bounded ring of finished orders
 * so a late cancel is answered "too late", not "unknown". Seeded from the hub's live orders at
 * start (their fills before the restart are not known; CumQty restarts at 0 for them).
 * @module
 */

import type { HubEvent, HubState } from '../../hub/index.js';

export type FixOrderStatus = 'live' | 'filled' | 'cancelled';

export interface FixOrder {
  readonly order_id: number;
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly route: string;
  readonly venue: string;
  cl_ord_id: string;
  /** The ClOrdID before the last cancel-replace, or null. */
  orig_cl_ord_id: string | null;
  price_units: number;
  cum_units: number;
  leaves_units: number;
  /** Σ price_units × quantity_units of the fills, for AvgPx. */
  notional_units: bigint;
  status: FixOrderStatus;
}

/** What one event did to one order: the material of one ExecutionReport. */
export type OrderChange =
  | { readonly kind: 'new'; readonly order: FixOrder }
  | {
      readonly kind: 'trade';
      readonly order: FixOrder;
      readonly last_units: number;
      readonly last_price_units: number;
    }
  | {
      readonly kind: 'cancelled' | 'restated';
      readonly order: FixOrder;
      readonly reason: string;
      /** Set when a FIX cancel request (with its own ClOrdID) caused it. */
      readonly orig_cl_ord_id: string | null;
    }
  | { readonly kind: 'replaced'; readonly order: FixOrder; readonly orig_cl_ord_id: string | null };

export const FIX_FINISHED_ORDERS_KEPT = 50_000;

export class FixOrders {
  private readonly orders = new Map<number, FixOrder>();
  private readonly finished: number[] = [];
  private finished_head = 0;
  /** participant → ClOrdID → order id (nested: no key string built per lookup). */
  private readonly by_cl_ord_id = new Map<string, Map<string, number>>();

  constructor(private readonly finished_max = FIX_FINISHED_ORDERS_KEPT) {}

  seed(state: HubState): void {
    for (const meta of state.markets.markets.orders.values()) {
      this.add({
        order_id: meta.order_id,
        participant: meta.participant,
        owner: meta.owner,
        instrument: meta.instrument,
        side: meta.side,
        route: meta.route,
        venue: meta.venue,
        cl_ord_id: meta.client_order_id,
        orig_cl_ord_id: null,
        price_units: meta.price_units,
        cum_units: 0,
        leaves_units: meta.remaining_units,
        notional_units: 0n,
        status: 'live',
      });
    }
  }

  get(order_id: number): FixOrder | undefined {
    return this.orders.get(order_id);
  }

  /** A participant's order by any ClOrdID it has had. */
  byClOrdId(participant: string, cl_ord_id: string): FixOrder | undefined {
    const order_id = this.by_cl_ord_id.get(participant)?.get(cl_ord_id);
    return order_id === undefined ? undefined : this.orders.get(order_id);
  }

  get size(): number {
    return this.orders.size;
  }

  /**
   * Applies one committed event. `request_cl_ord_id` is the ClOrdID of the FIX cancel or
   * cancel-replace request whose command produced the event, if one did: the order takes it on,
   * and its previous ClOrdID becomes the OrigClOrdID (FIX 4.4 Vol. 4, order state changes).
   */
  apply(event: HubEvent, request_cl_ord_id: string | null): OrderChange[] {
    switch (event.type) {
      case 'order_accepted': {
        const order = this.add({
          order_id: event.order_id,
          participant: event.participant,
          owner: event.owner,
          instrument: event.instrument,
          side: event.side,
          route: event.route,
          venue: event.venue,
          cl_ord_id: event.client_order_id,
          orig_cl_ord_id: null,
          price_units: event.price_units,
          cum_units: 0,
          leaves_units: event.quantity_units,
          notional_units: 0n,
          status: 'live',
        });
        return [{ kind: 'new', order }];
      }
      case 'trade':
        return [
          ...this.fill(event.buy_order_id, event.quantity_units, event.price_units),
          ...this.fill(event.sell_order_id, event.quantity_units, event.price_units),
        ];
      case 'order_cancelled':
        return this.cancel(event, request_cl_ord_id);
      case 'order_replaced':
        return this.replace(event, request_cl_ord_id);
      default:
        return [];
    }
  }

  private add(order: FixOrder): FixOrder {
    this.orders.set(order.order_id, order);
    this.clOrdIdsOf(order.participant).set(order.cl_ord_id, order.order_id);
    return order;
  }

  private fill(order_id: number, quantity_units: number, price_units: number): OrderChange[] {
    const order = this.liveOrder(order_id);
    if (order === undefined) return [];
    order.cum_units += quantity_units;
    order.leaves_units = Math.max(0, order.leaves_units - quantity_units);
    order.notional_units += BigInt(price_units) * BigInt(quantity_units);
    if (order.leaves_units === 0) this.finish(order, 'filled');
    return [{ kind: 'trade', order, last_units: quantity_units, last_price_units: price_units }];
  }

  private cancel(
    event: Extract<HubEvent, { type: 'order_cancelled' }>,
    request_cl_ord_id: string | null,
  ): OrderChange[] {
    const order = this.liveOrder(event.order_id);
    if (order === undefined) return [];
    order.leaves_units = event.remaining_units;
    const reason = event.reason;
    if (event.remaining_units > 0)
      return [{ kind: 'restated', order, reason, orig_cl_ord_id: null }];
    const orig_cl_ord_id = this.renameOrder(order, request_cl_ord_id);
    this.finish(order, 'cancelled');
    return [{ kind: 'cancelled', order, reason, orig_cl_ord_id }];
  }

  private replace(
    event: Extract<HubEvent, { type: 'order_replaced' }>,
    request_cl_ord_id: string | null,
  ): OrderChange[] {
    const order = this.liveOrder(event.order_id);
    if (order === undefined) return [];
    order.price_units = event.new_price_units;
    order.leaves_units = event.new_remaining_units;
    const orig_cl_ord_id = this.renameOrder(order, request_cl_ord_id);
    return [{ kind: 'replaced', order, orig_cl_ord_id }];
  }

  /** The order takes the request's ClOrdID; returns the one it had, or null for no change. */
  private renameOrder(order: FixOrder, request_cl_ord_id: string | null): string | null {
    if (request_cl_ord_id === null || request_cl_ord_id === order.cl_ord_id) return null;
    // Only the last two ClOrdIDs are kept: FIX names the latest accepted one in OrigClOrdID.
    const ids = this.clOrdIdsOf(order.participant);
    if (order.orig_cl_ord_id !== null) ids.delete(order.orig_cl_ord_id);
    order.orig_cl_ord_id = order.cl_ord_id;
    order.cl_ord_id = request_cl_ord_id;
    ids.set(request_cl_ord_id, order.order_id);
    return order.orig_cl_ord_id;
  }

  private liveOrder(order_id: number): FixOrder | undefined {
    const order = this.orders.get(order_id);
    return order?.status === 'live' ? order : undefined;
  }

  /** Keeps the last `finished_max` finished orders; the oldest leaves with all its ClOrdIDs. */
  private finish(order: FixOrder, status: FixOrderStatus): void {
    order.status = status;
    this.finished.push(order.order_id);
    if (this.finished.length - this.finished_head <= this.finished_max) return;
    const oldest = this.finished[this.finished_head];
    this.finished_head += 1;
    if (this.finished_head > 4_096 && this.finished_head * 2 > this.finished.length) {
      this.finished.splice(0, this.finished_head);
      this.finished_head = 0;
    }
    if (oldest !== undefined) this.forget(oldest);
  }

  private forget(order_id: number): void {
    const order = this.orders.get(order_id);
    if (order === undefined) return;
    this.orders.delete(order_id);
    const ids = this.clOrdIdsOf(order.participant);
    if (ids.get(order.cl_ord_id) === order_id) ids.delete(order.cl_ord_id);
    if (order.orig_cl_ord_id !== null && ids.get(order.orig_cl_ord_id) === order_id)
      ids.delete(order.orig_cl_ord_id);
  }

  private clOrdIdsOf(participant: string): Map<string, number> {
    let ids = this.by_cl_ord_id.get(participant);
    if (ids === undefined) {
      ids = new Map();
      this.by_cl_ord_id.set(participant, ids);
    }
    return ids;
  }
}
