/**
 * The reader's working state: live orders, and per owner, per instrument and per owner ×
 * instrument the day's counters each detector keeps. Everything per day is reset when the market
 * date changes, and objects with nothing live are dropped then, so state stays bounded by the
 * day's active accounts and the hub's own live orders.
 * @module
 */

import type { TradeExecuted } from '../../hub/market_events.js';
import type { FocusAccount } from './focus.js';
import type { HerdingGrid } from './herding.js';
import type { MakerQuote } from './market_making.js';
import type { ClosingState } from './marking_close.js';
import type { MomentumState } from './momentum.js';
import type { InstrumentInfo } from './reference.js';

export const BUY = 0;
export const SELL = 1;
export type SideIndex = 0 | 1;

export function sideIndex(side: 'buy' | 'sell'): SideIndex {
  return side === 'buy' ? BUY : SELL;
}

export function sideName(side: SideIndex): 'buy' | 'sell' {
  return side === BUY ? 'buy' : 'sell';
}

/** A live order, as the reader tracks it from `order_accepted` until nothing is left. */
export interface OrderRec {
  readonly order_id: number;
  readonly oi: OwnerInstrument;
  readonly participant: string;
  readonly side: SideIndex;
  price_units: number;
  readonly quantity_units: number;
  remaining_units: number;
  filled_units: number;
  cancelled_units: number;
  readonly accepted_us: number;
  readonly accepted_seq: number;
  /** Entered within the spoofing touch distance of its own side's best price. */
  readonly near_touch: boolean;
  /** Position in its owner × instrument's `live` list (swap-removal in constant time). */
  live_index: number;
}

/** An opposite-side execution a spoofer's cancels are measured against. */
export interface ExecMark {
  timestamp_us: number;
  event_seq: number;
  /** The first trade of the cluster (kept by reference; evidence is built only for an alert). */
  trade: TradeExecuted;
  /** Original sizes of the distinct genuine orders that executed in the cluster. */
  order_units: number;
  executed_units: number;
  readonly order_ids: number[];
  readonly genuine: OrderRec[];
  /** Spoof orders cancelled against this execution, and their cancelled units. */
  readonly spoofs: Array<{ rec: OrderRec; cancelled_units: number; seq: number; at_us: number }>;
  spoof_units: number;
  alerted: boolean;
}

/** Per owner × instrument: the live orders, and the day's counters. */
export interface OwnerInstrument {
  readonly owner: OwnerState;
  readonly instrument: InstrumentState;
  readonly live: OrderRec[];
  /**
   * The live orders' remaining units per price, per side (BUY, SELL): what a maker's quote test
   * reads, so it costs the number of price levels, not of orders (a maker with 250,000 resting
   * orders made every one of its quote changes scan them all). Kept by quote_levels.ts.
   */
  readonly quote_levels: readonly [Map<number, number>, Map<number, number>];
  marks: [ExecMark | null, ExecMark | null];
  spoof_alerted_today: boolean;
  ordered_units: number;
  cancelled_units: number;
  cancelled_e4: bigint;
  bought_units: number;
  sold_units: number;
  criminal_alerted: boolean;
  /** The aggravated tier (RMB 50 m) was alerted today. */
  criminal_aggravated_alerted: boolean;
  momentum: MomentumState | null;
  minute_index: number;
  minute_agg_units: [number, number];
  minute_agg_e4: [bigint, bigint];
  minute_orders: number;
  minute_last_order_id: number;
  minute_pushed: boolean;
  minute_large: boolean;
  /** Start of each push minute today, by direction (buy pushes up, sell pushes down). */
  push_minutes: [number[], number[]];
  push_alerted: boolean;
  maker: MakerQuote | null;
}

/** Per owner (an investor, or a party trading for its house account). */
export interface OwnerState {
  readonly id: string;
  readonly instruments: Map<string, OwnerInstrument>;
  participants: string[];
  northbound: boolean;
  /**
   * Message rates per exchange (market code): the SSE/SZSE high-frequency thresholds count one
   * account's orders and cancels on each exchange separately (hft.ts).
   */
  readonly rates: Map<string, MessageRate>;
  /** All exchanges together: the abnormal-trading figures. */
  messages_today: number;
  orders_today: number;
  cancels_today: number;
  rapid_cancels_today: number;
  burst_alerted: boolean;
  rapid_alerted: boolean;
  focus: FocusAccount[];
}

