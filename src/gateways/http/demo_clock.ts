/**
 * The demo market's clock: hub time that moves with the wall clock but only through hours when
 * every demo market trades continuously, so a person who starts the demo on a Saturday night
 * still sees a living market. Hub time starts at the first such moment at or after `start_us`
 * (on a fresh market, 09:30 Hong Kong time on the first demo day; on restart, where the journal
 * stopped) and skips lunch, the closing auctions, nights, weekends and holidays by jumping to the
 * next window: the hub then walks every session change it skipped, as it would after any gap.
 *
 * Windows (Hong Kong and Mainland time are both UTC+8): 09:30–11:30 and 13:00–14:57 on days that
 * are full trading days in both the Mainland and the Hong Kong calendars. Past the calendars'
 * coverage (2025–2026) there is no window: the clock then follows the wall clock and the markets
 * stay closed. The server uses the system clock instead with `--clock system`.
 * @module
 */

import { addDays, marketDate, secondOfDay, timestampAt } from '../../kernel/time.js';
import { type Clock, fullDayInBoth } from '../../runtime/index.js';

const WINDOWS: ReadonlyArray<readonly [string, number, number]> = [
  ['09:30', 9.5 * 3600, 11.5 * 3600],
  ['13:00', 13 * 3600, 14 * 3600 + 57 * 60],
];

/** How far ahead to look for the next window before giving up (past calendar coverage). */
const SEARCH_DAYS_MAX = 31;

/** The window containing `t` as [start, end), or null. */
export function windowAt(t_us: number): readonly [number, number] | null {
  const date = marketDate(t_us);
  if (!fullDayInBoth(date)) return null;
  const second = secondOfDay(t_us);
  for (const [clock, from, to] of WINDOWS) {
    if (second >= from && second < to) {
      const start = timestampAt(date, clock);
      return [start, start + (to - from) * 1_000_000];
    }
  }
  return null;
}

/** The first trading moment at or after `t_us`; null past the calendars. */
export function nextTradingMoment(t_us: number): number | null {
  if (windowAt(t_us) !== null) return t_us;
  let date = marketDate(t_us);
  for (let day = 0; day <= SEARCH_DAYS_MAX; day += 1, date = addDays(date, 1)) {
    if (!fullDayInBoth(date)) continue;
    for (const [clock] of WINDOWS) {
      const start = timestampAt(date, clock);
      if (start >= t_us) return start;
    }
  }
  return null;
}

/** Moves `t_us` forward by `elapsed_us` of trading time. */
export function advanceTradingTime(t_us: number, elapsed_us: number): number {
  let t = t_us;
  let left = elapsed_us;
  for (;;) {
    const window = windowAt(t);
    if (window === null) {
      const next = nextTradingMoment(t);
      if (next === null) return t + left; // past the calendars: plain wall-clock pace
      t = next;
      continue;
    }
    const end = window[1];
    if (t + left < end) return t + left;
    left -= end - t;
    t = end;
  }
}

export class DemoClock implements Clock {
  private market_us: number;
  private wall_ms: number;
  /** The end of the current window: before it, time simply moves on (the common case). */
  private window_end_us: number;

  constructor(
    start_us: number,
    private readonly wall_now_ms: () => number = Date.now,
  ) {
    this.market_us = nextTradingMoment(start_us) ?? start_us;
    this.window_end_us = windowAt(this.market_us)?.[1] ?? 0;
    this.wall_ms = wall_now_ms();
  }

  now_us(): number {
    const wall_ms = this.wall_now_ms();
    const elapsed_us = Math.max(0, wall_ms - this.wall_ms) * 1_000;
    this.wall_ms = wall_ms;
    if (elapsed_us === 0) return this.market_us;
    if (this.market_us + elapsed_us < this.window_end_us) {
      this.market_us += elapsed_us;
      return this.market_us;
    }
    this.market_us = advanceTradingTime(this.market_us, elapsed_us);
    this.window_end_us = windowAt(this.market_us)?.[1] ?? 0;
    return this.market_us;
  }

  /** Moves hub time forward to `t_us` (never back); outside a window it waits for the next. */
  advanceTo(t_us: number): void {
    this.now_us();
    if (t_us <= this.market_us) return;
    this.market_us = t_us;
    this.window_end_us = windowAt(t_us)?.[1] ?? 0;
  }
}
