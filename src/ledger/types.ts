/**
 * The ledger's data: accounts and transfers, after TigerBeetle's model.
 *
 * An account holds one asset for one owner. Its balance is four `bigint` fields in minor units:
 * posted and pending (reserved) debits and credits. A holder's account is credit-normal
 * (balance = credits − debits) and flagged `debits_must_not_exceed_credits`, so it can never go
 * below zero, counting money already reserved by holds. An issuance account is debit-normal.
 * @module
 */

export const ACCOUNT_PURPOSES = [
  'available',
  'held',
  'collateral',
  'settlement',
  'reserve_fund',
  'issuance',
  'omnibus',
] as const;
export type AccountPurpose = (typeof ACCOUNT_PURPOSES)[number];

export interface AccountFlags {
  /** Holder accounts: debits (posted + pending) may never exceed posted credits. */
  readonly debits_must_not_exceed_credits: boolean;
  /** Issuance-style accounts: credits (posted + pending) may never exceed posted debits. */
  readonly credits_must_not_exceed_debits: boolean;
}

export interface Account {
  readonly id: string;
  /**
   * The account's place in creation order, from 0: a stable integer name for hot paths that
   * address accounts in columns (transfer batches). Never reused; a restored ledger keeps it.
   */
  readonly handle: number;
  readonly owner: string;
  readonly asset: string;
  readonly purpose: AccountPurpose;
  readonly flags: AccountFlags;
  /**
   * The omnibus account this account is a sub-account of (the next tier up), or null. Every
   * posting to a sub-account is also posted to its omnibus, so an omnibus always equals the sum of
   * its sub-accounts (investor → broker → HKSCC → ChinaClear).
   */
  readonly parent: Account | null;
  /** An omnibus account only moves through its sub-accounts; it is never a transfer's own side. */
  readonly omnibus: boolean;
  /** This account, then each omnibus above it to the top tier: derived, shared, never copied. */
  readonly path: readonly Account[];
  readonly created_at_us: number;
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
  frozen: boolean;
}

const FLAG_SETS: readonly AccountFlags[] = [
  Object.freeze({ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: false }),
  Object.freeze({ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false }),
  Object.freeze({ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true }),
  Object.freeze({ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: true }),
];

/**
 * The shared flags object for a combination. Accounts share the four (immutable) combinations, so
 * checking a limit on the hot path reads a flags object that is always in cache.
 */
export function accountFlags(
  debits_must_not_exceed_credits: boolean,
  credits_must_not_exceed_debits: boolean,
): AccountFlags {
  const index = (debits_must_not_exceed_credits ? 1 : 0) + (credits_must_not_exceed_debits ? 2 : 0);
  return FLAG_SETS[index] as AccountFlags;
}

/** What a transfer does. `hold` reserves; `post` and `void` resolve a hold. */
export const TRANSFER_ACTIONS = ['transfer', 'hold', 'post', 'void'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

export type PendingStatus = 'pending' | 'posted' | 'voided' | 'expired';

export interface Transfer {
  readonly id: string;
  readonly action: TransferAction;
  readonly debit_account_id: string;
  readonly credit_account_id: string;
  readonly asset: string;
  readonly amount_minor: bigint;
  /** For `post` and `void`: the hold being resolved. Empty otherwise. */
  readonly pending_id: string;
  /** For `hold`: seconds until the hold expires by hub time; 0 = never. */
  readonly timeout_s: number;
  /** Why the money moved, for reports and reconciliation (e.g. `payment`, `dvp`, `mint`). */
  readonly code: string;
  /** Free text reference supplied by the submitter (≤ 140 characters). */
  readonly reference: string;
  readonly submitted_by: string;
  readonly timestamp_us: number;
}

/** A hold that has not yet been posted, voided or expired. */
export interface PendingHold {
  readonly transfer: Transfer;
  readonly expires_at_us: number;
  status: PendingStatus;
  /** How much of the hold was posted (for a posted hold). */
  posted_amount_minor: bigint;
}

/** Builds an account's path from its parent's (parents are created, and restored, first). */
export function pathOf(account: Account, parent: Account | null): readonly Account[] {
  return parent === null ? [account] : [account, ...parent.path];
}

export interface AccountBalance {
  readonly account_id: string;
  readonly debits_pending: bigint;
  readonly debits_posted: bigint;
  readonly credits_pending: bigint;
  readonly credits_posted: bigint;
}

/** The balance a holder sees: credits − debits, posted only. */
export function postedBalance(account: Account): bigint {
  return account.credits_posted - account.debits_posted;
}

/** What a holder can still spend: posted credits − posted debits − pending debits. */
export function availableBalance(account: Account): bigint {
  return account.credits_posted - account.debits_posted - account.debits_pending;
}

export function balanceOf(account: Account): AccountBalance {
  return {
    account_id: account.id,
    debits_pending: account.debits_pending,
    debits_posted: account.debits_posted,
    credits_pending: account.credits_pending,
    credits_posted: account.credits_posted,
  };
}
