/**
 * The HKMA's RMB facilities as they stood on a date (docs/financing.md §3; connect-rules.md §2.3,
 * §2.4). Each rule set says from when it applies; `…On(date)` returns the one in force, so a
 * scenario dated before or after a change runs with the rules of its date.
 * @module
 */

import { divRound, type Rejection, reject } from '../kernel/index.js';
import type { DrawingForm, FacilityTenor } from './types.js';

const BN = 100_000_000_000n; // RMB 1 bn in fen

/** The RMB Liquidity Facility (intraday, overnight and term funds against collateral). */
export interface LiquidityFacilityRules {
  readonly from: string;
  readonly tenors: readonly FacilityTenor[];
  readonly intraday_total_minor: bigint;
  /** The overnight funds the HKMA provides in total per day. */
  readonly overnight_total_minor: bigint;
  readonly source: string;
}

/**
 * In force from 9 Oct 2025: intraday RMB 30 bn and overnight RMB 10 bn (total unchanged at 40),
 * new 2-week and 1-month T+1 tenors. Before: 20 + 20, intraday to 1-week. The earlier set's start
 * is the 2015 pricing release's date (an assumption: the regime is older).
 */
const LIQUIDITY_FACILITY: readonly LiquidityFacilityRules[] = [
  {
    from: '2015-02-26',
    tenors: ['intraday', 'overnight', '1d', '1w'],
    intraday_total_minor: 20n * BN,
    overnight_total_minor: 20n * BN,
    source: 'HKMA press release 26 Feb 2015; Timothy Loh, 26 Sep 2025 (the "previously 20 + 20")',
  },
  {
    from: '2025-10-09',
    tenors: ['intraday', 'overnight', '1d', '1w', '2w', '1m'],
    intraday_total_minor: 30n * BN,
    overnight_total_minor: 10n * BN,
    source: 'Timothy Loh, "Enhancement of the RMB liquidity facility", 26 Sep 2025',
  },
];

/** The trade-financing facility: the TFLF, then from 9 Oct 2025 the RMB Business Facility. */
export interface TradeFacilityRules {
  readonly name: 'TFLF' | 'RBF';
  readonly from: string;
  readonly total_minor: bigint;
  readonly tenors: readonly FacilityTenor[];
  readonly forms: readonly DrawingForm[];
  /** The rate is SHIBOR of the tenor plus this spread, in basis points. */
  readonly spread_bps: number;
  /** What the funds may finance. */
  readonly purposes: readonly FacilityPurpose[];
  /** Collateral may be substituted during a repo's term. */
  readonly substitution: boolean;
  readonly source: string;
}

export type FacilityPurpose = 'trade_finance' | 'intragroup_onlending' | 'capex_working_capital';

const TFLF_SOURCE = 'HKMA press release 28 Feb 2025; HKMA circular 7 Feb 2025 (Timothy Loh)';
const RBF_SOURCE = 'Xinhua 26 Sep 2025 (the RMB Business Facility and its phases)';

/** What every phase shares: RMB 100 bn, 1/3/6 months, by repo or FX swap. */
const TRADE_FACILITY_BASE = {
  total_minor: 100n * BN,
  tenors: ['1m', '3m', '6m'],
  forms: ['repo', 'fx_swap'],
} as const;

const TRADE_FACILITY: readonly TradeFacilityRules[] = [
  {
    ...TRADE_FACILITY_BASE,
    name: 'TFLF',
    from: '2025-02-28',
    spread_bps: 25,
    purposes: ['trade_finance'],
    substitution: false,
    source: TFLF_SOURCE,
  },
  {
    ...TRADE_FACILITY_BASE,
    name: 'RBF',
    from: '2025-10-09',
    spread_bps: 0,
    purposes: ['trade_finance', 'intragroup_onlending'],
    substitution: false,
    source: `${RBF_SOURCE}: phase 1, the 25 bp spread removed, on-lending to overseas group banks`,
  },
  {
    ...TRADE_FACILITY_BASE,
    name: 'RBF',
    from: '2025-12-01',
    spread_bps: 0,
    purposes: ['trade_finance', 'intragroup_onlending', 'capex_working_capital'],
    substitution: false,
    source: `${RBF_SOURCE}: phase 2, capex and working-capital term loans`,
  },
  {
    ...TRADE_FACILITY_BASE,
    name: 'RBF',
    from: '2026-02-02',
    spread_bps: 0,
    purposes: ['trade_finance', 'intragroup_onlending', 'capex_working_capital'],
    substitution: true,
    source: `${RBF_SOURCE}: phase 3, collateral substitution during repo terms`,
  },
];

