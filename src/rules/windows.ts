/**
 * Order-acceptance windows per direction, as data: when the link accepts orders and cancels,
 * which are held until the home market opens, which order types it takes, and how an exhausted
 * daily quota behaves in each window (connect-rules.md §1.3, §1.5).
 *
 * Northbound (SEHK accepting orders for SSE/SZSE; the Mainland has no half days):
 * 09:10–09:15 held · 09:15–09:20 opening call · 09:20–09:25 no cancels · 09:25–09:30 held ·
 * 09:30–11:30 continuous · 12:55–13:00 held · 13:00–14:57 continuous · 14:57–15:00 closing call,
 * no cancels. Limit orders only.
 *
 * Southbound (SSE/SZSE accepting orders for SEHK): 09:00–09:15 auction input (at-auction limit
 * orders, which on our books are `limit` orders entered in an auction) · 09:15–09:30 no input or
 * cancel · 09:30–12:00 continuous (enhanced limit orders) · 12:00–12:30 nothing · 12:30–13:00
 * cancels only · 13:00–16:00 continuous · 16:00–16:01 nothing · 16:01–16:06 closing auction input ·
 * 16:06–16:10 input, no cancels. On an SEHK half day the closing auction is 12:00–12:10 and there is
 * no afternoon.
 *
 * Each schedule is compiled to a table by second of day, so finding the window is one array read.
 * @module
 */

import { assert, clockSeconds } from '../kernel/index.js';
import type { Direction } from './links.js';

/** Order types as the hub names them (src/protocol/market.ts ORDER_TYPES). */
export type OrderTypeName = 'limit' | 'market' | 'enhanced_limit' | 'at_auction';

/** What the link does with an order or a cancel in a window. `hold`: accept, pass on later. */
export type Acceptance = 'reject' | 'accept' | 'hold';

/**
 * How an exhausted quota (balance ≤ 0) behaves in a window:
 * - `reopen_when_positive`: new buys are refused while the balance is ≤ 0 and accepted again once
 *   it is positive (Northbound opening call auction).
 * - `closed_until_continuous`: once the balance is ≤ 0, buys are refused for the rest of the
 *   window; they may resume when continuous trading starts (Southbound 09:00–09:15).
 * - `closed_for_day`: once the balance is ≤ 0 at any moment in such a window, no more buys that
 *   day (continuous trading and closing auctions).
 * - `none`: no buys are taken in the window anyway.
 */
export type QuotaRegime =
  | 'none'
  | 'reopen_when_positive'
  | 'closed_until_continuous'
  | 'closed_for_day';

/** One window as written in the data. */
export interface WindowSpec {
  readonly from: string;
  readonly name: string;
  readonly orders: Acceptance;
  readonly cancels: Acceptance;
  readonly order_types: readonly OrderTypeName[];
  readonly quota_regime: QuotaRegime;
  /** For `hold`: the local time the home market takes held orders and cancels. */
  readonly release_at?: string;
}

/** A compiled window. */
export interface Window extends WindowSpec {
  readonly index: number;
  readonly from_second: number;
  /** Second of day held orders are released; 0 when nothing is held. */
  readonly release_second: number;
  /** Bit mask of allowed order types (`orderTypeBit`). */
  readonly order_type_mask: number;
}

/** A day's windows and their per-second tables. */
export interface WindowSchedule {
  readonly name: string;
  readonly windows: readonly Window[];
  /** Window index for every second of the day. */
  readonly by_second: Uint8Array;
  /** For every second s (and 86400): the first second ≥ s in a `closed_for_day` window, or 86400. */
  readonly closing_from: Int32Array;
  /**
   * Whether a balance that went ≤ 0 before a `closed_for_day` window and is still ≤ 0 when it
   * begins closes buying (Southbound: "after 9:30, once the balance is ≤ 0"); false when only a
   * balance that reaches ≤ 0 inside such a window does (Northbound: "exhausted during the
   * continuous auction"). docs/connect-rules.md §5.
   */
  readonly closes_on_carry: boolean;
}

