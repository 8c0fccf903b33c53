/**
 * Transfer batches: many plain transfers under one id, stored in columns. Settlement moves
 * millions of legs a cycle; as single transfers each would cost an id string, an index entry and
 * a record kept for a day. A batch costs one of each, and its transfers are addressed
 * `<batch id>#<k>` (k from 0), which `findTransfer` resolves like any other transfer id.
 *
 * A batch is all-or-nothing, like `createTransfers`: its transfers apply in order, each sees the
 * ones before it, and if one is refused everything is undone and the batch is rejected with that
 * transfer's code, index and address. The batch id is the idempotency key: the same id with the
 * same transfers returns `exists` and changes nothing; with different transfers it is refused.
 * Batches hold plain transfers only (no holds, posts or voids), and name accounts by handle.
 * @module
 */

import { hashId } from '../kernel/id_index.js';
import { AMOUNT_MAX } from '../kernel/money.js';
import { accept, type Outcome, type Rejection, reject } from '../kernel/rejection.js';
import { type CreateResult, withIndex } from './accounts.js';
import { ID_PATTERN, LEDGER_LIMITS } from './limits.js';
import { applyPostings, chainsOf, frozenOnPath } from './postings.js';
import { CODE_PATTERN, checkChains, checkPair } from './prepare.js';
import { type LedgerState, retainedCount } from './state.js';
import type { TouchSet } from './touch_set.js';
import type { TransferContext } from './transfers.js';
import { type Account, type AccountBalance, balanceOf, type Transfer } from './types.js';

/** A batch as submitted: transfer k moves `amounts_minor[k]` from `debit_handles[k]` to `credit_handles[k]`. */
export interface TransferBatchInput {
  readonly id: string;
  /** The codes the batch uses; transfer k's code is `codes[code_indices[k]]`. At most 256. */
  readonly codes: readonly string[];
  /** How many transfers: every column holds at least this many entries. */
  readonly count: number;
  readonly debit_handles: Int32Array;
  readonly credit_handles: Int32Array;
  readonly amounts_minor: readonly bigint[];
  readonly code_indices: Uint8Array;
  /** Each transfer's reference (settlement passes the instruction id). */
  readonly references: readonly string[];
}

const CODES_MAX = 256;

/**
 * A committed batch. Immutable: it owns copies of the submitted columns, in plain arrays (a
 * batch is kept for a day, and a one-DvP batch is common: typed arrays would cost three objects
 * each). `legs` holds three small integers per transfer: debit handle, credit handle, code index.
 */
export class TransferBatch {
  constructor(
    readonly id: string,
    readonly submitted_by: string,
    readonly timestamp_us: number,
    readonly codes: readonly string[],
    private readonly legs: readonly number[],
    readonly amounts_minor: readonly bigint[],
    readonly references: readonly string[],
    /** The ledger's accounts by handle (append-only, so handles stay valid). */
    private readonly accounts: readonly Account[],
  ) {}

  get count(): number {
    return this.amounts_minor.length;
  }

  debitHandle(k: number): number {
    return this.legs[3 * k] as number;
  }

  creditHandle(k: number): number {
    return this.legs[3 * k + 1] as number;
  }

  codeIndex(k: number): number {
    return this.legs[3 * k + 2] as number;
  }

  code(k: number): string {
    return this.codes[this.codeIndex(k)] as string;
  }

  /** Transfer k as a `Transfer` record, made on demand (the batch keeps only columns). */
  transfer(k: number): Transfer {
    const debit = this.accounts[this.debitHandle(k)] as Account;
    const credit = this.accounts[this.creditHandle(k)] as Account;
    return {
      id: `${this.id}#${k}`,
      action: 'transfer',
      debit_account_id: debit.id,
      credit_account_id: credit.id,
      asset: debit.asset,
      amount_minor: this.amounts_minor[k] as bigint,
      pending_id: '',
      timeout_s: 0,
      code: this.code(k),
      reference: this.references[k] as string,
      submitted_by: this.submitted_by,
      timestamp_us: this.timestamp_us,
    };
  }

  transfers(): Transfer[] {
    const all: Transfer[] = [];
    for (let k = 0; k < this.count; k += 1) all.push(this.transfer(k));
    return all;
  }

  /** Readers (WebSocket, HTTP) see a batch as its transfers, not as columns. */
  toJSON(): { id: string; submitted_by: string; timestamp_us: number; transfers: Transfer[] } {
    const { id, submitted_by, timestamp_us } = this;
    return { id, submitted_by, timestamp_us, transfers: this.transfers() };
  }
}

/**
 * Applies a batch, all or nothing. `batch_max` bounds its transfers: a client's 8,189 by
 * default; a domain step inside one command may pass a larger bound.
 */
