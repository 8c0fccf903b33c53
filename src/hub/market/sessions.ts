/**
 * Sessions on the hub's clock. Before every command the hub walks each venue's timetable from
 * where it last stopped to now, applying every change in order: a new trading day (reference
 * prices and daily limits), auction collection, the uncross at the end of each auction, continuous
 * trading, the lunch break, and the end of day (DAY orders expire). The same commands therefore
 * always meet the same phases, whatever the gaps between them.
 *
 * HK's closing auction ends at a random moment between 16:08 and 16:10; the hub uncrosses at
 * 16:10, the end of that window, so replay never depends on chance.
 * @module
 */

import { assert } from '../../kernel/assert.js';
import {
  dayNumber,
  isoDate,
  marketDate,
  secondOfDay,
  timestampAt,
  US_PER_DAY,
  US_PER_SECOND,
} from '../../kernel/time.js';
import {
  auctionKindForSession,
  bookPhaseForSession,
  dailyPriceLimits,
  Phase,
  priceBand,
  referenceTickRule,
} from '../../market/index.js';
import type { TickTableId } from '../../reference/index.js';
import {
  addBusinessDays,
  calendarFor,
  dayKind,
  type Market as MarketCode,
  type SessionPhase,
  sessionPhaseAt,
  sessionSchedule,
} from '../../reference/index.js';
import { medianNominal, NOMINAL_SAMPLE_OFFSETS_S, officialClose } from './close.js';
import type { BookParams } from './params.js';
import { closeTrackerOf, type Venue } from './state.js';

/** Longest gap walked boundary by boundary; a longer one skips to the current day. */
const WALK_DAYS_MAX = 14;

/** Applies every session change of `venue` in (applied_us, now_us]. */
export function advanceSessions(code: string, venue: Venue, now_us: number): void {
  const session = venue.session;
  if (now_us < session.next_boundary_us) return; // the common case: nothing changes yet
  if (now_us - session.applied_us > WALK_DAYS_MAX * US_PER_DAY) {
    // Nothing traded in the gap: close out, then start walking at the current day's midnight.
    transition(code, venue, 'closed', marketDate(session.applied_us), session.applied_us);
    session.applied_us = timestampAt(marketDate(now_us), '00:00');
  }
  for (
    let boundary = nextBoundary(code, session.applied_us);
    boundary <= now_us;
    boundary = nextBoundary(code, boundary)
  ) {
    const date = marketDate(boundary);
    if (code === 'XHKG' && venue.session.phase === 'continuous') sampleNominals(venue, boundary);
    transition(code, venue, phaseAt(code, date, secondOfDay(boundary)), date, boundary);
    if (code === 'XHKG') applyVcmEdge(venue, date, secondOfDay(boundary));
    session.applied_us = boundary;
  }
  session.applied_us = now_us;
  session.next_boundary_us = nextBoundary(code, now_us);
}

/** A venue created mid-session joins the current phase at once. */
export function joinSession(code: string, venue: Venue, now_us: number): void {
  venue.session.applied_us = now_us;
  venue.session.next_boundary_us = nextBoundary(code, now_us);
  const date = marketDate(now_us);
  transition(code, venue, phaseAt(code, date, secondOfDay(now_us)), date, now_us);
}

/** A book added to a venue already in session starts the day and takes the venue's phase. */
export function joinBook(venue: Venue, params: BookParams, timestamp_us: number): void {
  const book = venue.market.book(params.instrument);
  assert(book !== undefined, 'joining a book that does not exist');
  if (venue.session.phase === 'closed') return; // the next opening starts its day
  startDay(venue, params, venue.session.day_started);
  setPhase(venue, params, venue.session.phase, timestamp_us);
}

function phaseAt(code: string, date: string, second: number): SessionPhase {
  const phase = sessionPhaseAt(code as MarketCode, date, second);
  // Outside the calendar's covered years the market is treated as closed, never guessed open.
  return phase.ok ? phase.value : 'closed';
}

/** The first timetable boundary strictly after `after_us`: a schedule step, or next midnight. */
function nextBoundary(code: string, after_us: number): number {
  const date = marketDate(after_us);
  const second = secondOfDay(after_us);
  if (code === 'XSHG' || code === 'XSHE' || code === 'XHKG') {
    const kind = dayKind(calendarFor(code) as NonNullable<ReturnType<typeof calendarFor>>, date);
    if (kind.ok && kind.value !== 'closed') {
      const half_day = kind.value === 'half_day';
      const schedule = sessionSchedule(code, half_day);
      const midnight_us = timestampAt(date, '00:00');
      const vcm_edge = code === 'XHKG' ? nextVcmEdge(half_day, second) : null;
      for (const step of schedule) {
        const sample = code === 'XHKG' ? nextSampleSecond(step, second) : null;
        const step_second = sample ?? (step.from_second > second ? step.from_second : null);
        if (step_second === null) continue;
        const next = vcm_edge === null ? step_second : Math.min(step_second, vcm_edge);
        return midnight_us + next * US_PER_SECOND;
      }
      if (vcm_edge !== null) return midnight_us + vcm_edge * US_PER_SECOND;
    }
  }
  return timestampAt(isoDate(dayNumber(date) + 1), '00:00');
}

