/**
 * Intraday funds to overnight on the hub clock (docs/financing.md §11): "intraday repo not repaid
 * by 23:30 converts to overnight" (HKMA press release 26 Feb 2015; connect-rules.md §2.4). At
 * 23:30 market time (UTC+8) of each day the time walk reaches, every intraday drawing still
 * outstanding becomes an overnight drawing, as the bonds' coupons run at 09:00
 * (bonds/lifecycle.ts): at the overnight rate of that date (the three-day CNH HIBOR average
 * + 50 bp), due the next business day, counted in the day's overnight use (outside the PLP
 * lines). The roll is not a choice the bank makes, so it is made even when the day's overnight
 * total is used up; the event shows the use after it. No money moves: the bank keeps the funds
 * and the HKMA the collateral.
 * @module
 */

import { addDays, marketDate, secondOfDay, timestampAt } from '../../kernel/index.js';
import type { EventSink } from '../events.js';
import type { HubState } from '../state.js';
import { nextBusinessDay } from './facility_dates.js';
import { liquidityFacilityRate } from './facility_rates.js';
import type { FacilityDrawing, FacilityState } from './facility_state.js';
import { overnightUsedMinor } from './facility_usage.js';

export const CUTOFF_AT = '23:30';
export const CUTOFF_SECOND = 23 * 3_600 + 30 * 60;
/** The overnight spread over the intraday rate (HKMA, 26 Feb 2015). */
const OVERNIGHT_SPREAD_E12 = 50n * 100_000_000n;

/** The next cut-off on the hub clock, or +∞ before the clock has started. */
export function nextCutoffUs(state: FacilityState): number {
  return state.roll.next_us === 0 ? Number.POSITIVE_INFINITY : state.roll.next_us;
}

/** Starts the clock at the first command: the first roll is the next 23:30. */
export function startCutoffClock(state: FacilityState, now_us: number): void {
  if (state.roll.next_us === 0) state.roll.next_us = nextRunUs(now_us);
}

function nextRunUs(after_us: number): number {
  const date = marketDate(after_us);
  return secondOfDay(after_us) < CUTOFF_SECOND
    ? timestampAt(date, CUTOFF_AT)
    : timestampAt(addDays(date, 1), CUTOFF_AT);
}

/** The cut-off: every outstanding intraday drawing becomes overnight, in drawing order. */
export function rollIntradayToOvernight(state: HubState, at_us: number, sink: EventSink): void {
  const f = state.financing.facilities;
  const date = marketDate(at_us);
  for (const drawing of f.drawings.values()) {
    if (drawing.tenor !== 'intraday') continue;
    const rolled = rolledDrawing(f, drawing, date);
    f.drawings.set(drawing.drawing_id, rolled);
    if (!drawing.plp_line) {
      f.overnight.used_minor = overnightUsedMinor(f, date) + drawing.amount_minor;
      f.overnight.date = date;
    }
    sink.emit({
      type: 'facility_rolled_overnight',
      drawing_id: drawing.drawing_id,
      bank: drawing.bank,
      amount_minor: drawing.amount_minor,
      rate_e12: rolled.rate_e12,
      maturity_date: rolled.maturity_date,
      overnight_used_minor: overnightUsedMinor(f, date),
    });
  }
  f.roll.next_us = nextRunUs(at_us);
}

function rolledDrawing(f: FacilityState, drawing: FacilityDrawing, date: string): FacilityDrawing {
  // The fixings the intraday rate came from are still there; should a newer set be incomplete,
  // the drawing's own average plus the spread is the same rule.
  const rate = liquidityFacilityRate(f, 'overnight', date);
  const rate_e12 = rate.ok ? rate.value : drawing.rate_e12 + OVERNIGHT_SPREAD_E12;
  // Past the calendar's last year (none is loaded): the next calendar day.
  const next = nextBusinessDay(date);
  const maturity_date = next.ok ? next.value : addDays(date, 1);
  return { ...drawing, tenor: 'overnight', rate_e12, maturity_date, rolled_overnight: true };
}
