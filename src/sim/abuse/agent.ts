/**
 * The shape every abusive agent and negative control shares, and the scheduling helpers they use
 * to place episodes inside continuous trading. Agents act at the microsecond they ask for, see
 * the result of each command they send, and label what they did.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { timestampAt, US_PER_SECOND } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';

export interface AbuseAgent {
  readonly name: string;
  /** When the agent next wants to act; `Infinity` when it has nothing more to do. */
  readonly next_us: number;
  act(state: HubState, now_us: number): Submission[];
  observe(submission: Submission, result: CommandResult, now_us: number): void;
  /** The day is over: label what is still open. */
  finish(now_us: number): void;
}

/** Continuous-trading windows (local clock) agents schedule episodes in, with margins. */
const CONTINUOUS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  XSHG: [
    ['09:31', '11:27'],
    ['13:01', '14:50'],
  ],
  XSHE: [
    ['09:31', '11:27'],
    ['13:01', '14:50'],
  ],
  XHKG: [
    ['09:31', '11:57'],
    ['13:01', '15:53'],
  ],
};

/**
 * `count` start times in continuous trading on `date`, at least `gap_s` apart, in time order:
 * drawn uniformly over the market's windows.
 */
export function episodeStarts(
  rng: Mulberry32,
  market: string,
  date: string,
  count: number,
  gap_s: number,
): number[] {
  const windows = (CONTINUOUS[market] ?? []).map(([from, to]) => [
    timestampAt(date, from),
    timestampAt(date, to),
  ]) as Array<[number, number]>;
  const total = windows.reduce((sum, [from, to]) => sum + (to - from), 0);
  const starts: number[] = [];
  for (let attempt = 0; attempt < count * 50 && starts.length < count; attempt += 1) {
    let offset = Math.floor(rng.uniform() * total);
    for (const [from, to] of windows) {
      if (offset < to - from) {
        const at = from + offset;
        if (starts.every((s) => Math.abs(s - at) >= gap_s * US_PER_SECOND)) starts.push(at);
        break;
      }
      offset -= to - from;
    }
  }
  return starts.sort((a, b) => a - b);
}

/** Seconds as microseconds, with a random jitter in [low_s, high_s]. */
export function jitterUs(rng: Mulberry32, low_s: number, high_s: number): number {
  return Math.floor((low_s + rng.uniform() * (high_s - low_s)) * US_PER_SECOND);
}

/** The cancel events of a result: what was actually cancelled. */
export function cancelledUnits(result: CommandResult): number {
  let units = 0;
  for (const e of result.events)
    if (e.type === 'order_cancelled' && e.reason === 'user_cancel') units += e.cancelled_units;
  return units;
}

/** Units the order of `owner` traded in this result, and on which side. */
export function tradedUnits(
  result: CommandResult,
  owner: string,
): { bought: number; sold: number } {
  let bought = 0;
  let sold = 0;
  for (const e of result.events) {
    if (e.type !== 'trade') continue;
    if (e.buyer === owner) bought += e.quantity_units;
    if (e.seller === owner) sold += e.quantity_units;
  }
  return { bought, sold };
}
