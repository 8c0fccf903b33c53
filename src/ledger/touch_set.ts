/**
 * The accounts a batch moved, each once, in first-touch order: a scratch set keyed by account
 * handle. A `Set<Account>` costs a hash per add and creates an identity hash on every account it
 * meets; marking a typed array by handle costs one store. Not ledger state: never snapshotted.
 * @module
 */

import type { Account } from './types.js';

export class TouchSet {
  private marks = new Uint32Array(1_024);
  private epoch = 0;
  private touched: Account[] = [];

  /** Starts an empty set for ledgers of up to `account_count` accounts. */
  begin(account_count: number): void {
    if (account_count > this.marks.length) {
      this.marks = new Uint32Array(Math.max(account_count, 2 * this.marks.length));
      this.epoch = 0;
    }
    this.epoch += 1;
    if (this.epoch === 0xffff_ffff) {
      this.marks.fill(0);
      this.epoch = 1;
    }
    this.touched = [];
  }

  add(account: Account): void {
    if (this.marks[account.handle] === this.epoch) return;
    this.marks[account.handle] = this.epoch;
    this.touched.push(account);
  }

  /** The accounts added since `begin`, in first-touch order. */
  accounts(): readonly Account[] {
    return this.touched;
  }
}
