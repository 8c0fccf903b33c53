/**
 * The rules a drawing meets on its date (docs/financing.md §4, §11), before anything moves: the
 * facility in force, the tenor offered, the form, the purpose (trade facility), the bank's
 * allocation or PLP line, the day's overnight total and the intraday total, the cut-off, and the
 * rate. Returns the rate the drawing pays.
 * @module
 */

import {
  checkLiquidityDrawing,
  checkTradeDrawing,
  liquidityFacilityOn,
  tradeFacilityOn,
} from '../../financing/index.js';
import { type Outcome, type Rejection, reject, secondOfDay } from '../../kernel/index.js';
import type { DrawFacility } from '../../protocol/financing.js';
import type { HubState } from '../state.js';
import { CUTOFF_SECOND } from './facility_cutoff.js';
import { liquidityFacilityRate, tradeFacilityRate } from './facility_rates.js';
import type { FacilityState } from './facility_state.js';
import {
  intradayOutstandingMinor,
  outstandingMinor,
  overnightUsedMinor,
} from './facility_usage.js';

export function checkDrawingRules(
  state: HubState,
  c: DrawFacility,
  today: string,
  now_us: number,
): Outcome<bigint> {
  const f = state.financing.facilities;
  if (c.facility === 'trade') {
    const refused = checkTrade(f, c, today);
    return refused ?? tradeFacilityRate(f, c.tenor, today);
  }
  if (c.form !== 'repo') {
    return reject('FACILITY_FORM_NOT_OFFERED', 'The RMB Liquidity Facility lends by repo', {
      form: c.form,
    });
  }
  const refused =
    (c.plp_line === true ? checkPlpLine(state, c, today) : checkTotals(f, c, today)) ??
    checkCutoff(c, now_us);
  return refused ?? liquidityFacilityRate(f, c.tenor, today);
}

function checkTrade(f: FacilityState, c: DrawFacility, today: string): Rejection | undefined {
  if (c.plp_line === true) {
    return reject('FACILITY_PLP_LINE_RMB_LF_ONLY', 'PLP lines are RMB Liquidity Facility lines', {
      facility: c.facility,
    });
  }
  if (c.purpose === undefined && tradeFacilityOn(today) !== undefined) {
    return reject('FACILITY_PURPOSE_REQUIRED', 'A trade-facility drawing states its purpose', {
      drawing_id: c.drawing_id,
    });
  }
  return checkTradeDrawing({
    ...{ date: today, tenor: c.tenor, form: c.form, purpose: c.purpose ?? 'trade_finance' },
    amount_minor: c.amount_minor,
    allocation_minor: f.allocations.get(c.bank) ?? 0n,
    drawn_minor: outstandingMinor(f, c.bank, 'trade', false),
  });
}

/** Outside a PLP line: the tenor, the day's overnight total and the intraday total. */
function checkTotals(f: FacilityState, c: DrawFacility, today: string): Rejection | undefined {
  const refused = checkLiquidityDrawing({
    ...{ date: today, tenor: c.tenor, amount_minor: c.amount_minor },
    overnight_drawn_today_minor: overnightUsedMinor(f, today),
  });
  if (refused !== undefined || c.tenor !== 'intraday') return refused;
  const total = liquidityFacilityOn(today)?.intraday_total_minor ?? 0n;
  const drawn = intradayOutstandingMinor(f);
  if (drawn + c.amount_minor > total) {
    return reject('FACILITY_INTRADAY_TOTAL_EXCEEDED', 'The intraday funds are used up', {
      amount_minor: c.amount_minor,
      drawn_minor: drawn,
      total_minor: total,
    });
  }
  return undefined;
}

/** Under a PLP's dedicated line: a tenor the facility offers, within the line. */
function checkPlpLine(state: HubState, c: DrawFacility, today: string): Rejection | undefined {
  const f = state.financing.facilities;
  const line = f.plp_lines.get(c.bank);
  if (!state.financing.plps.has(c.bank) || line === undefined) {
    return reject('FACILITY_NOT_PLP', 'Only a Primary Liquidity Provider has a repo line', {
      bank: c.bank,
    });
  }
  const rules = liquidityFacilityOn(today);
  if (rules === undefined || !rules.tenors.includes(c.tenor)) {
    return reject('FACILITY_TENOR_NOT_OFFERED', 'The RMB Liquidity Facility does not offer this', {
      tenor: c.tenor,
      tenors: rules?.tenors.join(',') ?? '',
      date: today,
    });
  }
  const drawn = outstandingMinor(f, c.bank, 'rmb_lf', true);
  if (drawn + c.amount_minor > line) {
    return reject('FACILITY_PLP_LINE_EXCEEDED', "A drawing stays within the PLP's line", {
      amount_minor: c.amount_minor,
      drawn_minor: drawn,
      line_minor: line,
    });
  }
  return undefined;
}

function checkCutoff(c: DrawFacility, now_us: number): Rejection | undefined {
  if (c.tenor !== 'intraday' || secondOfDay(now_us) < CUTOFF_SECOND) return undefined;
  return reject('FACILITY_INTRADAY_CUTOFF_PASSED', 'Intraday funds are drawn before 23:30', {
    cutoff: '23:30',
  });
}

/** The amount is positive. */
export function checkAmount(c: DrawFacility): Rejection | undefined {
  if (c.amount_minor > 0n) return undefined;
  return reject('FACILITY_AMOUNT_INVALID', 'A drawing is of a positive amount', {
    amount_minor: c.amount_minor,
  });
}
