/**
 * What each bank has drawn on the HKMA facilities and against which limit, as plain figures for
 * the API and the console (docs/financing.md §11): a pure function of the hub's state.
 * @module
 */

import { liquidityFacilityOn, tradeFacilityOn } from '../../financing/index.js';
import { marketDate } from '../../kernel/index.js';
import type { HubState } from '../state.js';
import type { FacilityName, FacilityState } from './facility_state.js';

/** What `bank` owes on `facility` (principal), under its PLP line or outside it. */
export function outstandingMinor(
  state: FacilityState,
  bank: string,
  facility: FacilityName,
  plp_line: boolean,
): bigint {
  let sum = 0n;
  for (const d of state.drawings.values()) {
    if (d.bank === bank && d.facility === facility && d.plp_line === plp_line) {
      sum += d.amount_minor;
    }
  }
  return sum;
}

/** Intraday funds outstanding across banks, outside the PLP lines. */
export function intradayOutstandingMinor(state: FacilityState): bigint {
  let sum = 0n;
  for (const d of state.drawings.values()) {
    if (d.tenor === 'intraday' && !d.plp_line) sum += d.amount_minor;
  }
  return sum;
}

/** The day's overnight use (0 when the last use was on another day). */
export function overnightUsedMinor(state: FacilityState, today: string): bigint {
  return state.overnight.date === today ? state.overnight.used_minor : 0n;
}

export interface BankFacilityUsage {
  readonly bank: string;
  /** RMB Liquidity Facility outside the PLP line, by kind of tenor. */
  readonly rmb_lf_intraday_minor: bigint;
  readonly rmb_lf_overnight_minor: bigint;
  readonly rmb_lf_term_minor: bigint;
  readonly plp_line_minor: bigint;
  readonly plp_line_drawn_minor: bigint;
  readonly trade_allocation_minor: bigint;
  readonly trade_drawn_minor: bigint;
}

export interface FacilityUsage {
  readonly date: string;
  /** Banks with a drawing, an allocation or a line, by id. */
  readonly banks: readonly BankFacilityUsage[];
  readonly intraday_drawn_minor: bigint;
  readonly intraday_total_minor: bigint;
  readonly overnight_used_minor: bigint;
  readonly overnight_total_minor: bigint;
  readonly trade_allocated_minor: bigint;
  readonly trade_drawn_minor: bigint;
  readonly trade_total_minor: bigint;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function emptyUsage(bank: string): Mutable<BankFacilityUsage> {
  return {
    bank,
    ...{ rmb_lf_intraday_minor: 0n, rmb_lf_overnight_minor: 0n, rmb_lf_term_minor: 0n },
    ...{ plp_line_minor: 0n, plp_line_drawn_minor: 0n },
    ...{ trade_allocation_minor: 0n, trade_drawn_minor: 0n },
  };
}

/** Usage per bank and per facility on the hub's market date, with the day's limits. */
export function facilityUsage(state: HubState): FacilityUsage {
  const f = state.financing.facilities;
  const date = marketDate(state.now_us);
  const banks = new Map<string, Mutable<BankFacilityUsage>>();
  const of = (bank: string) => {
    let usage = banks.get(bank);
    if (usage === undefined) {
      usage = emptyUsage(bank);
      banks.set(bank, usage);
    }
    return usage;
  };
  for (const [bank, amount] of f.allocations) of(bank).trade_allocation_minor = amount;
  for (const [bank, amount] of f.plp_lines) of(bank).plp_line_minor = amount;
  let trade_drawn_minor = 0n;
  for (const d of f.drawings.values()) {
    const usage = of(d.bank);
    if (d.facility === 'trade') {
      usage.trade_drawn_minor += d.amount_minor;
      trade_drawn_minor += d.amount_minor;
    } else if (d.plp_line) usage.plp_line_drawn_minor += d.amount_minor;
    else if (d.tenor === 'intraday') usage.rmb_lf_intraday_minor += d.amount_minor;
    else if (d.tenor === 'overnight') usage.rmb_lf_overnight_minor += d.amount_minor;
    else usage.rmb_lf_term_minor += d.amount_minor;
  }
  let trade_allocated_minor = 0n;
  for (const amount of f.allocations.values()) trade_allocated_minor += amount;
  const lf = liquidityFacilityOn(date);
  return {
    date,
    banks: [...banks.values()].sort((a, b) => (a.bank < b.bank ? -1 : a.bank > b.bank ? 1 : 0)),
    intraday_drawn_minor: intradayOutstandingMinor(f),
    intraday_total_minor: lf?.intraday_total_minor ?? 0n,
    overnight_used_minor: overnightUsedMinor(f, date),
    overnight_total_minor: lf?.overnight_total_minor ?? 0n,
    trade_allocated_minor,
    trade_drawn_minor,
    trade_total_minor: tradeFacilityOn(date)?.total_minor ?? 0n,
  };
}
