/**
 * Transfers: single-phase transfers, holds, and the post or void that resolves a hold.
 *
 * A batch is all-or-nothing. Transfers apply in order and each sees the effects of the ones before
 * it (a batch may place a hold and post it); if any fails, everything the batch did is undone in
 * reverse and the batch is rejected with the failing transfer's code, index and id.
 *
 * Ids are idempotency keys: an id already known with the same body returns `exists` and changes
 * nothing; the same id with a different body is rejected. Unlike TigerBeetle, a rejected transfer
 * leaves no trace, so a corrected retry may reuse its id.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { hashId } from '../kernel/id_index.js';
import { accept, type Outcome, type Rejection, reject } from '../kernel/rejection.js';
import { type CreateResult, withIndex } from './accounts.js';
import type { Actor } from './actor.js';
import type { LedgerEventSink } from './events.js';
import { LEDGER_LIMITS } from './limits.js';
import { applyPostings, balancesOf, chainsOf } from './postings.js';
import {
  differingTransferField,
  type Prepared,
  pairKey,
  prepareTransfer,
  type ReleasedByPair,
  type TransferInput,
} from './prepare.js';
import type { LedgerState } from './state.js';
import type { TransferBatch } from './transfer_batch.js';
import type { Transfer } from './types.js';

export type { TransferInput } from './prepare.js';
export { movementInput, resolutionInput } from './prepare.js';

export interface TransferContext {
  readonly actor: Actor;
  readonly timestamp_us: number;
  readonly sink: LedgerEventSink;
}

/**
 * Applies a batch, all or nothing. `batch_max` bounds a client's batch (TigerBeetle's 8,189); a
 * domain step inside one command (a settlement cycle's netting batch) may pass a larger bound.
 */
export function createTransfers(
  state: LedgerState,
  inputs: readonly TransferInput[],
  context: TransferContext,
  batch_max: number = LEDGER_LIMITS.transfers_per_batch_max,
): Outcome<CreateResult[]> {
  const size_problem = checkBatchSize(inputs.length, batch_max);
  if (size_problem !== undefined) return size_problem;
  const saved_pending_count = state.pending_count;
  const saved_expiry_order = state.next_expiry_order;
  const applied: Prepared[] = [];
  const results: CreateResult[] = [];
  // What the batch's voids released, per pair; made on the first void (most batches have none).
  const batch: BatchContext = { ...context, released: undefined };
  for (let index = 0; index < inputs.length; index += 1) {
    const input = inputs[index] as TransferInput;
    // Hashed once: the look-up here and the insert in `apply` probe with the same hash.
    const hash = hashId(input.id);
    const outcome = prepareOrMatch(state, input, hash, batch);
    if (!outcome.ok) {
      for (let i = applied.length - 1; i >= 0; i -= 1) undo(state, applied[i] as Prepared);
      state.pending_count = saved_pending_count;
      state.next_expiry_order = saved_expiry_order;
      return withIndex(outcome, index, input.id);
    }
    if ('exists' in outcome) {
      results.push('exists');
      continue;
    }
    apply(state, outcome, hash);
    trackReleased(batch, outcome);
    applied.push(outcome);
    results.push('created');
  }
  for (const prepared of applied) publish(state, prepared, context.sink);
  return accept(results);
}

interface BatchContext extends TransferContext {
  released: ReleasedByPair | undefined;
}

/**
 * A void adds what its hold reserved to the pair's released amount (expiring at the latest of
 * them); a later hold on the pair uses it up. Local to the batch: a failed batch undoes it all.
 */
function trackReleased(batch: BatchContext, prepared: Prepared): void {
  const transfer = prepared.transfer;
  if (transfer.action === 'void' && prepared.hold !== undefined) {
    const key = pairKey(transfer.debit_account_id, transfer.credit_account_id);
    batch.released ??= new Map();
    const entry = batch.released.get(key);
    const expires_at_us = prepared.hold.expires_at_us;
    if (entry === undefined) {
      batch.released.set(key, { amount_minor: transfer.amount_minor, expires_at_us });
      return;
    }
    entry.amount_minor += transfer.amount_minor;
    entry.expires_at_us =
      entry.expires_at_us === 0 || expires_at_us === 0
        ? 0
        : Math.max(entry.expires_at_us, expires_at_us);
    return;
  }
  if (transfer.action !== 'hold' || batch.released === undefined) return;
  const entry = batch.released.get(pairKey(transfer.debit_account_id, transfer.credit_account_id));
  if (entry === undefined) return;
  entry.amount_minor =
    entry.amount_minor > transfer.amount_minor ? entry.amount_minor - transfer.amount_minor : 0n;
}

