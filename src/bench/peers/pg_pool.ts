/**
 * The PostgreSQL peers' shared scaffolding: a pool on the local server (or `HUTONG_BENCH_PG`), a
 * scratch schema of this process's own, dropped afterwards, and a skip reason when no server
 * answers, so a machine without PostgreSQL still runs every other benchmark.
 * @module
 */

import pg from 'pg';

const DEFAULT_CONNECTION = 'postgresql://postgres@127.0.0.1:5432/test';

export interface PgPeerOptions {
  readonly connections: number;
  readonly connection_string?: string | undefined;
  /** The scratch schema is `<prefix>_<pid>`. */
  readonly schema_prefix: string;
}

/** Runs `measure` with a pool and a fresh schema; `{ skipped }` if PostgreSQL is not reachable. */
export async function withPgSchema<T>(
  options: PgPeerOptions,
  measure: (pool: pg.Pool, schema: string) => Promise<T>,
): Promise<T | { readonly skipped: string }> {
  const connection_string =
    options.connection_string ?? process.env.HUTONG_BENCH_PG ?? DEFAULT_CONNECTION;
  const pool = new pg.Pool({ connectionString: connection_string, max: options.connections });
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    return {
      skipped: `no PostgreSQL reachable at ${connection_string}: ${(error as Error).message}`,
    };
  }
  const schema = `${options.schema_prefix}_${process.pid}`;
  try {
    await pool.query(`drop schema if exists ${schema} cascade`);
    await pool.query(`create schema ${schema}`);
    return await measure(pool, schema);
  } finally {
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await pool.end();
  }
}
