/**
 * The HKMA facilities as the API shows them (docs/financing.md §13): `facilityUsage` and the
 * drawings outstanding, scoped. A bank sees its own usage and drawings with the facility-wide
 * totals; the HKMA (the lender) and operators see every bank. The published reference rates are
 * public, so each viewer sees the latest fixing of each. Read-only, from the hub's state.
 * @module
 */

import type { BondViewer } from '../bonds/views.js';
import type { HubState } from '../state.js';
import { HKMA } from './facility_accounts.js';
import type { FacilityDrawing, FacilityRateName } from './facility_state.js';
import { type BankFacilityUsage, type FacilityUsage, facilityUsage } from './facility_usage.js';

/** A drawing outstanding, without the ledger account ids of its collateral. */
export interface DrawingView {
  readonly drawing_id: string;
  readonly bank: string;
  readonly facility: FacilityDrawing['facility'];
  readonly tenor: FacilityDrawing['tenor'];
  readonly form: FacilityDrawing['form'];
  readonly purpose: FacilityDrawing['purpose'];
  readonly plp_line: boolean;
  readonly amount_minor: bigint;
  readonly rate_e12: bigint;
  readonly trade_date: string;
  readonly value_date: string;
  readonly maturity_date: string;
  readonly rolled_overnight: boolean;
  readonly collateral: ReadonlyArray<{
    readonly isin: string;
    readonly face_minor: bigint;
    readonly px_e8: bigint;
    readonly value_minor: bigint;
    readonly haircut_ppm: number;
    readonly value_after_haircut_minor: bigint;
  }>;
  readonly hkd: FacilityDrawing['hkd'];
}

/** The latest published fixing of a reference rate. */
export interface FixingView {
  readonly name: FacilityRateName;
  readonly date: string;
  readonly rate_e12: bigint;
}

export interface FacilitiesView {
  /** `facilityUsage` with the banks the viewer may see; the totals are facility-wide. */
  readonly usage: FacilityUsage;
  /** By maturity date, then bank, then drawing id. */
  readonly drawings: readonly DrawingView[];
  readonly fixings: readonly FixingView[];
}

/** The HKMA lends on both facilities: it sees every bank's drawings, as an operator does. */
export function seesAllFacilities(viewer: BondViewer): boolean {
  return viewer.all || viewer.sees(HKMA);
}

export function facilitiesView(state: HubState, viewer: BondViewer): FacilitiesView {
  const all = seesAllFacilities(viewer);
  const usage = facilityUsage(state);
  const banks: readonly BankFacilityUsage[] = all
    ? usage.banks
    : usage.banks.filter((b) => viewer.sees(b.bank));
  const drawings = [...state.financing.facilities.drawings.values()]
    .filter((d) => all || viewer.sees(d.bank))
    .sort(
      (a, b) =>
        a.maturity_date.localeCompare(b.maturity_date) ||
        a.bank.localeCompare(b.bank) ||
        a.drawing_id.localeCompare(b.drawing_id),
    )
    .map(drawingView);
  return { usage: { ...usage, banks }, drawings, fixings: latestFixings(state) };
}

function drawingView(d: FacilityDrawing): DrawingView {
  return {
    ...{ drawing_id: d.drawing_id, bank: d.bank, facility: d.facility, tenor: d.tenor },
    ...{ form: d.form, purpose: d.purpose, plp_line: d.plp_line, amount_minor: d.amount_minor },
    ...{ rate_e12: d.rate_e12, trade_date: d.trade_date, value_date: d.value_date },
    ...{ maturity_date: d.maturity_date, rolled_overnight: d.rolled_overnight, hkd: d.hkd },
    collateral: d.collateral.map((c) => ({
      ...{ isin: c.isin, face_minor: c.face_minor, px_e8: c.px_e8, value_minor: c.value_minor },
      ...{ haircut_ppm: c.haircut_ppm, value_after_haircut_minor: c.value_after_haircut_minor },
    })),
  };
}

function latestFixings(state: HubState): FixingView[] {
  const out: FixingView[] = [];
  for (const [name, by_date] of state.financing.facilities.rates) {
    let date = '';
    for (const d of by_date.keys()) if (d > date) date = d;
    const rate_e12 = by_date.get(date);
    if (rate_e12 !== undefined) out.push({ name, date, rate_e12 });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