function checkBatchSize(count: number, maximum: number): Rejection | undefined {
  if (count === 0) return reject('BATCH_EMPTY', 'The batch has no transfers');
  if (count > maximum) {
    return reject('BATCH_TOO_LARGE', 'The batch has more transfers than allowed', {
      count,
      maximum,
    });
  }
  return undefined;
}

/** An identical retry of a known transfer: nothing to do. */
const EXISTS = { ok: true, exists: true } as const;

function prepareOrMatch(
  state: LedgerState,
  input: TransferInput,
  hash: number,
  context: BatchContext,
): Prepared | Rejection | typeof EXISTS {
  const existing = state.known.get(input.id, hash);
  if (existing === undefined) return prepareTransfer(state, input, context);
  const field = differingTransferField(state, existing, input, context.actor.participant);
  if (field === undefined) return EXISTS;
  return reject(
    'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
    `Transfer ${input.id} already exists with a different ${field}`,
    { transfer_id: input.id, field },
  );
}

function apply(state: LedgerState, prepared: Prepared, hash: number): void {
  const { transfer, chains, hold } = prepared;
  applyPostings(chains, prepared.pending_delta, prepared.posted_delta);
  noteChange(state, prepared);
  state.known.add(transfer, hash);
  switch (transfer.action) {
    case 'transfer':
      state.completed.push(transfer);
      return;
    case 'hold':
      assert(prepared.new_hold !== undefined, 'hold without a hold record');
      state.holds.set(transfer.id, prepared.new_hold);
      state.pending_count += 1;
      state.next_expiry_order += 1;
      return;
    case 'post':
    case 'void':
      assert(
        hold !== undefined && hold.status === 'pending',
        'resolving a hold that is not pending',
      );
      hold.status = transfer.action === 'post' ? 'posted' : 'voided';
      hold.posted_amount_minor = transfer.action === 'post' ? transfer.amount_minor : 0n;
      hold.resolved_at_us = transfer.timestamp_us;
      state.pending_count -= 1;
      // The hold completes now: it joins the retention queue behind older completed transfers.
      state.completed.push(hold.transfer, transfer);
      return;
  }
}

/** Undoes `apply`. Called in reverse order, so each undo sees exactly the state its apply left. */
function undo(state: LedgerState, prepared: Prepared): void {
  const { transfer, chains, hold } = prepared;
  applyPostings(chains, -prepared.pending_delta, -prepared.posted_delta);
  noteChange(state, prepared);
  state.known.delete(transfer.id);
  switch (transfer.action) {
    case 'transfer':
      assert(state.completed.pop() === transfer, 'undo out of order');
      return;
    case 'hold':
      state.holds.delete(transfer.id);
      return;
    case 'post':
    case 'void':
      assert(hold !== undefined, 'undoing a resolution without its hold');
      hold.status = 'pending';
      hold.posted_amount_minor = 0n;
      hold.resolved_at_us = 0;
      assert(state.completed.pop() === transfer, 'undo out of order');
      assert(state.completed.pop() === hold.transfer, 'undo out of order');
      return;
  }
}
/** Records the accounts and the hold a transfer moves, for a checker that asked. */
function noteChange(state: LedgerState, prepared: Prepared): void {
  const changes = state.changes;
  if (changes === null) return;
  changes.chains(prepared.chains);
  if (prepared.new_hold !== undefined) changes.hold(prepared.new_hold);
  if (prepared.hold !== undefined) changes.hold(prepared.hold);
}

/** After the batch commits: schedule expiries and tell readers. */
function publish(state: LedgerState, prepared: Prepared, sink: LedgerEventSink): void {
  const hold = prepared.new_hold;
  if (hold !== undefined && hold.expires_at_us !== 0) {
    state.expiry.push({
      expires_at_us: hold.expires_at_us,
      expiry_order: hold.expiry_order,
      hold_id: hold.transfer.id,
    });
  }
  sink.emit({
    type: 'transfer_created',
    transfer: prepared.transfer,
    balances: balancesOf(prepared.chains),
  });
}

