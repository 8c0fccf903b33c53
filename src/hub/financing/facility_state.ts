/**
 * The HKMA facilities in the hub (docs/financing.md §11): the operator's settings (trade-facility
 * allocations, the PLPs' repo lines, the published reference rates), the drawings not yet repaid,
 * the day's overnight use, and the next 23:30 roll of intraday funds on the hub clock. In the
 * snapshot (under `financing.facilities`; absent in older snapshots) and so in the digest.
 * @module
 */

import type { DrawingForm, FacilityPurpose, FacilityTenor } from '../../financing/index.js';

/** The two facilities a bank draws on: the RMB Liquidity Facility and the trade facility. */
export type FacilityName = 'rmb_lf' | 'trade';

/** The reference rates the facilities are priced off (the operator publishes them daily). */
export const FACILITY_RATE_NAMES = ['CNH_HIBOR_ON', 'SHIBOR_1M', 'SHIBOR_3M', 'SHIBOR_6M'] as const;
export type FacilityRateName = (typeof FACILITY_RATE_NAMES)[number];

/** A bond delivered to the HKMA under a repo-form drawing, as valued at the drawing. */
export interface FacilityCollateral {
  readonly isin: string;
  readonly face_minor: bigint;
  /** Ledger units moved (face / the bond's face value per unit). */
  readonly units: bigint;
  readonly px_e8: bigint;
  /** Market value (clean + accrued) in CNH, and after the schedule's haircut. */
  readonly value_minor: bigint;
  readonly haircut_ppm: number;
  readonly value_after_haircut_minor: bigint;
  /** The bank's holding account it came from, the HKMA's account it sits in. */
  readonly bank_account_id: string;
  readonly hkma_account_id: string;
}

/** The HKD leg of an FX-swap drawing: delivered at spot, returned with HKD interest. */
export interface FacilityHkdLeg {
  readonly amount_minor: bigint;
  /** HKD per CNH in 10^-8, at the near leg. */
  readonly spot_e8: bigint;
  /** The HKD rate the far leg pays on the HKD amount (an input: no HKD fixing in the hub). */
  readonly rate_e12: bigint;
}

export interface FacilityDrawing {
  readonly drawing_id: string;
  readonly bank: string;
  readonly facility: FacilityName;
  readonly tenor: FacilityTenor;
  readonly form: DrawingForm;
  readonly purpose: FacilityPurpose | null;
  /** Drawn under the bank's dedicated PLP repo line (RMB LF only). */
  readonly plp_line: boolean;
  readonly amount_minor: bigint;
  readonly rate_e12: bigint;
  readonly trade_date: string;
  /** Interest runs from the value date (T+1 tenors: the next business day). */
  readonly value_date: string;
  readonly maturity_date: string;
  readonly collateral: readonly FacilityCollateral[];
  readonly hkd: FacilityHkdLeg | null;
  /** Intraday funds not repaid by the cut-off, now overnight. */
  readonly rolled_overnight: boolean;
}

export interface FacilityState {
  /** The trade facility's allocation per bank. */
  readonly allocations: Map<string, bigint>;
  /** The PLPs' dedicated RMB LF repo lines. */
  readonly plp_lines: Map<string, bigint>;
  /** Published fixings: name → date → rate (10^-12). */
  readonly rates: Map<FacilityRateName, Map<string, bigint>>;
  readonly drawings: Map<string, FacilityDrawing>;
  /** Overnight funds drawn on `date` (outside the PLP lines), against the day's total. */
  readonly overnight: { date: string; used_minor: bigint };
  /** The next intraday cut-off on the hub clock; 0 before the first command. */
  readonly roll: { next_us: number };
}

export function createFacilityState(): FacilityState {
  return {
    allocations: new Map(),
    plp_lines: new Map(),
    rates: new Map(),
    drawings: new Map(),
    overnight: { date: '', used_minor: 0n },
    roll: { next_us: 0 },
  };
}

export interface FacilitySnapshot {
  readonly allocations: ReadonlyArray<readonly [string, bigint]>;
  readonly plp_lines: ReadonlyArray<readonly [string, bigint]>;
  readonly rates: ReadonlyArray<
    readonly [FacilityRateName, ReadonlyArray<readonly [string, bigint]>]
  >;
  readonly drawings: readonly FacilityDrawing[];
  readonly overnight: { readonly date: string; readonly used_minor: bigint };
  readonly roll_next_us: number;
}

export function snapshotFacilities(state: FacilityState): FacilitySnapshot {
  return {
    allocations: [...state.allocations],
    plp_lines: [...state.plp_lines],
    rates: [...state.rates].map(([name, by_date]) => [name, [...by_date]] as const),
    drawings: [...state.drawings.values()],
    overnight: { ...state.overnight },
    roll_next_us: state.roll.next_us,
  };
}

/** Restores; a snapshot taken before the facilities were in the hub has none. */
export function restoreFacilities(snapshot: FacilitySnapshot | undefined): FacilityState {
  if (snapshot === undefined) return createFacilityState();
  return {
    allocations: new Map(snapshot.allocations),
    plp_lines: new Map(snapshot.plp_lines),
    rates: new Map(snapshot.rates.map(([name, by_date]) => [name, new Map(by_date)])),
    drawings: new Map(snapshot.drawings.map((d) => [d.drawing_id, d])),
    overnight: { ...snapshot.overnight },
    roll: { next_us: snapshot.roll_next_us },
  };
}
