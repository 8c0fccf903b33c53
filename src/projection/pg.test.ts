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

/** The schema version differs by design between stores; every other row must be equal. */
function withoutVersion(dump: Record<string, unknown[]>): Record<string, unknown[]> {
  const meta = (dump.meta ?? []).filter((row) => (row as { key: string }).key !== 'schema_version');
  return { ...dump, meta };
}

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

  test('batches handed over before the previous one is written are written in order', async () => {
    const reference = new SqliteProjection(':memory:');
    for (const entry of results) reference.apply([entry]);
    await pool.query(`drop schema if exists ${SCHEMA}_b cascade`);
    const postgres = await PgProjection.open({ pool, schema: `${SCHEMA}_b` });
    const applies: Promise<void>[] = [];
    for (let i = 0; i < results.length; i += 7)
      applies.push(postgres.apply(results.slice(i, i + 7)));
    await Promise.all(applies);
    assert.equal(await postgres.lastSeq(), results.length);
    assert.deepEqual(withoutVersion(await postgres.dump()), withoutVersion(reference.dump()));
    reference.close();
    await postgres.close();
  });

  test('after a failed batch, those already handed over fail with PROJECTION_GAP and write nothing', async () => {
    await pool.query(`drop schema if exists ${SCHEMA}_b cascade`);
    let commits = 0;
    const failing = await PgProjection.open({
      pool,
      schema: `${SCHEMA}_b`,
      before_commit: () => {
        commits += 1;
        if (commits === 2) throw new Error('crash before the second commit');
      },
    });
    const outcomes = await Promise.allSettled(
      [0, 50, 100, 150].map((start) => failing.apply(results.slice(start, start + 50))),
    );
    assert.equal(outcomes[0]?.status, 'fulfilled');
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /crash before the second/);
    for (const outcome of outcomes.slice(2))
      assert.equal((outcome as PromiseRejectedResult).reason.code, 'PROJECTION_GAP');
    assert.equal(await failing.lastSeq(), 50);
    assert.equal((await failing.eventsAfter(0, 100_000, null)).at(-1)?.seq, 50);
    const projection = await PgProjection.open({ pool, schema: `${SCHEMA}_b` });
    await projection.apply(results.slice(50));
    const reference = new SqliteProjection(':memory:');
    for (const entry of results) reference.apply([entry]);
    assert.deepEqual(withoutVersion(await projection.dump()), withoutVersion(reference.dump()));
    reference.close();
  });

  test('commits with synchronous_commit off unless asked for on', async () => {
    for (const [option, expected] of [
      [undefined, 'off'],
      ['on', 'on'],
    ] as const) {
      await pool.query(`drop schema if exists ${SCHEMA}_b cascade`);
      let seen: string | undefined;
      const projection = await PgProjection.open({
        pool,
        schema: `${SCHEMA}_b`,
        synchronous_commit: option,
        before_commit: async (client) => {
          seen = (await client.query('show synchronous_commit')).rows[0].synchronous_commit;
        },
      });
      await projection.apply(results.slice(0, 10));
      assert.equal(seen, expected);
      assert.equal(await projection.lastSeq(), 10);
      assert.equal((await pool.query('show synchronous_commit')).rows[0].synchronous_commit, 'on');
    }
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
