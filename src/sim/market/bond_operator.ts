/**
 * The simulator's operator for bonds: at its first steps the Bond Connect set-up
 * (genesis_bonds.ts), then each market date the Southbound quota's reference rates
 * (`bonds.set_quota_fx_rates`) and, on each coupon's payment date, the coupon run
 * (`bonds.pay_coupon`), so an operator watching a demo day sees coupons paid. Coupons due before
 * the demo's first day were paid before the hub existed and are not paid again.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import { dayNumber, isoDate, marketDate } from '../../kernel/time.js';
import { southboundDemoBonds } from '../demo_bonds.js';
import { DEMO_FIRST_DAY, type Submission } from '../genesis.js';
import { bondSetUpSubmissions, quotaFxSubmission } from '../genesis_bonds.js';
import { inCouponHours, isBondBusinessDay } from './bond_hours.js';

/** Set-up stages sent at most (four stages; a refused stage is not sent for ever). */
const SET_UP_STEPS_MAX = 8;

export class BondOperator {
  private set_up_steps = 0;
  private ready_ = false;
  /** The business day whose quota rates were last sent (once, even if refused). */
  private fx_sent_for = '';
  private readonly coupons_sent = new Set<string>();

  /** The set-up is done: the other bond agents may trade. */
  get ready(): boolean {
    return this.ready_;
  }

  step(state: HubState, now_us: number): Submission[] {
    if (!this.ready_) {
      const set_up = this.set_up_steps < SET_UP_STEPS_MAX ? bondSetUpSubmissions(state) : [];
      this.set_up_steps += 1;
      if (set_up.length > 0) return set_up;
      this.ready_ = true;
    }
    const submissions: Submission[] = [];
    const date = marketDate(now_us);
    if (this.fx_sent_for !== date && isBondBusinessDay(date) && !state.bonds.quota_fx.has(date)) {
      this.fx_sent_for = date;
      submissions.push(quotaFxSubmission(date));
    }
    if (inCouponHours(now_us)) submissions.push(...this.coupons(state, date));
    return submissions;
  }

  /** Coupon runs due today or earlier in the demo and not yet paid, each sent once. */
  private coupons(state: HubState, today: string): Submission[] {
    const submissions: Submission[] = [];
    const from_day = dayNumber(DEMO_FIRST_DAY);
    const today_day = dayNumber(today);
    for (const terms of southboundDemoBonds()) {
      const bond = state.bonds.bonds.get(terms.isin);
      if (bond === undefined) continue;
      for (const period of bond.schedule.periods) {
        if (period.payment_day < from_day || period.payment_day > today_day) continue;
        const coupon_date = isoDate(period.end_day);
        const key = `${terms.isin}:${coupon_date}`;
        if (state.bonds.coupons_paid.has(key) || this.coupons_sent.has(key)) continue;
        this.coupons_sent.add(key);
        submissions.push({
          participant: 'operator',
          command: { type: 'bonds.pay_coupon', isin: terms.isin, coupon_date },
        });
      }
    }
    return submissions;
  }
}
