import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTransferBatch, createTransfers, OPERATOR_ACTOR } from '../../ledger/index.js';
import { createLedgerState } from '../../ledger/state.js';
import { EventLog, holder, issuance, openAccounts } from '../../ledger/testing.js';
import { type ScopeLookups, scopeEvent, type Viewer } from './scope.js';

test('a participant sees only the transfers and balances of a batch that touch its accounts', () => {
  const state = createLedgerState();
  openAccounts(state, [
    issuance('ISS', 'hkma', 'HKD'),
    holder('a', 'alice', 'HKD'),
    holder('b', 'bob', 'HKD'),
    holder('c', 'carol', 'HKD'),
  ]);
  const log = new EventLog();
  const context = { actor: OPERATOR_ACTOR, timestamp_us: 1, sink: log };
  const mint = { id: 'm', debit_account_id: 'ISS', credit_account_id: 'b', amount_minor: 900n };
  assert.ok(createTransfers(state, [mint], context).ok);
  const handle = (id: string) => state.accounts.get(id)?.handle ?? -1;
  const batch = {
    id: 'B1',
    codes: ['dvp_cash'],
    count: 2,
    debit_handles: Int32Array.of(handle('b'), handle('b')),
    credit_handles: Int32Array.of(handle('a'), handle('c')),
    amounts_minor: [100n, 200n],
    code_indices: Uint8Array.of(0, 0),
    references: ['i1', 'i2'],
  };
  assert.ok(createTransferBatch(state, batch, context).ok);
  const event = log.events.at(-1);
  assert.ok(event?.type === 'transfer_batch_created');
  const lookups: ScopeLookups = {
    accountOwner: (id) => state.accounts.get(id)?.owner,
    orderParties: () => undefined,
  };
  const viewer = (participant: string): Viewer => ({
    participant,
    operator: false,
    actsFor: (owner) => owner === participant,
  });
  const alice = JSON.parse(
    JSON.stringify(scopeEvent(event, viewer('alice'), lookups), (_k, v) =>
      typeof v === 'bigint' ? v.toString() : v,
    ),
  );
  assert.deepEqual(
    alice.batch.transfers.map((t: { id: string }) => t.id),
    ['B1#0'],
  );
  assert.deepEqual(
    alice.balances.map((b: { account_id: string }) => b.account_id),
    ['a'],
  );
  assert.equal(scopeEvent(event, viewer('dave'), lookups), null);
  const operator = { participant: 'operator', operator: true, actsFor: () => true };
  assert.equal(scopeEvent(event, operator, lookups), event);
});

test('a repo is seen by its two parties and the operator, nobody else', () => {
  const lookups: ScopeLookups = { accountOwner: () => undefined, orderParties: () => undefined };
  const viewer = (participant: string): Viewer => ({
    participant,
    operator: false,
    actsFor: (owner) => owner === participant,
  });
  const closed = {
    type: 'repo_closed' as const,
    ...{ repo_id: 'r', seller: 'fund', buyer: 'HSBC', days: 7 },
    ...{ repurchase_price_minor: 1n, settlement_trade_id: 'REPO:1:E' },
  };
  assert.equal(scopeEvent(closed, viewer('fund'), lookups), closed);
  assert.equal(scopeEvent(closed, viewer('HSBC'), lookups), closed);
  assert.equal(scopeEvent(closed, viewer('BOCHK'), lookups), null);
  const plps = { type: 'financing_plps_set' as const, parties: ['HSBC'] };
  assert.equal(scopeEvent(plps, viewer('BOCHK'), lookups), plps, 'the PLP list is public');
});
