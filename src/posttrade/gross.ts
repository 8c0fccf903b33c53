/**
 * DvP model 1: gross, real time, atomic. Each instruction's legs settle together or not at all:
 * the securities leg and the cash leg are transfers of one all-or-nothing ledger batch.
 *
 * For throughput, consecutive instructions share a ledger transfer batch (columns of account
 * handles and amounts under one id, `<first instruction>/<part>/g`, whose transfer k is
 * `<batch id>#k`). If the batch is refused at a transfer, the instructions before it are settled
 * again on their own (they just passed on the same state), the instruction that owns the
 * transfer fails with the ledger's reason, and the rest continue. The outcome is exactly that of
 * settling one instruction after another.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { Rejection } from '../kernel/rejection.js';
import { createTransferBatch } from '../ledger/index.js';
import { failureOf } from './failure.js';
import { BatchColumns, GROSS_CODES, GrossChunk } from './gross_columns.js';
import { applySettlement, dueLegsInto, markFailed, scratchLegs } from './legs.js';

import type { PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** How a gross run went. */
export interface GrossResult {
  settled: number;
  failed: number;
}

/** Settles each due gross instruction on `date`, in the order given. */
export function settleGrossNow(
  state: PosttradeState,
  env: PosttradeEnv,
  instructions: readonly Instruction[],
  date: string,
): GrossResult {
  const result: GrossResult = { settled: 0, failed: 0 };
  const chunk_max = state.config.gross_batch_instructions_max;
  // Sized for the run: capture settles one instruction at a time (the real-time path).
  const columns = new BatchColumns(2 * Math.min(chunk_max, instructions.length));
  const chunk = new GrossChunk();
  const due = scratchLegs();
  for (const instruction of instructions) {
    assert(instruction.fx === 'none', 'southbound instructions settle net');
    if (!dueLegsInto(state, instruction, date, due)) continue;
    if (!accountsKnown(state, env, instruction)) {
      // The ledger has no such account (capture checked it, so this is a configuration fault).
      markFailed(env, instruction, 'ledger_refused', '');
      result.failed += 1;
      continue;
    }
    chunk.add(instruction, due);
    if (chunk.length === chunk_max) {
      settleChunk(state, env, chunk, columns, result);
      chunk.clear();
    }
  }
  if (chunk.length > 0) settleChunk(state, env, chunk, columns, result);
  return result;
}

function settleChunk(
  state: PosttradeState,
  env: PosttradeEnv,
  chunk: GrossChunk,
  columns: BatchColumns,
  result: GrossResult,
): void {
  let start = 0;
  while (start < chunk.length) {
    const batch = columns.fill(state, chunk, start, chunk.length);
    if (batch.count === 0) {
      commit(state, env, chunk, start, chunk.length, result);
      return;
    }
    const outcome = createTransferBatch(env.ledger, batch, env);
    if (outcome.ok) {
      assert(outcome.value === 'created', 'a settlement batch id was already used');
      commit(state, env, chunk, start, chunk.length, result);
      return;
    }
    const at = failedIndex(outcome, batch.count);
    const k = columns.owners[at] as number;
    // Read before a retry of the prefix refills the columns.
    const leg = {
      debit_account_id: env.ledger.account_list[batch.debit_handles[at] as number]?.id ?? '',
      code: GROSS_CODES[batch.code_indices[at] as number] as string,
    };
    if (k > start) {
      const again = createTransferBatch(env.ledger, columns.fill(state, chunk, start, k), env);
      assert(again.ok, 'a batch prefix that passed must pass again');
      commit(state, env, chunk, start, k, result);
    }
    const failure = failureOf(env, chunk.at(k), leg, outcome);
    markFailed(env, chunk.at(k), failure.reason, failure.party);
    result.failed += 1;
    start = k + 1;
  }
}

/** Records chunk positions [start, end) as settled. */
function commit(
  state: PosttradeState,
  env: PosttradeEnv,
  chunk: GrossChunk,
  start: number,
  end: number,
  result: GrossResult,
): void {
  const legs = scratchLegs();
  for (let k = start; k < end; k += 1)
    applySettlement(state, env, chunk.at(k), chunk.legsInto(k, legs));
  result.settled += end - start;
}

/** The index of the refused transfer in the batch. */
export function failedIndex(rejection: Rejection, size: number): number {
  const index = rejection.details.index;
  assert(typeof index === 'number' && index >= 0 && index < size, 'ledger refusal without index');
  return index;
}

/** The ledger handle of posttrade account `index`, or -1 when the ledger has no such account. */
function ledgerHandle(state: PosttradeState, env: PosttradeEnv, index: number): number {
  const handles = state.accounts.handles;
  const cached = handles[index];
  if (cached !== undefined && cached >= 0) return cached;
  const handle = env.ledger.accounts.get(state.accounts.ids[index] as string)?.handle ?? -1;
  while (handles.length <= index) handles.push(-1);
  handles[index] = handle;
  return handle;
}

function accountsKnown(state: PosttradeState, env: PosttradeEnv, i: Instruction): boolean {
  return (
    ledgerHandle(state, env, i.sec_from) >= 0 &&
    ledgerHandle(state, env, i.sec_to) >= 0 &&
    ledgerHandle(state, env, i.cash_from) >= 0 &&
    ledgerHandle(state, env, i.cash_to) >= 0
  );
}
