import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import type { HubEvent } from '../hub/index.js';
import { plainJson } from '../kernel/codec.js';
import { eventJson } from './event_json.js';
import { CopyIn, copyLine, copyRows, copyValue, jsonCopyValue } from './pg_copy.js';

const CONNECTION = process.env.HUTONG_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/test';
const SCHEMA = `projection_copy_test_${process.pid}`;
const pool = new pg.Pool({ connectionString: CONNECTION, max: 2 });

after(async () => {
  await pool.query(`drop schema if exists ${SCHEMA} cascade`).catch(() => undefined);
  await pool.end();
});

const AWKWARD = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', '\\N', '', '万 ✓'];

test('COPY text: escapes, null, numbers, booleans, bigints', () => {
  assert.equal(copyValue(null), '\\N');
  assert.equal(copyValue(undefined), '\\N');
  assert.equal(copyValue('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
  assert.equal(copyValue('\\N'), '\\\\N');
  assert.equal(copyValue(-12), '-12');
  assert.equal(copyValue(2n ** 70n), '1180591620717411303424');
  assert.equal(copyValue(true), 't');
  assert.equal(copyLine(['x', null, 3]), 'x\t\\N\t3\n');
  assert.throws(() => copyValue({}), /COPY_VALUE/);
  assert.equal(jsonCopyValue('{"a":"b\\"c\\n"}'), '{"a":"b\\\\"c\\\\n"}');
});

test('event JSON: the same text as plainJson, with and without bigints', () => {
  const plain = { type: 'order_rested', order_id: 7, note: 'q"\\\n\t' } as unknown as HubEvent;
  const big = {
    type: 'big_test_event',
    amount: 2n ** 64n,
    nested: { n: 1n },
  } as unknown as HubEvent;
  for (const event of [plain, big, big, plain]) assert.equal(eventJson(event), plainJson(event));
});

test('COPY round trip: awkward strings and nulls come back as they went', async () => {
  await pool.query(`create schema ${SCHEMA}`);
  await pool.query(`create table ${SCHEMA}.t (n bigint, s text, j text, b bool, a numeric)`);
  const client = await pool.connect();
  try {
    let lines = '';
    AWKWARD.forEach((s, n) => {
      const json = JSON.stringify({ s });
      const big = 2n ** 65n + BigInt(n);
      lines += `${n}\t${copyValue(s)}\t${jsonCopyValue(json)}\t${copyValue(n % 2 === 0)}\t${big}\n`;
    });
    lines += copyLine([99, null, null, null, null]);
    await client.query('begin');
    await copyRows(client, `${SCHEMA}.t`, lines);
    await client.query('commit');
  } finally {
    client.release();
  }
  const rows = (await pool.query(`select n::int, s, j, b, a::text from ${SCHEMA}.t order by n`))
    .rows;
  assert.deepEqual(rows, [
    ...AWKWARD.map((s, n) => ({
      n,
      s,
      j: JSON.stringify({ s }),
      b: n % 2 === 0,
      a: String(2n ** 65n + BigInt(n)),
    })),
    { n: 99, s: null, j: null, b: null, a: null },
  ]);
});

test('a refused COPY fails its transaction and leaves the connection usable', async () => {
  await pool.query(`create schema if not exists ${SCHEMA}`);
  await pool.query(`create table ${SCHEMA}.u (n bigint primary key)`);
  const client = await pool.connect();
  try {
    await client.query('begin');
    const copy = new CopyIn(client, `${SCHEMA}.u`);
    copy.write('1\n2\n1\n');
    await assert.rejects(copy.done(), /duplicate key/);
    copy.write('3\n');
    await client.query('rollback');
    await client.query('begin');
    const aborted = new CopyIn(client, `${SCHEMA}.u`);
    aborted.write('4\n');
    aborted.abort(new Error('given up'));
    await assert.rejects(aborted.done(), /given up/);
    await client.query('rollback');
    assert.equal((await client.query(`select count(*)::int as n from ${SCHEMA}.u`)).rows[0].n, 0);
  } finally {
    client.release();
  }
});

test('a connection lost mid-COPY fails the COPY instead of hanging', async () => {
  await pool.query(`create schema if not exists ${SCHEMA}`);
  await pool.query(`create table if not exists ${SCHEMA}.v (n bigint)`);
  const client = await pool.connect();
  client.on('error', () => undefined);
  let lost: Error | undefined;
  try {
    await client.query('begin');
    const copy = new CopyIn(client, `${SCHEMA}.v`);
    copy.write('1\n2\n');
    (
      client as unknown as { connection: { stream: { destroy(): void } } }
    ).connection.stream.destroy();
    copy.write('3\n');
    lost = await copy.done().then(
      () => undefined,
      (error: Error) => error,
    );
    assert.ok(lost instanceof Error);
  } finally {
    client.release(lost ?? true);
  }
  assert.equal((await pool.query(`select count(*)::int as n from ${SCHEMA}.v`)).rows[0].n, 0);
});