export function createTransferBatch(
  state: LedgerState,
  input: TransferBatchInput,
  context: TransferContext,
  batch_max: number = LEDGER_LIMITS.transfers_per_batch_max,
): Outcome<CreateResult> {
  const shape = checkBatchShape(input, batch_max);
  if (shape !== undefined) return shape;
  // Hashed once: the look-up here and the insert in `keep` probe with the same hash.
  const hash = hashId(input.id);
  const existing = state.batches.get(input.id, hash);
  if (existing !== undefined) return matchExisting(existing, input, context);
  const full = checkRoom(state, input);
  if (full !== undefined) return full;
  const touched = state.touched;
  touched.begin(state.account_list.length);
  for (let k = 0; k < input.count; k += 1) {
    const refusal = applyTransfer(state, input, k, context, touched);
    if (refusal !== undefined) {
      for (let j = k - 1; j >= 0; j -= 1) undoTransfer(state, input, j);
      return withIndex(refusal, k, `${input.id}#${k}`);
    }
  }
  const batch = keep(state, input, context, hash);
  const balances: AccountBalance[] = [];
  for (const account of touched.accounts()) balances.push(balanceOf(account));
  context.sink.emit({ type: 'transfer_batch_created', batch, balances });
  return accept('created');
}

/**
 * The retention bound, refused at the first transfer that would pass it (as `createTransfers`
 * does), so a caller settling instruction by instruction knows which ones fit.
 */
function checkRoom(state: LedgerState, input: TransferBatchInput): Rejection | undefined {
  const maximum = LEDGER_LIMITS.transfers_retained_max;
  const room = maximum - retainedCount(state);
  if (input.count <= room) return undefined;
  const index = Math.max(0, room);
  const full = reject(
    'LEDGER_TRANSFERS_FULL',
    'The ledger holds the maximum number of recent transfers',
    { maximum },
  );
  return withIndex(full, index, `${input.id}#${index}`);
}

function checkBatchShape(input: TransferBatchInput, batch_max: number): Rejection | undefined {
  if (!ID_PATTERN.test(input.id)) {
    return reject('TRANSFER_ID_INVALID', 'Batch ids are 1–64 letters, digits or ._:-/', {
      batch_id: input.id,
    });
  }
  const count = input.count;
  if (!Number.isInteger(count) || count < 0) {
    return reject('BATCH_COUNT_INVALID', 'A batch counts its transfers in a whole number', {
      count,
    });
  }
  if (count === 0) return reject('BATCH_EMPTY', 'The batch has no transfers');
  if (count > batch_max) {
    return reject('BATCH_TOO_LARGE', 'The batch has more transfers than allowed', {
      count,
      maximum: batch_max,
    });
  }
  const shortest = Math.min(
    input.debit_handles.length,
    input.credit_handles.length,
    input.amounts_minor.length,
    input.code_indices.length,
    input.references.length,
  );
  if (shortest < count) {
    return reject('BATCH_COLUMNS_SHORT', 'A column of the batch has fewer entries than its count', {
      count,
      shortest,
    });
  }
  return checkCodes(input.codes);
}

function checkCodes(codes: readonly string[]): Rejection | undefined {
  if (codes.length === 0 || codes.length > CODES_MAX) {
    return reject('BATCH_CODES_INVALID', `A batch names 1 to ${CODES_MAX} codes`, {
      codes: codes.length,
    });
  }
  for (const code of codes) {
    if (!CODE_PATTERN.test(code)) {
      return reject(
        'TRANSFER_CODE_INVALID',
        'A transfer code is lower_snake_case, at most 32 characters',
        { code },
      );
    }
  }
  return undefined;
}

/** Checks transfer k against the state its predecessors left, and applies it. */
function applyTransfer(
  state: LedgerState,
  input: TransferBatchInput,
  k: number,
  context: TransferContext,
  touched: TouchSet,
): Rejection | undefined {
  const amount = input.amounts_minor[k] as bigint;
  if (amount <= 0n || amount > AMOUNT_MAX) {
    return reject('AMOUNT_INVALID', 'The amount must be positive and at most 2^128 − 1', {
      amount_minor: amount,
    });
  }
  const debit = accountAt(state, input.debit_handles[k] as number);
  if (debit === undefined) return missing('debit', input.debit_handles[k] as number);
  const credit = accountAt(state, input.credit_handles[k] as number);
  if (credit === undefined) return missing('credit', input.credit_handles[k] as number);
  const problem = checkFields(input, k, debit, credit, context);
  if (problem !== undefined) return problem;
  if (debit.parent === credit.parent && moveDirect(debit, credit, amount)) {
    touched.add(debit);
    touched.add(credit);
    if (state.changes !== null) {
      state.changes.account(debit);
      state.changes.account(credit);
    }
    return undefined;
  }
  const chains = chainsOf(debit, credit);
  const blocked = checkChains(chains, 0n, amount, amount);
  if (blocked !== undefined) return blocked;
  applyPostings(chains, 0n, amount);
  state.changes?.chains(chains);
  for (const account of chains.debit) touched.add(account);
  for (const account of chains.credit) touched.add(account);
  return undefined;
}

/**
 * The common case, two accounts with no omnibus between them (top-tier accounts, or siblings
 * under one omnibus): check and post in one pass, each new balance computed once. Returns false
 * without changing anything when a check fails; the general path then finds the exact refusal.
 */
