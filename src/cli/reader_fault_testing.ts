/**
 * The fault "a reader killed and restarted mid-batch", with processes: a leader child writing
 * transfers to the journal stream, `hutong reader projection` as a child process into a scratch
 * PostgreSQL schema, killed with SIGKILL while a batch's transaction is open (held there by the
 * `HUTONG_TEST_HOLD_BATCH` seam, seen open in `pg_stat_activity`), restarted, killed again at a
 * time while it catches up, restarted, and stopped with SIGTERM once caught up. Then: PostgreSQL's
 * last_seq is the hub's seq, every command row is there once, every acknowledged transfer once,
 * and every table equals the SQLite projection built from the same stream.
 * @module
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import {
  DEFAULT_JOURNAL_NAMES,
  DEFAULT_LEASE_CONFIG,
  exited,
  type FaultRow,
  LeaderChild,
  oneLine,
  StreamFollower,
  sleep,
} from '../cluster/index.js';
import { PgProjection, SqliteProjection } from '../projection/index.js';

export interface ReaderFaultSetup {
  readonly servers: string[];
  readonly connection: NatsConnection;
  readonly pg_url: string;
  /** A scratch schema, dropped before and after. */
  readonly schema: string;
}

const FAULT = 'reader killed mid-batch and restarted';
const CATCH_UP_MS = 40_000;

/** A `hutong reader projection` child, its output kept. */
class ReaderChild {
  readonly process: ChildProcess;
  output = '';

  constructor(setup: ReaderFaultSetup, env: Record<string, string> = {}) {
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    const args = ['reader', 'projection', '--cluster', setup.servers.join(',')];
    args.push('--pg', setup.pg_url, '--schema', setup.schema, '--batch-max', '500');
    this.process = spawn(process.execPath, [main, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.output += chunk;
      });
    }
  }

  async waitFor(pattern: RegExp, timeout_ms = 20_000): Promise<void> {
    const deadline_ms = Date.now() + timeout_ms;
    while (!pattern.test(this.output)) {
      if (this.process.exitCode !== null) throw new Error(`reader exited: ${this.output}`);
      if (Date.now() > deadline_ms)
        throw new Error(`reader never printed ${pattern}: ${this.output}`);
      await sleep(20);
    }
  }

  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await exited(this.process, 5_000);
  }
}

/** Runs the fault; the row says ok, or what failed. */
export async function readerKillFault(setup: ReaderFaultSetup): Promise<FaultRow> {
  const pool = new pg.Pool({ connectionString: setup.pg_url, max: 2 });
  const children: Array<{ kill(): Promise<void> }> = [];
  try {
    await pool.query(`drop schema if exists ${setup.schema} cascade`);
    const detail = await scenario(setup, pool, children);
    return { fault: FAULT, outcome: `passed: ${detail}`, passed: true };
  } catch (error) {
    const message = oneLine((error as Error).message ?? String(error));
    return { fault: FAULT, outcome: `FAILED: ${message}`, passed: false };
  } finally {
    for (const child of children) await child.kill();
    await pool.query(`drop schema if exists ${setup.schema} cascade`).catch(() => undefined);
    await pool.end();
  }
}

async function scenario(
  setup: ReaderFaultSetup,
  pool: pg.Pool,
  children: Array<{ kill(): Promise<void> }>,
): Promise<string> {
  const leader = new LeaderChild({
    servers: setup.servers,
    names: DEFAULT_JOURNAL_NAMES,
    lease: DEFAULT_LEASE_CONFIG,
    holder: 'w',
    group_size: 100,
    // About 2,000 commands a second: a reader keeps up, and the test stays short.
    pause_ms: 40,
  });
  children.push({ kill: () => leader.destroy() });
  await leader.waitFor('acked', 5);
  // 1. Killed while its third batch's transaction is open.
  const first = new ReaderChild(setup, { HUTONG_TEST_HOLD_BATCH: '3' });
  children.push(first);
  await first.waitFor(/holding batch 3 open/);
  const open = await openTransactions(pool, setup.schema);
  assert.ok(open >= 1, 'the held batch has its transaction open in PostgreSQL');
  const held_at = await lastSeq(pool, setup.schema);
  await first.kill();
  await assertConsistent(pool, setup.schema);
  assert.equal(await lastSeq(pool, setup.schema), held_at, 'the killed batch left nothing');
  // 2. Restarted; the workload ends; killed again at a time while it catches up.
  const second = new ReaderChild(setup);
  children.push(second);
  await until(async () => (await lastSeq(pool, setup.schema)) > held_at, 'the second reader');
  leader.process.kill('SIGTERM');
  const stopped = await leader.waitFor('stopped');
  await sleep(300);
  const open_at_second_kill = await openTransactions(pool, setup.schema);
  const second_at = await lastSeq(pool, setup.schema);
  await second.kill();
  await assertConsistent(pool, setup.schema);
  // 3. Restarted, caught up, stopped cleanly.
  const third = new ReaderChild(setup);
  children.push(third);
  // Its signal handlers are set once it has started: a SIGTERM before would just kill it.
  await third.waitFor(/resuming after seq \d+/);
  const seq = stopped.seq as number;
  await until(async () => (await lastSeq(pool, setup.schema)) === seq, 'the catch-up', CATCH_UP_MS);
  third.process.kill('SIGTERM');
  assert.ok(await exited(third.process, 10_000), 'the reader stops on SIGTERM');
  assert.equal(third.process.exitCode, 0, third.output);
  assert.match(third.output, new RegExp(`stopped after seq ${seq}\\n`));
  await assertConsistent(pool, setup.schema);
  const counts = await commandCounts(pool, setup.schema);
  assert.deepEqual(counts, { rows: seq, distinct: seq, max: seq });
  await assertAcknowledgedOnce(pool, setup.schema, leader.acknowledged);
  await assertEqualsSqlite(setup, pool);
  return (
    `killed with its 3rd batch's transaction open (last_seq ${held_at}), again at seq ` +
    `${second_at} (${open_at_second_kill} transaction open); after restart: last_seq ${seq} = ` +
    `hub seq, ${counts.rows} command rows, no seq twice, ${leader.acknowledged.length} ` +
    'acknowledged transfers once each, every table equal to SQLite built from the same stream'
  );
}

