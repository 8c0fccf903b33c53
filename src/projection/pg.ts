/**
 * The PostgreSQL projection: the SQLite projection's tables in a schema of PostgreSQL, for a
 * reader process (`hutong reader`) and for gateways that serve queries from it. A batch is applied
 * in one transaction with its last seq, as arrays per column (`insert … select from unnest(…)`,
 * one statement per table) after folding it in memory (pg_batch.ts): a reader killed mid-batch
 * leaves all of the batch or none of it.
 * @module
 */

import type pg from 'pg';
import { unappliedFrom } from './order.js';
import { PgBatch } from './pg_batch.js';
import { PgQueries } from './pg_queries.js';
import { checkSchemaName, PG_PROJECTION_SCHEMA_VERSION, schemaSql } from './pg_schema.js';
import { INT8_AS_NUMBER } from './pg_types.js';
import { TABLE_ORDER } from './stored.js';
import type { ProjectionBatch, ProjectionWriter } from './types.js';

export interface PgProjectionOptions {
  readonly pool: pg.Pool;
  /** The schema holding the tables (created with them if absent): lower-case, digits, _. */
  readonly schema: string;
  /**
   * Testing seam: runs inside the batch's transaction after its rows and before its commit,
   * with the transaction's connection. A throw there (or a dead connection) abandons the batch.
   */
  readonly before_commit?: ((client: pg.PoolClient) => Promise<void> | void) | undefined;
}

export class PgProjection extends PgQueries implements ProjectionWriter {
  private closed = false;

  private constructor(private readonly options: PgProjectionOptions) {
    super(options.pool, options.schema);
  }

  /** Opens (creating the tables if absent) and checks the schema version. */
  static async open(options: PgProjectionOptions): Promise<PgProjection> {
    const s = checkSchemaName(options.schema);
    const client = await options.pool.connect();
    try {
      // Two processes opening a fresh schema at once would race on `create … if not exists`.
      await client.query('select pg_advisory_lock(hashtext($1))', [s]);
      try {
        await client.query(schemaSql(s));
        await checkVersion(client, s);
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [s]);
      }
    } finally {
      client.release();
    }
    return new PgProjection(options);
  }

  async lastSeq(): Promise<number> {
    const result = await this.options.pool.query(
      `select value from ${this.s}.meta where key = 'last_seq'`,
    );
    const row = result.rows[0] as { value: string } | undefined;
    return row === undefined ? 0 : Number(row.value);
  }

  /**
   * One transaction: lock the meta row (two writers on one schema apply one after the other),
   * skip what is already applied, fold the rest, one statement per table, the last seq, commit.
   */
  async apply(batch: ProjectionBatch): Promise<void> {
    if (this.closed) throw new Error('PROJECTION_CLOSED: the PostgreSQL projection is closed');
    if (batch.length === 0) return;
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    // A connection lost while checked out is reported as an event: without a listener it would
    // crash the process instead of failing this batch (which the server rolls back).
    const lost = (error: Error) => {
      broken = error;
    };
    client.on('error', lost);
    try {
      await client.query('begin');
      const last_seq = await lockedLastSeq(client, this.s);
      const from = unappliedFrom(batch, last_seq);
      if (from === batch.length) {
        await client.query('rollback');
        return;
      }
      const folded = new PgBatch();
      for (let i = from; i < batch.length; i += 1) {
        const [envelope, result] = batch[i] as (typeof batch)[number];
        folded.add(envelope, result);
      }
      await writeBatch(client, this.s, folded);
      const seq = (batch[batch.length - 1] as (typeof batch)[number])[0].seq;
      await client.query(
        `insert into ${this.s}.meta (key, value) values ('last_seq', $1)
         on conflict (key) do update set value = excluded.value`,
        [String(seq)],
      );
      await this.options.before_commit?.(client);
      await client.query('commit');
    } catch (error) {
      broken = error as Error;
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', lost);
      // A connection that failed mid-transaction is not handed back to the pool.
      client.release(broken);
    }
  }

  /** Stops writing; the pool is the caller's and stays open. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** Every table's rows in a fixed order, as the SQLite projection's `dump` lists them. */
  async dump(): Promise<Record<string, unknown[]>> {
    const tables: Record<string, unknown[]> = {};
    for (const [table, order_by] of TABLE_ORDER) {
      const order = order_by
        .map(([column, text]) => (text ? `${column} collate "C"` : column))
        .join(', ');
      const result = await this.options.pool.query({
        text: `select * from ${this.s}.${table} order by ${order}`,
        types: INT8_AS_NUMBER,
      });
      tables[table] = result.rows;
    }
    return tables;
  }
}

