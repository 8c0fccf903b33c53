/**
 * What the ledger changed since a checker last looked: the accounts whose fields moved and the
 * holds that were created, resolved, reopened by an undo, or forgotten. Only a checker that asked
 * for it (the simulator's incremental invariant check) gets one; otherwise `state.changes` is null
 * and recording costs one null test. Not ledger state: never snapshotted, digested or compared, and
 * nothing the ledger decides ever reads it, so it cannot change what a command does.
 * @module
 */

import type { Chains } from './postings.js';
import type { Hold } from './state.js';
import type { Account } from './types.js';

export class LedgerChanges {
  readonly accounts = new Set<Account>();
  readonly holds = new Set<Hold>();

  account(account: Account): void {
    this.accounts.add(account);
  }

  /** Every account a posting on these chains moves. */
  chains(chains: Chains): void {
    for (const account of chains.debit) this.accounts.add(account);
    for (const account of chains.credit) this.accounts.add(account);
  }

  hold(hold: Hold): void {
    this.holds.add(hold);
  }

  clear(): void {
    this.accounts.clear();
    this.holds.clear();
  }
}
