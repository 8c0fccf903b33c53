/**
 * The facilities' prices from the published reference rates (docs/financing.md §11): the RMB
 * Liquidity Facility off the latest three overnight CNH HIBOR fixings (src/financing
 * `liquidityRateE12`), the trade facility off SHIBOR of its tenor (`tradeFacilityRateE12`).
 * A fixing is looked for on or before the drawing's date, the newest at most
 * `RATE_LOOKBACK_DAYS` old (an assumption, as for the bonds' fixings: a holiday still finds the
 * last one, a missing publication is refused rather than a stale rate used).
 * @module
 */

import {
  type FacilityTenor,
  liquidityRateE12,
  tradeFacilityRateE12,
} from '../../financing/index.js';
import { accept, dayNumber, type Outcome, reject } from '../../kernel/index.js';
import type { FacilityRateName, FacilityState } from './facility_state.js';

export const RATE_LOOKBACK_DAYS = 10;

/** The latest `count` fixings of `name` dated on or before `today`, newest first. */
export function latestFixings(
  state: FacilityState,
  name: FacilityRateName,
  today: string,
  count: number,
): Outcome<bigint[]> {
  const dates = [...(state.rates.get(name)?.keys() ?? [])].filter((d) => d <= today);
  dates.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const newest = dates[0];
  if (
    dates.length < count ||
    newest === undefined ||
    dayNumber(today) - dayNumber(newest) > RATE_LOOKBACK_DAYS
  ) {
    return reject('FACILITY_RATE_MISSING', `The facility is priced off ${name}: publish it`, {
      name,
      needed: count,
      found: dates.length,
      today,
    });
  }
  const by_date = state.rates.get(name) as Map<string, bigint>;
  return accept(dates.slice(0, count).map((d) => by_date.get(d) as bigint));
}

/**
 * The RMB Liquidity Facility's rate: intraday the three-day average of overnight CNH HIBOR, every
 * other tenor the overnight rate (the average + 50 bp). The sources price only intraday and
 * overnight; the 1-day to 1-month tenors at the overnight rate is an *assumption* (the HKMA says
 * "priced off market rates").
 */
export function liquidityFacilityRate(
  state: FacilityState,
  tenor: FacilityTenor,
  today: string,
): Outcome<bigint> {
  const fixings = latestFixings(state, 'CNH_HIBOR_ON', today, 3);
  if (!fixings.ok) return fixings;
  const [a, b, c] = fixings.value as [bigint, bigint, bigint];
  return accept(liquidityRateE12(tenor === 'intraday' ? 'intraday' : 'overnight', [a, b, c]));
}

const SHIBOR_OF_TENOR: Partial<Record<FacilityTenor, FacilityRateName>> = {
  '1m': 'SHIBOR_1M',
  '3m': 'SHIBOR_3M',
  '6m': 'SHIBOR_6M',
};

/** The trade facility's rate: SHIBOR of the tenor plus the spread in force on `today`. */
export function tradeFacilityRate(
  state: FacilityState,
  tenor: FacilityTenor,
  today: string,
): Outcome<bigint> {
  const name = SHIBOR_OF_TENOR[tenor];
  if (name === undefined) {
    return reject('FACILITY_TENOR_NOT_OFFERED', 'The trade facility lends for 1, 3 or 6 months', {
      tenor,
    });
  }
  const fixing = latestFixings(state, name, today, 1);
  if (!fixing.ok) return fixing;
  const rate = tradeFacilityRateE12(today, fixing.value[0] as bigint);
  if (rate === undefined) {
    return reject('FACILITY_NOT_IN_FORCE', 'The trade-financing facility starts on 28 Feb 2025', {
      date: today,
    });
  }
  return accept(rate);
}
