/**
 * `npm run bench -- projection` (issue 18): how fast the projections take the order workload's
 * results (src/bench/orders/workload.ts, groups of 1,000 orders as group commit hands them over):
 * - `sqlite_events_per_s`, `pg_events_per_s`: results computed first, then applied batch after
 *   batch, one transaction each (PostgreSQL: the local server, a scratch schema, COPY per
 *   table, the next batch handed over while the previous one is written;
 *   `pg_events_per_s_one_at_a_time`: each apply awaited before the next); events counted as the
 *   hub produced them (bbo included, which both skip storing); target for PostgreSQL ≥ 100,000
 *   events/s;
 * - `pg_lag_events_at_end`, `pg_drain_ms`: the hub producing the same orders live on a worker
 *   thread, a group per event-loop turn, with the PostgreSQL writer following it on the main
 *   thread (each apply takes every group queued meanwhile): events not yet committed when the
 *   hub's last group is in, and the time the writer then needs to catch up (lag.ts).
 * `--quick`: 20,000 orders (full: 200,000). Without PostgreSQL the pg figures are skipped.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgProjection, type ProjectionBatch, SqliteProjection } from '../../projection/index.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { withPgSchema } from '../peers/pg_pool.js';
import { measureLag } from './lag.js';
import { orderResults } from './workload.js';

const ORDERS = 200_000;
const QUICK_ORDERS = 20_000;
/** Batches handed to the PostgreSQL writer before the oldest is awaited (as a reader would). */
const PG_IN_FLIGHT = 2;

export const PROJECTION_BENCHMARK: Benchmark = {
  name: 'projection',
  description: 'SQLite and PostgreSQL projections fed the order workload: events/s, lag',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const count = options.quick ? QUICK_ORDERS : ORDERS;
    const work = orderResults(count);
    const sqlite_rates: number[] = [];
    const pg_rates: number[] = [];
    const pg_serial_rates: number[] = [];
    let skipped: string | null = null;
    for (let run = 0; run < options.runs; run += 1) {
      sqlite_rates.push(work.events / sqliteSeconds(work.setup, work.batches));
      for (const [in_flight, rates] of [
        [PG_IN_FLIGHT, pg_rates],
        [1, pg_serial_rates],
      ] as const) {
        const pg = await withPgSchema(
          { connections: 2, schema_prefix: 'bench_projection' },
          (pool, schema) =>
            pgSeconds(PgProjection.open({ pool, schema }), work.setup, work.batches, in_flight),
        );
        if (typeof pg === 'number') rates.push(work.events / pg);
        else skipped = pg.skipped;
      }
    }
    const lag = skipped === null ? await measureLag(count) : null;
    const note = `median of ${options.runs}; ${count} orders, ${work.events} events, ${work.batches.length} batches`;
    const figures: BenchFigure[] = [
      figure({
        ...{ bench: 'projection', metric: 'sqlite_events_per_s', unit: 'events/s' },
        value: Math.round(median(sqlite_rates)),
        ...{ peer: null, peer_value: null, note },
      }),
    ];
    if (skipped !== null || lag === null) {
      figures.push(
        figure({
          ...{ bench: 'projection', metric: 'pg_events_per_s', unit: 'events/s', value: 0 },
          ...{ peer: null, peer_value: null, note: `skipped: ${skipped}` },
        }),
      );
      return figures;
    }
    figures.push(
      figure({
        ...{ bench: 'projection', metric: 'pg_events_per_s', unit: 'events/s' },
        value: Math.round(median(pg_rates)),
        ...{ peer: 'sqlite_events_per_s', peer_value: Math.round(median(sqlite_rates)) },
        note: `${note}; ${PG_IN_FLIGHT} batches in flight; target ≥ 100,000`,
      }),
      figure({
        ...{ bench: 'projection', metric: 'pg_events_per_s_one_at_a_time', unit: 'events/s' },
        value: Math.round(median(pg_serial_rates)),
        ...{ peer: 'sqlite_events_per_s', peer_value: Math.round(median(sqlite_rates)) },
        note: `${note}; each apply awaited before the next`,
      }),
      figure({
        ...{ bench: 'projection', metric: 'pg_lag_events_at_end', unit: 'events' },
        value: lag.events_behind,
        ...{ peer: null, peer_value: null, direction: 'lower_is_better' },
        note: `hub live at ${Math.round(lag.hub_events_per_s)} events/s; ${lag.applies} applies`,
      }),
      figure({
        ...{ bench: 'projection', metric: 'pg_drain_ms', unit: 'ms' },
        value: Math.round(lag.drain_ms),
        ...{ peer: null, peer_value: null, direction: 'lower_is_better' },
      }),
    );
    return figures;
  },
};

function sqliteSeconds(setup: ProjectionBatch, batches: readonly ProjectionBatch[]): number {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-bench-projection-'));
  const projection = new SqliteProjection(join(directory, 'projection.sqlite'));
  try {
    projection.apply(setup);
    const started = process.hrtime.bigint();
    for (const batch of batches) projection.apply(batch);
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    projection.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Seconds to apply the batches, `in_flight` at a time: with 2, the next batch is handed over
 * while the previous one is written (a reader holding the stream's next batch), with 1 each
 * apply is awaited before the next.
 */
async function pgSeconds(
  opening: Promise<PgProjection>,
  setup: ProjectionBatch,
  batches: readonly ProjectionBatch[],
  in_flight: number,
): Promise<number> {
  const projection = await opening;
  await projection.apply(setup);
  const started = process.hrtime.bigint();
  const pending: Promise<void>[] = [];
  for (const batch of batches) {
    const applied = projection.apply(batch);
    applied.catch(() => undefined);
    pending.push(applied);
    if (pending.length >= in_flight) await pending.shift();
  }
  await Promise.all(pending);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await projection.close();
  return seconds;
}
