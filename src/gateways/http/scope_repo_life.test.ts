import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ScopeLookups, scopeEvent, type Viewer } from './scope.js';

const lookups: ScopeLookups = { accountOwner: () => undefined, orderParties: () => undefined };
const viewer = (participant: string): Viewer => ({
  participant,
  operator: false,
  actsFor: (owner) => owner === participant,
});

test('the repo life cycle is seen by the two parties and the operator, nobody else', () => {
  const sides = { repo_id: 'r', seller: 'fund', buyer: 'HSBC' };
  const events = [
    {
      type: 'margin_call_outstanding' as const,
      ...{ ...sides, from: 'seller' as const, amount_minor: 1n },
      ...{ market_value_minor: 2n, deadline_us: 3 },
    },
    {
      type: 'margin_paid' as const,
      ...{ ...sides, from: 'seller' as const, amount_minor: 1n, cash_margin_minor: 1n },
    },
    {
      type: 'repo_defaulted' as const,
      ...{ repo_id: 'r', defaulter: 'fund', non_defaulter: 'HSBC', missed_call_minor: 1n },
      ...{ deadline_us: 3, repo_ids: ['r'], settlements: [] },
    },
    {
      type: 'repo_closed_out' as const,
      ...{ ...sides, defaulter: 'fund', currency: 'CNH', days: 2, repurchase_price_minor: 3n },
      ...{ default_market_value_minor: 2n, cash_margin_minor: 0n, owed_by_defaulter_minor: 1n },
    },
    {
      type: 'collateral_substituted' as const,
      ...{ ...sides, old_isin: 'A', old_face_minor: 1n, new_isin: 'B', new_face_minor: 1n },
      ...{ old_value_minor: 1n, new_value_minor: 1n },
    },
    {
      type: 'repo_termination_proposed' as const,
      ...{ ...sides, proposer: 'buyer' as const, termination_date: '2026-01-08' },
    },
    { type: 'repo_termination_agreed' as const, ...sides, termination_date: '2026-01-08' },
    {
      type: 'repo_terminated' as const,
      ...{ ...sides, termination_date: '2026-01-08', days: 3, repurchase_price_minor: 1n },
      settlement_trade_id: 'REPO:1:E',
    },
  ];
  const operator = { participant: 'operator', operator: true, actsFor: () => true };
  for (const event of events) {
    assert.equal(scopeEvent(event, viewer('fund'), lookups), event, event.type);
    assert.equal(scopeEvent(event, viewer('HSBC'), lookups), event, event.type);
    assert.equal(scopeEvent(event, viewer('BOCHK'), lookups), null, event.type);
    assert.equal(scopeEvent(event, operator, lookups), event, event.type);
  }
});