const TYPE_BITS: Readonly<Record<OrderTypeName, number>> = {
  limit: 1,
  market: 2,
  enhanced_limit: 4,
  at_auction: 8,
};

/** The bit of an order type in `Window.order_type_mask`; 0 for an unknown name. */
export function orderTypeBit(name: string): number {
  return TYPE_BITS[name as OrderTypeName] ?? 0;
}

const CLOSED = {
  orders: 'reject',
  cancels: 'reject',
  order_types: [],
  quota_regime: 'none',
} as const;
const NB_TYPES: readonly OrderTypeName[] = ['limit'];
const SB_AUCTION: readonly OrderTypeName[] = ['limit'];
const SB_CONTINUOUS: readonly OrderTypeName[] = ['enhanced_limit'];

function nb(
  from: string,
  name: string,
  orders: Acceptance,
  cancels: Acceptance,
  quota_regime: QuotaRegime,
  release_at?: string,
): WindowSpec {
  const base = { from, name, orders, cancels, order_types: NB_TYPES, quota_regime };
  return release_at === undefined ? base : { ...base, release_at };
}

/** SEHK's acceptance of Northbound orders, connect-rules.md §1.5 [S]. */
export const NORTHBOUND_WINDOWS: readonly WindowSpec[] = [
  { from: '00:00', name: 'closed', ...CLOSED },
  nb('09:10', 'pre_opening_held', 'hold', 'hold', 'reopen_when_positive', '09:15'),
  nb('09:15', 'opening_call', 'accept', 'accept', 'reopen_when_positive'),
  nb('09:20', 'opening_call_no_cancel', 'accept', 'reject', 'reopen_when_positive'),
  // 09:25–09:30 is not continuous trading: an exhausted balance refuses buys until it is
  // positive again, as in the opening call (HKEX Information Book; docs/connect-rules.md §5).
  nb('09:25', 'opening_pause_held', 'hold', 'hold', 'reopen_when_positive', '09:30'),
  nb('09:30', 'continuous', 'accept', 'accept', 'closed_for_day'),
  { from: '11:30', name: 'lunch_break', ...CLOSED },
  nb('12:55', 'afternoon_held', 'hold', 'hold', 'closed_for_day', '13:00'),
  nb('13:00', 'continuous', 'accept', 'accept', 'closed_for_day'),
  nb('14:57', 'closing_call_no_cancel', 'accept', 'reject', 'closed_for_day'),
  { from: '15:00', name: 'closed', ...CLOSED },
];

function sb(
  from: string,
  name: string,
  orders: Acceptance,
  cancels: Acceptance,
  order_types: readonly OrderTypeName[],
  quota_regime: QuotaRegime,
): WindowSpec {
  return { from, name, orders, cancels, order_types, quota_regime };
}

const SB_MORNING: readonly WindowSpec[] = [
  { from: '00:00', name: 'closed', ...CLOSED },
  sb('09:00', 'opening_call', 'accept', 'accept', SB_AUCTION, 'closed_until_continuous'),
  { from: '09:15', name: 'opening_no_input', ...CLOSED },
  sb('09:30', 'continuous', 'accept', 'accept', SB_CONTINUOUS, 'closed_for_day'),
];

function sbClosingAuction(start: string, input: string, no_cancel: string, end: string) {
  return [
    { from: start, name: 'closing_reference', ...CLOSED },
    sb(input, 'closing_call', 'accept', 'accept', SB_AUCTION, 'closed_for_day'),
    sb(no_cancel, 'closing_call_no_cancel', 'accept', 'reject', SB_AUCTION, 'closed_for_day'),
    { from: end, name: 'closed', ...CLOSED },
  ];
}

