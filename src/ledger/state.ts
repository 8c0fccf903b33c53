/**
 * The ledger's state: accounts, retained transfers, and holds.
 * @module
 */

import { IdIndex } from '../kernel/id_index.js';
import { ExpiryQueue } from './expiry.js';
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
}

export function createLedgerState(): LedgerState {
  return {
    accounts: new Map(),
    known: new IdIndex<Transfer>(),
    completed: [],
    completed_head: 0,
    holds: new Map(),
    expiry: new ExpiryQueue(),
    pending_count: 0,
    next_expiry_order: 0,
  };
}

/** A transfer by id, whether completed or a hold (pending or resolved). */
export function findTransfer(state: LedgerState, id: string): Transfer | undefined {
  return state.known.get(id);
}

/** The retained completed transfers, oldest first. */
export function completedTransfers(state: LedgerState): Transfer[] {
  return state.completed.slice(state.completed_head);
}

/** How many transfers the ledger holds in memory (completed plus pending holds). */
export function retainedCount(state: LedgerState): number {
  return state.known.size;
}
