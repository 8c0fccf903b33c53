/**
 * `npm run bench -- orders` (issue 19): the order path end to end, side by side in one run, each
 * figure with its target in the note.
 *
 * - the whole hub path journaled with group commit, no network (journaled.ts), beside the same
 *   orders in memory (no journal);
 * - HTTP single orders (`POST /v1/orders`) beside a no-op Fastify route on the same machine;
 * - HTTP batches (`POST /v1/orders/batch`, http.ts) beside the single orders;
 * - FIX: NewOrderSingles over several sessions of a load client, acknowledged by ExecutionReport
 *   (fix.ts);
 * - the book alone on workload v1, spec and deep, beside nodejs-order-book.
 * @module
 */

import { measureCeiling, measureHub } from '../api/bench.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { throughput } from '../market/bench.js';
import { FIX_SESSIONS, FIX_WINDOW, measureFix } from './fix.js';
import { BATCH_ORDERS, measureBatches } from './http.js';
import { GROUP_ORDERS, measureJournaled } from './journaled.js';

const BENCH = 'orders';

async function hubPath(options: BenchOptions): Promise<BenchFigure> {
  const count = options.quick ? 50_000 : 500_000;
  const runs: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    runs.push((await measureJournaled(count)).orders_per_s);
  }
  return figure({
    bench: BENCH,
    metric: 'hub_orders_per_s_journaled',
    value: Math.round(median(runs)),
    unit: 'orders/s',
    peer: null,
    peer_value: null,
    note: `target ≥ 500,000; ${count} Connect and domestic day orders (half fill), rules + book + settlement capture, journal fsync every ${GROUP_ORDERS} orders, no projection; median of ${options.runs}`,
  });
}

async function overHttp(options: BenchOptions): Promise<BenchFigure[]> {
  const seconds = options.duration_s ?? (options.quick ? 2 : 5);
  const single: number[] = [];
  const ceiling: number[] = [];
  const batches: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    single.push((await measureHub(seconds)).accepted_per_s);
    ceiling.push((await measureCeiling(seconds)).accepted_per_s);
    batches.push((await measureBatches(seconds)).orders_per_s);
  }
  const single_median = Math.round(median(single));
  return [
    figure({
      bench: BENCH,
      metric: 'http_orders_per_s_single',
      value: single_median,
      unit: 'orders/s',
      peer: 'minimal Fastify route (no-op)',
      peer_value: Math.round(median(ceiling)),
      note: `target ≥ 0.5 × the no-op route; 256 keep-alive connections, ${seconds} s, fsync always; median of ${options.runs}`,
    }),
    figure({
      bench: BENCH,
      metric: 'http_orders_per_s_batch',
      value: Math.round(median(batches)),
      unit: 'orders/s',
      peer: 'HTTP single orders (same run)',
      peer_value: single_median,
      note: `target ≥ 200,000; ${BATCH_ORDERS} orders a request to POST /v1/orders/batch, counted by the hub's seq; median of ${options.runs}`,
    }),
  ];
}

async function overFix(options: BenchOptions): Promise<BenchFigure[]> {
  const seconds = options.duration_s ?? (options.quick ? 2 : 5);
  const runs = [];
  for (let run = 0; run < options.runs; run += 1) runs.push(await measureFix(seconds));
  const setting = `${FIX_SESSIONS} sessions on loopback, ${FIX_WINDOW} orders in flight each, ${seconds} s, fsync always; median of ${options.runs}`;
  return [
    figure({
      bench: BENCH,
      metric: 'fix_orders_per_s',
      value: Math.round(median(runs.map((r) => r.orders_per_s))),
      unit: 'orders/s',
      peer: null,
      peer_value: null,
      note: `target ≥ 50,000, acknowledged by their first ExecutionReport; ${setting}; server CPU ${Math.round(median(runs.map((r) => r.cpu_us_per_order)))} µs/order`,
    }),
    figure({
      bench: BENCH,
      metric: 'fix_ack_p99_ms',
      value: Math.round(median(runs.map((r) => r.p99_ms)) * 10) / 10,
      unit: 'ms',
      peer: null,
      peer_value: null,
      note: `target < 5 ms, from the NewOrderSingle's write to its ExecutionReport (p50 ${Math.round(median(runs.map((r) => r.p50_ms)) * 10) / 10} ms); ${setting}`,
      direction: 'lower_is_better',
    }),
  ];
}

async function bookAlone(options: BenchOptions): Promise<BenchFigure[]> {
  const ops = options.quick ? 100_000 : 1_000_000;
  const figures: BenchFigure[] = [];
  for (const profile of ['spec', 'deep'] as const) {
    const { ours, peers } = await throughput(profile, options, ops);
    figures.push(
      figure({
        bench: BENCH,
        metric: `book_${profile}_ops_per_s`,
        value: Math.round(median(ours.map((r) => r.ops_per_s))),
        unit: 'ops/s',
        peer: 'nodejs-order-book',
        peer_value: Math.round(median(peers.map((r) => r.ops_per_s))),
        note:
          profile === 'spec'
            ? 'target ≥ 5 M ops/s and ≥ 10× the peer; workload v1 seed 42'
            : 'target ≥ 2 M ops/s; workload v1 seed 42',
      }),
    );
  }
  return figures;
}

export const ORDERS_BENCHMARK: Benchmark = {
  name: BENCH,
  description:
    'the order path side by side: hub journaled, HTTP single vs no-op Fastify, HTTP batches, FIX, the book alone',
  async run(options) {
    return [
      await hubPath(options),
      ...(await overHttp(options)),
      ...(await overFix(options)),
      ...(await bookAlone(options)),
    ];
  },
};