/** SSE/SZSE's acceptance of Southbound orders on an SEHK full day, connect-rules.md §1.5 [S]. */
export const SOUTHBOUND_WINDOWS: readonly WindowSpec[] = [
  ...SB_MORNING,
  { from: '12:00', name: 'lunch_break', ...CLOSED },
  { from: '12:30', name: 'lunch_cancel_only', ...CLOSED, cancels: 'accept' },
  sb('13:00', 'continuous', 'accept', 'accept', SB_CONTINUOUS, 'closed_for_day'),
  ...sbClosingAuction('16:00', '16:01', '16:06', '16:10'),
];

/** On an SEHK half day: the morning, then the closing auction at 12:00–12:10. */
export const SOUTHBOUND_HALF_DAY_WINDOWS: readonly WindowSpec[] = [
  ...SB_MORNING,
  ...sbClosingAuction('12:00', '12:01', '12:06', '12:10'),
];

/** Compiles window data into per-second tables; crashes at load on malformed data. */
export function compileSchedule(
  name: string,
  specs: readonly WindowSpec[],
  closes_on_carry = true,
): WindowSchedule {
  assert(specs.length > 0 && specs.length < 256 && specs[0]?.from === '00:00', 'schedule start');
  const windows = specs.map((spec, index) => compileWindow(spec, index));
  const by_second = new Uint8Array(86_400);
  for (const window of windows) {
    const next = windows[window.index + 1]?.from_second ?? 86_400;
    assert(next > window.from_second, `${name}: windows ascend`);
    by_second.fill(window.index, window.from_second, next);
  }
  const closing_from = new Int32Array(86_401).fill(86_400);
  for (let second = 86_399; second >= 0; second -= 1) {
    const regime = (windows[by_second[second] as number] as Window).quota_regime;
    closing_from[second] =
      regime === 'closed_for_day' ? second : (closing_from[second + 1] as number);
  }
  return { name, windows, by_second, closing_from, closes_on_carry };
}

function compileWindow(spec: WindowSpec, index: number): Window {
  const holds = spec.orders === 'hold' || spec.cancels === 'hold';
  assert(holds === (spec.release_at !== undefined), `${spec.name}: release time iff held`);
  let order_type_mask = 0;
  for (const type of spec.order_types) order_type_mask |= TYPE_BITS[type];
  return Object.freeze({
    ...spec,
    index,
    from_second: clockSeconds(spec.from),
    release_second: spec.release_at === undefined ? 0 : clockSeconds(spec.release_at),
    order_type_mask,
  });
}

const SCHEDULES = {
  northbound: compileSchedule('northbound', NORTHBOUND_WINDOWS, false),
  southbound: compileSchedule('southbound', SOUTHBOUND_WINDOWS),
  southbound_half_day: compileSchedule('southbound_half_day', SOUTHBOUND_HALF_DAY_WINDOWS),
} as const;

/** The schedule of a direction; Southbound follows SEHK's half days. */
export function scheduleFor(direction: Direction, hk_half_day: boolean): WindowSchedule {
  if (direction === 'northbound') return SCHEDULES.northbound;
  return hk_half_day ? SCHEDULES.southbound_half_day : SCHEDULES.southbound;
}

/** The window at a second of day (0–86399). */
export function windowAt(schedule: WindowSchedule, second_of_day: number): Window {
  return schedule.windows[schedule.by_second[second_of_day] as number] as Window;
}

/**
 * Whether buying closed for the day: the balance has been ≤ 0 since `since_second` and a
 * `closed_for_day` window began (or was under way) at or before `now_second` — for a schedule
 * that does not close on carry, only if the balance went ≤ 0 inside such a window.
 */
export function closedForDaySince(
  schedule: WindowSchedule,
  since_second: number,
  now_second: number,
): boolean {
  const closing_second = schedule.closing_from[since_second] as number;
  if (!schedule.closes_on_carry && closing_second !== since_second) return false;
  return closing_second <= now_second;
}
