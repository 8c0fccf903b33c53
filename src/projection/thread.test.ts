import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { allotments, buildOrders } from '../bench/orders/workload.js';
import type { CommandResult, Envelope } from '../hub/index.js';
import { timestampAt } from '../kernel/time.js';
import { HubNode, ManualClock } from '../runtime/index.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { ProjectionThread, ProjectionThreadError } from './thread.js';

const directories: string[] = [];
after(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-projection-thread-'));
  directories.push(directory);
  return directory;
}

const TABLES = {
  commands: 'seq',
  events: 'event_seq',
  accounts: 'id',
  transfers: 'command_seq, id',
  orders: 'order_id',
  trades: 'trade_id',
  meta: 'key',
} as const;

function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(TABLES)) {
      tables[table] = db.prepare(`select * from ${table} order by ${order}`).all();
    }
    return tables;
  } finally {
    db.close();
  }
}

/** A demo day's morning: genesis, orders that fill, then the 17:00 settlement (transfer batches). */
async function runDay(projection: true | 'thread'): Promise<string> {
  const data_dir = scratch();
  const clock = new ManualClock(DEMO_START_US);
  const node = HubNode.open({ data_dir, clock, fsync: 'never', projection });
  for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
  node.submit('operator', allotments(node.hub, 400));
  clock.set(timestampAt('2026-01-05', '10:00'));
  node.submit('operator', { type: 'hub.tick' });
  await node.commit();
  const orders = buildOrders(400);
  for (let i = 0; i < orders.length; i += 1) {
    const [participant, command] = orders[i] as (typeof orders)[number];
    node.submit(participant, command);
    if (i % 50 === 49) await node.commit();
  }
  clock.set(timestampAt('2026-01-06', '17:05'));
  node.submit('operator', { type: 'hub.tick' });
  await node.commit();
  const projected = node.projection?.last_seq;
  assert.equal(projected, node.hub.seq, 'every committed command is projected before a read');
  await node.close();
  return join(data_dir, 'projection.sqlite');
}

test('the projection thread writes the same rows as the projection on the hub’s thread', async () => {
  const on_thread = dump(await runDay(true));
  const off_thread = dump(await runDay('thread'));
  assert.ok((on_thread.trades as unknown[]).length > 100, 'orders traded');
  const batches = (on_thread.events as Array<{ type: string }>).filter(
    (e) => e.type === 'transfer_batch_created',
  );
  assert.ok(batches.length > 0, 'the settlement cycle moved transfer batches');
  for (const table of Object.keys(TABLES)) {
    assert.deepEqual(off_thread[table], on_thread[table], `table ${table}`);
  }
});

function tick(seq: number): readonly [Envelope, CommandResult] {
  return [
    {
      seq,
      timestamp_us: seq,
      participant: 'operator',
      idempotency_key: null,
      command: { type: 'hub.tick' },
    },
    {
      seq,
      status: 'accepted',
      rejection: null,
      events: [],
      first_event_seq: 1,
      duplicate_of: null,
    },
  ];
}

test('a read waits for the rows committed before it; a failure on the thread is thrown, not swallowed', () => {
  const path = join(scratch(), 'projection.sqlite');
  const projection = new ProjectionThread(path);
  projection.apply([tick(1), tick(2)]);
  const count = projection.db.prepare('select count(*) as n from commands').get() as { n: number };
  assert.equal(count.n, 2, 'the read saw both rows');
  assert.equal(projection.last_seq, 2);
  // Seq 3 twice in one batch: the thread's transaction fails on the second, and rolls back.
  projection.apply([tick(3), tick(3)]);
  assert.throws(
    () => projection.db,
    (error: unknown) =>
      error instanceof ProjectionThreadError &&
      /UNIQUE constraint failed: commands\.seq/.test(error.message),
  );
  assert.throws(() => projection.apply([tick(4)]), ProjectionThreadError, 'it stays failed');
  projection.close();
  const rows = dump(path);
  assert.equal(rows.commands?.length, 2, 'the failed batch left nothing behind');
  assert.deepEqual(
    rows.meta?.find((m) => (m as { key: string }).key === 'last_seq'),
    {
      key: 'last_seq',
      value: '2',
    },
  );
});

test('close waits for every batch posted; a reopened thread resumes from the last seq', () => {
  const path = join(scratch(), 'projection.sqlite');
  const first = new ProjectionThread(path);
  for (let seq = 1; seq <= 300; seq += 1) first.apply([tick(seq)]);
  first.close();
  const second = new ProjectionThread(path);
  assert.equal(second.last_seq, 300);
  second.apply([tick(301)]);
  assert.equal(second.last_seq, 301);
  second.close();
  assert.equal(dump(path).commands?.length, 301);
});
