/**
 * The hub's market state: one `Market` (the books of one venue) per market code, the parameters
 * each book was built from, interned ids, the live orders' metadata, and each venue's session
 * clock.
 * @module
 */

import {
  type BookListener,
  Market,
  type MarketSnapshot,
  type PrefundHook,
} from '../../market/index.js';
import type { SessionPhase } from '../../reference/index.js';
import type { ClosingPriceSet, OrderRoute, SideName } from '../market_events.js';
import { type CloseTracker, emptyTracker } from './close.js';
import { bookConfigOf } from './config.js';
import type { HeldAction } from './held.js';
import { Interner } from './interner.js';
import type { BookParams } from './params.js';

export interface OrderMeta {
  readonly order_id: number;
  readonly client_order_id: string;
  /**
   * `clientOrderKey(participant, client_order_id)`, built once when the order arrives and used for
   * its check, its registration and its removal (not in snapshots: restore builds it again).
   */
  readonly client_key: string;
  readonly participant: string;
  readonly owner: string;
  readonly instrument: string;
  readonly market: string;
  readonly route: OrderRoute;
  readonly venue: string;
  readonly side: SideName;
  price_units: number;
  remaining_units: number;
  /** Shared book: the price its hold was sized at (the limit, or a market order's worst price). */
  funded_price_units: number;
  /** Shared book: the ledger hold that pre-funds what is open ('' for none), and holds placed. */
  hold_id: string;
  hold_seq: number;
  /**
   * Shared book, orders entered through the affiliate: the notional value of what is open (at
   * `funded_price_units`, rounded half up as a trade settles), counted against the reserve fund's
   * cap while the order rests; 0 for every other order (issue 12 item 20).
   */
  reserve_minor: bigint;
}

/**
 * An order in a snapshot: `reserve_minor` is absent in snapshots taken before issue 12 item 20;
 * `client_key` is derived, never stored.
 */
export type OrderMetaRecord = Omit<OrderMeta, 'reserve_minor' | 'client_key'> & {
  readonly reserve_minor?: bigint;
};

export interface SessionClock {
  /** The local market date whose trading day has started ('' before the first). */
  day_started: string;
  phase: SessionPhase;
  /** Hub time up to which session changes have been applied. */
  applied_us: number;
  /** The next timetable boundary after `applied_us`: nothing to do before it. */
  next_boundary_us: number;
}

export interface Venue {
  readonly market: Market;
  readonly params: Map<string, BookParams>;
  readonly session: SessionClock;
  /** Each instrument's last trade price today, the close at the end of the day. */
  readonly last_price_units: Map<string, number>;
  /** Each instrument's reference close for today's limits (yesterday's close). */
  readonly previous_close_units: Map<string, number>;
  /** Each instrument's closing-price inputs today (close.ts). */
  readonly closes: Map<string, CloseTracker>;
  /** Where the venue's own events go (not part of the state). */
  readonly events: VenueEvents;
}

/** The book events plus the venue's own: the official close at the end of a day. */
export interface VenueEvents extends BookListener {
  onClosingPrice(event: ClosingPriceSet): void;
}

/** The instrument's close tracker, created on first use. */
export function closeTrackerOf(venue: Venue, instrument: string): CloseTracker {
  let tracker = venue.closes.get(instrument);
  if (tracker === undefined) {
    tracker = emptyTracker();
    venue.closes.set(instrument, tracker);
  }
  return tracker;
}

export interface MarketsState {
  readonly venues: Map<string, Venue>;
  readonly ids: Interner;
  readonly orders: Map<number, OrderMeta>;
  /** `participant \0 client_order_id` → order id, for live orders. */
  readonly client_orders: Map<string, number>;
  /** Connect orders and cancels waiting for the home market to open, in release order. */
  readonly held: HeldAction[];
  next_order_id: number;
}

export const LIVE_ORDERS_MAX = 4_000_000;

export function createMarketsState(): MarketsState {
  return {
    venues: new Map(),
    ids: new Interner(),
    orders: new Map(),
    client_orders: new Map(),
    held: [],
    next_order_id: 1,
  };
}

export function clientOrderKey(participant: string, client_order_id: string): string {
  return `${participant}\u0000${client_order_id}`;
}

