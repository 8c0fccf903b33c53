/**
 * The Connect rules in the hub: what the rules ask of the hub (holdings through a link), the hooks
 * that tell them what the books did, and the rules' trading day on the hub clock.
 *
 * The rules' day opens at 08:30 local time and closes at 16:15, after both markets' closing
 * auctions (SSE 15:00, SEHK 16:10; half days end earlier). Every date opens a rules day, so
 * domestic QFII orders are followed on a Mainland-only trading day too; Connect orders on a day
 * that is not a Connect trading day are refused by the rules themselves.
 * @module
 */

import { addDays, marketDate, secondOfDay, timestampAt } from '../kernel/time.js';
import { postedBalance } from '../ledger/index.js';
import {
  connectAccountId,
  type Link,
  onCancelled,
  onDayEnd,
  onDayStart,
  onTrade,
  type RulesContext,
} from '../rules/index.js';
import type { EventSink } from './events.js';
import { prefundOrder, refundOrder } from './market/prefund.js';
import type { MarketHooks } from './market/runtime.js';
import { captureForSettlement, unsettledUnits } from './settlement.js';
import type { HubState } from './state.js';

const DAY_OPENS = '08:30';
const DAY_CLOSES = '16:15';
const OPENS_SECOND = 8 * 3_600 + 30 * 60;
const CLOSES_SECOND = 16 * 3_600 + 15 * 60;

/**
 * Holdings through a link on the trade date: the settled position in the link's account plus
 * what earlier days' trades will still deliver or take (Southbound settles T+2).
 */
export function rulesContext(state: HubState, timestamp_us: number): RulesContext {
  return {
    reference: state.reference,
    timestamp_us,
    holdings: (owner: string, instrument: string, link: Link) => {
      const broker = state.reference.investors.get(owner)?.broker ?? owner;
      const account = state.ledger.accounts.get(connectAccountId(link, broker, owner, instrument));
      const settled = account === undefined ? 0 : Number(postedBalance(account));
      return settled + unsettledUnits(state, owner, instrument, marketDate(timestamp_us));
    },
  };
}

/**
 * What the books ask and set off: pre-funding of shared-book orders; on a fill, the rules'
 * bookkeeping, the release of the funds it used, then settlement capture (which may settle at
 * once, with the released funds); on a cancel or replace, the rules and the funds.
 */
export function marketHooks(state: HubState, sink: EventSink): MarketHooks {
  const refund = (order_id: number, remaining_units: number, timestamp_us: number) => {
    const meta = state.markets.markets.orders.get(order_id);
    if (meta !== undefined) refundOrder(state, sink, meta, remaining_units, timestamp_us);
  };
  return {
    prefund: (request) => prefundOrder(state, sink, request),
    onTrade: (trade) => {
      onTrade(state.rules, trade, state.reference);
      refund(trade.buy_order_id, trade.buy_remaining_units, trade.timestamp_us);
      refund(trade.sell_order_id, trade.sell_remaining_units, trade.timestamp_us);
      captureForSettlement(state, trade, sink);
    },
    onCancelled: (cancelled, timestamp_us) => {
      onCancelled(state.rules, cancelled, timestamp_us);
      refund(cancelled.order_id, cancelled.remaining_units, timestamp_us);
    },
    onReplaced: refund,
  };
}

/** The next opening or closing strictly after `after_us`. */
function nextConnectBoundary(after_us: number): number {
  const date = marketDate(after_us);
  const second = secondOfDay(after_us);
  if (second < OPENS_SECOND) return timestampAt(date, DAY_OPENS);
  if (second < CLOSES_SECOND) return timestampAt(date, DAY_CLOSES);
  return timestampAt(addDays(date, 1), DAY_OPENS);
}

/** Starts the rules' day clock at the hub's first moment. */
export function startConnectClock(state: HubState, now_us: number): void {
  if (state.connect_clock.next_us === 0) state.connect_clock.next_us = nextConnectBoundary(now_us);
}

/** Applies the rules' day boundary due at `at_us` (an opening or a closing). */
export function advanceConnectDay(state: HubState, at_us: number, sink: EventSink): void {
  const clock = state.connect_clock;
  const date = marketDate(at_us);
  const opening = secondOfDay(at_us) < CLOSES_SECOND;
  if (clock.open_date !== '') {
    const ended = onDayEnd(state.rules, state.reference, at_us);
    if (ended.ok) sink.emit({ type: 'connect_day_ended', report: ended.value });
    clock.open_date = '';
  }
  if (opening) {
    const started = onDayStart(state.rules, state.reference, date);
    // Outside the calendars' covered years there is no trading day to open.
    if (started.ok) {
      clock.open_date = date;
      sink.emit({ type: 'connect_day_started', report: started.value });
    }
  }
  clock.next_us = nextConnectBoundary(at_us);
}
