/**
 * Index fixings for floating-rate bonds (docs/bonds.md §8.11): the operator publishes each
 * index's daily fixing (`bonds.publish_fixing`), and a floating coupon period accrues at the
 * fixing in force at its start plus the bond's spread. Trades (accrued interest at acceptance)
 * and coupon runs read the same fixing, so the money of a period never depends on who asks.
 *
 * The fixing in force at a period's start is the latest one published for a date on or before
 * the start, at most `FIXING_LOOKBACK_DAYS` calendar days earlier (an assumption: a bond's own
 * fixing lag and fallback are in its prospectus and are not modelled; the look-back covers the
 * longest Mainland and Hong Kong holidays, so a holiday start still finds the last fixing, and a
 * missing publication is refused rather than silently using a stale rate).
 * @module
 */

import { type BondSchedule, FLOATING_INDEXES, periodIndex, RATE_SCALE } from '../../bonds/index.js';
import { dayNumber, marketDate, type Rejection, reject } from '../../kernel/index.js';
import type { PublishFixing } from '../../protocol/bonds.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import type { FixingTable } from './state.js';

export const FIXING_LOOKBACK_DAYS = 10;
/** Fixings beyond ±100 % are refused: no published index has come near. */
const FIXING_BOUND_E12 = RATE_SCALE;

/** `bonds.publish_fixing` (operator). A published fixing is final: it is never replaced. */
export function publishFixing(
  state: HubState,
  command: PublishFixing,
  context: CommandContext,
): Rejection | undefined {
  const refused_actor = operatorOnly(context, 'publish index fixings');
  if (refused_actor !== undefined) return refused_actor;
  const refused = checkFixing(state.bonds.fixings, command, marketDate(context.timestamp_us));
  if (refused !== undefined) return refused;
  const rate_e12 = BigInt(command.rate_e12);
  let by_date = state.bonds.fixings.get(command.index);
  if (by_date === undefined) {
    by_date = new Map();
    state.bonds.fixings.set(command.index, by_date);
  }
  by_date.set(command.date, rate_e12);
  context.emit({
    type: 'bond_fixing_published',
    index: command.index,
    date: command.date,
    rate_e12,
  });
  return undefined;
}

function checkFixing(
  fixings: FixingTable,
  command: PublishFixing,
  today: string,
): Rejection | undefined {
  if (!(FLOATING_INDEXES as readonly string[]).includes(command.index)) {
    return reject('BOND_FIXING_INDEX_UNKNOWN', 'No floating-rate index has this name', {
      index: command.index,
      indexes: FLOATING_INDEXES.join(','),
    });
  }
  const rate = BigInt(command.rate_e12);
  if (rate > FIXING_BOUND_E12 || rate < -FIXING_BOUND_E12) {
    return reject('BOND_FIXING_RATE_INVALID', 'A fixing lies between -100 % and 100 %', {
      rate_e12: command.rate_e12,
    });
  }
  if (command.date > today) {
    return reject('BOND_FIXING_DATE_IN_FUTURE', 'A fixing is published on or after its date', {
      date: command.date,
      today,
    });
  }
  if (fixings.get(command.index)?.has(command.date) === true) {
    return reject('BOND_FIXING_EXISTS', 'This index already has a fixing for this date', {
      index: command.index,
      date: command.date,
    });
  }
  return undefined;
}

/**
 * The fixing a floating bond's period containing `day` accrues at, or undefined (a fixed or zero
 * coupon, a day outside the bond's life, or no fixing in force: the callers refuse with
 * `BOND_FIXING_REQUIRED`).
 */
export function fixingForDay(
  fixings: FixingTable,
  schedule: BondSchedule,
  day: number,
): bigint | undefined {
  const k = periodIndex(schedule, day);
  const period = schedule.periods[k];
  if (period === undefined) return undefined;
  return fixingAtStart(fixings, schedule, period.start_day);
}

/** The fixing in force at a period's start (see the module's comment), or undefined. */
export function fixingAtStart(
  fixings: FixingTable,
  schedule: BondSchedule,
  start_day: number,
): bigint | undefined {
  const coupon = schedule.terms.coupon;
  if (coupon.kind !== 'floating') return undefined;
  const by_date = fixings.get(coupon.index);
  if (by_date === undefined) return undefined;
  let best_day = -1;
  let best: bigint | undefined;
  for (const [date, rate] of by_date) {
    const d = dayNumber(date);
    if (d <= start_day && d > best_day && d >= start_day - FIXING_LOOKBACK_DAYS) {
      best_day = d;
      best = rate;
    }
  }
  return best;
}
