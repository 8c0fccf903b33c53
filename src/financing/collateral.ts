/**
 * The collateral engine's schedules (docs/financing.md §5): which bonds a taker of collateral
 * accepts, at what haircut by remaining maturity, and how much of one issuer a pool may hold.
 * Schedules are settings; each says where its figures come from, or that they are assumptions
 * (the sources give no public haircut for the HKMA facilities: connect-rules.md §2.4).
 * @module
 */

import { addMonths } from '../bonds/index.js';
import { accept, divRound, type Outcome, type Rejection, reject } from '../kernel/index.js';
import { PPM } from './types.js';

/** One band of a haircut schedule: bonds maturing at most this many calendar months ahead. */
export interface HaircutBand {
  readonly max_remaining_months: number;
  readonly haircut_ppm: number;
}

export interface CollateralSchedule {
  readonly name: string;
  /** Where the figures come from; "assumption: …" where no public figure exists. */
  readonly basis: string;
  /** Issuer kinds accepted (the bonds domain's `issuer_kind`). */
  readonly issuer_kinds: readonly string[];
  readonly currencies: readonly string[];
  /** Bands in increasing `max_remaining_months`; beyond the last, not accepted. */
  readonly bands: readonly HaircutBand[];
  /** The most one issuer may make up of a pool's value after haircuts, in ppm. */
  readonly issuer_concentration_max_ppm: number;
}

/** What the schedule needs to know of a bond. */
export interface CollateralBond {
  readonly isin: string;
  readonly issuer_kind: string;
  readonly issuer: string;
  readonly currency: string;
  readonly maturity_day: number;
}

const YEAR = 12;

/**
 * The RMB Liquidity Facility's collateral. Eligible kinds: EFBN and HKSAR Government Bonds, and
 * RMB/USD/EUR debt of the PBOC, the MOF and the policy banks (regulation-hk.com, 21 Nov 2020).
 * Northbound CGBs and policy-bank bonds have been eligible since 26 Feb 2024 (gmteight.com
 * 77532). The haircuts and the concentration limit are **assumptions**: no public figure exists.
 */
export const RMB_LIQUIDITY_FACILITY_SCHEDULE: CollateralSchedule = {
  name: 'HKMA RMB Liquidity Facility',
  basis: 'eligibility: regulation-hk.com 2020-11-21, gmteight 77532; haircuts: assumption',
  issuer_kinds: ['hkgb', 'efbn', 'cgb', 'policy_bank', 'pboc'],
  currencies: ['CNH', 'CNY', 'HKD', 'USD', 'EUR'],
  bands: [
    { max_remaining_months: 1 * YEAR, haircut_ppm: 20_000 },
    { max_remaining_months: 5 * YEAR, haircut_ppm: 40_000 },
    { max_remaining_months: 10 * YEAR, haircut_ppm: 60_000 },
    { max_remaining_months: 30 * YEAR, haircut_ppm: 80_000 },
  ],
  issuer_concentration_max_ppm: 1_000_000,
};

/** The haircut the schedule applies to `bond` on `today`, or why it does not accept it. */
export function scheduleHaircut(
  schedule: CollateralSchedule,
  bond: CollateralBond,
  today_day: number,
): Outcome<number> {
  if (!schedule.issuer_kinds.includes(bond.issuer_kind)) {
    return reject('COLLATERAL_NOT_ELIGIBLE', `${schedule.name} does not accept this issuer kind`, {
      isin: bond.isin,
      issuer_kind: bond.issuer_kind,
    });
  }
  if (!schedule.currencies.includes(bond.currency)) {
    return reject('COLLATERAL_NOT_ELIGIBLE', `${schedule.name} does not accept this currency`, {
      isin: bond.isin,
      currency: bond.currency,
    });
  }
  // Calendar months, so a five-year band holds a bond maturing five years to the day ahead.
  const band =
    bond.maturity_day > today_day
      ? schedule.bands.find(
          (b) => bond.maturity_day <= addMonths(today_day, b.max_remaining_months, false),
        )
      : undefined;
  if (band === undefined) {
    return reject('COLLATERAL_MATURITY_NOT_ACCEPTED', 'The bond has too little or too much life', {
      isin: bond.isin,
      remaining_days: bond.maturity_day - today_day,
    });
  }
  return accept(band.haircut_ppm);
}

/** An agreed haircut may be above the schedule's, never below it. */
export function checkHaircutAgainstSchedule(
  agreed_ppm: number,
  schedule_ppm: number,
): Rejection | undefined {
  if (agreed_ppm >= schedule_ppm) return undefined;
  return reject('REPO_HAIRCUT_BELOW_SCHEDULE', "The haircut is below the schedule's", {
    haircut_ppm: agreed_ppm,
    schedule_ppm,
  });
}

/** Value after haircut, rounded down (the taker never counts more than it holds). */
export function collateralValueMinor(market_value_minor: bigint, haircut_ppm: number): bigint {
  return divRound(market_value_minor * (PPM - BigInt(haircut_ppm)), PPM, 'floor');
}

/** A pool's holdings, each valued after its haircut. */
export interface PoolItem {
  readonly issuer: string;
  readonly value_minor: bigint;
}

/** No issuer above the schedule's share of the pool's value. */
export function checkConcentration(
  schedule: CollateralSchedule,
  pool: readonly PoolItem[],
): Rejection | undefined {
  let total = 0n;
  const by_issuer = new Map<string, bigint>();
  for (const item of pool) {
    total += item.value_minor;
    by_issuer.set(item.issuer, (by_issuer.get(item.issuer) ?? 0n) + item.value_minor);
  }
  const limit = BigInt(schedule.issuer_concentration_max_ppm);
  for (const [issuer, value] of by_issuer) {
    if (value * PPM > total * limit) {
      return reject('COLLATERAL_CONCENTRATION_EXCEEDED', 'One issuer is too much of the pool', {
        issuer,
        value_minor: value,
        pool_minor: total,
        limit_ppm: schedule.issuer_concentration_max_ppm,
      });
    }
  }
  return undefined;
}
