/**
 * The rules domain's state: the day, the four quotas, eligibility lists, BCAN mappings, Southbound
 * channels, today's positions, the open orders the rules follow, foreign ownership and FX rates.
 * Every table has a maximum (`RulesLimits`); reaching it is a rejection.
 * @module
 */

import type { Accepted } from '../kernel/index.js';
import type { Investor, Party } from '../reference/index.js';
import { type BcanState, createBcanState } from './bcan.js';
import { createEligibilityLists, type EligibilityStatus } from './eligibility.js';
import { createFxState, type FxRates, type FxState } from './fx.js';
import { LINKS, linkAt, type MainlandMarket, type RouteName } from './links.js';
import type { Lot, OwnershipState } from './ownership.js';
import { createOwnershipState } from './ownership.js';
import { createPositionTable, type Position, type PositionTable } from './positions.js';
import { createQuota, type QuotaState } from './quota.js';
import type { ValueFactor } from './value.js';

/** The bounds of the rules state. */
export interface RulesLimits {
  /** Open orders the rules follow (Connect orders and QFII orders in A shares). */
  readonly orders_max: number;
  /** Positions touched in one day, over all links. */
  readonly positions_max: number;
  readonly bcan_mappings_max: number;
  /** Securities on each link's list. */
  readonly eligibility_per_link_max: number;
  /** Ownership lots (one per filled foreign buy order, kept until sold). */
  readonly ownership_lots_max: number;
  readonly channel_registrations_max: number;
  /** Entries in one operator input. */
  readonly batch_max: number;
}

/** Defaults sized for a full market day. */
export const RULES_LIMITS_DEFAULT: RulesLimits = Object.freeze({
  orders_max: 4_000_000,
  positions_max: 4_000_000,
  bcan_mappings_max: 10_000_000,
  eligibility_per_link_max: 10_000,
  ownership_lots_max: 10_000_000,
  channel_registrations_max: 10_000_000,
  batch_max: 1_000,
});

/** The trading day the rules are in. */
export interface RulesDay {
  /** '' before the first day start. */
  date: string;
  /** `dayNumber(date)`: days since 1970-01-01; −1 before the first day start. */
  day_number: number;
  /** Open in both markets (reference `isConnectTradingDay`). */
  connect_day: boolean;
  /** SEHK trades a morning only: Southbound follows SEHK's half day. */
  hk_half_day: boolean;
  /** Between `onDayStart` and `onDayEnd`. */
  open: boolean;
}

/** An order the rules follow from acceptance until it is filled, cancelled or rejected. */
export interface OrderRecord {
  readonly order_id: number;
  /** The link, or −1 for a domestic order followed for foreign ownership (a QFII's). */
  readonly link_index: number;
  readonly side: 'buy' | 'sell';
  readonly owner: string;
  readonly instrument: string;
  readonly price_units: number;
  remaining_units: number;
  /** Buys on a link: consumed quota not yet released or attributed to a fill, RMB fen. */
  open_minor: bigint;
  /** Values this order's units in RMB fen (buys: ceil; sells: floor). */
  readonly factor: ValueFactor;
  /** Today's position (Connect orders), null otherwise. */
  readonly position: Position | null;
  /** Counts toward foreign ownership. */
  readonly ownership: boolean;
  /** The ownership lot of a buy, from its first fill. */
  lot: Lot | null;
}

