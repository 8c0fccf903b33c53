/**
 * The peer of the hub's coupon run (issue 14): the same run in PostgreSQL, done the way a bank's
 * back office would write it, as one set-based transaction. Holdings and cash accounts are
 * tables; one statement computes every holder's coupon (units × face × rate / frequency,
 * rounded half up on each holding, exact `numeric`), inserts a transfer per holder, credits every
 * holder's cash and debits the payer by the sum; the commit is durable (`synchronous_commit`
 * stays on). The set-up (the holders, their holdings and cash accounts) is untimed, as the hub's
 * is; conservation is checked after, as the hub's is.
 * @module
 */

import type pg from 'pg';
import { withPgSchema } from './pg_pool.js';

export interface PgCouponOptions {
  readonly holders: number;
  readonly units_per_holder: bigint;
  readonly face_value_minor: bigint;
  /** Annual coupon rate, scaled by 10^12. */
  readonly rate_e12: bigint;
  readonly frequency: number;
  readonly connection_string?: string;
}

export type PgCouponResult = { readonly run_ms: number } | { readonly skipped: string };

const ISIN = 'HKHTGB25USD6';
const CURRENCY = 'USD';
const PAYER = 'HKSARG/USD';
const PAYER_FUNDS_MINOR = 10n ** 30n;

/** Milliseconds of the coupon transaction to `holders` holders; `{ skipped }` without a server. */
export async function measurePgCouponRun(options: PgCouponOptions): Promise<PgCouponResult> {
  const peer = { connections: 1, schema_prefix: 'hutong_coupon', ...options };
  return withPgSchema(peer, async (pool, schema) => {
    await createSchema(pool, schema, options);
    const client = await pool.connect();
    try {
      const started_ns = process.hrtime.bigint();
      await payCoupon(client, schema, options);
      const run_ms = Number(process.hrtime.bigint() - started_ns) / 1e6;
      await checkConservation(client, schema, options);
      return { run_ms };
    } finally {
      client.release();
    }
  });
}

async function createSchema(pool: pg.Pool, schema: string, o: PgCouponOptions): Promise<void> {
  await pool.query(`create table ${schema}.holdings (account_id text primary key,
    owner text not null, isin text not null, units bigint not null check (units >= 0))`);
  await pool.query(`create index on ${schema}.holdings (isin)`);
  await pool.query(`create table ${schema}.cash (account_id text primary key,
    owner text not null, currency text not null, balance numeric(39,0) not null
    check (balance >= 0), unique (owner, currency))`);
  await pool.query(`create table ${schema}.transfers (id bigserial primary key,
    batch text not null, code text not null, debit_account_id text not null,
    credit_account_id text not null, amount numeric(39,0) not null check (amount > 0))`);
  await pool.query(
    `insert into ${schema}.holdings
     select '${ISIN}/CMU/h' || g, 'h' || g, '${ISIN}', $2 from generate_series(0, $1 - 1) g`,
    [o.holders, o.units_per_holder.toString()],
  );
  await pool.query(
    `insert into ${schema}.cash
     select 'h' || g || '/${CURRENCY}', 'h' || g, '${CURRENCY}', 0 from generate_series(0, $1 - 1) g`,
    [o.holders],
  );
  await pool.query(`insert into ${schema}.cash values ($1, 'HKSARG', $2, $3)`, [
    PAYER,
    CURRENCY,
    PAYER_FUNDS_MINOR.toString(),
  ]);
  await pool.query(`analyze ${schema}.holdings`);
  await pool.query(`analyze ${schema}.cash`);
}

/** The run: one statement of data-modifying CTEs inside one transaction. */
async function payCoupon(client: pg.PoolClient, schema: string, o: PgCouponOptions) {
  await client.query('begin');
  try {
    await client.query(
      `with pay as (
         select c.account_id, round(h.units::numeric * $3 * $4 / $5) as amount
         from ${schema}.holdings h
         join ${schema}.cash c on c.owner = h.owner and c.currency = $2
         where h.isin = $1 and h.units > 0),
       moved as (
         insert into ${schema}.transfers (batch, code, debit_account_id, credit_account_id, amount)
         select 'coupon:' || $1, 'coupon', $6, account_id, amount from pay where amount > 0),
       credited as (
         update ${schema}.cash c set balance = c.balance + pay.amount
         from pay where c.account_id = pay.account_id and pay.amount > 0)
       update ${schema}.cash set balance = balance - (select sum(amount) from pay)
       where account_id = $6`,
      [
        ISIN,
        CURRENCY,
        o.face_value_minor.toString(),
        o.rate_e12.toString(),
        (10n ** 12n * BigInt(o.frequency)).toString(),
        PAYER,
      ],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** The peer must be right too: the payer paid what the holders received, one transfer each. */
async function checkConservation(client: pg.PoolClient, schema: string, o: PgCouponOptions) {
  const result = await client.query<{ paid: string; received: string; transfers: string }>(
    `select (select $1::numeric - balance from ${schema}.cash where account_id = $2)::text as paid,
            (select sum(balance) from ${schema}.cash where account_id <> $2)::text as received,
            (select count(*) from ${schema}.transfers)::text as transfers`,
    [PAYER_FUNDS_MINOR.toString(), PAYER],
  );
  const row = result.rows[0];
  if (row === undefined || row.paid !== row.received || Number(row.transfers) !== o.holders) {
    throw new Error('PostgreSQL coupon peer did not conserve the coupon');
  }
}
