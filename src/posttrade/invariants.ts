/**
 * Posttrade's invariants, recomputed from scratch. A failure is a bug: it throws an
 * AssertionError. Run after every step in the property tests and by the hub's verify.
 *
 * 1. Every instruction's settled and remaining amounts add up to its trade, and its status
 *    agrees with them (settled ⇒ nothing remains; pending ⇒ securities done, cash to come).
 * 2. The account table and its index agree; every leg points into it, at an account of the
 *    leg's asset.
 * 3. Every open instruction is in its group's open list, in capture order.
 * 4. The shared-book exposure equals the cash of the shared-book instructions not yet final; the
 *    affiliate's resting-order commitment is not negative (the hub checks it against its orders).
 * 5. With the ledger: every transit account is back at zero (posted and pending).
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { LedgerState } from '../ledger/index.js';
import type { AccountResolver } from './accounts.js';
import { isFinal, type PosttradeState } from './state.js';
import type { Instruction } from './types.js';

/** Checks every invariant; pass the ledger and resolver to check the transit accounts too. */
export function checkPosttradeInvariants(
  state: PosttradeState,
  ledger?: LedgerState,
  resolver?: AccountResolver,
): void {
  checkAccountTable(state);
  let exposure = 0n;
  let previous_seq = 0;
  for (const i of state.instructions.values()) {
    assert(i.seq > previous_seq && i.seq < state.next_seq, `instruction ${i.id} out of order`);
    previous_seq = i.seq;
    checkInstruction(state, i);
    if (i.shared_book && !isFinal(i)) exposure += i.cash_minor;
  }
  assert(exposure === state.unsettled_shared_minor, 'shared-book exposure drifted');
  assert(state.resting_shared_minor >= 0n, 'resting shared-book commitment below zero');
  checkOpenLists(state);
  if (ledger !== undefined && resolver !== undefined) checkTransit(state, ledger, resolver);
}

function checkAccountTable(state: PosttradeState): void {
  const t = state.accounts;
  const n = t.ids.length;
  assert(t.assets.length === n && t.owners.length === n && t.participants.length === n, 'table');
  assert(t.index.size === n, 'account index size');
  for (let k = 0; k < n; k += 1) assert(t.index.get(t.ids[k] as string) === k, 'account index');
}

function checkInstruction(state: PosttradeState, i: Instruction): void {
  const assets = state.accounts.assets;
  const n = assets.length;
  assert(i.sec_from >= 0 && i.sec_from < n && i.sec_to >= 0 && i.sec_to < n, `${i.id} legs`);
  assert(assets[i.sec_from] === i.isin && assets[i.sec_to] === i.isin, `${i.id} securities asset`);
  for (const leg of [i.cash_from, i.cash_to, i.rmb_from, i.rmb_to]) assert(leg < n, `${i.id} leg`);
  if (i.payment === 'APMT') assert(assets[i.cash_from] === i.cash_asset, `${i.id} cash asset`);
  assert(
    i.settled_quantity_units + i.remaining_quantity_units === i.quantity_units,
    `${i.id} quantity does not add up`,
  );
  const cash = i.payment === 'FREE' ? 0n : i.cash_minor;
  assert(i.settled_cash_minor + i.remaining_cash_minor === cash, `${i.id} cash does not add up`);
  assert(i.penalty_collected_minor <= i.penalty_minor, `${i.id} penalty over-collected`);
  checkStatus(i);
}

function checkStatus(i: Instruction): void {
  switch (i.status) {
    case 'settled':
      assert(i.remaining_quantity_units === 0n && i.remaining_cash_minor === 0n, `${i.id} rest`);
      assert(i.closure === 'settled' && i.securities_settled, `${i.id} settled closure`);
      return;
    case 'cancelled':
      assert(i.closure !== '' && i.closure !== 'settled', `${i.id} cancelled closure`);
      return;
    case 'pending':
      assert(i.securities_settled && i.remaining_cash_minor > 0n, `${i.id} pending`);
      return;
    case 'failed':
      assert(i.fail_reason !== '' && i.fail_count > 0, `${i.id} failed without reason`);
      return;
    case 'matched':
      assert(i.parts === 0 && i.closure === '', `${i.id} matched but touched`);
      return;
  }
}

function checkOpenLists(state: PosttradeState): void {
  const listed = new Set<Instruction>();
  for (const [group, list] of state.open) {
    let previous = 0;
    for (const i of list) {
      assert(i.group === group, `${i.id} in the wrong open list`);
      assert(i.seq > previous, `open list of ${group} out of order`);
      previous = i.seq;
      listed.add(i);
    }
  }
  for (const i of state.instructions.values()) {
    if (!isFinal(i)) assert(listed.has(i), `open instruction ${i.id} not listed`);
  }
}

function checkTransit(state: PosttradeState, ledger: LedgerState, resolver: AccountResolver): void {
  const operator = state.config.operator;
  for (const asset of new Set(state.accounts.assets)) {
    const id = resolver.accountFor(operator, asset, 'transit');
    const account = id === undefined ? undefined : ledger.accounts.get(id);
    if (account === undefined) continue;
    const zero =
      account.debits_posted === account.credits_posted &&
      account.debits_pending === 0n &&
      account.credits_pending === 0n;
    assert(zero, `transit account ${account.id} is not back at zero`);
  }
}
