/**
 * What the simulated bond dealers believe a bond is worth: a yield curve per currency that drifts
 * slowly, and the bond's clean price at that yield from the bonds domain's exact arithmetic.
 *
 * A currency's curve is a level plus a slope per year to maturity (assumed, near January 2026's
 * levels: docs/sim.md). The level walks in steps of a quarter basis point, one draw per minute of
 * hub time (at most five minutes per step: a pause is not trading time), and is pulled back once
 * it strays more than 30 bp from its start, so prices never run away. All in integers.
 * @module
 */

import { type BondSchedule, cleanPriceFromYield } from '../../bonds/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { dayNumber, US_PER_MINUTE } from '../../kernel/time.js';

/** Yields in parts per 10^12 (1 % = 10^10, 1 bp = 10^8). */
const BP_E12 = 100_000_000n;
/** A quarter of a basis point: the walk's step. */
const STEP_E12 = 25_000_000n;
/** How far the level may stray from its start before it is pulled back (30 bp). */
const STRAY_MAX_E12 = 30n * BP_E12;
const MINUTES_PER_STEP_MAX = 5;

/** Starting level (yield at zero maturity) and slope per year, in bp (assumed). */
const CURVES_BP: Readonly<Record<string, readonly [number, number]>> = {
  HKD: [280, 8],
  CNH: [165, 10],
  USD: [360, 6],
  EUR: [210, 9],
};

interface Level {
  readonly start_e12: bigint;
  offset_e12: bigint;
}

export class BondCurve {
  private readonly levels = new Map<string, Level>();
  private last_us = -1;

  constructor(private readonly rng: Mulberry32) {}

  /** The curves move on by the minutes of hub time since the last call. */
  advance(now_us: number): void {
    if (this.last_us < 0) this.last_us = now_us;
    const minutes = Math.min(
      MINUTES_PER_STEP_MAX,
      Math.floor((now_us - this.last_us) / US_PER_MINUTE),
    );
    if (minutes <= 0) return;
    this.last_us += minutes * US_PER_MINUTE;
    if (now_us - this.last_us >= US_PER_MINUTE) this.last_us = now_us;
    for (const currency of Object.keys(CURVES_BP)) {
      const level = this.level(currency);
      for (let i = 0; i < minutes; i += 1) level.offset_e12 += this.draw(level.offset_e12);
    }
  }

  /** The yield of a bond settling on `settlement_date`, in 10^-12. */
  yieldE12(schedule: BondSchedule, settlement_date: string): bigint {
    const currency = schedule.terms.currency;
    const level = this.level(currency);
    const slope_bp = CURVES_BP[currency]?.[1] ?? 0;
    const days = BigInt(Math.max(0, schedule.maturity_day - dayNumber(settlement_date)));
    const slope_e12 = (BigInt(slope_bp) * BP_E12 * days) / 365n;
    return level.start_e12 + level.offset_e12 + slope_e12;
  }

  /** The fair clean price per 100 face (10^-8), or null when the bond cannot be priced then. */
  fairCleanE8(schedule: BondSchedule, settlement_date: string): bigint | null {
    const price = cleanPriceFromYield(
      schedule,
      dayNumber(settlement_date),
      this.yieldE12(schedule, settlement_date),
    );
    return price.ok ? price.value : null;
  }

  private level(currency: string): Level {
    let level = this.levels.get(currency);
    if (level === undefined) {
      const start_bp = CURVES_BP[currency]?.[0] ?? 300;
      level = { start_e12: BigInt(start_bp) * BP_E12, offset_e12: 0n };
      this.levels.set(currency, level);
    }
    return level;
  }

  /** One minute's move: −1, 0 or +1 step, towards the start when the level has strayed. */
  private draw(offset_e12: bigint): bigint {
    const step = BigInt(this.rng.int(-1, 1)) * STEP_E12;
    if (offset_e12 > STRAY_MAX_E12) return -STEP_E12;
    if (offset_e12 < -STRAY_MAX_E12) return STEP_E12;
    return step;
  }
}
