/**
 * The peer of the stress figure (issue 17): the same scenario revaluation as set-based SQL in
 * PostgreSQL, the way a risk team's database would run it. Given, untimed, the same positions
 * (account, member, instrument, quantity) and the same compiled shocks (the HKD change of one
 * unit of each instrument in each scenario, from our `compileScenarios`), the timed part is one
 * statement: every account's loss in every scenario (positions joined with the shocks, grouped by
 * account and scenario), summed per member and scenario, and each account's worst scenario kept —
 * the two outputs of our `runStress`. Both sides use double precision; the sum of member losses
 * is returned to compare with ours.
 * @module
 */

import type pg from 'pg';
import type { Portfolio, ScenarioMatrix } from '../../oversight/risk/index.js';
import { withPgSchema } from './pg_pool.js';

export type PgStressResult =
  | { readonly run_ms: number; readonly total_member_loss: number; readonly accounts: number }
  | { readonly skipped: string };

const CHUNK = 50_000;

export async function measurePgStress(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
): Promise<PgStressResult> {
  const options = { connections: 1, schema_prefix: 'hutong_stress' };
  return withPgSchema(options, async (pool, schema) => {
    await load(pool, schema, portfolio, matrix);
    const started_ns = process.hrtime.bigint();
    const row = await stress(pool, schema);
    const run_ms = Number(process.hrtime.bigint() - started_ns) / 1e6;
    return { run_ms, ...row };
  });
}

async function load(pool: pg.Pool, schema: string, portfolio: Portfolio, m: ScenarioMatrix) {
  await pool.query(`create unlogged table ${schema}.positions (account int not null,
    member int not null, instrument int not null, quantity float8 not null)`);
  await pool.query(`create unlogged table ${schema}.shocks (instrument int not null,
    scenario int not null, change_hkd float8 not null, primary key (instrument, scenario))`);
  const rows: Array<[number, number, number, number]> = [];
  for (let a = 0; a + 1 < portfolio.position_start.length; a += 1) {
    const member = portfolio.account_member[a] as number;
    const end = portfolio.position_start[a + 1] as number;
    for (let p = portfolio.position_start[a] as number; p < end; p += 1) {
      const instrument = portfolio.position_instrument[p] as number;
      rows.push([a, member, instrument, portfolio.position_quantity[p] as number]);
    }
  }
  await insertColumns(pool, `${schema}.positions`, ['int', 'int', 'int', 'float8'], rows);
  const shocks: Array<[number, number, number]> = [];
  for (let i = 0; i < m.unit_change_hkd.length; i += 1) {
    shocks.push([Math.floor(i / m.scenarios), i % m.scenarios, m.unit_change_hkd[i] as number]);
  }
  await insertColumns(pool, `${schema}.shocks`, ['int', 'int', 'float8'], shocks);
  await pool.query(`create index on ${schema}.positions (instrument)`);
  await pool.query(`analyze ${schema}.positions`);
  await pool.query(`analyze ${schema}.shocks`);
}

/** Rows inserted a chunk at a time, each column as one array parameter. */
async function insertColumns(
  pool: pg.Pool,
  table: string,
  types: readonly string[],
  rows: ReadonlyArray<readonly number[]>,
): Promise<void> {
  const columns = types.map((t, c) => `$${c + 1}::${t}[]`).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const values = types.map((_, c) => chunk.map((r) => r[c]));
    await pool.query(`insert into ${table} select * from unnest(${columns})`, values);
  }
}

async function stress(pool: pg.Pool, schema: string) {
  const result = await pool.query<{ total: number | null; accounts: string }>(
    `with account_loss as (
       select p.account, p.member, s.scenario, -sum(p.quantity * s.change_hkd) as loss
       from ${schema}.positions p join ${schema}.shocks s using (instrument)
       group by p.account, p.member, s.scenario),
     member_loss as (
       select member, scenario, sum(loss) as loss from account_loss group by member, scenario),
     worst as (
       select distinct on (account) account, scenario, loss
       from account_loss order by account, loss desc, scenario)
     select (select sum(loss) from member_loss) as total,
            (select count(*) from worst)::text as accounts`,
  );
  const row = result.rows[0];
  return { total_member_loss: Number(row?.total ?? 0), accounts: Number(row?.accounts ?? 0) };
}
