/**
 * `npm run bench -- settlement`: gross DvP (model 1) instructions per second in memory, netting
 * and settling 1,000,000 exchange trades (model 3), and the real-time path (capture and settle each
 * trade at once), against gross DvP done the usual way in PostgreSQL, in the same run.
 *
 * Method: every timed run is a fresh child process (bench_child.js), with the hub's V8 flags, that
 * builds its workload before the clock (bench_workload.ts), captures the trades, collects the
 * garbage of both (a full GC, untimed), times the settlement, and checks
 * that every instruction settled and every ledger and posttrade invariant holds (a failure fails
 * the benchmark). Figures are medians of the runs. The peer is bench_pg.ts.
 * @module
 */

import { fork } from 'node:child_process';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import type { SettlementChildResult } from './bench_child.js';
import { measurePgDvp } from './bench_pg.js';
import { GROSS_INVESTORS, NET_INVESTORS, NET_SECURITIES } from './bench_workload.js';

const BENCH = 'settlement';
const PEER = 'PostgreSQL 1 txn/DvP (lock 4 rows), 16 connections';

function runChild(mode: string, count: number): Promise<SettlementChildResult> {
  const script = new URL('./bench_child.js', import.meta.url);
  return new Promise((resolve, reject) => {
    const child = fork(script, [mode, String(count)], {
      // The hub's own flags (`npm start`), and gc exposed so the child can start the timed
      // phase on a collected heap (bench_child.ts).
      execArgv: ['--max-semi-space-size=64', '--max-old-space-size=8192', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: SettlementChildResult | null = null;
    child.on('message', (message) => {
      result = message as SettlementChildResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result !== null) resolve(result);
      else reject(new Error(`settlement bench child ${mode} exited with ${code}`));
    });
  });
}

async function runs(
  mode: string,
  count: number,
  options: BenchOptions,
): Promise<SettlementChildResult[]> {
  const results: SettlementChildResult[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const result = await runChild(mode, count);
    results.push(result);
    process.stderr.write(
      `#   ${mode} run ${run + 1}: settle ${result.settle_s.toFixed(3)} s (cpu ${result.settle_cpu_s.toFixed(3)} s), capture ${result.capture_s.toFixed(3)} s\n`,
    );
  }
  return results;
}

/** The `settlement` benchmark, registered in src/bench/registry.ts. */
export const settlement: Benchmark = {
  name: BENCH,
  description:
    'settlement: gross DvP/s and netting 1M trades in memory, vs gross DvP in PostgreSQL',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const gross_count = options.quick ? 100_000 : 1_000_000;
    const net_count = options.quick ? 100_000 : 1_000_000;
    const realtime_count = options.quick ? 50_000 : 200_000;
    const gross = await runs('gross', gross_count, options);
    const net = await runs('net', net_count, options);
    const realtime = await runs('realtime', realtime_count, options);
    const peer = await measurePgDvp({
      instructions: options.quick ? 2_000 : 10_000,
      investors: GROSS_INVESTORS,
      connections: 16,
    });
    if ('skipped' in peer) process.stderr.write(`${BENCH}: ${peer.skipped}\n`);
    const peer_value = 'skipped' in peer ? null : Math.round(peer.instructions_per_s);
    const peer_name = peer_value === null ? null : PEER;
    const skipped = 'skipped' in peer ? `; peer skipped: ${peer.skipped}` : '';
    const rate = (results: SettlementChildResult[], count: number) =>
      Math.round(median(results.map((r) => count / r.settle_s)));
    const net_s = median(net.map((r) => r.settle_s));
    const first_net = net[0];
    return [
      figure({
        bench: BENCH,
        metric: 'gross_dvp_instructions_per_s',
        value: rate(gross, gross_count),
        unit: 'instructions/s',
        peer: peer_name,
        peer_value,
        note: `${gross_count} bond DvPs in e-HKD, ${GROSS_INVESTORS} investors, median of ${options.runs}${skipped}`,
      }),
      figure({
        bench: BENCH,
        metric: 'realtime_capture_and_dvp_per_s',
        value: rate(realtime, realtime_count),
        unit: 'trades/s',
        peer: peer_name,
        peer_value,
        note: `each trade captured and settled DvP at once, median of ${options.runs}${skipped}`,
      }),
      figure({
        bench: BENCH,
        metric: 'net_and_settle_trades_s',
        value: Math.round(net_s * 1000) / 1000,
        unit: 's',
        peer: null,
        peer_value: null,
        direction: 'lower_is_better',
        note: `${net_count} SEHK trades (${2 * net_count} novated instructions), ${NET_INVESTORS} investors x ${NET_SECURITIES} securities, ${first_net?.positions ?? 0} positions settled as ${first_net?.batch ?? '?'}, median of ${options.runs}; cpu ${median(net.map((r) => r.settle_cpu_s)).toFixed(3)} s`,
      }),
      figure({
        bench: BENCH,
        metric: 'capture_trades_per_s',
        value: Math.round(median(net.map((r) => net_count / r.capture_s))),
        unit: 'trades/s',
        peer: null,
        peer_value: null,
        note: 'SEHK trades to novated instructions (2 per trade), before the cycle',
      }),
    ];
  },
};
