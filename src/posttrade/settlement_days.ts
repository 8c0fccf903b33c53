/**
 * Which days settle: a stream settles, retries its fails and accrues penalties only on business
 * days of its own calendar (every day for a calendar-free stream, such as the 24/7 shared book).
 * A settlement group (a CCP, or BILATERAL) runs on a date when at least one of its streams is
 * open; inside it, instructions of a stream that is closed that day wait.
 * @module
 */

import { accept, type Outcome, type Rejection } from '../kernel/index.js';
import {
  isTradingDay,
  type Market,
  type MarketCalendar,
  nextTradingDay,
} from '../reference/index.js';
import { BILATERAL, streamOf } from './capture.js';
import { refuse } from './codes.js';
import type { PosttradeConfig } from './config.js';
import { calendarOf, settlementDates } from './dates.js';
import { ROUTES_BY_MARKET } from './trade_checks.js';
import type { Stream } from './types.js';

const MARKETS: readonly Market[] = ['XSHG', 'XSHE', 'XHKG', 'VATP', 'CMU', 'CIBM'];

/** The streams whose instructions settle in `group` under `config`. */
export function streamsOfGroup(config: PosttradeConfig, group: string): Stream[] {
  const streams = new Set<Stream>();
  for (const market of MARKETS) {
    if ((config.ccp_by_market[market] ?? BILATERAL) !== group) continue;
    for (const route of ROUTES_BY_MARKET[market]) streams.add(streamOf(market, route));
  }
  return [...streams];
}

/**
 * Whether `date` is a business day of the stream's calendar. A date outside the calendar's
 * years is not (the calendar does not guess).
 */
export function isStreamSettlementDay(
  config: PosttradeConfig,
  stream: Stream,
  date: string,
): boolean {
  const calendar = calendarOf(config.streams[stream].calendar);
  if (calendar === undefined) return true;
  const open = isTradingDay(calendar, date);
  return open.ok && open.value;
}

/** The streams that settle on `date`. */
export function streamsOpenOn(config: PosttradeConfig, date: string): ReadonlySet<Stream> {
  const open = new Set<Stream>();
  for (const stream of Object.keys(config.streams) as Stream[]) {
    if (isStreamSettlementDay(config, stream, date)) open.add(stream);
  }
  return open;
}

/** Whether `group` settles on `date`: at least one of its streams does. */
export function isGroupSettlementDay(
  config: PosttradeConfig,
  group: string,
  date: string,
): boolean {
  return streamsOfGroup(config, group).some((s) => isStreamSettlementDay(config, s, date));
}

/** `CYCLE_NOT_A_SETTLEMENT_DAY` for the first group that does not settle on `date`. */
export function checkSettlementDay(
  config: PosttradeConfig,
  groups: readonly string[],
  date: string,
): Rejection | undefined {
  const closed = groups.find((group) => !isGroupSettlementDay(config, group, date));
  if (closed === undefined) return undefined;
  return refuse(
    'CYCLE_NOT_A_SETTLEMENT_DAY',
    `${date} is not a business day of any calendar group ${closed} settles in`,
    {
      group: closed,
      settlement_date: date,
      calendars: streamsOfGroup(config, closed).map((s) => config.streams[s].calendar),
    },
  );
}

/**
 * Whether a trade made on `date` (or, on a closed day, on the next trading day) by a side of
 * `market` arriving by `route` could be settled: its securities and cash dates are inside the
 * calendar's data. A venue checks this at order entry, so it never prints a trade that settlement
 * cannot capture (`SETTLEMENT_DATE_UNAVAILABLE`).
 */
export function checkTradeSettles(
  config: PosttradeConfig,
  market: Market,
  route: string,
  date: string,
): Rejection | undefined {
  const rules = config.streams[streamOf(market, route)];
  const calendar = calendarOf(rules.calendar);
  if (calendar === undefined) return undefined;
  const trade_date = tradeDateFrom(calendar, date);
  if (!trade_date.ok) {
    return refuse('SETTLEMENT_DATE_UNAVAILABLE', `No settlement date: ${trade_date.message}`, {
      calendar: rules.calendar,
      date,
      cause: trade_date.code,
    });
  }
  const dates = settlementDates(rules, trade_date.value);
  return dates.ok ? undefined : dates;
}

/** `date` if the market trades on it, else the next day it does. */
function tradeDateFrom(calendar: MarketCalendar, date: string): Outcome<string> {
  const open = isTradingDay(calendar, date);
  if (!open.ok) return open;
  return open.value ? accept(date) : nextTradingDay(calendar, date);
}