/**
 * SEHK: the five instants (15:59:00 … 16:00:00, 15 s apart, ending when the CAS starts) at which
 * a nominal price is sampled for the CAS reference price; the first after `second` if it comes
 * before `step`, else null.
 */
function nextSampleSecond(
  step: { readonly from_second: number; readonly phase: SessionPhase },
  second: number,
): number | null {
  if (step.phase !== 'closing_reference') return null;
  for (const offset_s of NOMINAL_SAMPLE_OFFSETS_S) {
    const sample = step.from_second - offset_s;
    if (offset_s > 0 && sample > second) return sample;
  }
  return null;
}

/**
 * SEHK VCM windows, in seconds of the day: the VCM does not apply in the first 15 minutes of the
 * morning and afternoon sessions nor in the last 15 minutes before the CAS (HKEX VCM; docs/market.md
 * §5): 09:45–12:00 and 13:15–15:45; on a half day 09:45–11:45 (assumed: the last 15 minutes
 * before that day's CAS).
 */
const VCM_WINDOWS_FULL_DAY: ReadonlyArray<readonly [number, number]> = [
  [clock(9, 45), clock(12, 0)],
  [clock(13, 15), clock(15, 45)],
];
const VCM_WINDOWS_HALF_DAY: ReadonlyArray<readonly [number, number]> = [
  [clock(9, 45), clock(11, 45)],
];

function clock(hours: number, minutes: number): number {
  return hours * 3_600 + minutes * 60;
}

function vcmWindows(half_day: boolean): ReadonlyArray<readonly [number, number]> {
  return half_day ? VCM_WINDOWS_HALF_DAY : VCM_WINDOWS_FULL_DAY;
}

/** The first VCM window edge strictly after `second`, or null. */
function nextVcmEdge(half_day: boolean, second: number): number | null {
  for (const [start, end] of vcmWindows(half_day)) {
    if (start > second) return start;
    if (end > second) return end;
  }
  return null;
}

/** Whether the VCM applies at `at_us` on SEHK. */
function inVcmWindow(at_us: number): boolean {
  const date = marketDate(at_us);
  const kind = dayKind(calendarFor('XHKG') as NonNullable<ReturnType<typeof calendarFor>>, date);
  if (!kind.ok || kind.value === 'closed') return false;
  const second = secondOfDay(at_us);
  return vcmWindows(kind.value === 'half_day').some(
    ([start, end]) => second >= start && second < end,
  );
}

/** At a window's start the VCM is armed (once per session); at its end it is disarmed. */
function applyVcmEdge(venue: Venue, date: string, second: number): void {
  const kind = dayKind(calendarFor('XHKG') as NonNullable<ReturnType<typeof calendarFor>>, date);
  if (!kind.ok || kind.value === 'closed') return;
  for (const [start, end] of vcmWindows(kind.value === 'half_day')) {
    if (second !== start && second !== end) continue;
    for (const params of venue.params.values()) {
      if (params.vcm_trigger_bps === 0) continue;
      const book = venue.market.book(params.instrument);
      assert(book !== undefined, 'no book');
      const arm = second === start && book.phase === Phase.CONTINUOUS;
      if (arm || second === end) book.armVcm(arm);
    }
  }
}

/** Records each HK book's nominal price at a sampling instant (the last one is the CAS start). */
function sampleNominals(venue: Venue, at_us: number): void {
  const date = marketDate(at_us);
  const kind = dayKind(calendarFor('XHKG') as NonNullable<ReturnType<typeof calendarFor>>, date);
  if (!kind.ok || kind.value === 'closed') return;
  const cas = sessionSchedule('XHKG', kind.value === 'half_day').find(
    (step) => step.phase === 'closing_reference',
  );
  if (cas === undefined) return;
  const offset_s = cas.from_second - secondOfDay(at_us);
  if (!(NOMINAL_SAMPLE_OFFSETS_S as readonly number[]).includes(offset_s)) return;
  for (const params of venue.params.values()) {
    const book = venue.market.book(params.instrument);
    assert(book !== undefined, 'no book');
    closeTrackerOf(venue, params.instrument).nominal_samples_units.push(book.nominalPrice());
  }
}

function transition(
  code: string,
  venue: Venue,
  to: SessionPhase,
  date: string,
  at_us: number,
): void {
  const session = venue.session;
  const from = session.phase;
  if (to === from) return;
  // A trading day starts at its first opening; a venue that never closes (the VATP) starts once.
  const opening_day = from === 'closed' && session.day_started !== date;
  const uncross = isCollecting(from) && !isCollecting(to);
  for (const params of venue.params.values()) {
    if (opening_day) startDay(venue, params, date);
    if (uncross) uncrossBook(venue, params, at_us, auctionKindForSession(from) === 'closing');
    setPhase(venue, params, to, at_us);
  }
  if (opening_day) session.day_started = date;
  if (to === 'closed' && from !== 'lunch_break') setOfficialCloses(code, venue, at_us);
  if (to === 'closed') endDay(venue, at_us);
  session.phase = to;
  void code;
}

