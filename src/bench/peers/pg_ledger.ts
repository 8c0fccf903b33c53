/**
 * The peer a user would otherwise pick for a ledger: double-entry balances in PostgreSQL, done the
 * usual way. One transaction per transfer: lock both balance rows (in id order, so concurrent
 * transfers cannot deadlock), check funds, update both, insert the transfer, commit (durable:
 * `synchronous_commit` stays on). Several connections run in parallel, as a service would.
 * @module
 */

import type pg from 'pg';
import { Mulberry32 } from '../../kernel/random.js';
import { withPgSchema } from './pg_pool.js';

export interface PgLedgerOptions {
  readonly transfers: number;
  readonly accounts: number;
  readonly connections: number;
  readonly connection_string?: string;
}

export type PgLedgerResult = { readonly transfers_per_s: number } | { readonly skipped: string };

export async function measurePgLedger(options: PgLedgerOptions): Promise<PgLedgerResult> {
  const peer = { ...options, schema_prefix: 'hutong_bench' };
  return withPgSchema(peer, async (pool, schema) => {
    await createSchema(pool, schema, options.accounts);
    const work = planTransfers(options);
    const started_ns = process.hrtime.bigint();
    await Promise.all(work.map((slice) => runSlice(pool, schema, slice)));
    const elapsed_s = Number(process.hrtime.bigint() - started_ns) / 1e9;
    await checkConservation(pool, schema, options.accounts);
    return { transfers_per_s: options.transfers / elapsed_s };
  });
}

const OPENING_BALANCE = 1_000_000_000n;

async function createSchema(pool: pg.Pool, schema: string, accounts: number): Promise<void> {
  await pool.query(
    `create table ${schema}.accounts (id bigint primary key, balance numeric(39,0) not null check (balance >= 0))`,
  );
  await pool.query(
    `create table ${schema}.transfers (id text primary key, debit_account_id bigint not null,
      credit_account_id bigint not null, amount numeric(39,0) not null, created_at timestamptz not null default now())`,
  );
  await pool.query(
    `insert into ${schema}.accounts select g, ${OPENING_BALANCE} from generate_series(1, $1) g`,
    [accounts],
  );
}

interface PlannedTransfer {
  readonly id: string;
  readonly debit: number;
  readonly credit: number;
  readonly amount: number;
}

function planTransfers(options: PgLedgerOptions): PlannedTransfer[][] {
  const rng = new Mulberry32(7);
  const slices: PlannedTransfer[][] = Array.from({ length: options.connections }, () => []);
  for (let i = 0; i < options.transfers; i += 1) {
    const debit = rng.int(1, options.accounts);
    let credit = rng.int(1, options.accounts - 1);
    if (credit >= debit) credit += 1;
    slices[i % options.connections]?.push({
      id: `t${i}`,
      debit,
      credit,
      amount: rng.int(1, 10_000),
    });
  }
  return slices;
}

async function runSlice(
  pool: pg.Pool,
  schema: string,
  slice: readonly PlannedTransfer[],
): Promise<void> {
  const client = await pool.connect();
  try {
    for (const t of slice) await transferOnce(client, schema, t);
  } finally {
    client.release();
  }
}

async function transferOnce(
  client: pg.PoolClient,
  schema: string,
  t: PlannedTransfer,
): Promise<void> {
  await client.query('begin');
  try {
    const locked = await client.query<{ id: string; balance: string }>(
      `select id, balance from ${schema}.accounts where id = any($1) order by id for update`,
      [[t.debit, t.credit]],
    );
    const debit_row = locked.rows.find((r) => Number(r.id) === t.debit);
    if (debit_row === undefined || BigInt(debit_row.balance) < BigInt(t.amount)) {
      await client.query('rollback');
      return;
    }
    await client.query(`update ${schema}.accounts set balance = balance - $2 where id = $1`, [
      t.debit,
      t.amount,
    ]);
    await client.query(`update ${schema}.accounts set balance = balance + $2 where id = $1`, [
      t.credit,
      t.amount,
    ]);
    await client.query(
      `insert into ${schema}.transfers (id, debit_account_id, credit_account_id, amount) values ($1, $2, $3, $4)`,
      [t.id, t.debit, t.credit, t.amount],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** The peer must be correct too: money is conserved. */
async function checkConservation(pool: pg.Pool, schema: string, accounts: number): Promise<void> {
  const result = await pool.query<{ total: string }>(
    `select sum(balance)::text as total from ${schema}.accounts`,
  );
  const expected = OPENING_BALANCE * BigInt(accounts);
  if (BigInt(result.rows[0]?.total ?? '0') !== expected)
    throw new Error('PostgreSQL peer lost money');
}
