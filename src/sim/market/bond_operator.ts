/**
 * The simulator's operator for bonds: at its first steps the Bond Connect set-up
 * (genesis_bonds.ts), then each market date the Southbound quota's reference rates
 * (`bonds.set_quota_fx_rates`). Coupons and redemptions need no one: the hub pays them itself
 * on their payment dates (docs/bonds.md §8.12).
 * @module
 */

import type { HubState } from '../../hub/index.js';
import { marketDate } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { bondSetUpSubmissions, quotaFxSubmission } from '../genesis_bonds.js';
import { isBondBusinessDay } from './bond_hours.js';

/** Set-up stages sent at most (four stages; a refused stage is not sent for ever). */
const SET_UP_STEPS_MAX = 8;

export class BondOperator {
  private set_up_steps = 0;
  private ready_ = false;
  /** The business day whose quota rates were last sent (once, even if refused). */
  private fx_sent_for = '';

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
    return submissions;
  }
}
