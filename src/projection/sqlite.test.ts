import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';
import { createTransferBatch, createTransfers, OPERATOR_ACTOR, viewOf } from '../ledger/index.js';
import { createLedgerState } from '../ledger/state.js';
import { EventLog, holder, issuance, openAccounts } from '../ledger/testing.js';
import { projectionConformance } from './conformance_testing.js';
import { SqliteProjection } from './sqlite.js';

/** The ledger's events for opening two cash accounts, funding one, and a two-transfer batch. */
function ledgerEvents(): HubEvent[] {
  const state = createLedgerState();
  const log = new EventLog();
  const accounts = [
    issuance('ISS', 'hkma', 'HKD'),
    holder('a', 'a', 'HKD'),
    holder('b', 'b', 'HKD'),
  ];
  openAccounts(state, accounts);
  const context = { actor: OPERATOR_ACTOR, timestamp_us: 7, sink: log };
  const mint = { id: 'm', debit_account_id: 'ISS', credit_account_id: 'a', amount_minor: 500n };
  assert.ok(createTransfers(state, [mint], context).ok);
  const batch = createTransferBatch(
    state,
    {
      id: 'B1',
      codes: ['dvp_cash'],
      count: 2,
      debit_handles: Int32Array.of(1, 2),
      credit_handles: Int32Array.of(2, 1),
      amounts_minor: [300n, 100n],
      code_indices: Uint8Array.of(0, 0),
      references: ['i1', 'i2'],
    },
    context,
  );
  assert.ok(batch.ok);
  const created: HubEvent[] = [...state.accounts.values()].map((account) => ({
    type: 'account_created',
    account: viewOf(account),
  }));
  return [...created, ...log.events];
}

test('a transfer batch projects as one row per transfer, and the balances it left', () => {
  const projection = new SqliteProjection(':memory:');
  const events = ledgerEvents();
  const envelope: Envelope = {
    seq: 1,
    timestamp_us: 7,
    participant: 'operator',
    idempotency_key: null,
    command: { type: 'hub.tick' },
  };
  const result: CommandResult = {
    seq: 1,
    status: 'accepted',
    rejection: null,
    events,
    first_event_seq: 1,
    duplicate_of: null,
  };
  projection.apply([[envelope, result]]);
  const rows = projection.db
    .prepare(
      "select id, debit_account_id, credit_account_id, amount_minor, code, reference from transfers where id like 'B1#%' order by id",
    )
    .all();
  assert.deepEqual(rows, [
    {
      id: 'B1#0',
      debit_account_id: 'a',
      credit_account_id: 'b',
      amount_minor: '300',
      code: 'dvp_cash',
      reference: 'i1',
    },
    {
      id: 'B1#1',
      debit_account_id: 'b',
      credit_account_id: 'a',
      amount_minor: '100',
      code: 'dvp_cash',
      reference: 'i2',
    },
  ]);
  const balances = projection.db
    .prepare(
      "select id, debits_posted, credits_posted from accounts where id in ('a', 'b') order by id",
    )
    .all();
  assert.deepEqual(balances, [
    { id: 'a', debits_posted: '300', credits_posted: '600' },
    { id: 'b', debits_posted: '100', credits_posted: '300' },
  ]);
  const stored = projection.db
    .prepare("select body from events where type = 'transfer_batch_created'")
    .get() as { body: string };
  assert.deepEqual(
    JSON.parse(stored.body).batch.transfers.map((t: { id: string }) => t.id),
    ['B1#0', 'B1#1'],
  );
  projection.close();
});

const scratch = mkdtempSync(join(tmpdir(), 'hutong-projection-'));
const path = join(scratch, 'projection.sqlite');
projectionConformance('SQLite', {
  async open(before_commit) {
    const projection = new SqliteProjection(path, { before_commit });
    return { writer: projection.writer, queries: projection, dump: async () => projection.dump() };
  },
  async reset() {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
  },
  async dispose() {
    rmSync(scratch, { recursive: true, force: true });
  },
});
