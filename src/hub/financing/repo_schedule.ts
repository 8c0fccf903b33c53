/**
 * The operator's collateral schedule for Northbound repo (docs/financing.md §7): which bonds a
 * repo may carry and the least haircut the parties may agree on each, by remaining maturity. The
 * sources publish no such schedule (connect-rules.md §2.4), so none applies until the operator
 * sets one (`financing.set_repo_schedule`, its basis stated in the schedule); a repo then carrying
 * a bond the schedule does not accept is `COLLATERAL_NOT_ELIGIBLE` (or
 * `COLLATERAL_MATURITY_NOT_ACCEPTED`), and one agreed below the schedule's haircut is
 * `REPO_HAIRCUT_BELOW_SCHEDULE`.
 * @module
 */

import {
  type CollateralSchedule,
  checkHaircutAgainstSchedule,
  type RepoTerms,
  scheduleHaircut,
} from '../../financing/index.js';
import { dayNumber, type Rejection, reject } from '../../kernel/index.js';
import type { SetRepoSchedule } from '../../protocol/financing.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';

export function setRepoSchedule(
  state: HubState,
  c: SetRepoSchedule,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'set the repo collateral schedule');
  if (refused !== undefined) return refused;
  const schedule = c.schedule;
  if (schedule !== null) {
    const months = schedule.bands.map((b) => b.max_remaining_months);
    if (months.some((m, i) => i > 0 && m <= (months[i - 1] as number))) {
      return reject('SCHEDULE_BANDS_INVALID', 'Bands go in increasing remaining maturity', {
        max_remaining_months: months.join(','),
      });
    }
  }
  state.financing.repo_schedule = schedule;
  context.emit({ type: 'financing_repo_schedule_set', schedule });
  return undefined;
}

/** The repo's bond and agreed haircut against the schedule in force, if any. */
export function checkRepoSchedule(state: HubState, terms: RepoTerms): Rejection | undefined {
  const schedule: CollateralSchedule | null = state.financing.repo_schedule;
  if (schedule === null) return undefined;
  const bond = state.bonds.bonds.get(terms.isin);
  if (bond === undefined) return undefined; // refused as not Northbound by the caller
  const { isin, issuer_kind, issuer_name, currency, maturity_date } = bond.terms;
  const haircut = scheduleHaircut(
    schedule,
    { isin, issuer_kind, issuer: issuer_name, currency, maturity_day: dayNumber(maturity_date) },
    dayNumber(terms.purchase_date),
  );
  if (!haircut.ok) return haircut;
  return checkHaircutAgainstSchedule(terms.haircut_ppm, haircut.value);
}
