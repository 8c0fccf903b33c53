/**
 * Netting reports: what each cycle settled, per account and asset, attributed to the participant
 * that receives the report. A report's net figures are exactly what the ledger moved.
 * @module
 */

import { POSTTRADE_LIMITS } from './limits.js';
import type { PosttradeState } from './state.js';

/** One account's position in a cycle. */
export interface PositionLine {
  readonly account_id: string;
  readonly asset: string;
  readonly owner: string;
  readonly participant: string;
  /** Gross deliveries or payments out of the account. */
  readonly debit_minor: bigint;
  /** Gross receipts into the account. */
  readonly credit_minor: bigint;
  /** credit − debit: what the ledger moved (positive = received). */
  readonly net_minor: bigint;
}

/** The southbound currency exchange of a cycle, settled PvP inside the cycle's batch. */
export interface FxDeal {
  readonly trade_date: string;
  /** `buy_hkd`: ChinaClear buys HKD with RMB; `sell_hkd`: the reverse. */
  readonly direction: 'buy_hkd' | 'sell_hkd';
  readonly hkd_minor: bigint;
  readonly rmb_minor: bigint;
  readonly rate: string;
}

/** Instruction counts per participant. */
export interface ParticipantTally {
  readonly participant: string;
  settled: number;
  partial: number;
  failed: number;
}

/** One settlement group's result in one cycle. */
export interface CycleReport {
  readonly cycle_id: string;
  readonly group: string;
  readonly settlement_date: string;
  readonly cutoff_us: number;
  readonly timestamp_us: number;
  /** `single`: one ledger batch; `holds`: holds then posts (more positions than a batch holds). */
  readonly batch: 'none' | 'single' | 'holds';
  readonly attempts: number;
  readonly gross_settled: number;
  readonly gross_failed: number;
  readonly net_settled: number;
  readonly net_partial: number;
  readonly net_failed: number;
  readonly positions: readonly PositionLine[];
  readonly fx: readonly FxDeal[];
  readonly participants: readonly ParticipantTally[];
}

/** What one participant receives: its positions and instruction counts in one cycle. */
export interface ParticipantReport {
  readonly cycle_id: string;
  readonly group: string;
  readonly participant: string;
  readonly settlement_date: string;
  readonly positions: readonly PositionLine[];
  readonly tally: ParticipantTally;
}

/** Stores a report, dropping the oldest beyond the bound. */
export function storeReport(state: PosttradeState, report: CycleReport): void {
  state.reports.set(`${report.cycle_id}/${report.group}`, report);
  while (state.reports.size > POSTTRADE_LIMITS.cycle_reports_max) {
    const oldest = state.reports.keys().next().value as string;
    state.reports.delete(oldest);
  }
}

/** A cycle's report for one group, if still kept. */
export function cycleReport(
  state: PosttradeState,
  cycle_id: string,
  group: string,
): CycleReport | undefined {
  return state.reports.get(`${cycle_id}/${group}`);
}

/** The netting report a participant receives for a cycle and group. */
export function participantReport(
  state: PosttradeState,
  cycle_id: string,
  group: string,
  participant: string,
): ParticipantReport | undefined {
  const report = cycleReport(state, cycle_id, group);
  if (report === undefined) return undefined;
  const tally = report.participants.find((t) => t.participant === participant) ?? {
    participant,
    settled: 0,
    partial: 0,
    failed: 0,
  };
  return {
    cycle_id,
    group,
    participant,
    settlement_date: report.settlement_date,
    positions: report.positions.filter((p) => p.participant === participant),
    tally: { ...tally },
  };
}