function moveDirect(debit: Account, credit: Account, amount: bigint): boolean {
  if (frozenOnPath(debit) || frozenOnPath(credit)) return false;
  const debits_posted = debit.debits_posted + amount;
  const credits_posted = credit.credits_posted + amount;
  if (debits_posted > AMOUNT_MAX || credits_posted > AMOUNT_MAX) return false;
  if (debit.flags.debits_must_not_exceed_credits) {
    const pending = debit.debits_pending;
    const used = pending === 0n ? debits_posted : pending + debits_posted;
    if (used > debit.credits_posted) return false;
  }
  if (credit.flags.credits_must_not_exceed_debits) {
    const pending = credit.credits_pending;
    const used = pending === 0n ? credits_posted : pending + credits_posted;
    if (used > credit.debits_posted) return false;
  }
  debit.debits_posted = debits_posted;
  credit.credits_posted = credits_posted;
  return true;
}

function checkFields(
  input: TransferBatchInput,
  k: number,
  debit: Account,
  credit: Account,
  context: TransferContext,
): Rejection | undefined {
  const pair = checkPair(debit, credit);
  if (pair !== undefined) return pair;
  if (!context.actor.operator && !context.actor.actsFor(debit.owner)) {
    return reject(
      'NOT_AUTHORIZED',
      `${context.actor.participant} may not debit account ${debit.id}`,
      {
        participant: context.actor.participant,
        account_id: debit.id,
        owner: debit.owner,
      },
    );
  }
  if ((input.code_indices[k] as number) >= input.codes.length) {
    return reject('TRANSFER_CODE_INVALID', 'The transfer names a code the batch does not list', {
      code_index: input.code_indices[k] as number,
    });
  }
  const reference = input.references[k] as string;
  // Consecutive transfers often share a reference (a DvP's two legs): check each string once,
  // since reading its length is a cache miss on a cold string.
  if (k > 0 && reference === input.references[k - 1]) return undefined;
  if (reference.length > LEDGER_LIMITS.reference_length_max) {
    return reject('REFERENCE_TOO_LONG', 'The reference is longer than allowed', {
      length: reference.length,
      maximum: LEDGER_LIMITS.reference_length_max,
    });
  }
  return undefined;
}

function accountAt(state: LedgerState, handle: number): Account | undefined {
  return handle >= 0 ? state.account_list[handle] : undefined;
}

function missing(side: 'debit' | 'credit', handle: number): Rejection {
  const name = side === 'debit' ? 'Debit' : 'Credit';
  return reject('ACCOUNT_NOT_FOUND', `${name} account handle ${handle} does not exist`, {
    account_handle: handle,
    side,
  });
}

/** Undoes `applyTransfer` for transfer k (which was applied). */
function undoTransfer(state: LedgerState, input: TransferBatchInput, k: number): void {
  const debit = state.account_list[input.debit_handles[k] as number] as Account;
  const credit = state.account_list[input.credit_handles[k] as number] as Account;
  const chains = chainsOf(debit, credit);
  applyPostings(chains, 0n, -(input.amounts_minor[k] as bigint));
  state.changes?.chains(chains);
}

/** Stores a committed batch: it joins the retention queue and counts against the bound. */
function keep(
  state: LedgerState,
  input: TransferBatchInput,
  context: TransferContext,
  hash: number,
): TransferBatch {
  const count = input.count;
  const legs = new Array<number>(3 * count);
  for (let k = 0; k < count; k += 1) {
    legs[3 * k] = input.debit_handles[k] as number;
    legs[3 * k + 1] = input.credit_handles[k] as number;
    legs[3 * k + 2] = input.code_indices[k] as number;
  }
  const batch = new TransferBatch(
    input.id,
    context.actor.participant,
    context.timestamp_us,
    Object.isFrozen(input.codes) ? input.codes : Object.freeze([...input.codes]),
    legs,
    input.amounts_minor.slice(0, count),
    input.references.slice(0, count),
    state.account_list,
  );
  state.batches.add(batch, hash);
  state.batch_queue.push(batch);
  state.batch_transfers += count;
  return batch;
}

/** An id already used by a retained batch: `exists` if the retry is identical, else a refusal. */
function matchExisting(
  existing: TransferBatch,
  input: TransferBatchInput,
  context: TransferContext,
): Outcome<CreateResult> {
  const field = differingBatchField(existing, input, context.actor.participant);
  if (field === undefined) return accept('exists');
  return reject(
    'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
    `Batch ${input.id} already exists with a different ${field}`,
    { batch_id: input.id, field },
  );
}

function differingBatchField(
  existing: TransferBatch,
  input: TransferBatchInput,
  participant: string,
): string | undefined {
  if (existing.submitted_by !== participant) return 'submitted_by';
  if (existing.count !== input.count) return 'count';
  for (let k = 0; k < input.count; k += 1) {
    if (existing.debitHandle(k) !== input.debit_handles[k]) return 'debit_account_id';
    if (existing.creditHandle(k) !== input.credit_handles[k]) return 'credit_account_id';
    if (existing.amounts_minor[k] !== input.amounts_minor[k]) return 'amount_minor';
    if (existing.code(k) !== input.codes[input.code_indices[k] as number]) return 'code';
    if (existing.references[k] !== input.references[k]) return 'reference';
  }
  return undefined;
}
