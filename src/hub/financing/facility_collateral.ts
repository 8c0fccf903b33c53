/**
 * The bonds a bank delivers under a repo-form drawing, valued and checked against the RMB
 * Liquidity Facility's schedule (src/financing `RMB_LIQUIDITY_FACILITY_SCHEDULE`; the trade
 * facility takes the same collateral and haircuts: connect-rules.md §2.3). Each bond is valued at
 * the clean price the bank states plus accrued interest today (the bonds domain), in CNH: RMB
 * bonds (CNY or CNH, one currency) as they are, others at the stated rate (CNH per unit, half
 * up); then less the schedule's haircut, rounded down. The sum must cover the amount drawn.
 * @module
 */

import {
  checkConcentration,
  collateralValueMinor,
  RMB_LIQUIDITY_FACILITY_SCHEDULE as SCHEDULE,
  scheduleHaircut,
} from '../../financing/index.js';
import { accept, dayNumber, divRound, type Outcome, reject } from '../../kernel/index.js';
import type { DrawFacility } from '../../protocol/financing.js';
import { securitiesAccountId } from '../accounts.js';
import { fixingForDay } from '../bonds/fixings.js';
import { tradeMoney } from '../bonds/trade.js';
import type { HubState } from '../state.js';
import { collateralAccountId } from './facility_accounts.js';
import type { FacilityCollateral } from './facility_state.js';

type CollateralInput = NonNullable<DrawFacility['collateral']>[number];

const E8 = 100_000_000n;

/** The collateral valued, or the first reason it is refused; its sum after haircut ≥ amount. */
export function valueCollateral(
  state: HubState,
  bank: string,
  items: readonly CollateralInput[],
  amount_minor: bigint,
  today: string,
): Outcome<FacilityCollateral[]> {
  const valued: FacilityCollateral[] = [];
  let total = 0n;
  for (const item of items) {
    const one = valueOne(state, bank, item, today);
    if (!one.ok) return one;
    valued.push(one.value);
    total += one.value.value_after_haircut_minor;
  }
  const pool = valued.map((c) => ({
    issuer: state.bonds.bonds.get(c.isin)?.terms.issuer_name ?? c.isin,
    value_minor: c.value_after_haircut_minor,
  }));
  const concentrated = checkConcentration(SCHEDULE, pool);
  if (concentrated !== undefined) return concentrated;
  if (total < amount_minor) {
    return reject('COLLATERAL_INSUFFICIENT', 'The collateral after haircut does not cover it', {
      amount_minor,
      value_after_haircut_minor: total,
    });
  }
  return accept(valued);
}

function valueOne(
  state: HubState,
  bank: string,
  item: CollateralInput,
  today: string,
): Outcome<FacilityCollateral> {
  const bond = state.bonds.bonds.get(item.isin);
  const security = state.reference.securities.get(item.isin);
  if (bond === undefined || security === undefined) {
    return reject('COLLATERAL_NOT_ELIGIBLE', 'Collateral is a bond registered in the hub', {
      isin: item.isin,
    });
  }
  const { terms } = bond;
  const today_day = dayNumber(today);
  const haircut = scheduleHaircut(
    SCHEDULE,
    {
      ...{ isin: item.isin, issuer_kind: terms.issuer_kind, issuer: terms.issuer_name },
      ...{ currency: terms.currency, maturity_day: dayNumber(terms.maturity_date) },
    },
    today_day,
  );
  if (!haircut.ok) return haircut;
  if (item.face_minor <= 0n || item.face_minor % terms.face_value_minor !== 0n) {
    return reject('FACILITY_COLLATERAL_FACE_INVALID', 'Deliver whole units of the bond', {
      isin: item.isin,
      face_minor: item.face_minor,
      face_value_minor: terms.face_value_minor,
    });
  }
  const fixing = fixingForDay(state.bonds.fixings, bond.schedule, today_day);
  const money = tradeMoney(bond, item.face_minor, item.px_e8, today, fixing);
  if (!money.ok) return money;
  const value = inCnh(money.value.settlement_amount_minor, terms.currency, item);
  if (!value.ok) return value;
  const accounts = collateralAccounts(state, bank, item.isin);
  if (!accounts.ok) return accounts;
  return accept({
    ...{ isin: item.isin, face_minor: item.face_minor, px_e8: item.px_e8 },
    units: item.face_minor / terms.face_value_minor,
    value_minor: value.value,
    haircut_ppm: haircut.value,
    value_after_haircut_minor: collateralValueMinor(value.value, haircut.value),
    ...accounts.value,
  });
}

function inCnh(amount_minor: bigint, currency: string, item: CollateralInput): Outcome<bigint> {
  if (currency === 'CNY' || currency === 'CNH') return accept(amount_minor);
  if (item.fx_rate_e8 === undefined || item.fx_rate_e8 === 0n) {
    return reject('FACILITY_FX_RATE_REQUIRED', 'A bond not in RMB is valued at a stated rate', {
      isin: item.isin,
      currency,
    });
  }
  return accept(divRound(amount_minor * item.fx_rate_e8, E8, 'half_up'));
}

/** The bank's holding account and the HKMA's collateral account in the bond; both must exist. */
function collateralAccounts(
  state: HubState,
  bank: string,
  isin: string,
): Outcome<{ bank_account_id: string; hkma_account_id: string }> {
  const security = state.reference.securities.get(isin);
  const bank_account_id =
    security === undefined ? undefined : securitiesAccountId(state.reference, bank, security);
  const hkma_account_id = collateralAccountId(isin);
  for (const id of [bank_account_id, hkma_account_id]) {
    if (id === undefined || !state.ledger.accounts.has(id)) {
      return reject('FACILITY_ACCOUNT_MISSING', 'An account the drawing moves is not open', {
        account_id: id ?? `${isin} (no holding account for ${bank})`,
      });
    }
  }
  return accept({ bank_account_id: bank_account_id as string, hkma_account_id });
}
