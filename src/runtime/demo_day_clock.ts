/**
 * The demo market's compressed day: hub time that passes through a whole trading day, the
 * closing auctions, the close, the 17:00 settlement cycles and the night, fast enough that a
 * person watching for ten minutes sees closing prices set, trades settle, balances move, quotas
 * reset and the next day open.
 *
 * On a day that both the Mainland and the Hong Kong calendars trade in full (Hong Kong time):
 *
 * | Hub time | Pace | Wall time |
 * |---|---|---|
 * | 09:00–11:30 (opening auctions, morning session) | 90× | 100 s |
 * | 11:30–13:00 (lunch) | compressed | 5 s |
 * | 13:00–16:15 (afternoon, closing auctions, Connect close) | 90× | 130 s |
 * | 16:15–17:05 (the 17:00 settlement cycles) | compressed | 10 s |
 * | 17:05–09:00 of the next such day (night, weekends, holidays) | compressed | 10 s |
 *
 * About 4¼ minutes a day. The hub walks every session change, Connect day and settlement cycle
 * on the way, as after any gap. Past the calendars' coverage (2025–2026) the clock follows the
 * wall clock. The operator moves it forward with `POST /v1/clock/advance` (`advanceTo`).
 * @module
 */

import { addDays, marketDate, secondOfDay, timestampAt } from '../kernel/time.js';
import { calendarFor, dayKind } from '../reference/index.js';
import type { Clock } from './clock.js';

/** A day both the Mainland and the Hong Kong calendars trade in full. */
export function fullDayInBoth(date: string): boolean {
  for (const market of ['XSHG', 'XHKG'] as const) {
    const calendar = calendarFor(market);
    if (calendar === undefined) return false;
    const kind = dayKind(calendar, date);
    if (!kind.ok || kind.value !== 'full_day') return false;
  }
  return true;
}

/** Hub time per wall time while the markets trade. */
export const DEMO_DAY_SPEED = 90;

interface DaySegment {
  readonly from: string;
  readonly to: string;
  /** Either a pace, or how much wall time the whole segment takes. */
  readonly speed?: number;
  readonly wall_ms?: number;
}

const DAY: readonly DaySegment[] = [
  { from: '09:00', to: '11:30', speed: DEMO_DAY_SPEED },
  { from: '11:30', to: '13:00', wall_ms: 5_000 },
  { from: '13:00', to: '16:15', speed: DEMO_DAY_SPEED },
  { from: '16:15', to: '17:05', wall_ms: 10_000 },
];
const DAY_START_SECOND = 9 * 3600;
const DAY_END_SECOND = 17 * 3600 + 5 * 60;
/** The night (and any weekend or holiday in it) passes in this much wall time. */
export const NIGHT_WALL_MS = 10_000;
const SEARCH_DAYS_MAX = 31;

/** A stretch of hub time passed at one pace: hub µs per wall µs. */
export interface Segment {
  readonly start_us: number;
  /** Infinity past the calendars. */
  readonly end_us: number;
  readonly speed: number;
}

/** 09:00 of the first demo day at or after `t_us`'s date whose 09:00 is not before `t_us`. */
export function nextDemoOpen(t_us: number): number | null {
  let date = marketDate(t_us);
  for (let day = 0; day <= SEARCH_DAYS_MAX; day += 1, date = addDays(date, 1)) {
    if (!fullDayInBoth(date)) continue;
    const open = timestampAt(date, '09:00');
    if (open >= t_us) return open;
  }
  return null;
}

/** The segment that hub time at `t_us` moves through; a night starts at `t_us`. */
export function segmentAt(t_us: number): Segment {
  const date = marketDate(t_us);
  const second = secondOfDay(t_us);
  if (fullDayInBoth(date) && second >= DAY_START_SECOND && second < DAY_END_SECOND) {
    for (const segment of DAY) {
      const start_us = timestampAt(date, segment.from);
      const end_us = timestampAt(date, segment.to);
      if (t_us >= end_us) continue;
      const speed = segment.speed ?? (end_us - start_us) / ((segment.wall_ms ?? 1) * 1_000);
      return { start_us, end_us, speed };
    }
  }
  const open = nextDemoOpen(t_us);
  if (open === null) return { start_us: t_us, end_us: Number.POSITIVE_INFINITY, speed: 1 };
  return {
    start_us: t_us,
    end_us: open,
    speed: Math.max(1, (open - t_us) / (NIGHT_WALL_MS * 1_000)),
  };
}

export class DemoDayClock implements Clock {
  private market_us: number;
  private segment: Segment;
  private wall_ms: number;

  /** A clock for a server starting at `t_us`: in the night it starts at the next open instead. */
  static startingAt(t_us: number, wall_now_ms: () => number = Date.now): DemoDayClock {
    const second = secondOfDay(t_us);
    const in_day =
      fullDayInBoth(marketDate(t_us)) && second >= DAY_START_SECOND && second < DAY_END_SECOND;
    return new DemoDayClock(in_day ? t_us : (nextDemoOpen(t_us) ?? t_us), wall_now_ms);
  }

  constructor(
    start_us: number,
    private readonly wall_now_ms: () => number = Date.now,
  ) {
    this.market_us = start_us;
    this.segment = segmentAt(start_us);
    this.wall_ms = wall_now_ms();
  }

  now_us(): number {
    const wall_ms = this.wall_now_ms();
    let elapsed_us = Math.max(0, wall_ms - this.wall_ms) * 1_000;
    this.wall_ms = wall_ms;
    while (elapsed_us > 0) {
      const left_us = this.segment.end_us - this.market_us;
      const moved_us = Math.floor(elapsed_us * this.segment.speed);
      if (moved_us < left_us) {
        this.market_us += moved_us;
        break;
      }
      elapsed_us -= left_us / this.segment.speed;
      this.market_us = this.segment.end_us;
      this.segment = segmentAt(this.market_us);
    }
    return this.market_us;
  }

  /** Moves hub time forward to `t_us` at once (never back); the pace continues from there. */
  advanceTo(t_us: number): void {
    this.now_us();
    if (t_us <= this.market_us) return;
    this.market_us = t_us;
    this.segment = segmentAt(t_us);
  }
}