export function venueOf(state: MarketsState, market_code: string, listener: VenueEvents): Venue {
  let venue = state.venues.get(market_code);
  if (venue === undefined) {
    venue = {
      market: new Market(market_code, listener),
      params: new Map(),
      session: { day_started: '', phase: 'closed', applied_us: 0, next_boundary_us: 0 },
      last_price_units: new Map(),
      previous_close_units: new Map(),
      closes: new Map(),
      events: listener,
    };
    state.venues.set(market_code, venue);
  }
  return venue;
}

export interface VenueSnapshot {
  readonly code: string;
  readonly market: MarketSnapshot;
  readonly params: readonly BookParams[];
  readonly session: SessionClock;
  readonly last_price_units: ReadonlyArray<readonly [string, number]>;
  readonly previous_close_units: ReadonlyArray<readonly [string, number]>;
  /** Absent in snapshots taken before official closes were kept. */
  readonly closes?: ReadonlyArray<readonly [string, CloseTracker]>;
}

export interface MarketsSnapshot {
  readonly venues: readonly VenueSnapshot[];
  readonly ids: readonly string[];
  readonly orders: readonly OrderMetaRecord[];
  readonly held: readonly HeldAction[];
  readonly next_order_id: number;
}

export function snapshotMarkets(state: MarketsState): MarketsSnapshot {
  return {
    venues: [...state.venues].map(([code, v]) => ({
      code,
      market: v.market.snapshot(),
      params: [...v.params.values()],
      session: { ...v.session },
      last_price_units: [...v.last_price_units],
      previous_close_units: [...v.previous_close_units],
      closes: [...v.closes].map(([key, tracker]) => [key, copyTracker(tracker)] as const),
    })),
    ids: state.ids.snapshot(),
    orders: [...state.orders.values()].map(orderRecord),
    held: state.held.map((h) => ({ ...h, request: h.request === null ? null : { ...h.request } })),
    next_order_id: state.next_order_id,
  };
}

export function restoreMarkets(
  snapshot: MarketsSnapshot,
  listenerFor: (code: string) => VenueEvents,
  prefund: PrefundHook,
): MarketsState {
  const state: MarketsState = {
    venues: new Map(),
    ids: Interner.restore(snapshot.ids),
    orders: new Map(),
    client_orders: new Map(),
    held: snapshot.held.map((h) => ({
      ...h,
      request: h.request === null ? null : { ...h.request },
    })),
    next_order_id: snapshot.next_order_id,
  };
  for (const v of snapshot.venues) {
    const params = new Map(v.params.map((p) => [p.instrument, p]));
    const market = Market.restore(
      v.market,
      (key) => bookConfigOf(params.get(key) as BookParams, prefund),
      listenerFor(v.code),
    );
    state.venues.set(v.code, {
      market,
      params,
      session: { ...v.session },
      last_price_units: new Map(v.last_price_units),
      previous_close_units: new Map(v.previous_close_units),
      closes: new Map((v.closes ?? []).map(([key, tracker]) => [key, copyTracker(tracker)])),
      events: listenerFor(v.code),
    });
  }
  for (const order of snapshot.orders) {
    const client_key = clientOrderKey(order.participant, order.client_order_id);
    const { order_id, client_order_id, ...rest } = order;
    // The same keys in the same order as `register` (handlers.ts) builds them.
    const meta: OrderMeta = {
      order_id,
      client_order_id,
      client_key,
      ...rest,
      reserve_minor: order.reserve_minor ?? 0n,
    };
    state.orders.set(order_id, meta);
    state.client_orders.set(client_key, order_id);
  }
  return state;
}

/** An order as a snapshot holds it: every field but the derived `client_key`, in order. */
function orderRecord(meta: OrderMeta): OrderMetaRecord {
  const { client_key: _derived, ...record } = meta;
  return record;
}

function copyTracker(tracker: CloseTracker): CloseTracker {
  return {
    minute: tracker.minute.map((bucket) => ({ ...bucket })),
    last_trade_us: tracker.last_trade_us,
    closing_auction_units: tracker.closing_auction_units,
    nominal_samples_units: [...tracker.nominal_samples_units],
  };
}
