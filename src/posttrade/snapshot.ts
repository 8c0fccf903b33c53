/**
 * The posttrade state as plain data (strings, numbers, bigints, arrays, in a fixed order), and
 * back. A restored state behaves, snapshots and digests exactly like the original.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { DEFAULT_POSTTRADE_CONFIG, type PosttradeConfig } from './config.js';
import { instructionRecord, openListOf } from './instructions.js';
import type { CycleReport } from './reports.js';
import {
  type BuyInRecord,
  createPosttradeState,
  isFinal,
  type PosttradeState,
  type SettlementRate,
} from './state.js';
import { type Instruction, STREAMS } from './types.js';

/** The posttrade state as codec-encodable data. */
export interface PosttradeSnapshot {
  readonly format: 'hutong.posttrade.v1';
  readonly config: PosttradeConfig;
  readonly instructions: readonly Instruction[];
  readonly next_seq: number;
  readonly accounts: {
    readonly ids: readonly string[];
    readonly assets: readonly string[];
    readonly owners: readonly string[];
    readonly participants: readonly string[];
  };
  readonly settlement_rates: readonly SettlementRate[];
  readonly cycle_ids: readonly string[];
  readonly reports: readonly CycleReport[];
  readonly last_cycle_date: string;
  readonly unsettled_shared_minor: bigint;
  /**
   * Absent in snapshots taken before resting orders counted against the reserve cap (issue 12
   * item 20): the hub then recomputes it from its orders (`restoreHub`).
   */
  readonly resting_shared_minor?: bigint;
  readonly buy_ins: readonly BuyInRecord[];
  readonly reserve_fund_paid_minor: bigint;
}

/** The state as plain data. */
export function snapshotPosttrade(state: PosttradeState): PosttradeSnapshot {
  const a = state.accounts;
  return {
    format: 'hutong.posttrade.v1',
    config: state.config,
    instructions: [...state.instructions.values()].map((i) => ({ ...i })),
    next_seq: state.next_seq,
    accounts: {
      ids: [...a.ids],
      assets: [...a.assets],
      owners: [...a.owners],
      participants: [...a.participants],
    },
    settlement_rates: [...state.settlement_rates.values()],
    cycle_ids: [...state.cycle_ids],
    reports: [...state.reports.values()],
    last_cycle_date: state.last_cycle_date,
    unsettled_shared_minor: state.unsettled_shared_minor,
    resting_shared_minor: state.resting_shared_minor,
    buy_ins: [...state.buy_ins.values()],
    reserve_fund_paid_minor: state.reserve_fund_paid_minor,
  };
}

/** Snapshots taken before a stream existed restore with that stream's default rules. */
function withEveryStream(config: PosttradeConfig): PosttradeConfig {
  const missing = STREAMS.filter((stream) => config.streams[stream] === undefined);
  if (missing.length === 0) return config;
  const streams = { ...config.streams };
  for (const stream of missing) streams[stream] = DEFAULT_POSTTRADE_CONFIG.streams[stream];
  return Object.freeze({ ...config, streams: Object.freeze(streams) });
}

/** A state from its snapshot. */
export function restorePosttrade(snapshot: PosttradeSnapshot): PosttradeState {
  assert(snapshot.format === 'hutong.posttrade.v1', `unknown snapshot format ${snapshot.format}`);
  const state = createPosttradeState(withEveryStream(snapshot.config));
  state.next_seq = snapshot.next_seq;
  const a = snapshot.accounts;
  for (let k = 0; k < a.ids.length; k += 1) {
    state.accounts.ids.push(a.ids[k] as string);
    state.accounts.assets.push(a.assets[k] as string);
    state.accounts.owners.push(a.owners[k] as string);
    state.accounts.participants.push(a.participants[k] as string);
    state.accounts.index.set(a.ids[k] as string, k);
  }
  for (const record of snapshot.instructions) {
    const instruction = instructionRecord(record);
    state.instructions.add(instruction);
    if (!isFinal(instruction)) openListOf(state, instruction.group).push(instruction);
  }
  for (const rate of snapshot.settlement_rates) state.settlement_rates.set(rate.trade_date, rate);
  for (const id of snapshot.cycle_ids) state.cycle_ids.add(id);
  for (const report of snapshot.reports)
    state.reports.set(`${report.cycle_id}/${report.group}`, report);
  state.last_cycle_date = snapshot.last_cycle_date;
  state.unsettled_shared_minor = snapshot.unsettled_shared_minor;
  state.resting_shared_minor = snapshot.resting_shared_minor ?? 0n;
  for (const record of snapshot.buy_ins) state.buy_ins.set(record.instruction_id, record);
  state.reserve_fund_paid_minor = snapshot.reserve_fund_paid_minor;
  return state;
}
