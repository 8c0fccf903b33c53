/**
 * What the simulated traders believe an instrument is worth: a fair value per instrument that
 * moves by a seeded random walk with a realistic daily volatility, an overnight gap, and
 * occasional news shocks. Market makers quote around it and takers trade on it, so the book's
 * prices follow the fair value and come back to it when a burst of orders pushes them away:
 * the book cannot run away on its own.
 *
 * The walk runs on trading time: variance accrues per minute while the instrument's book is open
 * (σ_minute = σ_day / √minutes_per_day), plus an overnight gap (σ_night = σ_day × OVERNIGHT_SHARE)
 * when the market date changes. Normal draws are Irwin–Hall (twelve uniforms minus six): only
 * additions, so the walk is bit-for-bit the same on every engine. Figures: docs/sim.md.
 *
 * The fair value is the simulator's belief, a plain number of price units; every price the
 * simulator sends is an integer on its book's tick.
 * @module
 */

import type { Mulberry32 } from '../../kernel/random.js';
import { marketDate } from '../../kernel/time.js';

export interface VolatilityProfile {
  /** Standard deviation of the open-to-close return, as a fraction (0.02 = 2 %). */
  readonly sigma_day: number;
  /** Minutes of continuous trading per day on the instrument's venue. */
  readonly trading_minutes: number;
  /** Expected news shocks per trading day. */
  readonly shocks_per_day: number;
}

/** The overnight gap's σ as a share of the day's σ (assumed; docs/sim.md). */
export const OVERNIGHT_SHARE = 0.5;
/** A news shock moves the fair value by 0.5–1.5 daily σ, either way (assumed; docs/sim.md). */
const SHOCK_SIGMAS: readonly [number, number] = [0.5, 1.5];
/** A gap longer than this between two steps counts as this long (a pause, not trading time). */
const STEP_MINUTES_MAX = 5;
const US_PER_MINUTE = 60_000_000;

interface Walk {
  fair_units: number;
  last_us: number;
  date: string;
  readonly profile: VolatilityProfile;
  readonly sigma_minute: number;
}

export class FairValues {
  private readonly walks = new Map<string, Walk>();

  constructor(private readonly rng: Mulberry32) {}

  /** The fair value now, starting from `start_units` (the previous close) the first time. */
  fairUnits(id: string): number | undefined {
    return this.walks.get(id)?.fair_units;
  }

  /** Starts the walk of an instrument (no-op when it already runs). */
  start(id: string, start_units: number, profile: VolatilityProfile, now_us: number): void {
    if (this.walks.has(id)) return;
    this.walks.set(id, {
      fair_units: start_units,
      last_us: now_us,
      date: marketDate(now_us),
      profile,
      sigma_minute: profile.sigma_day / Math.sqrt(profile.trading_minutes),
    });
  }

  /**
   * Moves the fair value to `now_us`: the overnight gap on a new date, then the trading minutes
   * since the last step, and now and then a news shock. `floor_units`/`ceiling_units` keep it
   * inside the day's price limits.
   */
  advance(id: string, now_us: number, floor_units: number, ceiling_units: number): number {
    const walk = this.walks.get(id);
    if (walk === undefined) return 0;
    const date = marketDate(now_us);
    if (date !== walk.date) {
      walk.date = date;
      walk.fair_units *= 1 + walk.profile.sigma_day * OVERNIGHT_SHARE * this.normal();
    } else {
      const minutes = Math.min(
        STEP_MINUTES_MAX,
        Math.max(0, now_us - walk.last_us) / US_PER_MINUTE,
      );
      walk.fair_units *= 1 + walk.sigma_minute * Math.sqrt(minutes) * this.normal();
      const shock_chance = (walk.profile.shocks_per_day * minutes) / walk.profile.trading_minutes;
      if (this.rng.chance(shock_chance)) walk.fair_units *= 1 + this.shock(walk.profile);
    }
    walk.last_us = now_us;
    walk.fair_units = Math.min(Math.max(walk.fair_units, floor_units), ceiling_units);
    return walk.fair_units;
  }

  /** A standard normal draw (Irwin–Hall: twelve uniforms minus six). */
  private normal(): number {
    let sum = -6;
    for (let i = 0; i < 12; i += 1) sum += this.rng.uniform();
    return sum;
  }

  private shock(profile: VolatilityProfile): number {
    const [low, high] = SHOCK_SIGMAS;
    const size = (low + (high - low) * this.rng.uniform()) * profile.sigma_day;
    return this.rng.chance(0.5) ? size : -size;
  }
}
