/**
 * The peer for gross DvP: the same instructions settled the usual way, one PostgreSQL
 * transaction per DvP instruction against the local PostgreSQL (pattern of
 * src/bench/peers/pg_ledger.ts): lock the four balance rows (seller's and buyer's securities and
 * cash) in id order, check the seller has the securities and the buyer the cash, update all
 * four, insert the settled instruction, commit (`synchronous_commit` on). 16 connections in
 * parallel, as a service would run. Skipped, with the reason, when PostgreSQL is unreachable.
 * Benchmark code, not the deterministic core.
 * @module
 */

import type pg from 'pg';
import { Mulberry32 } from '../../kernel/random.js';
import { withPgSchema } from '../peers/pg_pool.js';

/** The peer's workload and pool size. */
export interface PgDvpOptions {
  readonly instructions: number;
  readonly investors: number;
  readonly connections: number;
  readonly connection_string?: string;
}

/** The peer's rate, or why it was skipped. */
export type PgDvpResult = { readonly instructions_per_s: number } | { readonly skipped: string };

const OPENING_SECURITIES = 1_000_000_000n;
const OPENING_CASH = 1_000_000_000_000_000n;

interface PlannedDvp {
  readonly id: string;
  readonly seller: number;
  readonly buyer: number;
  readonly quantity: number;
  readonly amount: bigint;
}

/** Settles the instructions one transaction each and returns the rate, or why it was skipped. */
export async function measurePgDvp(options: PgDvpOptions): Promise<PgDvpResult> {
  const peer = { ...options, schema_prefix: 'hutong_dvp' };
  return withPgSchema(peer, async (pool, schema) => {
    await createSchema(pool, schema, options.investors);
    const slices = plan(options);
    const started_ns = process.hrtime.bigint();
    await Promise.all(slices.map((slice) => runSlice(pool, schema, slice)));
    const elapsed_s = Number(process.hrtime.bigint() - started_ns) / 1e9;
    await checkConservation(pool, schema, options.investors);
    return { instructions_per_s: options.instructions / elapsed_s };
  });
}

async function createSchema(pool: pg.Pool, schema: string, investors: number): Promise<void> {
  await pool.query(
    `create table ${schema}.balances (id bigint primary key, balance numeric(39,0) not null check (balance >= 0))`,
  );
  await pool.query(
    `create table ${schema}.instructions (id text primary key, seller bigint not null, buyer bigint not null,
      quantity numeric(39,0) not null, amount numeric(39,0) not null, status text not null,
      settled_at timestamptz not null default now())`,
  );
  // Investor k: securities row 2k + 1, cash row 2k + 2.
  await pool.query(
    `insert into ${schema}.balances select g, case when g % 2 = 1 then ${OPENING_SECURITIES} else ${OPENING_CASH} end
       from generate_series(1, $1) g`,
    [2 * investors],
  );
}

function plan(options: PgDvpOptions): PlannedDvp[][] {
  const rng = new Mulberry32(7);
  const slices: PlannedDvp[][] = Array.from({ length: options.connections }, () => []);
  for (let k = 0; k < options.instructions; k += 1) {
    const seller = rng.int(0, options.investors - 1);
    let buyer = rng.int(0, options.investors - 2);
    if (buyer >= seller) buyer += 1;
    const quantity = rng.int(1, 100) * 100;
    const amount = (BigInt(rng.int(99_000, 101_000)) * BigInt(quantity) * 100n) / 100_000n;
    slices[k % options.connections]?.push({ id: `g:${k}`, seller, buyer, quantity, amount });
  }
  return slices;
}

async function runSlice(
  pool: pg.Pool,
  schema: string,
  slice: readonly PlannedDvp[],
): Promise<void> {
  const client = await pool.connect();
  try {
    for (const dvp of slice) await settleOnce(client, schema, dvp);
  } finally {
    client.release();
  }
}

async function settleOnce(client: pg.PoolClient, schema: string, d: PlannedDvp): Promise<void> {
  const seller_sec = 2 * d.seller + 1;
  const seller_cash = 2 * d.seller + 2;
  const buyer_sec = 2 * d.buyer + 1;
  const buyer_cash = 2 * d.buyer + 2;
  await client.query('begin');
  try {
    const locked = await client.query<{ id: string; balance: string }>(
      `select id, balance from ${schema}.balances where id = any($1) order by id for update`,
      [[seller_sec, seller_cash, buyer_sec, buyer_cash]],
    );
    const balance = (id: number) =>
      BigInt(locked.rows.find((r) => Number(r.id) === id)?.balance ?? '0');
    if (balance(seller_sec) < BigInt(d.quantity) || balance(buyer_cash) < d.amount) {
      await client.query('rollback');
      return;
    }
    await client.query(
      `update ${schema}.balances set balance = balance + case id
         when $1 then -$5::numeric when $2 then $5::numeric when $3 then -$6::numeric when $4 then $6::numeric end
       where id in ($1, $2, $3, $4)`,
      [seller_sec, buyer_sec, buyer_cash, seller_cash, d.quantity, d.amount.toString()],
    );
    await client.query(
      `insert into ${schema}.instructions (id, seller, buyer, quantity, amount, status) values ($1, $2, $3, $4, $5, 'settled')`,
      [d.id, d.seller, d.buyer, d.quantity, d.amount.toString()],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** The peer must be correct too: securities and cash are conserved. */
async function checkConservation(pool: pg.Pool, schema: string, investors: number): Promise<void> {
  const result = await pool.query<{ parity: string; total: string }>(
    `select (id % 2)::text as parity, sum(balance)::text as total from ${schema}.balances group by id % 2`,
  );
  for (const row of result.rows) {
    const expected = (row.parity === '1' ? OPENING_SECURITIES : OPENING_CASH) * BigInt(investors);
    if (BigInt(row.total) !== expected) throw new Error('PostgreSQL DvP peer lost an asset');
  }
}
