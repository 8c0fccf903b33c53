/**
 * What the ledger tells its readers. Every event carries the balances it left behind, so a reader
 * (the SQLite projection, the console) never has to re-derive ledger arithmetic.
 * @module
 */

import type { TransferBatch } from './transfer_batch.js';
import type { Account, AccountBalance, Transfer } from './types.js';

export interface AccountCreated {
  readonly type: 'account_created';
  readonly account: AccountView;
}

export interface TransferCreated {
  readonly type: 'transfer_created';
  readonly transfer: Transfer;
  readonly balances: readonly AccountBalance[];
}

/**
 * A transfer batch committed. `balances` holds every account it moved (omnibus chains included),
 * once each, as the whole batch left it.
 */
export interface TransferBatchCreated {
  readonly type: 'transfer_batch_created';
  readonly batch: TransferBatch;
  readonly balances: readonly AccountBalance[];
}

export interface HoldExpired {
  readonly type: 'hold_expired';
  readonly hold_id: string;
  readonly amount_minor: bigint;
  readonly balances: readonly AccountBalance[];
}

export interface AccountFrozenChanged {
  readonly type: 'account_frozen' | 'account_unfrozen';
  readonly account_id: string;
  readonly reason: string;
}

export type LedgerEvent =
  | AccountCreated
  | TransferCreated
  | TransferBatchCreated
  | HoldExpired
  | AccountFrozenChanged;

export interface LedgerEventSink {
  emit(event: LedgerEvent): void;
}

/** An account as readers see it: the parent by id, not by reference. */
export interface AccountView {
  readonly id: string;
  readonly owner: string;
  readonly asset: string;
  readonly purpose: Account['purpose'];
  readonly debits_must_not_exceed_credits: boolean;
  readonly credits_must_not_exceed_debits: boolean;
  readonly parent_id: string | null;
  readonly omnibus: boolean;
  readonly created_at_us: number;
}

export function viewOf(account: Account): AccountView {
  return {
    id: account.id,
    owner: account.owner,
    asset: account.asset,
    purpose: account.purpose,
    debits_must_not_exceed_credits: account.flags.debits_must_not_exceed_credits,
    credits_must_not_exceed_debits: account.flags.credits_must_not_exceed_debits,
    parent_id: account.parent?.id ?? null,
    omnibus: account.omnibus,
    created_at_us: account.created_at_us,
  };
}
