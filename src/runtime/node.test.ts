import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { timestampAt } from '../kernel/time.js';
import { parseCommand } from '../protocol/index.js';
import { cashAccountId, DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { crashJournal } from '../storage/index.js';
import { ManualClock } from './clock.js';
import { HubNode } from './node.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-node-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MOUTAI = 'CNE0000018R8';

function open(clock: ManualClock, snapshot_every_commands = 0): HubNode {
  return HubNode.open({
    data_dir: join(dir, 'data'),
    clock,
    fsync: 'never',
    snapshot_every_commands,
  });
}

function command(json: unknown) {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function tradingDay(node: HubNode, clock: ManualClock): void {
  for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
  clock.set(timestampAt('2026-01-05', '10:00'));
  const order = (participant: string, owner: string, side: string, id: string) =>
    node.submit(
      participant,
      command({
        type: 'market.submit_order',
        client_order_id: id,
        instrument: MOUTAI,
        side,
        price_units: 146_000, // Moutai's previous close: inside the price cage
        quantity_units: 300,
        owner,
      }),
    );
  order('BUND', 'cn-retail-zhang', 'buy', 'b1');
  order('PEARL', 'cn-retail-liu', 'sell', 's1');
  node.submit(
    'HARBOUR',
    command({
      type: 'ledger.create_transfers',
      transfers: [
        {
          id: 'pay-1',
          debit_account_id: cashAccountId('HARBOUR', 'HKD'),
          credit_account_id: cashAccountId('PEAK', 'HKD'),
          amount_minor: '12345',
        },
      ],
    }),
  );
}

describe('HubNode', () => {
  test('projects accounts, balances, orders and trades into SQLite after each commit', () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = open(clock);
    tradingDay(node, clock);
    node.commitSync();
    const db = node.projection?.db;
    assert.ok(db);
    const trade = db.prepare('select * from trades').get() as Record<string, unknown>;
    assert.equal(trade.quantity_units, 300);
    assert.equal(trade.buyer, 'cn-retail-zhang');
    const orders = db.prepare('select status, filled_units from orders order by order_id').all();
    assert.deepEqual(orders, [
      { status: 'filled', filled_units: 300 },
      { status: 'filled', filled_units: 300 },
    ]);
    const peak = db
      .prepare('select credits_posted, debits_posted from accounts where id = ?')
      .get(cashAccountId('PEAK', 'HKD')) as Record<string, string>;
    assert.equal(
      BigInt(peak.credits_posted ?? '0') - BigInt(peak.debits_posted ?? '0'),
      100_000_000_000n + 12_345n,
    );
    node.closeSync();
  });

  test('restarts from snapshot + journal to the same digest, with the projection caught up', () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = open(clock, 5);
    tradingDay(node, clock);
    const digest = node.hub.digest();
    node.closeSync();
    const again = open(clock);
    assert.equal(again.hub.digest(), digest);
    assert.ok(again.opened.snapshot_seq > 0, 'restored from a snapshot');
    assert.equal(again.projection?.last_seq, again.hub.seq);
    again.closeSync();
  });

  test('a crash before the commit loses exactly the uncommitted commands', () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = open(clock);
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.commitSync();
    const committed = node.hub.seq;
    const digest = node.hub.digest();
    node.submit('operator', { type: 'hub.tick' });
    crashJournal(node.journal, 'before_write');
    node.projection?.close();
    const again = open(clock);
    assert.equal(again.hub.seq, committed);
    assert.equal(again.hub.digest(), digest);
    again.closeSync();
  });

  test('a deleted projection is rebuilt from the journal on open', () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = open(clock, 3);
    tradingDay(node, clock);
    node.closeSync();
    rmSync(join(dir, 'data', 'projection.sqlite'));
    const again = open(clock);
    const count = again.projection?.db.prepare('select count(*) as n from trades').get() as {
      n: number;
    };
    assert.equal(count.n, 1);
    assert.equal(again.projection?.last_seq, again.hub.seq);
    again.closeSync();
  });
});
