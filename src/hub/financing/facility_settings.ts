/**
 * The operator's facility settings (docs/financing.md §11): each bank's allocation of the trade
 * facility, each Primary Liquidity Provider's dedicated RMB Liquidity Facility repo line, and the
 * reference rates the facilities are priced off.
 * @module
 */

import { RATE_SCALE, tradeFacilityOn } from '../../financing/index.js';
import { marketDate, type Rejection, reject } from '../../kernel/index.js';
import type {
  PublishFacilityRate,
  SetFacilityAllocation,
  SetPlpLine,
} from '../../protocol/financing.js';
import { type CommandContext, operatorOnly } from '../context.js';
import type { HubState } from '../state.js';
import { outstandingMinor } from './facility_usage.js';

/**
 * The PLP scheme's total, RMB 20 bn, unchanged by the 9 Oct 2025 enhancement (Timothy Loh,
 * 26 Sep 2025; connect-rules.md §2.4). Each PLP's own line is the operator's setting (RMB 2 bn
 * each in the 2020 designation: bonds-financing-payments-scale.md §2).
 */
export const PLP_LINES_TOTAL_MINOR = 20n * 100_000_000_000n;

function knownBank(state: HubState, bank: string): Rejection | undefined {
  if (state.reference.parties.has(bank)) return undefined;
  return reject('FACILITY_BANK_UNKNOWN', 'No party has this id', { bank });
}

/** `financing.set_facility_allocation` (operator): all allocations within the facility's total. */
export function setFacilityAllocation(
  state: HubState,
  c: SetFacilityAllocation,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'allocate the trade facility') ?? knownBank(state, c.bank);
  if (refused !== undefined) return refused;
  const today = marketDate(context.timestamp_us);
  const rules = tradeFacilityOn(today);
  if (rules === undefined) {
    return reject('FACILITY_NOT_IN_FORCE', 'The trade-financing facility starts on 28 Feb 2025', {
      date: today,
    });
  }
  const facilities = state.financing.facilities;
  let total = c.amount_minor;
  for (const [bank, amount] of facilities.allocations) if (bank !== c.bank) total += amount;
  if (total > rules.total_minor) {
    return reject('FACILITY_ALLOCATION_TOTAL_EXCEEDED', `The ${rules.name}'s total is allocated`, {
      allocated_minor: total,
      total_minor: rules.total_minor,
    });
  }
  const drawn = outstandingMinor(facilities, c.bank, 'trade', false);
  if (c.amount_minor < drawn) {
    return reject('FACILITY_LIMIT_BELOW_DRAWN', 'The bank has drawn more than this', {
      amount_minor: c.amount_minor,
      drawn_minor: drawn,
    });
  }
  facilities.allocations.set(c.bank, c.amount_minor);
  context.emit({
    type: 'facility_allocation_set',
    bank: c.bank,
    facility: 'trade',
    amount_minor: c.amount_minor,
  });
  return undefined;
}

/** `financing.set_plp_line` (operator): a PLP's line, all lines within RMB 20 bn. */
export function setPlpLine(
  state: HubState,
  c: SetPlpLine,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'set the PLP repo lines') ?? knownBank(state, c.bank);
  if (refused !== undefined) return refused;
  if (!state.financing.plps.has(c.bank)) {
    return reject('FACILITY_NOT_PLP', 'Only a Primary Liquidity Provider has a repo line', {
      bank: c.bank,
    });
  }
  const facilities = state.financing.facilities;
  let total = c.amount_minor;
  for (const [bank, amount] of facilities.plp_lines) if (bank !== c.bank) total += amount;
  if (total > PLP_LINES_TOTAL_MINOR) {
    return reject('FACILITY_PLP_LINES_EXCEEDED', "The PLP lines' total is RMB 20 bn", {
      lines_total_minor: total,
      total_minor: PLP_LINES_TOTAL_MINOR,
    });
  }
  const drawn = outstandingMinor(facilities, c.bank, 'rmb_lf', true);
  if (c.amount_minor < drawn) {
    return reject('FACILITY_LIMIT_BELOW_DRAWN', 'The bank has drawn more than this', {
      amount_minor: c.amount_minor,
      drawn_minor: drawn,
    });
  }
  facilities.plp_lines.set(c.bank, c.amount_minor);
  context.emit({
    type: 'facility_plp_line_set',
    bank: c.bank,
    amount_minor: c.amount_minor,
    lines_total_minor: total,
  });
  return undefined;
}

/** `financing.publish_facility_rate` (operator). A published fixing is final. */
export function publishFacilityRate(
  state: HubState,
  c: PublishFacilityRate,
  context: CommandContext,
): Rejection | undefined {
  const refused = operatorOnly(context, 'publish the facility reference rates');
  if (refused !== undefined) return refused;
  const rate_e12 = c.rate_e12;
  if (rate_e12 > RATE_SCALE || rate_e12 < -RATE_SCALE) {
    return reject('FACILITY_RATE_INVALID', 'A fixing lies between -100 % and 100 %', {
      rate_e12,
    });
  }
  const today = marketDate(context.timestamp_us);
  if (c.date > today) {
    return reject('FACILITY_RATE_DATE_IN_FUTURE', 'A fixing is published on or after its date', {
      date: c.date,
      today,
    });
  }
  const rates = state.financing.facilities.rates;
  let by_date = rates.get(c.name);
  if (by_date?.has(c.date) === true) {
    return reject('FACILITY_RATE_EXISTS', 'This rate already has a fixing for this date', {
      name: c.name,
      date: c.date,
    });
  }
  if (by_date === undefined) {
    by_date = new Map();
    rates.set(c.name, by_date);
  }
  by_date.set(c.date, rate_e12);
  context.emit({ type: 'facility_rate_published', name: c.name, date: c.date, rate_e12 });
  return undefined;
}
