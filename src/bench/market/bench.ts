/**
 * `npm run bench -- book`: workload v1 (matching-anchors.md §3.1) through Hutong's order book and
 * nodejs-order-book 10.1.1, on the same op stream, in the same run.
 *
 * Method: every timed run is a fresh child process (`bench_child.js`, `--expose-gc`) that builds
 * the op stream before the clock, times the whole 1M-op loop (JIT warm-up included), checks the
 * final book against the workload's reference state (a mismatch fails the benchmark), and reports
 * memory. Runs alternate between the engines; figures are medians. A separate pass times every
 * operation on its own for the latency percentiles. Bytes per resting order come from the deep
 * runs: (heap + array-buffer growth after a full GC) / resting orders.
 * @module
 */

import { fork } from 'node:child_process';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import type { ChildResult } from './bench_child.js';
import type { WorkloadProfile } from './bench_workload.js';

const PEER = 'nodejs-order-book 10.1.1';
const BENCH = 'book';

function runChild(
  engine: string,
  profile: WorkloadProfile,
  mode: string,
  ops: number,
): Promise<ChildResult> {
  const script = new URL('./bench_child.js', import.meta.url);
  return new Promise((resolve, reject) => {
    const child = fork(script, [engine, profile, mode, String(ops)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: ChildResult | null = null;
    child.on('message', (message) => {
      result = message as ChildResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result !== null) resolve(result);
      else reject(new Error(`bench child ${engine}/${profile}/${mode} exited with ${code}`));
    });
  });
}

function checkState(result: ChildResult): ChildResult {
  if (!result.state_ok) {
    const got = JSON.stringify(result.state);
    const want = JSON.stringify(result.expected);
    throw new Error(`${result.engine} ${result.profile}: final book ${got}, expected ${want}`);
  }
  if (result.trades >= 0 && result.trades !== result.expected_trades) {
    throw new Error(
      `${result.engine} ${result.profile}: ${result.trades} trades, expected ${result.expected_trades}`,
    );
  }
  return result;
}

/** The book alone on workload v1, ours and the peer's, each in fresh processes. */
export async function throughput(profile: WorkloadProfile, options: BenchOptions, ops: number) {
  const ours: ChildResult[] = [];
  const peers: ChildResult[] = [];
  for (let run = 0; run < options.runs; run++) {
    ours.push(checkState(await runChild('hutong', profile, 'throughput', ops)));
    peers.push(checkState(await runChild('peer', profile, 'throughput', ops)));
    process.stderr.write(
      `#   ${profile} run ${run + 1}: hutong ${Math.round(ours[run]?.ops_per_s ?? 0)} ops/s, peer ${Math.round(peers[run]?.ops_per_s ?? 0)} ops/s\n`,
    );
  }
  return { ours, peers };
}

function bytesPerOrder(result: ChildResult): number {
  return Math.round(
    (result.heap_bytes + result.array_buffer_bytes) / Math.max(1, result.state.resting),
  );
}

async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const ops = options.quick ? 100_000 : 1_000_000;
  const note = `workload v1 seed 42, ${ops} ops, ${options.runs} fresh processes per engine, final book checked`;
  const figures: BenchFigure[] = [];
  for (const profile of ['spec', 'deep'] as const) {
    const { ours, peers } = await throughput(profile, options, ops);
    const events = ours[0]?.events ?? 0;
    figures.push(
      figure({
        bench: BENCH,
        metric: `${profile}_throughput`,
        value: Math.round(median(ours.map((r) => r.ops_per_s))),
        unit: 'ops/s',
        peer: PEER,
        peer_value: Math.round(median(peers.map((r) => r.ops_per_s))),
        note: `${note}; ours emits ${events} events`,
      }),
    );
    if (profile === 'deep') {
      figures.push(
        figure({
          bench: BENCH,
          metric: 'deep_bytes_per_resting_order',
          value: median(ours.map(bytesPerOrder)),
          unit: 'bytes',
          peer: PEER,
          peer_value: median(peers.map(bytesPerOrder)),
          direction: 'lower_is_better',
          note: `(heap + array buffers after GC) / ${ours[0]?.state.resting} resting orders`,
        }),
      );
    }
  }
  figures.push(...(await latency(options, ops)));
  return figures;
}

async function latency(options: BenchOptions, ops: number): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const mode of ['latency', 'latency_cold'] as const) {
    const ours: ChildResult[] = [];
    const peers: ChildResult[] = [];
    for (let run = 0; run < options.runs; run++) {
      ours.push(checkState(await runChild('hutong', 'spec', mode, ops)));
      peers.push(checkState(await runChild('peer', 'spec', mode, ops)));
    }
    const names = mode === 'latency' ? ['p50', 'p90', 'p99', 'p99_9', 'max'] : ['p50', 'p99'];
    const overhead = median(ours.map((r) => r.timer_overhead_ns));
    const when =
      mode === 'latency'
        ? 'after untimed warm-up passes on two throwaway books'
        : 'fresh process, JIT warm-up included';
    for (const name of names) {
      const index = ['p50', 'p90', 'p99', 'p99_9', 'max'].indexOf(name);
      const pick = (r: ChildResult) => (r.latency_ns as number[])[index] as number;
      figures.push(
        figure({
          bench: BENCH,
          metric: mode === 'latency' ? `spec_latency_${name}` : `spec_cold_latency_${name}`,
          value: median(ours.map(pick)),
          unit: 'ns',
          peer: PEER,
          peer_value: median(peers.map(pick)),
          direction: 'lower_is_better',
          note: `every op timed alone (~${overhead} ns of it is the clock pair), ${when}`,
        }),
      );
    }
  }
  return figures;
}

export const book: Benchmark = {
  name: BENCH,
  description:
    'Order book: workload v1 (spec and deep) vs nodejs-order-book, fills and acks emitted',
  run,
};
