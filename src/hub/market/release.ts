/**
 * Releasing held Connect actions to the books when the home market takes them.
 * @module
 */

import { onRejectedByBook } from '../../rules/index.js';
import type { EventSink } from '../events.js';
import type { HubState } from '../state.js';
import type { HeldAction } from './held.js';

export function releaseHeld(state: HubState, at_us: number, sink: EventSink): void {
  const markets = state.markets.markets;
  while (markets.held.length > 0 && (markets.held[0] as HeldAction).release_us <= at_us) {
    const action = markets.held.shift() as HeldAction;
    const meta = markets.orders.get(action.order_id);
    if (meta === undefined) continue; // already done (a held cancel of a filled order)
    const venue = markets.venues.get(meta.market);
    if (venue === undefined) continue;
    if (action.kind === 'cancel') {
      venue.market.cancel(meta.instrument, meta.order_id, at_us);
      continue;
    }
    const outcome =
      action.request === null ? null : venue.market.submit(meta.instrument, action.request, at_us);
    if (outcome === null || outcome.ok) continue;
    onRejectedByBook(state.rules, meta.order_id, at_us);
    markets.orders.delete(meta.order_id);
    markets.client_orders.delete(meta.client_key);
    sink.emit({
      type: 'order_rejected',
      order_id: meta.order_id,
      client_order_id: meta.client_order_id,
      participant: meta.participant,
      code: outcome.code,
      message: outcome.message,
    });
  }
}