/** What the rules decided for an order: where it goes and what accepting it will do. */
export interface Decision {
  route: RouteName;
  /** The link index (0–3), or −1 when no Connect link applies. */
  link_index: number;
  /** Accepted by the link but held until the home market opens (Northbound pre-open windows). */
  held: boolean;
  /** For held orders: the local second of day the home market takes them; 0 otherwise. */
  release_second: number;
  /** The acceptance window's name, '' when no Connect link applies. */
  window: string;
  /** Quota the order consumes when accepted, RMB fen (Connect buys), else 0. */
  quota_minor: bigint;
  /** Values the order's units (see OrderRecord.factor); null when not followed. */
  factor: ValueFactor | null;
  /** Today's position if it exists. */
  position: Position | null;
  /** Holdings looked up for a position not yet touched today, −1 otherwise. */
  start_units: number;
  /** Counts toward foreign ownership. */
  ownership: boolean;
  /**
   * The reference records' ids for the participant, owner and instrument (same text as the
   * order's): the rules key their tables with these, so look-ups compare one string object.
   */
  participant_id: string;
  owner_id: string;
  instrument_id: string;
}

/** The whole rules state. */
export interface RulesState {
  readonly limits: RulesLimits;
  readonly day: RulesDay;
  readonly quotas: readonly QuotaState[];
  readonly eligibility: readonly Map<string, EligibilityStatus>[];
  readonly bcan: BcanState;
  /** Southbound channel (the Mainland exchange) registered per investor. */
  readonly channels: Map<string, MainlandMarket>;
  readonly positions: readonly PositionTable[];
  readonly orders: Map<number, OrderRecord>;
  readonly ownership: OwnershipState;
  readonly fx: FxState;
  /** Today's Southbound reference rates, once the day has started with them. */
  fx_today: FxRates | null;
  /** Southbound orders accepted today: once there are any, today's reference rates are fixed. */
  southbound_orders_today: number;
  /** The decision `checkOrder` fills in and returns: valid until the next call. */
  readonly scratch: Decision;
  /** `{ ok: true, value: scratch }`, returned by every accepting `checkOrder`. */
  readonly scratch_outcome: Accepted<Decision>;
  /** The order `scratch` was filled for (so a stale decision is caught). */
  scratch_order: object | null;
  /** The owner record `resolveRoute` found for the order being checked. */
  scratch_owner: Investor | Party | null;
  /** What the last acceptance changed, so `undoOrderAccepted` can take it back exactly. */
  readonly last_accept: LastAccept;
}

/** The state an acceptance overwrote, for an exact undo. */
export interface LastAccept {
  order_id: number;
  nonpositive_since_second: number;
  buying_closed: boolean;
  closed_in_window: string;
  preopen_closed: boolean;
  created_position: boolean;
}

/** A fresh decision record. */
export function emptyDecision(): Decision {
  return {
    route: 'domestic',
    link_index: -1,
    held: false,
    release_second: 0,
    window: '',
    quota_minor: 0n,
    factor: null,
    position: null,
    start_units: -1,
    ownership: false,
    participant_id: '',
    owner_id: '',
    instrument_id: '',
  };
}

/** An empty rules state with the current daily quotas (52 bn Northbound, 42 bn Southbound). */
export function createRulesState(limits: RulesLimits = RULES_LIMITS_DEFAULT): RulesState {
  const scratch = emptyDecision();
  return {
    limits,
    day: { date: '', day_number: -1, connect_day: false, hk_half_day: false, open: false },
    quotas: LINKS.map((_, index) => {
      const info = linkAt(index);
      return createQuota(info.link, info.default_daily_quota_minor);
    }),
    eligibility: createEligibilityLists(),
    bcan: createBcanState(),
    channels: new Map(),
    positions: LINKS.map(() => createPositionTable()),
    orders: new Map(),
    ownership: createOwnershipState(),
    fx: createFxState(),
    fx_today: null,
    southbound_orders_today: 0,
    scratch,
    scratch_outcome: { ok: true, value: scratch },
    scratch_order: null,
    scratch_owner: null,
    last_accept: {
      order_id: 0,
      nonpositive_since_second: -1,
      buying_closed: false,
      closed_in_window: '',
      preopen_closed: false,
      created_position: false,
    },
  };
}

/** Positions touched today, over all links. */
export function positionCount(state: RulesState): number {
  let count = 0;
  for (const table of state.positions) count += table.count;
  return count;
}