/** The latest rule set in force on `date`, or undefined before the first. */
function inForce<T extends { readonly from: string }>(sets: readonly T[], date: string) {
  let found: T | undefined;
  for (const set of sets) if (set.from <= date) found = set;
  return found;
}

export function liquidityFacilityOn(date: string): LiquidityFacilityRules | undefined {
  return inForce(LIQUIDITY_FACILITY, date);
}

export function tradeFacilityOn(date: string): TradeFacilityRules | undefined {
  return inForce(TRADE_FACILITY, date);
}

export interface TradeDrawing {
  readonly date: string;
  readonly tenor: FacilityTenor;
  readonly form: DrawingForm;
  readonly purpose: FacilityPurpose;
  readonly amount_minor: bigint;
  /** The bank's allocation, and what it has drawn and not repaid. */
  readonly allocation_minor: bigint;
  readonly drawn_minor: bigint;
}

/** A trade-facility drawing under the rules of its date. */
export function checkTradeDrawing(d: TradeDrawing): Rejection | undefined {
  const rules = tradeFacilityOn(d.date);
  if (rules === undefined) {
    return reject('FACILITY_NOT_IN_FORCE', 'The trade-financing facility starts on 28 Feb 2025', {
      date: d.date,
    });
  }
  if (!rules.tenors.includes(d.tenor)) {
    return reject('FACILITY_TENOR_NOT_OFFERED', `The ${rules.name} does not offer this tenor`, {
      tenor: d.tenor,
      tenors: rules.tenors.join(','),
      date: d.date,
    });
  }
  if (!rules.purposes.includes(d.purpose)) {
    return reject('FACILITY_PURPOSE_NOT_ELIGIBLE', `The ${rules.name} does not fund this`, {
      purpose: d.purpose,
      date: d.date,
    });
  }
  if (d.amount_minor <= 0n || d.drawn_minor + d.amount_minor > d.allocation_minor) {
    return reject('FACILITY_ALLOCATION_EXCEEDED', "A drawing stays within the bank's allocation", {
      amount_minor: d.amount_minor,
      drawn_minor: d.drawn_minor,
      allocation_minor: d.allocation_minor,
    });
  }
  return undefined;
}

/** The trade facility's rate on `date`: SHIBOR of the tenor plus the spread in force. */
export function tradeFacilityRateE12(date: string, shibor_e12: bigint): bigint | undefined {
  const rules = tradeFacilityOn(date);
  if (rules === undefined) return undefined;
  return shibor_e12 + BigInt(rules.spread_bps) * 100_000_000n;
}

export interface LiquidityDrawing {
  readonly date: string;
  readonly tenor: FacilityTenor;
  readonly amount_minor: bigint;
  /** Overnight funds all banks have drawn today. */
  readonly overnight_drawn_today_minor: bigint;
}

/** A Liquidity Facility drawing under the rules of its date. */
export function checkLiquidityDrawing(d: LiquidityDrawing): Rejection | undefined {
  const rules = liquidityFacilityOn(d.date);
  if (rules === undefined || !rules.tenors.includes(d.tenor)) {
    return reject('FACILITY_TENOR_NOT_OFFERED', 'The RMB Liquidity Facility does not offer this', {
      tenor: d.tenor,
      tenors: rules?.tenors.join(',') ?? '',
      date: d.date,
    });
  }
  const overnight = d.tenor === 'overnight';
  if (overnight && d.overnight_drawn_today_minor + d.amount_minor > rules.overnight_total_minor) {
    return reject('FACILITY_OVERNIGHT_TOTAL_EXCEEDED', "The day's overnight funds are used up", {
      amount_minor: d.amount_minor,
      drawn_today_minor: d.overnight_drawn_today_minor,
      total_minor: rules.overnight_total_minor,
    });
  }
  return undefined;
}

/**
 * The overnight rate: the average of the latest three overnight CNH HIBOR fixings plus 50 bp;
 * intraday: the average alone (HKMA, 26 Feb 2015). The average is rounded half up to 10^-12.
 */
export function liquidityRateE12(
  tenor: 'intraday' | 'overnight',
  last_three_overnight_cnh_hibor_e12: readonly [bigint, bigint, bigint],
): bigint {
  const [a, b, c] = last_three_overnight_cnh_hibor_e12;
  const average = divRound(a + b + c, 3n, 'half_up');
  return tenor === 'overnight' ? average + 50n * 100_000_000n : average;
}

/** Collateral may be substituted during a facility repo's term on `date`. */
export function substitutionAllowed(date: string): boolean {
  return tradeFacilityOn(date)?.substitution === true;
}
