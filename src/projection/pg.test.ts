import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { projectionConformance } from './conformance_testing.js';
import { PgProjection } from './pg.js';
import { BIG_ACCOUNT, scenario } from './scenario_testing.js';
import { SqliteProjection } from './sqlite.js';
import type { ProjectionQueries } from './types.js';

const CONNECTION = process.env.HUTONG_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/test';
const SCHEMA = `projection_test_${process.pid}`;
const pool = new pg.Pool({ connectionString: CONNECTION, max: 4 });

before(async () => {
  try {
    await pool.query('select 1');
  } catch (error) {
    // Not a skip: PostgreSQL runs on this machine and in CI, so its absence is a failure.
    throw new Error(
      `PostgreSQL is not reachable at ${CONNECTION} (${(error as Error).message}): start it or set HUTONG_TEST_PG`,
    );
  }
});
after(async () => {
  await pool.query(`drop schema if exists ${SCHEMA} cascade`).catch(() => undefined);
  await pool.query(`drop schema if exists ${SCHEMA}_b cascade`).catch(() => undefined);
  await pool.end();
});

projectionConformance('PostgreSQL', {
  async open(before_commit) {
    const projection = await PgProjection.open({
      pool,
      schema: SCHEMA,
      before_commit: before_commit === undefined ? undefined : () => before_commit(),
    });
    return { writer: projection, queries: projection, dump: () => projection.dump() };
  },
  async reset() {
    await pool.query(`drop schema if exists ${SCHEMA} cascade`);
  },
  async dispose() {
    await pool.query(`drop schema if exists ${SCHEMA} cascade`);
  },
});

/** Every query, with arguments that reach every kind of row the scenario made. */
async function everyAnswer(q: ProjectionQueries, last_seq: number): Promise<unknown[]> {
  const answers: unknown[] = [
    await q.eventsAfter(0, 100_000, null),
    await q.eventsAfter(50, 20, null),
    await q.eventsAfter(0, 1_000, 'trade'),
    await q.eventsAfter(0, 1_000, 'account_created'),
    await q.recentTrades(10),
    await q.recentTrades(100_000),
    await q.newestEventsOfType('margin_called', 1_000),
    await q.newestEventsOfType('order_accepted', 5),
    await q.newestEventWithField('repo_opened', 'repo_id', 'repo-1'),
    await q.newestEventWithField('repo_opened', 'repo_id', 'none'),
    await q.latestValuationTimes(),
  ];
  for (let seq = 1; seq <= last_seq + 1; seq += 1) {
    answers.push(await q.commandAt(seq), await q.originalEvents(seq));
  }
  for (const account of [BIG_ACCOUNT, 'HKSARG/HKD', 'HKMA/HKD/issuance', 'HSBC/CNH', 'none'])
    answers.push(await q.transfersOf(account, 1_000), await q.transfersOf(account, 3));
  return answers;
}

describe('PostgreSQL beside SQLite', () => {
  const { results } = scenario();

  test('fed the same results, both answer every query identically', async () => {
    const sqlite = new SqliteProjection(':memory:');
    for (let i = 0; i < results.length; i += 13) sqlite.apply(results.slice(i, i + 13));
    await pool.query(`drop schema if exists ${SCHEMA}_b cascade`);
    const postgres = await PgProjection.open({ pool, schema: `${SCHEMA}_b` });
    await postgres.apply(results);
    const [ours, theirs] = [
      await everyAnswer(sqlite, results.length),
      await everyAnswer(postgres, results.length),
    ];
    assert.equal(ours.length, theirs.length);
    for (let i = 0; i < ours.length; i += 1) assert.deepEqual(theirs[i], ours[i], `answer ${i}`);
    // Byte for byte, as a gateway would send them.
    assert.equal(JSON.stringify(theirs), JSON.stringify(ours));
    sqlite.close();
    await postgres.close();
  });

  test('a connection lost mid-batch commits nothing; the batch applies again in full', async () => {
    await pool.query(`drop schema if exists ${SCHEMA}_b cascade`);
    const lost = await PgProjection.open({
      pool,
      schema: `${SCHEMA}_b`,
      // As a reader killed at that point: the server sees its socket close and rolls back.
      before_commit: (client) => {
        (
          client as unknown as { connection: { stream: { destroy(): void } } }
        ).connection.stream.destroy();
      },
    });
    await assert.rejects(lost.apply(results.slice(0, 80)));
    const projection = await PgProjection.open({ pool, schema: `${SCHEMA}_b` });
    assert.equal(await projection.lastSeq(), 0);
    assert.deepEqual(await projection.eventsAfter(0, 10, null), []);
    await projection.apply(results.slice(0, 80));
    assert.equal(await projection.lastSeq(), 80);
  });

  test('refuses a schema name that is not a plain identifier, and a schema of another version', async () => {
    await assert.rejects(
      PgProjection.open({ pool, schema: 'x; drop table y' }),
      /INVALID_SCHEMA_NAME/,
    );
    await pool.query(`update ${SCHEMA}_b.meta set value = '999' where key = 'schema_version'`);
    await assert.rejects(
      PgProjection.open({ pool, schema: `${SCHEMA}_b` }),
      /PROJECTION_SCHEMA_MISMATCH: schema .* holds projection version 999/,
    );
  });
});