/** One account's orders and cancels on one exchange today. */
export interface MessageRate {
  readonly market: string;
  /** Timestamps of recent orders and cancels: a ring, grown up to its maximum. */
  ring: Float64Array;
  ring_head: number;
  ring_count: number;
  peak_per_second: number;
  messages_today: number;
  orders_today: number;
  cancels_today: number;
  hft_alerted: boolean;
}

export function newMessageRate(market: string): MessageRate {
  return {
    market,
    ring: new Float64Array(16),
    ring_head: 0,
    ring_count: 0,
    peak_per_second: 0,
    messages_today: 0,
    orders_today: 0,
    cancels_today: 0,
    hft_alerted: false,
  };
}

/** Per instrument: phase, prices, and the detectors' per-book state. */
export interface InstrumentState {
  readonly info: InstrumentInfo;
  phase: string;
  closing_auction: boolean;
  continuous_since_us: number;
  continuous_first_us: number;
  continuous_us_today: number;
  best_bid_units: number;
  best_ask_units: number;
  last_price_units: number;
  minute_index: number;
  minute_open_units: number;
  minute_volume_units: number;
  /** The day's one-minute moves: sum of |close − open| in price units, and how many minutes. */
  minute_moves_units: number;
  minute_moves_count: number;
  closing: ClosingState | null;
  herding: HerdingGrid[];
  makers: MakerQuote[];
}

export function newInstrumentState(info: InstrumentInfo): InstrumentState {
  return {
    info,
    phase: 'closed',
    closing_auction: false,
    continuous_since_us: -1,
    continuous_first_us: -1,
    continuous_us_today: 0,
    best_bid_units: 0,
    best_ask_units: 0,
    last_price_units: 0,
    minute_index: -1,
    minute_open_units: 0,
    minute_volume_units: 0,
    minute_moves_units: 0,
    minute_moves_count: 0,
    closing: null,
    herding: [],
    makers: [],
  };
}

export function newOwnerState(id: string): OwnerState {
  return {
    id,
    instruments: new Map(),
    participants: [],
    northbound: false,
    rates: new Map(),
    messages_today: 0,
    orders_today: 0,
    cancels_today: 0,
    rapid_cancels_today: 0,
    burst_alerted: false,
    rapid_alerted: false,
    focus: [],
  };
}

export function newOwnerInstrument(
  owner: OwnerState,
  instrument: InstrumentState,
): OwnerInstrument {
  const oi: OwnerInstrument = {
    owner,
    instrument,
    live: [],
    quote_levels: [new Map(), new Map()],
    marks: [null, null],
    spoof_alerted_today: false,
    ordered_units: 0,
    cancelled_units: 0,
    cancelled_e4: 0n,
    bought_units: 0,
    sold_units: 0,
    criminal_alerted: false,
    criminal_aggravated_alerted: false,
    momentum: null,
    minute_index: -1,
    minute_agg_units: [0, 0],
    minute_agg_e4: [0n, 0n],
    minute_orders: 0,
    minute_last_order_id: 0,
    minute_pushed: false,
    minute_large: false,
    push_minutes: [[], []],
    push_alerted: false,
    maker: null,
  };
  return oi;
}

/** Clears an owner × instrument's day counters; live orders and maker links stay. */
export function resetOwnerInstrumentDay(oi: OwnerInstrument): void {
  oi.marks = [null, null];
  oi.spoof_alerted_today = false;
  oi.ordered_units = 0;
  oi.cancelled_units = 0;
  oi.cancelled_e4 = 0n;
  oi.bought_units = 0;
  oi.sold_units = 0;
  oi.criminal_alerted = false;
  oi.criminal_aggravated_alerted = false;
  oi.momentum = null;
  oi.minute_index = -1;
  oi.minute_pushed = false;
  oi.minute_large = false;
  oi.push_minutes = [[], []];
  oi.push_alerted = false;
}

export function resetOwnerDay(owner: OwnerState): void {
  owner.rates.clear();
  owner.messages_today = 0;
  owner.orders_today = 0;
  owner.cancels_today = 0;
  owner.rapid_cancels_today = 0;
  owner.burst_alerted = false;
  owner.rapid_alerted = false;
  owner.focus = [];
}

export function noteParticipant(owner: OwnerState, participant: string): void {
  if (!owner.participants.includes(participant)) owner.participants.push(participant);
}
