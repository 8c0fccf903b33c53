/**
 * DvP model 1: gross, real time, atomic. Each instruction's legs are one all-or-nothing ledger
 * batch: the securities leg and the cash leg settle together or not at all.
 *
 * For throughput, consecutive instructions share a ledger batch; if the batch is refused at a
 * transfer, the instructions before it are settled again on their own (they just passed on the
 * same state), the instruction that owns the transfer fails with the ledger's reason, and the rest
 * continue. The outcome is exactly that of settling one instruction after another.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { Rejection } from '../kernel/rejection.js';
import { createTransfers, movementInput, type TransferInput } from '../ledger/index.js';
import { failureOf } from './failure.js';
import { applySettlement, type DueLegs, dueLegs, markFailed } from './legs.js';
import type { PosttradeEnv, PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** How a gross run went. */
export interface GrossResult {
  settled: number;
  failed: number;
}

interface Work {
  readonly instruction: Instruction;
  readonly legs: DueLegs;
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
  let chunk: Work[] = [];
  for (const instruction of instructions) {
    assert(instruction.fx === 'none', 'southbound instructions settle net');
    const legs = dueLegs(state, instruction, date);
    if (legs === undefined) continue;
    chunk.push({ instruction, legs });
    if (chunk.length === chunk_max) {
      settleChunk(state, env, chunk, result);
      chunk = [];
    }
  }
  if (chunk.length > 0) settleChunk(state, env, chunk, result);
  return result;
}

function settleChunk(
  state: PosttradeState,
  env: PosttradeEnv,
  chunk: Work[],
  result: GrossResult,
): void {
  let rest = chunk;
  while (rest.length > 0) {
    const { transfers, owners } = transfersOf(state, rest);
    if (transfers.length === 0) {
      commit(state, env, rest, result);
      return;
    }
    const outcome = createTransfers(env.ledger, transfers, env);
    if (outcome.ok) {
      assert(!outcome.value.includes('exists'), 'a settlement transfer id was already used');
      commit(state, env, rest, result);
      return;
    }
    const at = failedIndex(outcome, transfers.length);
    const k = owners[at] as number;
    if (k > 0) {
      const prefix = rest.slice(0, k);
      const again = createTransfers(env.ledger, transfersOf(state, prefix).transfers, env);
      assert(again.ok, 'a batch prefix that passed must pass again');
      commit(state, env, prefix, result);
    }
    const failed = rest[k] as Work;
    const failure = failureOf(env, failed.instruction, transfers[at] as TransferInput, outcome);
    markFailed(env, failed.instruction, failure.reason, failure.party);
    result.failed += 1;
    rest = rest.slice(k + 1);
  }
}

function commit(state: PosttradeState, env: PosttradeEnv, work: Work[], result: GrossResult): void {
  for (const { instruction, legs } of work) applySettlement(state, env, instruction, legs);
  result.settled += work.length;
}

/** The index of the refused transfer in the batch. */
export function failedIndex(rejection: Rejection, size: number): number {
  const index = rejection.details.index;
  assert(typeof index === 'number' && index >= 0 && index < size, 'ledger refusal without index');
  return index;
}

function transfersOf(
  state: PosttradeState,
  work: readonly Work[],
): { transfers: TransferInput[]; owners: number[] } {
  const ids = state.accounts.ids;
  const transfers: TransferInput[] = [];
  const owners: number[] = [];
  for (let k = 0; k < work.length; k += 1) {
    const { instruction: i, legs } = work[k] as Work;
    const prefix = `${i.id}/${i.parts + 1}`;
    if (legs.securities_units > 0n) {
      const from = ids[i.sec_from] as string;
      const to = ids[i.sec_to] as string;
      transfers.push(
        movementInput(`${prefix}/s`, from, to, legs.securities_units, 'dvp_securities'),
      );
      owners.push(k);
    }
    if (legs.cash_minor > 0n) {
      const from = ids[i.cash_from] as string;
      const to = ids[i.cash_to] as string;
      transfers.push(movementInput(`${prefix}/c`, from, to, legs.cash_minor, 'dvp_cash'));
      owners.push(k);
    }
  }
  return { transfers, owners };
}
