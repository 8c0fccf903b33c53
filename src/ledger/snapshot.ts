/**
 * The ledger as plain data, and back. Order is preserved, so a restored ledger behaves, snapshots
 * and digests exactly like the original.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { Hold, LedgerState } from './state.js';
import { completedTransfers, createLedgerState, indexAccount, retainedBatches } from './state.js';
import { TransferBatch } from './transfer_batch.js';
import type { Account, AccountPurpose, PendingStatus, Transfer } from './types.js';
import { accountFlags, pathOf } from './types.js';

export interface LedgerSnapshot {
  readonly accounts: readonly AccountRecord[];
  readonly holds: readonly HoldRecord[];
  /** Completed transfers in completion order; a resolved hold appears as `{ hold_ref }`. */
  readonly transfers: readonly (Transfer | { readonly hold_ref: string })[];
  readonly pending_count: number;
  readonly next_expiry_order: number;
  /**
   * Retained transfer batches in creation order, their columns naming accounts by id. Absent in
   * snapshots written before batches existed, which therefore hold none.
   */
  readonly batches?: readonly BatchRecord[];
}

interface BatchRecord {
  readonly id: string;
  readonly submitted_by: string;
  readonly timestamp_us: number;
  readonly codes: readonly string[];
  readonly debit_account_ids: readonly string[];
  readonly credit_account_ids: readonly string[];
  readonly amounts_minor: readonly bigint[];
  readonly code_indices: readonly number[];
  readonly references: readonly string[];
}

interface AccountRecord {
  readonly id: string;
  readonly owner: string;
  readonly asset: string;
  readonly purpose: AccountPurpose;
  readonly debits_must_not_exceed_credits: boolean;
  readonly credits_must_not_exceed_debits: boolean;
  readonly parent_id: string | null;
  readonly omnibus: boolean;
  readonly created_at_us: number;
  readonly debits_pending: bigint;
  readonly debits_posted: bigint;
  readonly credits_pending: bigint;
  readonly credits_posted: bigint;
  readonly frozen: boolean;
}

interface HoldRecord {
  readonly transfer: Transfer;
  readonly expires_at_us: number;
  readonly expiry_order: number;
  readonly status: PendingStatus;
  readonly posted_amount_minor: bigint;
  readonly resolved_at_us: number;
}

/**
 * The ledger as plain data. With `transfers: 'summary'` the completed transfers are left out but for
 * their count and the newest one, `[count, newest | null]` (not a snapshot that restores: a cheap
 * view of the content for comparisons, since completed transfers are only ever appended).
 */
export function snapshotLedger(
  state: LedgerState,
  transfers: 'all' | 'summary' = 'all',
): LedgerSnapshot {
  const accounts: AccountRecord[] = [];
  for (const a of state.accounts.values()) {
    accounts.push({
      id: a.id,
      owner: a.owner,
      asset: a.asset,
      purpose: a.purpose,
      debits_must_not_exceed_credits: a.flags.debits_must_not_exceed_credits,
      credits_must_not_exceed_debits: a.flags.credits_must_not_exceed_debits,
      parent_id: a.parent?.id ?? null,
      omnibus: a.omnibus,
      created_at_us: a.created_at_us,
      debits_pending: a.debits_pending,
      debits_posted: a.debits_posted,
      credits_pending: a.credits_pending,
      credits_posted: a.credits_posted,
      frozen: a.frozen,
    });
  }
  const holds: HoldRecord[] = [...state.holds.values()].map((h) => ({ ...h }));
  return {
    accounts,
    holds,
    transfers: transfers === 'all' ? transferRecords(state) : transferSummary(state),
    pending_count: state.pending_count,
    next_expiry_order: state.next_expiry_order,
    batches: retainedBatches(state).map((batch) => batchRecord(state, batch)),
  };
}

function transferRecords(state: LedgerState): LedgerSnapshot['transfers'] {
  return completedTransfers(state).map(transferRecord);
}

function transferRecord(t: Transfer): Transfer | { readonly hold_ref: string } {
  return t.action === 'hold' ? { hold_ref: t.id } : t;
}

