/**
 * One run of workload v1 in a fresh process, forked by bench.ts: build the op stream (untimed),
 * run it through one engine under the clock, check the final book against the workload's
 * reference state, measure memory, and report to the parent over IPC.
 *
 * `node --expose-gc dist/bench/market/bench_child.js <hutong|peer> <spec|deep> <mode> <ops>`, mode one of
 * `throughput` (the whole loop timed, JIT warm-up included), `latency` (every op timed, after
 * untimed warm-up passes on throwaway books) or `latency_cold` (every op timed, no warm-up).
 * Benchmark harness, not deterministic core: it reads the clock and the process's memory.
 * @module
 */

import { type Driver, hutongDriver, peerDriver } from './bench_drivers.js';
import { type FinalState, generateWorkload, type WorkloadProfile } from './bench_workload.js';

const WARM_UP_BOOKS = 2;

export interface ChildResult {
  readonly engine: string;
  readonly profile: WorkloadProfile;
  readonly mode: string;
  readonly ops: number;
  readonly elapsed_ns: number;
  /**
   * CPU time of the whole process (main thread and V8's compiler and GC threads) over the timed
   * loop, in µs (throughput mode; 0 in the latency modes): steadier than wall time for A/B runs
   * on a shared machine.
   */
  readonly cpu_us: number;
  readonly ops_per_s: number;
  readonly state: FinalState;
  readonly expected: FinalState;
  readonly state_ok: boolean;
  readonly trades: number;
  readonly traded_units: number;
  readonly expected_trades: number;
  readonly expected_traded_units: number;
  readonly events: number;
  readonly heap_bytes: number;
  readonly array_buffer_bytes: number;
  /** p50, p90, p99, p99.9, max in ns (latency mode). */
  readonly latency_ns: readonly number[] | null;
  readonly timer_overhead_ns: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

function main(argv: readonly string[]): ChildResult {
  const [engine = 'hutong', profile_arg = 'spec', mode = 'throughput', ops_arg = '1000000'] = argv;
  const profile: WorkloadProfile = profile_arg === 'deep' ? 'deep' : 'spec';
  const w = generateWorkload(profile, Number(ops_arg));
  let memory_before = process.memoryUsage();
  const beforeBook = () => {
    collect();
    memory_before = process.memoryUsage();
  };
  const makeDriver = engine === 'peer' ? peerDriver : hutongDriver;
  if (mode === 'latency') {
    // Warm latency: untimed passes through throwaway books first, so the JIT has settled. Two,
    // not one: after a single book V8's optimised code speculates on that book's own objects
    // (its tick-rule closure, its field types) and deoptimises when the next book arrives, which
    // cost the first ~30,000 timed operations. A hub holds many books, so its steady state is
    // the one after the JIT has seen more than one.
    for (let pass = 0; pass < WARM_UP_BOOKS; pass++) {
      const warm = makeDriver(w, () => {});
      for (let i = 0; i < w.count; i++) warm.step(i);
    }
  }
  const timed = mode === 'latency' || mode === 'latency_cold';
  // No forced collection before a timed-latency book: V8 drops optimised code in a forced full
  // GC, so it would undo the warm-up (memory is measured by the throughput runs).
  const driver = makeDriver(w, timed ? () => {} : beforeBook);
  const timing = timed ? timeEachOp(driver, w.count) : timeAll(driver, w.count);
  const state = driver.finalState();
  collect();
  const memory_after = process.memoryUsage();
  const expected = w.expected;
  return {
    engine: driver.name,
    profile,
    mode,
    ops: w.count,
    elapsed_ns: timing.elapsed_ns,
    cpu_us: timing.cpu_us,
    ops_per_s: (w.count * 1e9) / timing.elapsed_ns,
    state,
    expected,
    state_ok: JSON.stringify(state) === JSON.stringify(expected),
    trades: driver.trades(),
    traded_units: driver.tradedUnits(),
    expected_trades: w.trades,
    expected_traded_units: w.traded_units,
    events: driver.events(),
    heap_bytes: memory_after.heapUsed - memory_before.heapUsed,
    array_buffer_bytes: memory_after.arrayBuffers - memory_before.arrayBuffers,
    latency_ns: timing.latency_ns,
    timer_overhead_ns: timing.timer_overhead_ns,
  };
}

interface Timing {
  elapsed_ns: number;
  cpu_us: number;
  latency_ns: number[] | null;
  timer_overhead_ns: number;
}

function timeAll(driver: Driver, count: number): Timing {
  const cpu_start = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) driver.step(i);
  const elapsed_ns = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpu_start);
  return { elapsed_ns, cpu_us: cpu.user + cpu.system, latency_ns: null, timer_overhead_ns: 0 };
}

/**
 * Times every operation on its own with `performance.now()` (a double: unlike `hrtime.bigint()`
 * it allocates nothing, so the timing loop itself causes no garbage collection); the cost of the
 * clock pair is measured and reported.
 */
function timeEachOp(driver: Driver, count: number): Timing {
  const samples = new Float64Array(count);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const before = performance.now();
    driver.step(i);
    samples[i] = (performance.now() - before) * 1e6;
  }
  const elapsed_ns = Number(process.hrtime.bigint() - start);
  const overhead = new Float64Array(100_000);
  for (let i = 0; i < overhead.length; i++) {
    const before = performance.now();
    overhead[i] = (performance.now() - before) * 1e6;
  }
  samples.sort();
  overhead.sort();
  const at = (fraction: number) =>
    Math.round(samples[Math.min(count - 1, Math.ceil(fraction * count) - 1)] as number);
  return {
    elapsed_ns,
    cpu_us: 0,
    latency_ns: [at(0.5), at(0.9), at(0.99), at(0.999), Math.round(samples[count - 1] as number)],
    timer_overhead_ns: Math.round(overhead[overhead.length >> 1] as number),
  };
}

const result = main(process.argv.slice(2));
if (process.send !== undefined) process.send(result);
else process.stdout.write(`${JSON.stringify(result)}\n`);
