/**
 * The hub's market runtime: the markets' state plus the listeners that publish into the current
 * step. Created with the hub state; the hub points `sink` at its step buffer.
 * @module
 */

import type { EventSink, HubEvent } from '../events.js';
import type { OrderCancelled, TradeExecuted } from '../market_events.js';
import { type MarketsContext, VenueListener } from './listener.js';
import {
  createMarketsState,
  type MarketsSnapshot,
  type MarketsState,
  restoreMarkets,
  snapshotMarkets,
  type Venue,
  venueOf,
} from './state.js';

const DISCARD: EventSink = { emit: (_event: HubEvent) => undefined };

/** Domains that must hear about fills and cancels as they happen (the Connect rules, settlement). */
export interface MarketHooks {
  onTrade(event: TradeExecuted): void;
  onCancelled(event: OrderCancelled, timestamp_us: number): void;
}

const NO_HOOKS: MarketHooks = { onTrade: () => undefined, onCancelled: () => undefined };

export class MarketsRuntime implements MarketsContext {
  markets: MarketsState;
  sink: EventSink = DISCARD;
  hooks: MarketHooks = NO_HOOKS;
  private readonly listeners = new Map<string, VenueListener>();

  constructor(snapshot?: MarketsSnapshot) {
    this.markets =
      snapshot === undefined
        ? createMarketsState()
        : restoreMarkets(snapshot, (code) => this.listenerFor(code));
  }

  listenerFor(code: string): VenueListener {
    let listener = this.listeners.get(code);
    if (listener === undefined) {
      listener = new VenueListener(this, code);
      this.listeners.set(code, listener);
    }
    return listener;
  }

  /** The venue for a market code, created on first use. */
  venue(code: string): { venue: Venue; created: boolean } {
    const created = !this.markets.venues.has(code);
    return { venue: venueOf(this.markets, code, this.listenerFor(code)), created };
  }

  snapshot(): MarketsSnapshot {
    return snapshotMarkets(this.markets);
  }
}
