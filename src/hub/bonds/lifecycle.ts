/**
 * Coupons and redemptions on the hub clock (docs/bonds.md §8.12): as a CSD's paying agent does,
 * the hub pays every coupon and redeems every bond on its payment date without being asked. At
 * `LIFECYCLE_AT` (market time, UTC+8) of each day the time walk reaches, each registered bond's
 * coupon whose payment date is that day is run as `bonds.pay_coupon` would run it, then, on the
 * maturity payment date, the redemption as `bonds.redeem`. A run that cannot be made (the issuer
 * short of cash, a holder without a cash account, a floating coupon without its fixing) changes
 * nothing and is published as `bond_lifecycle_failed` for the operator, who makes it later with
 * the commands themselves. Coupons the operator paid already are skipped; a bond registered on
 * its payment date after the day's run is paid at the next command; coupons due on earlier days
 * than a bond's registration (or the hub's first command) are not run.
 * @module
 */

import {
  addDays,
  dayNumber,
  isoDate,
  marketDate,
  secondOfDay,
  timestampAt,
} from '../../kernel/index.js';
import { OPERATOR_ACTOR } from '../../ledger/index.js';
import type { CommandContext } from '../context.js';
import type { EventSink } from '../events.js';
import type { HubState } from '../state.js';
import { couponKey, payCoupon } from './coupon.js';
import { redeemBond } from './redemption.js';
import type { BondRecord, BondsState } from './state.js';

/** The hour of the day's runs (an assumption: the start of the payment date's business day). */
export const LIFECYCLE_AT = '09:00';
const LIFECYCLE_SECOND = 9 * 3_600;

/** The next instant of a lifecycle run, or +∞ before the clock has started. */
export function nextLifecycleUs(state: BondsState): number {
  return state.lifecycle.next_us === 0 ? Number.POSITIVE_INFINITY : state.lifecycle.next_us;
}

/** Starts the clock at the first command: the first run is the next `LIFECYCLE_AT`. */
export function startLifecycleClock(state: BondsState, now_us: number): void {
  if (state.lifecycle.next_us === 0) state.lifecycle.next_us = nextRunUs(now_us);
}

function nextRunUs(after_us: number): number {
  const date = marketDate(after_us);
  return secondOfDay(after_us) < LIFECYCLE_SECOND
    ? timestampAt(date, LIFECYCLE_AT)
    : timestampAt(addDays(date, 1), LIFECYCLE_AT);
}

/**
 * A bond registered after the day's run would miss a coupon due that day: its registration asks
 * for another run of the day at the next command (bonds already paid or redeemed are skipped,
 * and failures of the morning are tried again).
 */
export function catchUpAfterRegistration(state: BondsState, now_us: number): void {
  if (state.lifecycle.next_us === 0 || secondOfDay(now_us) < LIFECYCLE_SECOND) return;
  state.lifecycle.next_us = Math.min(state.lifecycle.next_us, now_us + 1);
}

/** The day's coupons and redemptions, bonds in registration order. */
export function runLifecycleDay(state: HubState, at_us: number, sink: EventSink): void {
  const day = dayNumber(marketDate(at_us));
  const context = timeContext(at_us, sink);
  for (const bond of state.bonds.bonds.values()) {
    if (state.bonds.redeemed.has(bond.terms.isin)) continue;
    for (const coupon_date of couponsPayableOn(bond, day)) {
      const command = { type: 'bonds.pay_coupon', isin: bond.terms.isin, coupon_date } as const;
      if (state.bonds.coupons_paid.has(couponKey(command))) continue; // paid by the operator
      const refused = payCoupon(state, command, context);
      if (refused !== undefined) failed(sink, bond, 'coupon', coupon_date, refused);
    }
    if (maturityPaymentDay(bond) === day) {
      const refused = redeemBond(state, { type: 'bonds.redeem', isin: bond.terms.isin }, context);
      if (refused !== undefined)
        failed(sink, bond, 'redemption', bond.terms.maturity_date, refused);
    }
  }
  state.bonds.lifecycle.next_us = nextRunUs(at_us);
}

/** The coupon dates (period ends) whose payment falls on `day`; none for a zero coupon. */
function couponsPayableOn(bond: BondRecord, day: number): string[] {
  if (bond.terms.coupon.kind === 'zero') return [];
  const dates: string[] = [];
  for (const period of bond.schedule.periods) {
    if (period.payment_day === day) dates.push(isoDate(period.end_day));
  }
  return dates;
}

function maturityPaymentDay(bond: BondRecord): number {
  const periods = bond.schedule.periods;
  return periods[periods.length - 1]?.payment_day ?? -1;
}

function failed(
  sink: EventSink,
  bond: BondRecord,
  action: 'coupon' | 'redemption',
  date: string,
  refused: { readonly code: string; readonly message: string },
): void {
  sink.emit({
    type: 'bond_lifecycle_failed',
    isin: bond.terms.isin,
    action,
    date,
    code: refused.code,
    message: refused.message,
  });
}

/**
 * The runs act as the operator at the run's instant. Coupon and redemption runs check everything
 * before they change anything, so they register no undo steps.
 */
function timeContext(at_us: number, sink: EventSink): CommandContext {
  return {
    seq: 0,
    timestamp_us: at_us,
    actor: OPERATOR_ACTOR,
    emit: (event) => sink.emit(event),
    onRollback: () => {
      throw new Error('a lifecycle run registered an undo step');
    },
  };
}
