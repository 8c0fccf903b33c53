/**
 * The hub's checks on a bond RFQ before the state machine sees it: the bond, the investor's
 * eligibility for the direction, the dealers' direction, the quantity and the settlement date.
 * @module
 */

import { addDays, dayNumber, type Rejection, reject } from '../../kernel/index.js';
import type { BondDirection } from '../../protocol/bonds.js';
import { calendarFor, isTradingDay } from '../../reference/index.js';
import type { HubState } from '../state.js';
import type { BondRecord } from './state.js';

/** Settlement cycles T+0 to T+3 (docs/bonds.md §8.2). */
export const SETTLEMENT_DAYS_MAX = 3;

export function checkEligible(
  state: HubState,
  investor: string,
  direction: BondDirection,
): Rejection | undefined {
  if (!state.reference.investors.has(investor)) {
    return reject('BOND_INVESTOR_UNKNOWN', 'No investor has this id', { investor });
  }
  const access = state.bonds.access.get(investor);
  const eligible =
    direction === 'northbound' ? access?.northbound === true : access?.southbound_channel;
  if (!eligible) {
    return reject('BOND_INVESTOR_NOT_ELIGIBLE', 'The investor may not trade bonds this way', {
      investor,
      direction,
    });
  }
  return undefined;
}

export function checkDealersDirection(
  state: HubState,
  dealers: readonly string[],
  direction: BondDirection,
): Rejection | undefined {
  for (const dealer of dealers) {
    if (!state.bonds.makers.get(dealer)?.includes(direction)) {
      return reject('RFQ_DEALER_NOT_MAKER', 'Only market makers of this direction may be asked', {
        dealer,
        direction,
      });
    }
  }
  return undefined;
}

export function checkQuantity(bond: BondRecord, face_minor: bigint): Rejection | undefined {
  const { face_value_minor, min_denomination_minor } = bond.terms;
  if (face_minor < min_denomination_minor || face_minor % face_value_minor !== 0n) {
    return reject(
      'BOND_QUANTITY_INVALID',
      'Trade at least the minimum denomination, in whole face values',
      { order_qty_minor: face_minor, face_value_minor, min_denomination_minor },
    );
  }
  return undefined;
}

/**
 * The settlement date: a business day of the direction's calendar (Mainland for Northbound, as
 * a stand-in for the interbank calendar; Hong Kong for CMU), from the trade date to T+3 (T+2
 * and T+3 Northbound only), and before maturity.
 */
export function checkSettlementDate(
  bond: BondRecord,
  direction: BondDirection,
  trade_date: string,
  command: { readonly settlement_date: string },
): Rejection | undefined {
  const date = command.settlement_date;
  if (dayNumber(date) >= bond.schedule.maturity_day) {
    return reject('BOND_SETTLEMENT_DATE_INVALID', 'Settle before maturity', {
      settlement_date: date,
      trade_date,
      maturity_date: bond.terms.maturity_date,
    });
  }
  // A pure function of its key, so the memo changes no result (bounded like posttrade's).
  const key = `${direction}|${trade_date}|${date}`;
  if (MEMO.has(key)) return MEMO.get(key);
  const refused = checkCalendarDate(direction, trade_date, date);
  if (MEMO.size >= MEMO_MAX) MEMO.clear();
  MEMO.set(key, refused);
  return refused;
}

const MEMO = new Map<string, Rejection | undefined>();
const MEMO_MAX = 4_096;

function checkCalendarDate(
  direction: BondDirection,
  trade_date: string,
  date: string,
): Rejection | undefined {
  const calendar = calendarFor(direction === 'northbound' ? 'CIBM' : 'CMU');
  if (calendar === undefined) return undefined;
  const open = isTradingDay(calendar, date);
  if (!open.ok) return open;
  if (!open.value) {
    return reject('BOND_SETTLEMENT_NOT_BUSINESS_DAY', 'Settle on a business day', {
      settlement_date: date,
      calendar: calendar.id,
    });
  }
  let business_days = 0;
  for (
    let d = addDays(trade_date, 1);
    d <= date && business_days <= SETTLEMENT_DAYS_MAX;
    d = addDays(d, 1)
  ) {
    const day = isTradingDay(calendar, d);
    if (!day.ok) return day;
    if (day.value) business_days += 1;
  }
  if (date < trade_date || business_days > SETTLEMENT_DAYS_MAX) {
    return reject('BOND_SETTLEMENT_DATE_INVALID', 'Settle from the trade date to T+3', {
      settlement_date: date,
      trade_date,
    });
  }
  if (business_days > DOMESTIC_SETTLEMENT_DAYS_MAX && direction !== 'northbound') {
    return reject('BOND_SETTLEMENT_CYCLE_NOT_ALLOWED', 'T+2 and T+3 need an overseas investor', {
      settlement_date: date,
      trade_date,
      cycle_days: business_days,
      direction,
    });
  }
  return undefined;
}

/**
 * T+2 and T+3 are allowed only where an overseas investor is a party (bonds-financing-payments-
 * scale.md §1, clearstream.com): a Northbound request's requester is always one; Southbound
 * settles T+0 or T+1 (an assumption: the source states the interbank market's rule).
 */
const DOMESTIC_SETTLEMENT_DAYS_MAX = 1;
