/**
 * Every invariant of the hub, recomputed from scratch. Throws an AssertionError on the first
 * broken one: a bug, never a user error.
 * @module
 */

import { assert } from '../kernel/assert.js';
import { checkLedgerInvariants } from '../ledger/index.js';
import { checkPosttradeInvariants } from '../posttrade/index.js';
import { checkRulesInvariants } from '../rules/index.js';
import { checkBondsInvariants } from './bonds/invariants.js';
import { checkFundingInvariants } from './market/prefund.js';
import { settlementResolver } from './settlement.js';
import type { HubState } from './state.js';

export function checkHubInvariants(state: HubState): void {
  assert(state.seq >= 0 && state.next_event_seq >= 1, 'hub counters out of range');
  checkLedgerInvariants(state.ledger);
  checkRulesInvariants(state.rules);
  checkPosttradeInvariants(state.posttrade, state.ledger, settlementResolver(state));
  for (const venue of state.markets.markets.venues.values()) venue.market.checkInvariants();
  checkFundingInvariants(state);
  checkBondsInvariants(state.bonds);
  for (const order of state.markets.markets.orders.values()) {
    assert(order.remaining_units > 0, `order ${order.order_id} is done but still registered`);
  }
  for (const account of state.ledger.accounts.values()) {
    assert(
      state.reference.cash_assets.has(account.asset) ||
        state.reference.securities.has(account.asset),
      `account ${account.id} holds unregistered asset ${account.asset}`,
    );
  }
}
