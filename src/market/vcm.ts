/**
 * HK volatility control mechanism (VCM): when a trade would print more than ±trigger away from the
 * last trade at least `lookback` (5 minutes) earlier, the trade is not done and a cooling-off
 * period starts, during which trading is confined to that band (orders that would execute outside
 * it are rejected). The caller arms it (HK: not in the first 15 minutes of each session nor the
 * last 20 minutes of the afternoon; once per session).
 *
 * The reference needs the last trade at or before `now − lookback`. History is a bounded queue of
 * (second, last price in that second): at most one entry per second, so at most lookback/1 s + 2
 * entries; entries older than the newest one at or before the cut-off are dropped as time moves.
 * @module
 */

import { assert, US_PER_SECOND } from '../kernel/index.js';
import type { VcmConfig } from './config.js';

export class VcmState {
  readonly config: VcmConfig;
  armed = false;
  /** When cooling-off ends (0 = not cooling off). */
  cooling_until_us = 0;
  band_floor = 0;
  band_ceiling = 0;
  private readonly seconds: Float64Array;
  private readonly prices: Float64Array;
  private head = 0;
  private length = 0;

  constructor(config: VcmConfig) {
    this.config = config;
    const capacity = Math.ceil(config.lookback_us / US_PER_SECOND) + 2;
    this.seconds = new Float64Array(capacity);
    this.prices = new Float64Array(capacity);
  }

  /** A new day: no history, not armed, not cooling off. */
  reset(): void {
    this.armed = false;
    this.cooling_until_us = 0;
    this.band_floor = 0;
    this.band_ceiling = 0;
    this.head = 0;
    this.length = 0;
  }

  /** Records the last trade price of an operation at `timestamp_us`. */
  recordTrade(timestamp_us: number, price: number): void {
    const second = Math.floor(timestamp_us / US_PER_SECOND);
    const capacity = this.seconds.length;
    if (this.length > 0) {
      const tail = (this.head + this.length - 1) % capacity;
      assert((this.seconds[tail] as number) <= second, 'VCM history must move forward in time');
      if (this.seconds[tail] === second) {
        this.prices[tail] = price;
        return;
      }
    }
    this.dropOlderThan(second * US_PER_SECOND);
    assert(this.length < capacity, 'VCM history full');
    const cell = (this.head + this.length) % capacity;
    this.seconds[cell] = second;
    this.prices[cell] = price;
    this.length++;
  }

  /** The last trade price at or before `timestamp_us − lookback`, or 0 if there is none. */
  referenceAt(timestamp_us: number): number {
    const cutoff_us = timestamp_us - this.config.lookback_us;
    this.dropOlderThan(timestamp_us);
    if (this.length === 0) return 0;
    return this.endOf(this.head) <= cutoff_us ? (this.prices[this.head] as number) : 0;
  }

  /** Keeps only the newest entry at or before the cut-off of `now_us`, and everything after it. */
  private dropOlderThan(now_us: number): void {
    const cutoff_us = now_us - this.config.lookback_us;
    const capacity = this.seconds.length;
    while (this.length >= 2) {
      const next = (this.head + 1) % capacity;
      if (this.endOf(next) > cutoff_us) break;
      this.head = next;
      this.length--;
    }
  }

  /**
   * The last microsecond of an entry's second. History has one-second resolution: a second
   * counts as "at or before the cut-off" only once it has wholly passed it.
   */
  private endOf(cell: number): number {
    return ((this.seconds[cell] as number) + 1) * US_PER_SECOND - 1;
  }

  /** Plain data for snapshots. */
  toData(): number[] {
    const data = [this.armed ? 1 : 0, this.cooling_until_us, this.band_floor, this.band_ceiling];
    for (let i = 0; i < this.length; i++) {
      const cell = (this.head + i) % this.seconds.length;
      data.push(this.seconds[cell] as number, this.prices[cell] as number);
    }
    return data;
  }

  fromData(data: readonly number[]): void {
    assert(data.length >= 4 && data.length % 2 === 0, 'bad VCM snapshot');
    this.armed = data[0] === 1;
    this.cooling_until_us = data[1] as number;
    this.band_floor = data[2] as number;
    this.band_ceiling = data[3] as number;
    this.head = 0;
    this.length = 0;
    for (let i = 4; i < data.length; i += 2) {
      this.seconds[this.length] = data[i] as number;
      this.prices[this.length] = data[i + 1] as number;
      this.length++;
    }
  }
}
