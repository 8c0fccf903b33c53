/**
 * Every invariant of the hub, recomputed from scratch. Throws an AssertionError on the first
 * broken one: a bug, never a user error. `HubInvariantChecker` checks the same after each command
 * in proportion to what the ledger changed, with a full check whenever asked.
 * @module
 */

import { assert } from '../kernel/assert.js';
import type { Account } from '../ledger/index.js';
import { checkLedgerInvariants, LedgerChecker } from '../ledger/index.js';
import { checkPosttradeInvariants } from '../posttrade/index.js';
import { checkRulesInvariants } from '../rules/index.js';
import { checkBondsInvariants } from './bonds/invariants.js';
import { checkFundingInvariants } from './market/prefund.js';
import { settlementResolver } from './settlement.js';
import type { HubState } from './state.js';

export function checkHubInvariants(state: HubState): void {
  checkLedgerInvariants(state.ledger);
  checkBeyondLedger(state, state.ledger.accounts.values());
}

/**
 * The hub's invariants after each command: the ledger's for what it changed (`LedgerChecker`),
 * the rest in full (rules, settlement, books, pre-funding: small next to the ledger). `full()` is
 * `checkHubInvariants`. Attaching records the ledger's changes from then on (outside its state:
 * snapshots and digests do not see it), and checks everything once.
 */
export class HubInvariantChecker {
  private readonly ledger: LedgerChecker;

  constructor(readonly state: HubState) {
    this.ledger = new LedgerChecker(state.ledger);
    checkBeyondLedger(state, state.ledger.accounts.values());
  }

  full(): void {
    this.ledger.full();
    checkBeyondLedger(this.state, this.state.ledger.accounts.values());
  }

  check(): void {
    const moved = this.ledger.check();
    checkBeyondLedger(this.state, moved);
  }
}

/** Everything but the ledger's own invariants; `accounts` are those whose asset is checked. */
function checkBeyondLedger(state: HubState, accounts: Iterable<Account>): void {
  assert(state.seq >= 0 && state.next_event_seq >= 1, 'hub counters out of range');
  checkRulesInvariants(state.rules);
  checkPosttradeInvariants(state.posttrade, state.ledger, settlementResolver(state));
  for (const venue of state.markets.markets.venues.values()) venue.market.checkInvariants();
  checkFundingInvariants(state);
  checkBondsInvariants(state.bonds);
  for (const order of state.markets.markets.orders.values()) {
    assert(order.remaining_units > 0, `order ${order.order_id} is done but still registered`);
  }
  for (const account of accounts) {
    assert(
      state.reference.cash_assets.has(account.asset) ||
        state.reference.securities.has(account.asset),
      `account ${account.id} holds unregistered asset ${account.asset}`,
    );
  }
}
