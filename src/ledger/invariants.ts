/**
 * The ledger's invariants, recomputed from scratch. The simulation runs this after every step;
 * `hutong verify` runs it after replay. A failure is a bug: it throws an AssertionError.
 *
 * 1. Every account is within its limits and no field is negative or past 2^128 − 1.
 * 2. Every omnibus nets to the sum of its sub-accounts (posted and pending).
 * 3. Per asset, root debits equal root credits (posted and pending); so the holdings of all
 *    non-issuance root accounts equal the asset's net issuance.
 * 4. Pending fields equal the sum of the pending holds whose chains pass through the account.
 * 5. Every retained transfer batch is known by its id, and the count of their transfers is exact.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { AMOUNT_MAX } from '../kernel/money.js';
import { chainsOf } from './postings.js';
import type { LedgerState } from './state.js';
import type { Account } from './types.js';

export function checkLedgerInvariants(state: LedgerState): void {
  for (const account of state.accounts.values()) checkAccountLimits(account);
  checkOmnibusNetting(state);
  checkAssetTotals(state);
  checkPendingHolds(state);
  checkBatches(state);
}

export function checkAccountLimits(account: Account): void {
  for (const value of [
    account.debits_pending,
    account.debits_posted,
    account.credits_pending,
    account.credits_posted,
  ]) {
    assert(value >= 0n && value <= AMOUNT_MAX, `account ${account.id} has a field out of range`);
  }
  if (account.flags.debits_must_not_exceed_credits) {
    assert(
      account.debits_pending + account.debits_posted <= account.credits_posted,
      `account ${account.id} debits exceed credits`,
    );
  }
  if (account.flags.credits_must_not_exceed_debits) {
    assert(
      account.credits_pending + account.credits_posted <= account.debits_posted,
      `account ${account.id} credits exceed debits`,
    );
  }
}

function checkOmnibusNetting(state: LedgerState): void {
  const posted = new Map<Account, bigint>();
  const pending = new Map<Account, bigint>();
  for (const account of state.accounts.values()) {
    if (account.parent === null) continue;
    const parent = account.parent;
    posted.set(parent, (posted.get(parent) ?? 0n) + account.credits_posted - account.debits_posted);
    pending.set(
      parent,
      (pending.get(parent) ?? 0n) + account.credits_pending - account.debits_pending,
    );
  }
  for (const account of state.accounts.values()) {
    if (!account.omnibus) continue;
    const own_posted = account.credits_posted - account.debits_posted;
    const own_pending = account.credits_pending - account.debits_pending;
    assert(
      own_posted === (posted.get(account) ?? 0n),
      `omnibus ${account.id} posted ≠ its sub-accounts`,
    );
    assert(
      own_pending === (pending.get(account) ?? 0n),
      `omnibus ${account.id} pending ≠ its sub-accounts`,
    );
  }
}

function checkAssetTotals(state: LedgerState): void {
  const sums = new Map<string, RootSums>();
  for (const account of state.accounts.values()) {
    if (account.parent !== null) continue;
    let sum = sums.get(account.asset);
    if (sum === undefined) {
      sum = { dp: 0n, dpo: 0n, cp: 0n, cpo: 0n, issued: 0n, held: 0n };
      sums.set(account.asset, sum);
    }
    sum.dp += account.debits_pending;
    sum.dpo += account.debits_posted;
    sum.cp += account.credits_pending;
    sum.cpo += account.credits_posted;
    const balance = account.credits_posted - account.debits_posted;
    if (account.purpose === 'issuance') sum.issued -= balance;
    else sum.held += balance;
  }
  for (const [asset, sum] of sums) {
    assert(sum.dpo === sum.cpo, `asset ${asset}: root debits ≠ root credits (posted)`);
    assert(sum.dp === sum.cp, `asset ${asset}: root debits ≠ root credits (pending)`);
    assert(sum.held === sum.issued, `asset ${asset}: holdings ≠ net issuance`);
  }
}

interface RootSums {
  dp: bigint;
  dpo: bigint;
  cp: bigint;
  cpo: bigint;
  issued: bigint;
  held: bigint;
}

function checkPendingHolds(state: LedgerState): void {
  const debits = new Map<Account, bigint>();
  const credits = new Map<Account, bigint>();
  let pending_count = 0;
  for (const hold of state.holds.values()) {
    if (hold.status !== 'pending') continue;
    pending_count += 1;
    const debit = state.accounts.get(hold.transfer.debit_account_id);
    const credit = state.accounts.get(hold.transfer.credit_account_id);
    assert(
      debit !== undefined && credit !== undefined,
      `hold ${hold.transfer.id} on a missing account`,
    );
    const chains = chainsOf(debit, credit);
    const amount = hold.transfer.amount_minor;
    for (const a of chains.debit) debits.set(a, (debits.get(a) ?? 0n) + amount);
    for (const a of chains.credit) credits.set(a, (credits.get(a) ?? 0n) + amount);
  }
  assert(pending_count === state.pending_count, 'pending hold count drifted');
  let completed_holds = 0;
  for (let i = state.completed_head; i < state.completed.length; i += 1) {
    const transfer = state.completed[i];
    assert(
      transfer !== undefined && state.known.get(transfer.id) === transfer,
      'a completed transfer is not known',
    );
    if (transfer.action === 'hold') completed_holds += 1;
  }
  const retained = state.completed.length - state.completed_head + pending_count;
  assert(
    state.known.size === retained,
    `known ids (${state.known.size}) ≠ retained transfers (${retained})`,
  );
  assert(
    completed_holds === state.holds.size - pending_count,
    'resolved holds ≠ completed hold transfers',
  );
  for (const account of state.accounts.values()) {
    assert(
      account.debits_pending === (debits.get(account) ?? 0n),
      `account ${account.id} pending debits ≠ its holds`,
    );
    assert(
      account.credits_pending === (credits.get(account) ?? 0n),
      `account ${account.id} pending credits ≠ its holds`,
    );
  }
}

function checkBatches(state: LedgerState): void {
  let batch_transfers = 0;
  for (let i = state.batches_head; i < state.batch_queue.length; i += 1) {
    const batch = state.batch_queue[i];
    assert(batch !== undefined && state.batches.get(batch.id) === batch, 'a batch is not known');
    batch_transfers += batch.count;
  }
  assert(state.batches.size === state.batch_queue.length - state.batches_head, 'batches drifted');
  assert(batch_transfers === state.batch_transfers, 'batch transfer count drifted');
}
