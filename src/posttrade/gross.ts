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
import { createTransferBatch, type TransferBatchInput } from '../ledger/index.js';
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

/** The batch's codes: transfer k's code is `CODES[code_indices[k]]`. */
const CODES = Object.freeze(['dvp_securities', 'dvp_cash'] as const);
const SECURITIES = 0;
const CASH = 1;

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
  let chunk: Work[] = [];
  for (const instruction of instructions) {
    assert(instruction.fx === 'none', 'southbound instructions settle net');
    const legs = dueLegs(state, instruction, date);
    if (legs === undefined) continue;
    if (!accountsKnown(state, env, instruction)) {
      // The ledger has no such account (capture checked it, so this is a configuration fault).
      markFailed(env, instruction, 'ledger_refused', '');
      result.failed += 1;
      continue;
    }
    chunk.push({ instruction, legs });
    if (chunk.length === chunk_max) {
      settleChunk(state, env, chunk, columns, result);
      chunk = [];
    }
  }
  if (chunk.length > 0) settleChunk(state, env, chunk, columns, result);
  return result;
}

function settleChunk(
  state: PosttradeState,
  env: PosttradeEnv,
  chunk: Work[],
  columns: BatchColumns,
  result: GrossResult,
): void {
  let rest = chunk;
  while (rest.length > 0) {
    const batch = columns.fill(state, rest);
    if (batch.count === 0) {
      commit(state, env, rest, result);
      return;
    }
    const outcome = createTransferBatch(env.ledger, batch, env);
    if (outcome.ok) {
      assert(outcome.value === 'created', 'a settlement batch id was already used');
      commit(state, env, rest, result);
      return;
    }
    const at = failedIndex(outcome, batch.count);
    const k = columns.owners[at] as number;
    // Read before a retry of the prefix refills the columns.
    const leg = {
      debit_account_id: env.ledger.account_list[batch.debit_handles[at] as number]?.id ?? '',
      code: CODES[batch.code_indices[at] as number] as string,
    };
    if (k > 0) {
      const prefix = rest.slice(0, k);
      const again = createTransferBatch(env.ledger, columns.fill(state, prefix), env);
      assert(again.ok, 'a batch prefix that passed must pass again');
      commit(state, env, prefix, result);
    }
    const failed = rest[k] as Work;
    const failure = failureOf(env, failed.instruction, leg, outcome);
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

/**
 * One chunk's transfers in columns, reused from chunk to chunk (the ledger keeps copies).
 * `owners[k]` is the chunk position of the instruction transfer k belongs to.
 */
class BatchColumns {
  readonly debit_handles: Int32Array;
  readonly credit_handles: Int32Array;
  readonly amounts_minor: bigint[];
  readonly code_indices: Uint8Array;
  readonly references: string[];
  readonly owners: Int32Array;

  constructor(capacity: number) {
    this.debit_handles = new Int32Array(capacity);
    this.credit_handles = new Int32Array(capacity);
    this.amounts_minor = new Array<bigint>(capacity).fill(0n);
    this.code_indices = new Uint8Array(capacity);
    this.references = new Array<string>(capacity).fill('');
    this.owners = new Int32Array(capacity);
  }

  /** Fills the columns with `work`'s due legs; the batch id is its first instruction's part. */
  fill(state: PosttradeState, work: readonly Work[]): TransferBatchInput {
    const handles = state.accounts.handles;
    let count = 0;
    for (let k = 0; k < work.length; k += 1) {
      const { instruction: i, legs } = work[k] as Work;
      if (legs.securities_units > 0n) {
        this.put(
          count,
          handles[i.sec_from] as number,
          handles[i.sec_to] as number,
          legs.securities_units,
          SECURITIES,
          i.id,
          k,
        );
        count += 1;
      }
      if (legs.cash_minor > 0n) {
        this.put(
          count,
          handles[i.cash_from] as number,
          handles[i.cash_to] as number,
          legs.cash_minor,
          CASH,
          i.id,
          k,
        );
        count += 1;
      }
    }
    const first = (work[0] as Work).instruction;
    return {
      id: `${first.id}/${first.parts + 1}/g`,
      codes: CODES,
      count,
      debit_handles: this.debit_handles,
      credit_handles: this.credit_handles,
      amounts_minor: this.amounts_minor,
      code_indices: this.code_indices,
      references: this.references,
    };
  }

  private put(
    k: number,
    debit: number,
    credit: number,
    amount: bigint,
    code: number,
    reference: string,
    owner: number,
  ): void {
    this.debit_handles[k] = debit;
    this.credit_handles[k] = credit;
    this.amounts_minor[k] = amount;
    this.code_indices[k] = code;
    this.references[k] = reference;
    this.owners[k] = owner;
  }
}
