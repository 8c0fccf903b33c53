/**
 * The daily quota of one link, by the exchanges' formula (connect-rules.md §1.3):
 *
 *   balance = daily quota − Σ accepted buy-order values + Σ sell-trade values
 *           + Σ cancelled or rejected buy-order values + Σ buy price improvement
 *
 * Every term is kept as a running sum, so the balance can be recomputed from its terms at any
 * time (`checkQuota`). Buy orders consume when the link accepts them; sell trades, cancelled or
 * rejected buys and buys executed below their limit price restore. The balance may exceed the
 * daily quota (sells) and may go below zero (the order that exhausts it is accepted whole).
 *
 * Exhaustion (balance ≤ 0) depends on the window's `QuotaRegime` (windows.ts). Whether buying has
 * closed for the day is derived from `nonpositive_since_second` and the schedule, so a check never
 * needs to write; the flag `buying_closed` is written at the next event that touches the quota.
 * @module
 */

import { assert } from '../kernel/index.js';
import { CONNECT_CONSTANTS, type Link } from './links.js';
import { closedForDaySince, type Window, type WindowSchedule } from './windows.js';

/** One link's quota for the day. All amounts are RMB fen. */
export interface QuotaState {
  readonly link: Link;
  /** Today's daily quota. */
  daily_quota_minor: bigint;
  /** The quota from the next day start (set by the operator). */
  next_daily_quota_minor: bigint;
  balance_minor: bigint;
  buy_orders_minor: bigint;
  sell_trades_minor: bigint;
  released_minor: bigint;
  price_improvement_minor: bigint;
  /** Not a formula term: consumption attributed to executed buy units (for the invariant). */
  attributed_minor: bigint;
  /** Second of day since which the balance has been ≤ 0, or −1 while it is positive. */
  nonpositive_since_second: number;
  /** Buying closed for the rest of the day (written at the next event after it happens). */
  buying_closed: boolean;
  /** The window in which buying closed, '' while open. */
  closed_in_window: string;
  /** Southbound 09:00–09:15: the balance reached ≤ 0 in this window; buys wait for 09:30. */
  preopen_closed: boolean;
}

/** A fresh quota at `daily_quota_minor`. */
export function createQuota(link: Link, daily_quota_minor: bigint): QuotaState {
  return {
    link,
    daily_quota_minor,
    next_daily_quota_minor: daily_quota_minor,
    balance_minor: daily_quota_minor,
    buy_orders_minor: 0n,
    sell_trades_minor: 0n,
    released_minor: 0n,
    price_improvement_minor: 0n,
    attributed_minor: 0n,
    nonpositive_since_second: daily_quota_minor > 0n ? -1 : 0,
    buying_closed: false,
    closed_in_window: '',
    preopen_closed: false,
  };
}

/** Starts a new day: the next quota takes effect, every term is zero, buying is open. */
export function resetQuota(quota: QuotaState): void {
  Object.assign(quota, createQuota(quota.link, quota.next_daily_quota_minor));
}

/** The balance recomputed from its terms. */
export function formulaBalance(q: QuotaState): bigint {
  return (
    q.daily_quota_minor -
    q.buy_orders_minor +
    q.sell_trades_minor +
    q.released_minor +
    q.price_improvement_minor
  );
}

/** Why a new buy must be refused now, or null: `exhausted` (for now) or `closed` (for the day). */
export function buyBlock(
  q: QuotaState,
  schedule: WindowSchedule,
  window: Window,
  second: number,
): 'exhausted' | 'closed' | null {
  if (q.buying_closed) return 'closed';
  const since = q.nonpositive_since_second;
  if (since >= 0 && closedForDaySince(schedule, since, second)) return 'closed';
  if (window.quota_regime === 'closed_until_continuous' && q.preopen_closed) return 'exhausted';
  return since >= 0 ? 'exhausted' : null;
}

