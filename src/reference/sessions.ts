/**
 * Trading sessions as data: which phase a market is in at a local time (Beijing/Hong Kong time,
 * UTC+8 for both, no daylight saving).
 *
 * Phase names describe what the venue does, not how an engine implements it, so the matching
 * engine can map each to "accept orders / allow cancels / match continuously / collect for an
 * auction / uncross":
 * - `closed`: nothing is accepted.
 * - `opening_call`: orders and cancels are accepted and collected for the opening auction
 *   (SSE/SZSE 09:15–09:20; SEHK's pre-opening order input 09:00–09:15).
 * - `opening_call_no_cancel`: orders are still collected, cancels are refused (SSE/SZSE
 *   09:20–09:25; SEHK pre-order matching 09:15–09:20).
 * - `opening_uncross`: SEHK 09:20–09:28: no input or cancel; the auction uncrosses at a random
 *   moment in 09:20–09:22. (SSE/SZSE uncross at the instant 09:25.)
 * - `opening_pause`: SSE/SZSE 09:25–09:30: orders and cancels are received and held, nothing
 *   matches; they are processed when continuous trading starts.
 * - `blocking`: SEHK 09:28–09:30: no input, no cancel, no matching.
 * - `continuous`: continuous matching.
 * - `lunch_break`: nothing is accepted.
 * - `lunch_cancel_only`: SEHK 12:30–13:00: cancels only.
 * - `closing_reference`: SEHK closing auction 16:00–16:01: the reference price is fixed; no input.
 * - `closing_call`: SEHK 16:01–16:06: orders and cancels collected for the closing auction.
 * - `closing_call_no_cancel`: orders collected, cancels refused (SSE/SZSE 14:57–15:00; SEHK
 *   16:06–16:08); SSE/SZSE uncross at 15:00.
 * - `closing_random_close`: SEHK 16:08–16:10: as no-cancel, and the auction uncrosses at a random
 *   moment in the window.
 * SEHK half days: the same morning, then the closing auction 12:00–12:10 and no afternoon.
 * @module
 */

import {
  accept,
  assert,
  clockSeconds,
  marketDate,
  type Outcome,
  secondOfDay,
} from '../kernel/index.js';
import { dayKind } from './calendars/calendar.js';
import { calendarFor } from './calendars/calendars.js';
import { refuse } from './codes.js';
import type { Market } from './markets.js';

/** Every phase a session can be in (see the module note for what each allows). */
export const SESSION_PHASES = [
  'closed',
  'opening_call',
  'opening_call_no_cancel',
  'opening_uncross',
  'opening_pause',
  'blocking',
  'continuous',
  'lunch_break',
  'lunch_cancel_only',
  'closing_reference',
  'closing_call',
  'closing_call_no_cancel',
  'closing_random_close',
] as const;

/** One of `SESSION_PHASES`. */
export type SessionPhase = (typeof SESSION_PHASES)[number];

/** A phase starting at a local clock time and lasting until the next entry (or midnight). */
export interface SessionStep {
  readonly from: string;
  /** `from` in seconds since local midnight. */
  readonly from_second: number;
  readonly phase: SessionPhase;
}

function step(from: string, phase: SessionPhase): SessionStep {
  return { from, from_second: clockSeconds(from), phase };
}

/** Steps from 00:00, in time order; the last phase lasts until midnight. */
export type SessionSchedule = readonly SessionStep[];

const MAINLAND_DAY: SessionSchedule = checked([
  step('00:00', 'closed'),
  step('09:15', 'opening_call'),
  step('09:20', 'opening_call_no_cancel'),
  step('09:25', 'opening_pause'),
  step('09:30', 'continuous'),
  step('11:30', 'lunch_break'),
  step('13:00', 'continuous'),
  step('14:57', 'closing_call_no_cancel'),
  step('15:00', 'closed'),
]);

const SEHK_MORNING: SessionSchedule = [
  step('00:00', 'closed'),
  step('09:00', 'opening_call'),
  step('09:15', 'opening_call_no_cancel'),
  step('09:20', 'opening_uncross'),
  step('09:28', 'blocking'),
  step('09:30', 'continuous'),
];

/** The closing auction session (CAS) starting at `start`: 1 + 5 + 2 + 2 minutes. */
function closingAuction(
  start: string,
  input: string,
  no_cancel: string,
  random: string,
  end: string,
): SessionSchedule {
  return [
    step(start, 'closing_reference'),
    step(input, 'closing_call'),
    step(no_cancel, 'closing_call_no_cancel'),
    step(random, 'closing_random_close'),
    step(end, 'closed'),
  ];
}

const SEHK_FULL_DAY: SessionSchedule = checked([
  ...SEHK_MORNING,
  step('12:00', 'lunch_break'),
  step('12:30', 'lunch_cancel_only'),
  step('13:00', 'continuous'),
  ...closingAuction('16:00', '16:01', '16:06', '16:08', '16:10'),
]);

const SEHK_HALF_DAY: SessionSchedule = checked([
  ...SEHK_MORNING,
  ...closingAuction('12:00', '12:01', '12:06', '12:08', '12:10'),
]);

/** Crashes at load unless a schedule starts at midnight and its steps ascend. */
function checked(schedule: SessionSchedule): SessionSchedule {
  assert(schedule[0]?.from_second === 0, 'a schedule starts at 00:00');
  for (let index = 1; index < schedule.length; index += 1) {
    assert(
      (schedule[index]?.from_second ?? 0) > (schedule[index - 1]?.from_second ?? 0),
      'steps ascend',
    );
  }
  return schedule;
}

/** The schedule of an exchange market on a full day and on a half day. */
export function sessionSchedule(
  market: 'XSHG' | 'XSHE' | 'XHKG',
  half_day: boolean,
): SessionSchedule {
  if (market === 'XHKG') return half_day ? SEHK_HALF_DAY : SEHK_FULL_DAY;
  return MAINLAND_DAY;
}

function phaseIn(schedule: SessionSchedule, second_of_day: number): SessionPhase {
  let phase: SessionPhase = 'closed';
  for (const { from_second, phase: next } of schedule) {
    if (from_second > second_of_day) break;
    phase = next;
  }
  return phase;
}

/**
 * The phase of `market` at `second_of_day` (0–86399, local time) on `date`. Closed days are
 * `closed` all day; a VATP trades continuously every day; CMU is a CSD with no trading sessions
 * (`NO_TRADING_SESSIONS`). Dates outside the calendar are refused, not guessed.
 */
export function sessionPhaseAt(
  market: Market,
  date: string,
  second_of_day: number,
): Outcome<SessionPhase> {
  assert(
    Number.isInteger(second_of_day) && second_of_day >= 0 && second_of_day < 86_400,
    'second of day',
  );
  if (market === 'VATP') return accept('continuous');
  if (market === 'CMU' || market === 'CIBM') {
    return refuse('NO_TRADING_SESSIONS', `${market} trades bonds bilaterally, without sessions`, {
      market,
    });
  }
  const calendar = calendarFor(market);
  assert(calendar !== undefined, `${market} has a calendar`);
  const kind = dayKind(calendar, date);
  if (!kind.ok) return kind;
  if (kind.value === 'closed') return accept('closed');
  return accept(phaseIn(sessionSchedule(market, kind.value === 'half_day'), second_of_day));
}

/** The phase at a hub timestamp (microseconds since the epoch), read in UTC+8. */
export function sessionPhaseAtTimestamp(
  market: Market,
  timestamp_us: number,
): Outcome<SessionPhase> {
  return sessionPhaseAt(market, marketDate(timestamp_us), secondOfDay(timestamp_us));
}
