/**
 * Postings: how one transfer moves the four balance fields of every account it touches.
 *
 * A transfer between two sub-accounts also moves each one's omnibus chain up to, but not
 * including, their lowest common ancestor: HKSCC's omnibus at ChinaClear moves when shares leave
 * the HKSCC nominee chain, not when they pass between two HK brokers inside it. So every omnibus
 * nets to the sum of its sub-accounts.
 *
 * A freeze is checked on the whole path of both sides, up to the top: a frozen omnibus stops
 * every move of its sub-accounts, even one that is trimmed away.
 *
 * Every action is one shape: the debit side's `debits_pending += pending_delta` and
 * `debits_posted += posted_delta`, the credit side's credits likewise.
 *   transfer: (0, x)   hold: (x, 0)   post of h for p: (−h, p)   void or expiry of h: (−h, 0)
 * Undoing a posting is applying the negated deltas, which is how a failed batch rolls back.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { AMOUNT_MAX } from '../kernel/money.js';
import type { Account, AccountBalance } from './types.js';
import { balanceOf } from './types.js';

export interface Chains {
  /** The debit account, then each omnibus above it below the common ancestor. */
  readonly debit: readonly Account[];
  readonly credit: readonly Account[];
  /** The debit account and every omnibus above it, to the top: where a freeze is looked for. */
  readonly debit_path: readonly Account[];
  readonly credit_path: readonly Account[];
}

export function chainsOf(debit: Account, credit: Account): Chains {
  // Top-tier accounts (the common case) share their precomputed one-element paths: no copying.
  if (debit.parent === null && credit.parent === null)
    return {
      debit: debit.path,
      credit: credit.path,
      debit_path: debit.path,
      credit_path: credit.path,
    };
  const debit_path = debit.path;
  const credit_path = credit.path;
  // Trim the shared ancestors from the top down.
  let d = debit_path.length;
  let c = credit_path.length;
  while (d > 0 && c > 0 && debit_path[d - 1] === credit_path[c - 1]) {
    d -= 1;
    c -= 1;
  }
  return {
    debit: debit_path.slice(0, d),
    credit: credit_path.slice(0, c),
    debit_path,
    credit_path,
  };
}

/** The first account whose limit the deltas would break, and how, or undefined if none. */
export interface LimitBreach {
  readonly account: Account;
  readonly code: 'INSUFFICIENT_FUNDS' | 'CREDITS_EXCEED_DEBITS' | 'BALANCE_OVERFLOW';
}

export function findLimitBreach(
  chains: Chains,
  pending_delta: bigint,
  posted_delta: bigint,
): LimitBreach | undefined {
  for (const account of chains.debit) {
    const code = debitBreach(account, pending_delta, posted_delta);
    if (code !== undefined) return { account, code };
  }
  for (const account of chains.credit) {
    const code = creditBreach(account, pending_delta, posted_delta);
    if (code !== undefined) return { account, code };
  }
  return undefined;
}

// Zero deltas skip their arithmetic: every bigint operation allocates, and this is the hot path.
function debitBreach(
  account: Account,
  pending_delta: bigint,
  posted_delta: bigint,
): LimitBreach['code'] | undefined {
  const pending =
    pending_delta === 0n ? account.debits_pending : account.debits_pending + pending_delta;
  const posted = posted_delta === 0n ? account.debits_posted : account.debits_posted + posted_delta;
  if (pending > AMOUNT_MAX || posted > AMOUNT_MAX) return 'BALANCE_OVERFLOW';
  if (!account.flags.debits_must_not_exceed_credits) return undefined;
  const used = pending === 0n ? posted : pending + posted;
  return used > account.credits_posted ? 'INSUFFICIENT_FUNDS' : undefined;
}

function creditBreach(
  account: Account,
  pending_delta: bigint,
  posted_delta: bigint,
): LimitBreach['code'] | undefined {
  const pending =
    pending_delta === 0n ? account.credits_pending : account.credits_pending + pending_delta;
  const posted =
    posted_delta === 0n ? account.credits_posted : account.credits_posted + posted_delta;
  if (pending > AMOUNT_MAX || posted > AMOUNT_MAX) return 'BALANCE_OVERFLOW';
  if (!account.flags.credits_must_not_exceed_debits) return undefined;
  const used = pending === 0n ? posted : pending + posted;
  return used > account.debits_posted ? 'CREDITS_EXCEED_DEBITS' : undefined;
}

/**
 * The first frozen account on either side's whole path, common ancestors included: a frozen
 * broker omnibus stops a move between two of its own clients, although that move posts nothing
 * to the omnibus.
 */
export function firstFrozen(chains: Chains): Account | undefined {
  for (const account of chains.debit_path) if (account.frozen) return account;
  for (const account of chains.credit_path) if (account.frozen) return account;
  return undefined;
}

/** Whether the account or any omnibus above it is frozen. */
export function frozenOnPath(account: Account): boolean {
  for (const tier of account.path) if (tier.frozen) return true;
  return false;
}

/** Applies the deltas to both chains. Limits must have been checked. */
export function applyPostings(chains: Chains, pending_delta: bigint, posted_delta: bigint): void {
  for (const account of chains.debit) {
    if (pending_delta !== 0n) account.debits_pending += pending_delta;
    if (posted_delta !== 0n) account.debits_posted += posted_delta;
    assert(account.debits_pending >= 0n && account.debits_posted >= 0n, 'negative debits');
  }
  for (const account of chains.credit) {
    if (pending_delta !== 0n) account.credits_pending += pending_delta;
    if (posted_delta !== 0n) account.credits_posted += posted_delta;
    assert(account.credits_pending >= 0n && account.credits_posted >= 0n, 'negative credits');
  }
}

export function balancesOf(chains: Chains): AccountBalance[] {
  const balances: AccountBalance[] = [];
  for (const account of chains.debit) balances.push(balanceOf(account));
  for (const account of chains.credit) balances.push(balanceOf(account));
  return balances;
}
