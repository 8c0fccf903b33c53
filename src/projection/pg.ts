/**
 * The PostgreSQL projection: the SQLite projection's tables in a schema of PostgreSQL, for a
 * reader process (`hutong reader`) and for gateways that serve queries from it. A batch is applied
 * in one transaction with its last seq: its events by `COPY … FROM STDIN` while it is folded in
 * memory (pg_batch.ts), then the other tables' new rows by COPY and the changes to earlier rows
 * as arrays (`update … from unnest(…)`): a reader killed mid-batch leaves all of the batch or
 * none of it.
 * @module
 */

import type pg from 'pg';
import { unappliedFrom } from './order.js';
import type { PgBatch } from './pg_batch.js';
import { CopyIn, copyRows } from './pg_copy.js';
import { Folding } from './pg_fold.js';
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
  /**
   * `off` (the default): a commit returns before its WAL is flushed. A server crash may then
   * lose the last commits whole, rows and last seq together, and the reader applies them again
   * from the last seq it reads back; nothing is ever half applied. `on`: a commit waits for the
   * flush.
   */
  readonly synchronous_commit?: 'on' | 'off' | undefined;
}

export class PgProjection extends PgQueries implements ProjectionWriter {
  private closed = false;
  /** The last batch handed over: written (or failed) before the next one starts. */
  private writing: Promise<void> = Promise.resolve();

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
   * skip what is already applied, then the rows (pg_copy.ts, pg_batch.ts) and the last seq,
   * commit. The batch is folded from the moment it is handed over: a caller may hand the next
   * batch before this call resolves, and it is folded while this one is written. Batches are
   * written in the order of the calls, each in its own transaction; after a failed one, those
   * already handed over fail too (PROJECTION_GAP: their start no longer follows the last seq).
   */
  async apply(batch: ProjectionBatch): Promise<void> {
    if (this.closed) throw new Error('PROJECTION_CLOSED: the PostgreSQL projection is closed');
    if (batch.length === 0) return;
    const folding = new Folding(batch, 0);
    const previous = this.writing;
    const written = this.write(batch, folding, previous);
    this.writing = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }

  private async write(
    batch: ProjectionBatch,
    optimistic: Folding,
    previous: Promise<void>,
  ): Promise<void> {
    await previous;
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    // A connection lost while checked out is reported as an event: without a listener it would
    // crash the process instead of failing this batch (which the server rolls back).
    const lost = (error: Error) => {
      broken = error;
    };
    client.on('error', lost);
    try {
      const last_seq = await beginLocked(client, this.s, this.options.synchronous_commit ?? 'off');
      const from = unappliedFrom(batch, last_seq);
      if (from === batch.length) {
        await client.query('rollback');
        return;
      }
      // Folded assuming nothing of the batch was applied; else folded again from where to start.
      const folding = from === 0 ? optimistic : new Folding(batch, from);
      await writeBatch(client, this.s, folding);
      const seq = Math.trunc((batch[batch.length - 1] as (typeof batch)[number])[0].seq);
      const set_last_seq = `insert into ${this.s}.meta (key, value) values ('last_seq', '${seq}')
         on conflict (key) do update set value = excluded.value`;
      if (this.options.before_commit === undefined) await client.query(`${set_last_seq}; commit`);
      else {
        await client.query(set_last_seq);
        await this.options.before_commit(client);
        await client.query('commit');
      }
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

  /** Takes no more batches and waits for those handed over; the pool is the caller's. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
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

/**
 * `begin`, the commit mode, and the last seq with the meta rows locked until the transaction
 * ends: one round trip.
 */
async function beginLocked(
  client: pg.PoolClient,
  s: string,
  synchronous_commit: 'on' | 'off',
): Promise<number> {
  const results = (await client.query(
    `begin; set local synchronous_commit = ${synchronous_commit === 'on' ? 'on' : 'off'};
     select key, value from ${s}.meta where key in ('schema_version', 'last_seq') order by key for update`,
  )) as unknown as pg.QueryResult[];
  const rows = (results[results.length - 1] as pg.QueryResult).rows as Array<{
    key: string;
    value: string;
  }>;
  const row = rows.find((r) => r.key === 'last_seq');
  return row === undefined ? 0 : Number(row.value);
}

/**
 * The batch's rows: the events by COPY as they are folded, then the commands; changes to rows of
 * earlier batches (they must not touch this batch's rows, which carry their own changes
 * already); then this batch's new rows by COPY, a table at a time.
 */
async function writeBatch(client: pg.PoolClient, s: string, folding: Folding): Promise<void> {
  const events = new CopyIn(client, `${s}.events`);
  folding.streamTo(events);
  try {
    await folding.finished;
  } catch (error) {
    events.abort(error as Error);
    throw error;
  }
  const b = folding.batch;
  const ending = events.done();
  // Awaited below; held here so that a failure while the lines are made is not unobserved.
  ending.catch(() => undefined);
  const lines = {
    accounts: b.accountLines(),
    transfers: b.transferLines(),
    orders: b.orderLines(),
  };
  await ending;
  await copyRows(client, `${s}.commands`, b.commands);
  await writeDeltas(client, s, b);
  await copyRows(client, `${s}.accounts`, lines.accounts);
  await copyRows(client, `${s}.transfers`, lines.transfers);
  await copyRows(client, `${s}.orders`, lines.orders);
  await copyRows(client, `${s}.trades`, b.trades);
}

/** Hold statuses, balances and freezes, order fills, cancels and replaces of earlier rows. */
async function writeDeltas(client: pg.PoolClient, s: string, b: PgBatch): Promise<void> {
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
}
