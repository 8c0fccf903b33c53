/**
 * The ledger's invariants checked in proportion to what changed: after each command, only the
 * accounts the ledger recorded as moved (see `LedgerChanges`), the omnibus accounts above them and
 * their assets. What is checked for those is what `checkLedgerInvariants` checks for every account:
 *
 * 1. each moved account is within its limits and no field is out of range;
 * 2. each omnibus above a moved account (and each moved omnibus) nets to the sum of its
 *    sub-accounts, posted and pending, summed afresh over all its sub-accounts;
 * 3. for each asset a moved account holds, root debits equal root credits (posted and pending) and
 *    holdings equal net issuance, summed afresh over all the asset's root accounts;
 * 4. each moved account's pending fields equal the sum of the pending holds whose chains pass
 *    through it. The checker keeps that sum per account itself, from the holds: it starts from a
 *    full scan and follows every hold the ledger records as created, resolved or forgotten;
 * 5. the pending hold count equals the holds the checker counts as pending, the known transfer ids
 *    equal the retained completed transfers plus pending holds, and the batch index matches its
 *    queue (counts only: which ids, and the batch transfer total, wait for the full check).
 *
 * `full()` runs `checkLedgerInvariants` (everything, from scratch) and rebuilds the checker's own
 * sums from the state; the simulator calls it at every restart, every N steps and at the end, so a
 * change the ledger failed to record is still caught within N steps. An unrecorded hold change is
 * caught sooner: the account it moved no longer matches the checker's hold sums.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { LedgerChanges } from './changes.js';
import { checkAccountLimits, checkLedgerInvariants } from './invariants.js';
import { chainsOf } from './postings.js';
import type { Hold, LedgerState } from './state.js';
import type { Account } from './types.js';

export class LedgerChecker {
  private readonly changes = new LedgerChanges();
  /** Sub-accounts by omnibus handle, and root accounts by asset: the sums checks 2 and 3 redo. */
  private children: Account[][] = [];
  private roots = new Map<string, Account[]>();
  /** Per account handle: the pending debits and credits the pending holds account for. */
  private hold_debits: bigint[] = [];
  private hold_credits: bigint[] = [];
  /** The holds the checker counts as pending. */
  private readonly pending = new Set<Hold>();
  /** How many accounts the checker knows (handles below this). */
  private known_accounts = 0;

  /** Attaches to `state` (it records its changes from now on) and checks it in full. */
  constructor(readonly state: LedgerState) {
    state.changes = this.changes;
    this.full();
  }

  /** Every ledger invariant from scratch; then the checker's sums restart from the state. */
  full(): void {
    const state = this.state;
    checkLedgerInvariants(state);
    this.children = [];
    this.roots = new Map();
    this.hold_debits = [];
    this.hold_credits = [];
    this.pending.clear();
    this.known_accounts = 0;
    this.learnNewAccounts();
    for (const hold of state.holds.values()) if (hold.status === 'pending') this.count(hold, 1);
    this.changes.clear();
  }

  /** The invariants for what changed since the last check; returns the accounts it checked. */
  check(): ReadonlySet<Account> {
    const state = this.state;
    const moved = new Set<Account>(this.learnNewAccounts());
    for (const account of this.changes.accounts) {
      // An account created and then undone in the same command is no longer in the ledger.
      if (state.account_list[account.handle] === account) moved.add(account);
    }
    for (const hold of this.changes.holds) {
      const now = hold.status === 'pending' && state.holds.get(hold.transfer.id) === hold;
      if (now === this.pending.has(hold)) continue;
      for (const account of this.count(hold, now ? 1 : -1)) moved.add(account);
    }
    this.changes.clear();
    assert(this.pending.size === state.pending_count, 'pending hold count drifted');
    const omnibuses = new Set<Account>();
    const assets = new Set<string>();
    for (const account of moved) {
      checkAccountLimits(account);
      assert(
        account.debits_pending === (this.hold_debits[account.handle] ?? 0n),
        `account ${account.id} pending debits ≠ its holds`,
      );
      assert(
        account.credits_pending === (this.hold_credits[account.handle] ?? 0n),
        `account ${account.id} pending credits ≠ its holds`,
      );
      if (account.omnibus) omnibuses.add(account);
      if (account.parent === null) assets.add(account.asset);
      else {
        for (let up: Account | null = account.parent; up !== null; up = up.parent)
          omnibuses.add(up);
      }
    }
    for (const omnibus of omnibuses) this.checkNetting(omnibus);
    for (const asset of assets) this.checkAsset(asset);
    this.checkCounts();
    return moved;
  }

  /** Registers accounts created since the checker last looked; returns them. */
  private learnNewAccounts(): Account[] {
    const state = this.state;
    assert(state.accounts.size === state.account_list.length, 'account index ≠ account list');
    const created: Account[] = [];
    for (let h = this.known_accounts; h < state.account_list.length; h += 1) {
      const account = state.account_list[h] as Account;
      assert(
        account.handle === h && state.accounts.get(account.id) === account,
        `account handle ${h} misplaced`,
      );
      this.hold_debits.push(0n);
      this.hold_credits.push(0n);
      this.children.push([]);
      if (account.parent === null) {
        const list = this.roots.get(account.asset);
        if (list === undefined) this.roots.set(account.asset, [account]);
        else list.push(account);
      } else {
        assert(account.parent.handle < h, `account ${account.id} created before its omnibus`);
        (this.children[account.parent.handle] as Account[]).push(account);
      }
      created.push(account);
    }
    this.known_accounts = state.account_list.length;
    return created;
  }

  /** Adds (+1) or removes (−1) a hold's amount on the chains it reserves; returns those accounts. */
  private count(hold: Hold, sign: 1 | -1): Account[] {
    const state = this.state;
    const debit = state.accounts.get(hold.transfer.debit_account_id);
    const credit = state.accounts.get(hold.transfer.credit_account_id);
    assert(
      debit !== undefined && credit !== undefined,
      `hold ${hold.transfer.id} on a missing account`,
    );
    const chains = chainsOf(debit, credit);
    const amount = sign === 1 ? hold.transfer.amount_minor : -hold.transfer.amount_minor;
    for (const a of chains.debit) {
      this.hold_debits[a.handle] = (this.hold_debits[a.handle] ?? 0n) + amount;
    }
    for (const a of chains.credit) {
      this.hold_credits[a.handle] = (this.hold_credits[a.handle] ?? 0n) + amount;
    }
    if (sign === 1) this.pending.add(hold);
    else this.pending.delete(hold);
    return [...chains.debit, ...chains.credit];
  }

  private checkNetting(omnibus: Account): void {
    let posted = 0n;
    let pending = 0n;
    for (const sub of this.children[omnibus.handle] ?? []) {
      posted += sub.credits_posted - sub.debits_posted;
      pending += sub.credits_pending - sub.debits_pending;
    }
    assert(
      omnibus.credits_posted - omnibus.debits_posted === posted,
      `omnibus ${omnibus.id} posted ≠ its sub-accounts`,
    );
    assert(
      omnibus.credits_pending - omnibus.debits_pending === pending,
      `omnibus ${omnibus.id} pending ≠ its sub-accounts`,
    );
  }

  private checkAsset(asset: string): void {
    let dp = 0n;
    let dpo = 0n;
    let cp = 0n;
    let cpo = 0n;
    let issued = 0n;
    let held = 0n;
    for (const account of this.roots.get(asset) ?? []) {
      dp += account.debits_pending;
      dpo += account.debits_posted;
      cp += account.credits_pending;
      cpo += account.credits_posted;
      const balance = account.credits_posted - account.debits_posted;
      if (account.purpose === 'issuance') issued -= balance;
      else held += balance;
    }
    assert(dpo === cpo, `asset ${asset}: root debits ≠ root credits (posted)`);
    assert(dp === cp, `asset ${asset}: root debits ≠ root credits (pending)`);
    assert(held === issued, `asset ${asset}: holdings ≠ net issuance`);
  }

  private checkCounts(): void {
    const state = this.state;
    const retained = state.completed.length - state.completed_head + state.pending_count;
    assert(
      state.known.size === retained,
      `known ids (${state.known.size}) ≠ retained transfers (${retained})`,
    );
    assert(state.batches.size === state.batch_queue.length - state.batches_head, 'batches drifted');
  }
}
