/**
 * The hub's market runtime: the markets' state plus the listeners that publish into the current
 * step. Created with the hub state; the hub points `sink` at its step buffer.
 * @module
 */

import type { Rejection } from '../../kernel/rejection.js';
import type { PrefundHook, PrefundRequest } from '../../market/index.js';
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

/**
 * What the books ask of the hub (pre-funding a shared-book order) and the domains that must hear
 * about fills, cancels and replaces as they happen (the Connect rules, settlement, funding).
 */
export interface MarketHooks {
  prefund(request: PrefundRequest): Rejection | null;
  onTrade(event: TradeExecuted): void;
  onCancelled(event: OrderCancelled, timestamp_us: number): void;
  onReplaced(order_id: number, remaining_units: number, timestamp_us: number): void;
}

const NO_HOOKS: MarketHooks = {
  prefund: () => null,
  onTrade: () => undefined,
  onCancelled: () => undefined,
  onReplaced: () => undefined,
};

export class MarketsRuntime implements MarketsContext {
  markets: MarketsState;
  sink: EventSink = DISCARD;
  hooks: MarketHooks = NO_HOOKS;
  /** The shared books' pre-funding hook: asks whatever hooks are current when it is called. */
  readonly prefund: PrefundHook = (request) => this.hooks.prefund(request);
  private readonly listeners = new Map<string, VenueListener>();

  constructor(snapshot?: MarketsSnapshot) {
    this.markets =
      snapshot === undefined
        ? createMarketsState()
        : restoreMarkets(snapshot, (code) => this.listenerFor(code), this.prefund);
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
