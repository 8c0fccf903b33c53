/**
 * What posttrade tells its readers (the hub publishes these beside the ledger's own events).
 * Every status change of an instruction is one event, so a reader can keep a settlement-status
 * view without re-deriving anything.
 * @module
 */

import type { FailReason, InstructionStatus } from './types.js';

/** A trade (or a sese.023 message) became an instruction. */
export interface InstructionCaptured {
  readonly type: 'instruction_captured';
  readonly instruction_id: string;
  readonly trade_id: string;
  readonly group: string;
  readonly securities_date: string;
  readonly cash_date: string;
}

/** An instruction's status or fail reason changed. */
export interface InstructionStatusChanged {
  readonly type: 'instruction_status';
  readonly instruction_id: string;
  readonly status: InstructionStatus;
  /** The fail reason for `failed`, the closure for `cancelled`, `''` otherwise. */
  readonly reason: FailReason | string;
  readonly settled_quantity_units: bigint;
  readonly remaining_quantity_units: bigint;
}

/** A settlement group finished a cycle. */
export interface CycleCompleted {
  readonly type: 'cycle_completed';
  readonly cycle_id: string;
  readonly group: string;
  readonly settlement_date: string;
  readonly settled: number;
  readonly failed: number;
  readonly positions: number;
}

/** A failed delivery was bought in. */
export interface BuyInExecuted {
  readonly type: 'buy_in_executed';
  readonly instruction_id: string;
  readonly agent: string;
  readonly quantity_units: bigint;
  readonly cost_minor: bigint;
  readonly difference_minor: bigint;
  readonly paid_by: 'deliverer' | 'reserve_fund' | 'none';
}

/** The reserve fund paid a loss. */
export interface ReserveFundPaid {
  readonly type: 'reserve_fund_paid';
  readonly instruction_id: string;
  readonly beneficiary: string;
  readonly amount_minor: bigint;
}

/** A failed instruction accrued a day's penalty. */
export interface PenaltyAccrued {
  readonly type: 'penalty_accrued';
  readonly instruction_id: string;
  readonly failing_party: string;
  readonly date: string;
  readonly amount_minor: bigint;
}

/** Everything posttrade publishes. */
export type PosttradeEvent =
  | InstructionCaptured
  | InstructionStatusChanged
  | CycleCompleted
  | BuyInExecuted
  | ReserveFundPaid
  | PenaltyAccrued;

/** Where posttrade's events go (the hub's event buffer). */
export interface PosttradeEventSink {
  emit(event: PosttradeEvent): void;
}

/** A sink that drops everything (benchmarks). */
export const NULL_POSTTRADE_SINK: PosttradeEventSink = Object.freeze({ emit: () => undefined });