async function checkVersion(client: pg.PoolClient, s: string): Promise<void> {
  const result = await client.query(`select value from ${s}.meta where key = 'schema_version'`);
  const row = result.rows[0] as { value: string } | undefined;
  if (row === undefined) {
    await client.query(`insert into ${s}.meta (key, value) values ('schema_version', $1)`, [
      String(PG_PROJECTION_SCHEMA_VERSION),
    ]);
  } else if (Number(row.value) !== PG_PROJECTION_SCHEMA_VERSION) {
    throw new Error(
      `PROJECTION_SCHEMA_MISMATCH: schema ${s} holds projection version ${row.value}, this build writes ${PG_PROJECTION_SCHEMA_VERSION}: drop it to rebuild from the journal`,
    );
  }
}

/** The last seq, with the schema_version row locked until the transaction ends. */
async function lockedLastSeq(client: pg.PoolClient, s: string): Promise<number> {
  const result = await client.query(
    `select key, value from ${s}.meta where key in ('schema_version', 'last_seq') order by key for update`,
  );
  const row = (result.rows as Array<{ key: string; value: string }>).find(
    (r) => r.key === 'last_seq',
  );
  return row === undefined ? 0 : Number(row.value);
}

/**
 * Changes to rows of earlier batches first (they must not touch this batch's rows, which carry
 * their own changes already), then this batch's new rows.
 */
async function writeBatch(client: pg.PoolClient, s: string, b: PgBatch): Promise<void> {
  if (b.hold_deltas.size > 0)
    await client.query(
      `update ${s}.transfers t set hold_status = d.status
       from unnest($1::text[], $2::text[]) as d(id, status) where t.id = d.id`,
      [[...b.hold_deltas.keys()], [...b.hold_deltas.values()]],
    );
  const account_deltas = b.accountDeltaColumns();
  if ((account_deltas[0] as unknown[]).length > 0)
    await client.query(
      `update ${s}.accounts a set
         debits_pending = coalesce(d.dp, a.debits_pending), debits_posted = coalesce(d.dpo, a.debits_posted),
         credits_pending = coalesce(d.cp, a.credits_pending), credits_posted = coalesce(d.cpo, a.credits_posted),
         frozen = coalesce(d.frozen, a.frozen)
       from unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[], $6::int2[])
         as d(id, dp, dpo, cp, cpo, frozen)
       where a.id = d.id`,
      account_deltas,
    );
  const order_deltas = b.orderDeltaColumns();
  if ((order_deltas[0] as unknown[]).length > 0)
    await client.query(
      `update ${s}.orders o set
         filled_units = o.filled_units + d.filled_add, remaining_units = coalesce(d.remaining, o.remaining_units),
         status = coalesce(d.status, o.status),
         cancel_reason = case when d.reason_set then d.reason else o.cancel_reason end,
         price_units = coalesce(d.price, o.price_units), updated_at_us = d.updated_at_us
       from unnest($1::int8[], $2::int8[], $3::int8[], $4::text[], $5::bool[], $6::text[], $7::int8[], $8::int8[])
         as d(order_id, filled_add, remaining, status, reason_set, reason, price, updated_at_us)
       where o.order_id = d.order_id`,
      order_deltas,
    );
  await insert(client, `${s}.commands`, COMMAND_TYPES, b.commands);
  await insert(client, `${s}.events`, EVENT_TYPES, b.events);
  await insert(client, `${s}.accounts`, ACCOUNT_TYPES, b.accountColumns());
  await insert(client, `${s}.transfers`, TRANSFER_TYPES, b.transferColumns());
  await insert(client, `${s}.orders`, ORDER_TYPES, b.orderColumns());
  await insert(client, `${s}.trades`, TRADE_TYPES, b.trades);
}

const COMMAND_TYPES = [
  'int8',
  'int8',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int8',
  'int8',
  'int8',
];
const EVENT_TYPES = ['int8', 'int8', 'int8', 'text', 'text'];
const ACCOUNT_TYPES = [
  ...['text', 'text', 'text', 'text', 'text', 'int2', 'int2', 'int2', 'int8'],
  ...['numeric', 'numeric', 'numeric', 'numeric', 'int2'],
];
const TRANSFER_TYPES = [
  ...['text', 'text', 'text', 'text', 'text', 'numeric', 'text', 'int8', 'text', 'text', 'text'],
  ...['int8', 'int8', 'text'],
];
const ORDER_TYPES = [
  ...['int8', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'],
  ...['int8', 'int8', 'int8', 'int8', 'text', 'text', 'int8', 'int8'],
];
const TRADE_TYPES = [
  ...['text', 'text', 'text', 'int8', 'int8', 'text', 'int8', 'int8', 'text', 'text', 'text'],
  ...['text', 'text', 'text', 'text', 'text', 'int8', 'int8'],
];

/** `insert into table select * from unnest($1::t1[], …)`: all rows in one statement. */
async function insert(
  client: pg.PoolClient,
  table: string,
  types: readonly string[],
  columns: unknown[][],
): Promise<void> {
  if ((columns[0] as unknown[]).length === 0) return;
  const params = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  await client.query(`insert into ${table} select * from unnest(${params})`, columns);
}