function isCollecting(phase: SessionPhase): boolean {
  const book_phase = bookPhaseForSession(phase);
  return book_phase === Phase.AUCTION_INPUT || book_phase === Phase.AUCTION_NO_CANCEL;
}

function startDay(venue: Venue, params: BookParams, date: string): void {
  const book = venue.market.book(params.instrument);
  assert(book !== undefined, 'no book');
  // The previous close is the official close the last trading day set (setOfficialCloses).
  const close = venue.previous_close_units.get(params.instrument) ?? 0;
  venue.last_price_units.delete(params.instrument);
  venue.closes.delete(params.instrument);
  const limits =
    params.limit_bps > 0 && close > 0 && !inFirstFiveDays(params, date)
      ? dailyPriceLimits(
          close,
          params.limit_bps,
          referenceTickRule(params.tick_table as TickTableId),
        )
      : null;
  const outcome = book.startDay({ previous_close_units: close, price_limits: limits });
  assert(
    outcome.ok,
    `start of day refused for ${params.instrument}: ${outcome.ok ? '' : outcome.code}`,
  );
}

/** A-shares trade without daily limits for their first five trading days. */
function inFirstFiveDays(params: BookParams, date: string): boolean {
  const calendar = calendarFor(params.market as MarketCode);
  if (calendar === undefined) return false;
  const sixth_day = addBusinessDays(calendar, params.listing_date, 5);
  return sixth_day.ok && date < sixth_day.value;
}

function uncrossBook(venue: Venue, params: BookParams, at_us: number, closing: boolean): void {
  const outcome = venue.market.uncross(params.instrument, at_us);
  assert(outcome.ok, `uncross refused for ${params.instrument}: ${outcome.ok ? '' : outcome.code}`);
  if (closing && outcome.value.volume_units > 0) {
    closeTrackerOf(venue, params.instrument).closing_auction_units = outcome.value.price_units;
  }
}

/** At the end of a trading day: each instrument's official close becomes its previous close. */
function setOfficialCloses(code: string, venue: Venue, at_us: number): void {
  const date = marketDate(at_us);
  for (const params of venue.params.values()) {
    const tracker = venue.closes.get(params.instrument);
    if (tracker === undefined) continue;
    const tick = referenceTickRule(params.tick_table as TickTableId);
    const close = officialClose(tracker, code === 'XHKG', tick);
    venue.closes.delete(params.instrument);
    if (close === null) continue;
    venue.previous_close_units.set(params.instrument, close.price_units);
    venue.events.onClosingPrice({
      type: 'closing_price_set',
      instrument: params.instrument,
      market: code,
      date,
      close_price_units: close.price_units,
      method: close.method,
    });
  }
}

/** SEHK's CAS reference price: the median of the sampled nominal prices, else the last trade. */
function casReference(venue: Venue, params: BookParams, fallback_units: number): number {
  const samples = venue.closes.get(params.instrument)?.nominal_samples_units ?? [];
  const median = medianNominal(samples);
  return median > 0 ? median : fallback_units;
}

function setPhase(
  venue: Venue,
  params: BookParams,
  session_phase: SessionPhase,
  at_us: number,
): void {
  const book = venue.market.book(params.instrument);
  assert(book !== undefined, 'no book');
  const phase = bookPhaseForSession(session_phase);
  if (book.phase === phase) return;
  const auction = auctionKindForSession(session_phase);
  const last_units = venue.last_price_units.get(params.instrument) ?? book.previous_close;
  const reference =
    auction !== 'closing'
      ? book.previous_close
      : params.auction_rule === 'hkex'
        ? casReference(venue, params, last_units)
        : last_units;
  const band_bps = params.auction_rule === 'hkex' ? (auction === 'closing' ? 500 : 1_500) : 0;
  const tick = referenceTickRule(params.tick_table as TickTableId);
  const options =
    auction === null
      ? {}
      : {
          auction,
          reference_price_units: reference,
          price_band: band_bps > 0 && reference > 0 ? priceBand(reference, band_bps, tick) : null,
        };
  const outcome = book.setPhase(phase, at_us, options);
  assert(
    outcome.ok,
    `phase ${session_phase} refused for ${params.instrument}: ${outcome.ok ? '' : outcome.code}`,
  );
  // A book entering continuous trading inside a VCM window (one added mid-session) is armed;
  // otherwise the window's start arms it (applyVcmEdge).
  if (phase === Phase.CONTINUOUS && params.vcm_trigger_bps > 0 && inVcmWindow(at_us)) {
    book.armVcm(true);
  }
}

function endDay(venue: Venue, at_us: number): void {
  const outcome = venue.market.expireDay(at_us);
  assert(outcome.ok, `end of day refused: ${outcome.ok ? '' : outcome.code}`);
}