/** Writes `buying_closed` if the balance has been ≤ 0 into a closing window by `second`. */
export function settleClosure(q: QuotaState, schedule: WindowSchedule, second: number): void {
  const since = q.nonpositive_since_second;
  if (q.buying_closed || since < 0 || !closedForDaySince(schedule, since, second)) return;
  const closing_second = schedule.closing_from[since] as number;
  q.buying_closed = true;
  q.closed_in_window = (
    schedule.windows[schedule.by_second[closing_second] as number] as Window
  ).name;
}

/** An accepted buy order consumes its value. */
export function consume(
  q: QuotaState,
  amount_minor: bigint,
  schedule: WindowSchedule,
  window: Window,
  second: number,
): void {
  assert(amount_minor >= 0n, 'consumption is not negative');
  settleClosure(q, schedule, second);
  q.buy_orders_minor += amount_minor;
  q.balance_minor -= amount_minor;
  if (q.balance_minor <= 0n && q.nonpositive_since_second < 0) q.nonpositive_since_second = second;
  if (q.balance_minor <= 0n && window.quota_regime === 'closed_until_continuous') {
    q.preopen_closed = true;
  }
  settleClosure(q, schedule, second);
}

/** What restores quota. */
export type RestoreKind = 'sell_trade' | 'released' | 'price_improvement';

/** A sell trade, a cancelled or rejected buy, or a price improvement restores quota. */
export function restore(
  q: QuotaState,
  kind: RestoreKind,
  amount_minor: bigint,
  schedule: WindowSchedule,
  second: number,
): void {
  assert(amount_minor >= 0n, 'a restore is not negative');
  settleClosure(q, schedule, second);
  if (kind === 'sell_trade') q.sell_trades_minor += amount_minor;
  else if (kind === 'released') q.released_minor += amount_minor;
  else q.price_improvement_minor += amount_minor;
  q.balance_minor += amount_minor;
  if (q.balance_minor > 0n) q.nonpositive_since_second = -1;
}

/** An operator change of today's quota: the balance moves by the difference. */
export function adjustQuota(
  q: QuotaState,
  daily_quota_minor: bigint,
  schedule: WindowSchedule,
  second: number,
): void {
  settleClosure(q, schedule, second);
  const delta = daily_quota_minor - q.daily_quota_minor;
  q.daily_quota_minor = daily_quota_minor;
  q.next_daily_quota_minor = daily_quota_minor;
  q.balance_minor += delta;
  if (q.balance_minor > 0n) q.nonpositive_since_second = -1;
  else if (q.nonpositive_since_second < 0) q.nonpositive_since_second = second;
}

/** Crashes unless the balance equals its formula and no term is negative. */
export function checkQuota(q: QuotaState): void {
  assert(q.balance_minor === formulaBalance(q), `${q.link}: balance ≠ formula`);
  for (const term of [q.buy_orders_minor, q.sell_trades_minor, q.released_minor]) {
    assert(term >= 0n, `${q.link}: negative term`);
  }
  assert(q.price_improvement_minor >= 0n && q.attributed_minor >= 0n, `${q.link}: negative term`);
  assert(q.nonpositive_since_second >= 0 === q.balance_minor <= 0n, `${q.link}: exhaustion`);
}

/** What the public sees: "sufficient" while ≥ 30 % remains, else the balance (§1.4). */
export type QuotaDisclosure =
  | { readonly link: Link; readonly status: 'sufficient' }
  | {
      readonly link: Link;
      readonly status: 'balance';
      readonly balance_minor: bigint;
      readonly daily_quota_minor: bigint;
    };

/** The disclosure view of a quota. */
export function disclose(q: QuotaState): QuotaDisclosure {
  const threshold = CONNECT_CONSTANTS.disclosure_threshold_percent;
  if (q.balance_minor * 100n >= q.daily_quota_minor * threshold) {
    return { link: q.link, status: 'sufficient' };
  }
  return {
    link: q.link,
    status: 'balance',
    balance_minor: q.balance_minor,
    daily_quota_minor: q.daily_quota_minor,
  };
}
