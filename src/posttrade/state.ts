/**
 * The posttrade state: instructions, the accounts they settle on, settlement rates, cycle
 * reports, buy-ins and the reserve-fund exposure. Maps iterate in insertion order, which is the
 * deterministic order of everything built from them.
 * @module
 */

import type { Actor, LedgerEventSink, LedgerState } from '../ledger/index.js';
import type { AccountResolver } from './accounts.js';
import { DEFAULT_POSTTRADE_CONFIG, type PosttradeConfig } from './config.js';
import type { PosttradeEventSink } from './events.js';
import { InstructionTable } from './instruction_table.js';
import type { CycleReport } from './reports.js';
import type { ResolvedAccounts } from './resolved.js';
import type { Instruction } from './types.js';

/** A published southbound settlement rate (RMB per HKD) for one trade date. */
export interface SettlementRate {
  readonly trade_date: string;
  /** As published (decimal text), kept for reports and replay. */
  readonly buy_rate: string;
  readonly sell_rate: string;
  readonly buy_numerator: bigint;
  readonly buy_denominator: bigint;
  readonly sell_numerator: bigint;
  readonly sell_denominator: bigint;
}

/** A buy-in that closed a failed delivery. */
export interface BuyInRecord {
  readonly instruction_id: string;
  readonly agent: string;
  readonly date: string;
  readonly price_units: number;
  readonly quantity_units: bigint;
  readonly cost_minor: bigint;
  /** What the receiver paid (at most the original amount). */
  readonly receiver_paid_minor: bigint;
  /** The excess over the original amount, charged to the deliverer or the reserve fund. */
  readonly difference_minor: bigint;
  readonly paid_by: 'deliverer' | 'reserve_fund' | 'none';
  readonly timestamp_us: number;
}

/** The accounts posttrade has settled on, interned so netting indexes arrays, not maps. */
export interface AccountTable {
  readonly ids: string[];
  readonly assets: string[];
  readonly owners: string[];
  /** The participant a position is reported to (the owner's broker, or the owner itself). */
  readonly participants: string[];
  readonly index: Map<string, number>;
  /**
   * The ledger's handle of each account, by the same index; -1 until first looked up (a cache,
   * not in snapshots: a ledger handle never changes, and a restored ledger keeps it).
   */
  readonly handles: number[];
}

/** Posttrade's whole state. */
export interface PosttradeState {
  config: PosttradeConfig;
  /** Every instruction, by id and in capture order (instruction_table.ts). */
  readonly instructions: InstructionTable;
  next_seq: number;
  readonly accounts: AccountTable;
  /** Instructions not yet final, per settlement group, in capture order (compacted by cycles). */
  readonly open: Map<string, Instruction[]>;
  readonly settlement_rates: Map<string, SettlementRate>;
  /** Every cycle id ever run (transfer ids derive from them, so they are never reused). */
  readonly cycle_ids: Set<string>;
  /** The latest netting reports, by `<cycle_id>/<group>`. */
  readonly reports: Map<string, CycleReport>;
  last_cycle_date: string;
  /** Cash value of shared-book instructions not yet final, in the fund asset's minor units. */
  unsettled_shared_minor: bigint;
  /**
   * Notional value of the affiliate's open (resting) shared-book orders, in the fund asset's minor
   * units: what those orders may still add to the unsettled trades. Kept by the hub, which owns
   * the orders (`commitSharedOrder`); counted against the reserve fund's cap with the unsettled
   * trades (issue 12 item 20).
   */
  resting_shared_minor: bigint;
  readonly buy_ins: Map<string, BuyInRecord>;
  reserve_fund_paid_minor: bigint;
}

/** An empty state with the given configuration. */
export function createPosttradeState(
  config: PosttradeConfig = DEFAULT_POSTTRADE_CONFIG,
): PosttradeState {
  return {
    config,
    instructions: new InstructionTable(),
    next_seq: 1,
    accounts: { ids: [], assets: [], owners: [], participants: [], index: new Map(), handles: [] },
    open: new Map(),
    settlement_rates: new Map(),
    cycle_ids: new Set(),
    reports: new Map(),
    last_cycle_date: '',
    unsettled_shared_minor: 0n,
    resting_shared_minor: 0n,
    buy_ins: new Map(),
    reserve_fund_paid_minor: 0n,
  };
}

/** What a posttrade operation works with besides its own state. */
export interface PosttradeEnv {
  readonly ledger: LedgerState;
  readonly resolver: AccountResolver;
  /** Who submits posttrade's transfers: the operator (the settlement system itself). */
  readonly actor: Actor;
  readonly sink: LedgerEventSink;
  readonly events: PosttradeEventSink;
  readonly timestamp_us: number;
  /** A memo of resolved accounts its owner keeps between trades (resolved.ts); none: resolve each time. */
  readonly resolved?: ResolvedAccounts | undefined;
}

/** Whether an instruction can no longer change. */
export function isFinal(instruction: Instruction): boolean {
  return instruction.status === 'settled' || instruction.status === 'cancelled';
}

/** The instruction ids a trade produced: `<trade>/S` and `<trade>/B` after novation, else `<trade>`. */
export function instructionIdsOfTrade(state: PosttradeState, trade_id: string): string[] {
  const ids = [`${trade_id}/S`, `${trade_id}/B`, trade_id];
  return ids.filter((id) => state.instructions.get(id)?.trade_id === trade_id);
}