/** Expires every hold due at or before `now_us`, in (expiry time, creation) order. */
/**
 * When the next hold may expire (a stale entry makes it early, never late), or +Infinity if none:
 * the hub walks expiries in time order with its other timed changes.
 */
export function nextHoldExpiryUs(state: LedgerState): number {
  return state.expiry.peek()?.expires_at_us ?? Number.POSITIVE_INFINITY;
}

export function expireHolds(state: LedgerState, now_us: number, sink: LedgerEventSink): number {
  let expired = 0;
  for (let entry = state.expiry.peek(); entry !== undefined; entry = state.expiry.peek()) {
    if (entry.expires_at_us > now_us) break;
    state.expiry.pop();
    const hold = state.holds.get(entry.hold_id);
    if (hold === undefined || hold.status !== 'pending') continue;
    if (hold.expiry_order !== entry.expiry_order) continue; // a stale entry for a reused id
    const debit = state.accounts.get(hold.transfer.debit_account_id);
    const credit = state.accounts.get(hold.transfer.credit_account_id);
    assert(debit !== undefined && credit !== undefined, 'hold on a missing account');
    const chains = chainsOf(debit, credit);
    applyPostings(chains, -hold.transfer.amount_minor, 0n);
    if (state.changes !== null) {
      state.changes.chains(chains);
      state.changes.hold(hold);
    }
    hold.status = 'expired';
    hold.resolved_at_us = now_us;
    state.pending_count -= 1;
    state.completed.push(hold.transfer);
    sink.emit({
      type: 'hold_expired',
      hold_id: hold.transfer.id,
      amount_minor: hold.transfer.amount_minor,
      balances: balancesOf(chains),
    });
    expired += 1;
  }
  compactExpiry(state);
  return expired;
}

function compactExpiry(state: LedgerState): void {
  if (state.expiry.size <= 2 * state.pending_count + 1_024) return;
  state.expiry.compact((entry) => {
    const hold = state.holds.get(entry.hold_id);
    return (
      hold !== undefined && hold.status === 'pending' && hold.expiry_order === entry.expiry_order
    );
  });
}

/**
 * Forgets completed transfers older than the retention window (the journal keeps them all).
 * At most `limit` per call, so one command never pays for a long backlog.
 */
export function pruneRetained(state: LedgerState, now_us: number, limit = 10_000): number {
  const cutoff_us = now_us - LEDGER_LIMITS.transfer_retention_us;
  const completed = state.completed;
  let pruned = 0;
  while (pruned < limit && state.completed_head < completed.length) {
    const transfer = completed[state.completed_head] as Transfer;
    const hold = transfer.action === 'hold' ? state.holds.get(transfer.id) : undefined;
    const completed_at_us = hold === undefined ? transfer.timestamp_us : hold.resolved_at_us;
    if (completed_at_us >= cutoff_us) break;
    state.known.delete(transfer.id);
    if (hold !== undefined) {
      state.holds.delete(transfer.id);
      state.changes?.hold(hold);
    }
    state.completed_head += 1;
    pruned += 1;
  }
  // Drop the forgotten prefix once it is the larger part, so the queue's memory stays bounded.
  if (state.completed_head > 1_024 && state.completed_head * 2 > completed.length) {
    completed.splice(0, state.completed_head);
    state.completed_head = 0;
  }
  return pruned + pruneBatches(state, cutoff_us, limit - pruned);
}

/** Forgets whole transfer batches older than the cutoff; each counts as one toward `limit`. */
function pruneBatches(state: LedgerState, cutoff_us: number, limit: number): number {
  const queue = state.batch_queue;
  let pruned = 0;
  while (pruned < limit && state.batches_head < queue.length) {
    const batch = queue[state.batches_head] as TransferBatch;
    if (batch.timestamp_us >= cutoff_us) break;
    state.batches.delete(batch.id);
    state.batch_transfers -= batch.count;
    state.batches_head += 1;
    pruned += 1;
  }
  if (state.batches_head > 1_024 && state.batches_head * 2 > queue.length) {
    queue.splice(0, state.batches_head);
    state.batches_head = 0;
  }
  return pruned;
}
