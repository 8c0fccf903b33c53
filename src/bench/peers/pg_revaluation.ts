/**
 * The peer of the revaluation figure (issue 15): the same book revalued in PostgreSQL as set-based
 * SQL, the way a collateral desk's database would do it. Positions and prices are tables built
 * from the same formulas as ours (../financing/revaluation.ts, untimed); the timed part is one
 * transaction whose single statement revalues every position at the shocked prices (exact
 * `numeric`, the same roundings: half up on the value, floor after the haircut, the call up to
 * whole increments) and inserts one margin call per position at or above its minimum transfer;
 * the commit is durable. The calls' count and signed sum are returned to be compared with ours.
 * @module
 */

import type pg from 'pg';
import { withPgSchema } from './pg_pool.js';

export type PgRevaluationResult =
  | { readonly run_ms: number; readonly calls: number; readonly called_minor: bigint }
  | { readonly skipped: string };

export async function measurePgRevaluation(
  positions: number,
  bonds: number,
): Promise<PgRevaluationResult> {
  const options = { connections: 1, schema_prefix: 'hutong_revalue' };
  return withPgSchema(options, async (pool, schema) => {
    await createBook(pool, schema, positions, bonds);
    const client = await pool.connect();
    try {
      const started_ns = process.hrtime.bigint();
      await revalue(client, schema);
      const run_ms = Number(process.hrtime.bigint() - started_ns) / 1e6;
      const sums = await client.query<{ calls: string; called: string | null }>(
        `select count(*)::text as calls,
                sum(case when from_seller then amount else -amount end)::text as called
         from ${schema}.margin_calls`,
      );
      const row = sums.rows[0];
      return { run_ms, calls: Number(row?.calls ?? 0), called_minor: BigInt(row?.called ?? '0') };
    } finally {
      client.release();
    }
  });
}

/** The book of `positionOf` and the prices of `shockedPriceE8`, in SQL. */
async function createBook(pool: pg.Pool, schema: string, positions: number, bonds: number) {
  await pool.query(`create table ${schema}.positions (id bigint primary key, bond int not null,
    face bigint not null, owed bigint not null, haircut_ppm int not null,
    minimum_transfer bigint not null, rounding bigint not null)`);
  await pool.query(
    `create table ${schema}.prices (bond int primary key, dirty_e8 bigint not null)`,
  );
  await pool.query(`create table ${schema}.margin_calls (position_id bigint not null,
    amount numeric(39,0) not null, from_seller boolean not null)`);
  await pool.query(
    `insert into ${schema}.positions
     select g, g % $2, f, f * (900 + g % 50) / 1000, 10000 + (g % 7) * 5000, f / 40, 100000
     from (select g, 100000000 + (g % 997) * 1000000 as f
           from generate_series(0, $1::bigint - 1) g) s`,
    [positions, bonds],
  );
  await pool.query(
    `insert into ${schema}.prices select b, 9500000000 + b * 10000000
     from generate_series(0, $1 - 1) b`,
    [bonds],
  );
  await pool.query(`analyze ${schema}.positions`);
  await pool.query(`analyze ${schema}.prices`);
}

async function revalue(client: pg.PoolClient, schema: string): Promise<void> {
  await client.query('begin');
  try {
    await client.query(
      `insert into ${schema}.margin_calls
       select id, div(abs(exposure) + rounding - 1, rounding) * rounding, exposure > 0
       from (
         select p.id, p.minimum_transfer, p.rounding::numeric as rounding,
           p.owed - div(div(p.face::numeric * x.dirty_e8 + 5000000000, 10000000000)
                        * (1000000 - p.haircut_ppm), 1000000) as exposure
         from ${schema}.positions p join ${schema}.prices x on x.bond = p.bond) e
       where exposure <> 0 and abs(exposure) >= minimum_transfer`,
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
