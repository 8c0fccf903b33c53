/**
 * The ledger's state: accounts, retained transfers, and holds.
 * @module
 */

import { IdIndex } from '../kernel/id_index.js';
import type { LedgerChanges } from './changes.js';
import { ExpiryQueue } from './expiry.js';
import { TouchSet } from './touch_set.js';
import type { TransferBatch } from './transfer_batch.js';
import type { Account, PendingStatus, Transfer } from './types.js';

/** A hold (two-phase transfer) and what became of it. */
export interface Hold {
  readonly transfer: Transfer;
  /** 0 when the hold never expires. */
  readonly expires_at_us: number;
  /** Tie-break for holds expiring in the same microsecond: creation order. */
  readonly expiry_order: number;
  status: PendingStatus;
  posted_amount_minor: bigint;
  /** When the hold was posted, voided or expired; 0 while pending. */
  resolved_at_us: number;
}

export interface LedgerState {
  readonly accounts: Map<string, Account>;
  /** The same accounts by handle (creation order): `account_list[a.handle] === a`. */
  readonly account_list: Account[];
  /**
   * The same accounts by asset and by owner, each list in creation order: derived from the
   * accounts (never snapshotted), so a run over one bond's holders touches only them.
   */
  readonly by_asset: Map<string, Account[]>;
  readonly by_owner: Map<string, Account[]>;
  /** Every transfer the ledger still knows, by id: completed ones and holds. One look-up decides. */
  readonly known: IdIndex<Transfer>;
  /**
   * Completed transfers (including resolved holds) in completion order, from `completed_head` on:
   * the retention queue. Never iterated on the hot path.
   */
  readonly completed: Transfer[];
  completed_head: number;
  /** Every hold still pending, and resolved holds until their retention ends. */
  readonly holds: Map<string, Hold>;
  readonly expiry: ExpiryQueue;
  pending_count: number;
  next_expiry_order: number;
  /** Transfer batches still retained, by batch id; their transfers are `<batch id>#<k>`. */
  readonly batches: IdIndex<TransferBatch>;
  /** Retained batches in creation order, from `batches_head` on: their retention queue. */
  readonly batch_queue: TransferBatch[];
  batches_head: number;
  /** How many transfers the retained batches hold: they count against the retention bound. */
  batch_transfers: number;
  /** Scratch for a batch's touched accounts (not state: never snapshotted or compared). */
  readonly touched: TouchSet;
  /**
   * Where the ledger records what it changes, for an incremental invariant check; null unless a
   * checker attached one. Not state: never snapshotted, digested, compared or read by the ledger.
   */
  changes: LedgerChanges | null;
}

export function createLedgerState(): LedgerState {
  return {
    accounts: new Map(),
    account_list: [],
    by_asset: new Map(),
    by_owner: new Map(),
    known: new IdIndex<Transfer>(),
    completed: [],
    completed_head: 0,
    holds: new Map(),
    expiry: new ExpiryQueue(),
    pending_count: 0,
    next_expiry_order: 0,
    batches: new IdIndex<TransferBatch>(),
    batch_queue: [],
    batches_head: 0,
    batch_transfers: 0,
    touched: new TouchSet(),
    changes: null,
  };
}

/**
 * A transfer by id, whether completed or a hold (pending or resolved), or a batch's transfer by
 * its address `<batch id>#<k>` ('#' is never part of an id, so the two cannot collide).
 */
export function findTransfer(state: LedgerState, id: string): Transfer | undefined {
  const hash_at = id.lastIndexOf('#');
  if (hash_at < 0) return state.known.get(id);
  const batch = state.batches.get(id.slice(0, hash_at));
  const digits = id.slice(hash_at + 1);
  if (batch === undefined || !/^(0|[1-9][0-9]{0,8})$/.test(digits)) return undefined;
  const k = Number(digits);
  return k < batch.count ? batch.transfer(k) : undefined;
}

/** The retained completed transfers, oldest first. */
export function completedTransfers(state: LedgerState): Transfer[] {
  return state.completed.slice(state.completed_head);
}

/** How many transfers the ledger holds in memory (completed, pending holds, and in batches). */
export function retainedCount(state: LedgerState): number {
  return state.known.size + state.batch_transfers;
}

/** The retained transfer batches, oldest first. */
export function retainedBatches(state: LedgerState): TransferBatch[] {
  return state.batch_queue.slice(state.batches_head);
}

/** Adds a new account to the asset and owner indexes (after it joined `account_list`). */
export function indexAccount(state: LedgerState, account: Account): void {
  appendTo(state.by_asset, account.asset, account);
  appendTo(state.by_owner, account.owner, account);
}

/** Takes the newest account out of the indexes again (a batch of accounts refused). */
export function unindexNewest(state: LedgerState, account: Account): void {
  state.by_asset.get(account.asset)?.pop();
  state.by_owner.get(account.owner)?.pop();
}

function appendTo(index: Map<string, Account[]>, key: string, account: Account): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [account]);
  else list.push(account);
}

const NO_ACCOUNTS: readonly Account[] = Object.freeze([]);

/** Every account of an asset, in creation order. */
export function accountsOfAsset(state: LedgerState, asset: string): readonly Account[] {
  return state.by_asset.get(asset) ?? NO_ACCOUNTS;
}

/** Every account of an owner, in creation order. */
export function accountsOfOwner(state: LedgerState, owner: string): readonly Account[] {
  return state.by_owner.get(owner) ?? NO_ACCOUNTS;
}