async function lastSeq(pool: pg.Pool, schema: string): Promise<number> {
  const result = await pool
    .query(`select value from ${schema}.meta where key = 'last_seq'`)
    .catch(() => ({ rows: [] }));
  const row = result.rows[0] as { value: string } | undefined;
  return row === undefined ? 0 : Number(row.value);
}

async function openTransactions(pool: pg.Pool, schema: string): Promise<number> {
  const result = await pool.query(
    `select count(*)::int as n from pg_stat_activity
     where application_name = $1 and state like 'idle in transaction%'`,
    [`hutong-reader-${schema}`],
  );
  return (result.rows[0] as { n: number }).n;
}

async function commandCounts(pool: pg.Pool, schema: string) {
  const result = await pool.query(
    `select count(*)::int as rows, count(distinct seq)::int as distinct, coalesce(max(seq), 0)::int as max
     from ${schema}.commands`,
  );
  return result.rows[0] as { rows: number; distinct: number; max: number };
}

/** The rows are exactly commands 1..last_seq: the transaction and its last_seq went together. */
async function assertConsistent(pool: pg.Pool, schema: string): Promise<void> {
  const last_seq = await lastSeq(pool, schema);
  assert.deepEqual(await commandCounts(pool, schema), {
    rows: last_seq,
    distinct: last_seq,
    max: last_seq,
  });
}

async function assertAcknowledgedOnce(
  pool: pg.Pool,
  schema: string,
  acknowledged: readonly string[],
): Promise<void> {
  const result = await pool.query(`select id from ${schema}.transfers where id like 'w-%'`);
  const ids = (result.rows as Array<{ id: string }>).map((row) => row.id);
  assert.equal(new Set(ids).size, ids.length, 'no transfer twice');
  const present = new Set(ids);
  for (const id of acknowledged) assert.ok(present.has(id), `acknowledged transfer ${id}`);
}

/** Every table equal to the SQLite projection fed the same stream (schema version aside). */
async function assertEqualsSqlite(setup: ReaderFaultSetup, pool: pg.Pool): Promise<void> {
  const sqlite = new SqliteProjection(':memory:');
  const follower = await StreamFollower.open(setup.connection, {
    after_seq: 0,
    sink: async (batch) => sqlite.apply(batch),
  });
  const last_stream_seq = await follower.streamLastSeq();
  const following = follower.run();
  await until(async () => follower.replica.stream_seq >= last_stream_seq, 'the SQLite reference');
  follower.stop();
  await following;
  const postgres = await PgProjection.open({ pool, schema: setup.schema });
  const [ours, theirs] = [withoutVersion(sqlite.dump()), withoutVersion(await postgres.dump())];
  sqlite.close();
  for (const table of Object.keys(ours)) {
    assert.deepEqual(theirs[table], ours[table], `table ${table}`);
  }
  assert.deepEqual(Object.keys(theirs).sort(), Object.keys(ours).sort());
}

function withoutVersion(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  const meta = (dump.meta ?? []).filter((row) => (row as { key: string }).key !== 'schema_version');
  return { ...dump, meta };
}

async function until(
  condition: () => Promise<boolean>,
  what: string,
  timeout_ms = 20_000,
): Promise<void> {
  const deadline_ms = Date.now() + timeout_ms;
  while (!(await condition())) {
    if (Date.now() > deadline_ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