/** `[count, newest | null]`, typed loosely: it is never restored. */
function transferSummary(state: LedgerState): LedgerSnapshot['transfers'] {
  const count = state.completed.length - state.completed_head;
  const newest = state.completed[state.completed.length - 1];
  const summary = [count, count === 0 || newest === undefined ? null : transferRecord(newest)];
  return summary as unknown as LedgerSnapshot['transfers'];
}

function batchRecord(state: LedgerState, batch: TransferBatch): BatchRecord {
  const idOf = (handle: number) => (state.account_list[handle] as Account).id;
  const debit_account_ids: string[] = [];
  const credit_account_ids: string[] = [];
  const code_indices: number[] = [];
  for (let k = 0; k < batch.count; k += 1) {
    debit_account_ids.push(idOf(batch.debitHandle(k)));
    credit_account_ids.push(idOf(batch.creditHandle(k)));
    code_indices.push(batch.codeIndex(k));
  }
  return {
    id: batch.id,
    submitted_by: batch.submitted_by,
    timestamp_us: batch.timestamp_us,
    codes: [...batch.codes],
    debit_account_ids,
    credit_account_ids,
    amounts_minor: [...batch.amounts_minor],
    code_indices,
    references: [...batch.references],
  };
}

function restoreBatch(state: LedgerState, r: BatchRecord): TransferBatch {
  const handleOf = (id: string) => {
    const account = state.accounts.get(id);
    assert(account !== undefined, `snapshot: batch ${r.id} names a missing account ${id}`);
    return account.handle;
  };
  const legs: number[] = [];
  for (let k = 0; k < r.amounts_minor.length; k += 1) {
    legs.push(
      handleOf(r.debit_account_ids[k] as string),
      handleOf(r.credit_account_ids[k] as string),
      r.code_indices[k] as number,
    );
  }
  return new TransferBatch(
    r.id,
    r.submitted_by,
    r.timestamp_us,
    Object.freeze([...r.codes]),
    legs,
    [...r.amounts_minor],
    [...r.references],
    state.account_list,
  );
}

export function restoreLedger(snapshot: LedgerSnapshot): LedgerState {
  const state = createLedgerState();
  for (const r of snapshot.accounts) {
    const parent = r.parent_id === null ? null : (state.accounts.get(r.parent_id) ?? null);
    assert(r.parent_id === null || parent !== null, `snapshot: parent ${r.parent_id} missing`);
    const {
      parent_id: _,
      debits_must_not_exceed_credits,
      credits_must_not_exceed_debits,
      ...rest
    } = r;
    const account: Account = {
      ...rest,
      handle: state.account_list.length,
      parent,
      path: [],
      flags: accountFlags(debits_must_not_exceed_credits, credits_must_not_exceed_debits),
    };
    (account as { path: readonly Account[] }).path = pathOf(account, parent);
    state.accounts.set(r.id, account);
    state.account_list.push(account);
    indexAccount(state, account);
  }
  for (const r of snapshot.holds) {
    const hold: Hold = { ...r };
    state.holds.set(r.transfer.id, hold);
    state.known.add(r.transfer);
    if (hold.status === 'pending' && hold.expires_at_us !== 0) {
      state.expiry.push({
        expires_at_us: hold.expires_at_us,
        expiry_order: hold.expiry_order,
        hold_id: r.transfer.id,
      });
    }
  }
  for (const entry of snapshot.transfers) {
    if ('hold_ref' in entry) {
      const hold = state.holds.get(entry.hold_ref);
      assert(hold !== undefined, `snapshot: hold ${entry.hold_ref} missing`);
      state.completed.push(hold.transfer);
    } else {
      state.completed.push(entry);
      state.known.add(entry);
    }
  }
  state.pending_count = snapshot.pending_count;
  state.next_expiry_order = snapshot.next_expiry_order;
  for (const record of snapshot.batches ?? []) {
    const batch = restoreBatch(state, record);
    state.batches.add(batch);
    state.batch_queue.push(batch);
    state.batch_transfers += batch.count;
  }
  return state;
}
