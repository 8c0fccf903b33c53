/**
 * One settlement benchmark run in a fresh process, forked by bench.ts: build the workload
 * (untimed), capture its trades, then time the settlement; check that everything settled and the
 * ledger's invariants hold, and report over IPC.
 *
 * `node --max-semi-space-size=64 --expose-gc dist/bench/posttrade/bench_child.js <gross|net|realtime> <count>`
 * Benchmark harness, not deterministic core: it reads the clock.
 * @module
 */

import { checkLedgerInvariants } from '../../ledger/index.js';
import { DEFAULT_RESOLVER } from '../../posttrade/accounts.js';
import { captureTrade } from '../../posttrade/capture.js';
import { runCycle } from '../../posttrade/cycle.js';
import { checkPosttradeInvariants } from '../../posttrade/invariants.js';
import type { World } from '../../posttrade/testing.js';
import type { TradeForSettlement } from '../../posttrade/types.js';
import { benchEnv, grossWorkload, netWorkload } from './bench_workload.js';

/** What one child run reports. */
export interface SettlementChildResult {
  readonly mode: string;
  readonly trades: number;
  readonly instructions: number;
  readonly capture_s: number;
  readonly settle_s: number;
  /** CPU time of this process while settling (user + system): wall time inflates on a busy host. */
  readonly settle_cpu_s: number;
  readonly settled: number;
  readonly positions: number;
  readonly batch: string;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function captureAll(world: World, trades: readonly TradeForSettlement[]): number {
  const env = benchEnv(world);
  const start = process.hrtime.bigint();
  for (const trade of trades) {
    const outcome = captureTrade(world.state, env, trade);
    if (!outcome.ok) throw new Error(`capture refused: ${outcome.code} ${outcome.message}`);
  }
  return seconds(start);
}

interface Settled {
  readonly settle_s: number;
  readonly settle_cpu_s: number;
  readonly settled: number;
  readonly positions: number;
  readonly batch: string;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/**
 * A full collection before a timed phase, when the child runs with --expose-gc: the workload's
 * and the capture's garbage is not the settlement's cost. The settlement's own garbage is still
 * collected inside the timed phase.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

function settle(world: World, date: string): Settled {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const outcome = runCycle(world.state, benchEnv(world), {
    cycle_id: 'bench',
    settlement_date: date,
  });
  const settle_s = seconds(start);
  const settle_cpu_s = cpuSeconds(cpu);
  if (!outcome.ok) throw new Error(`cycle refused: ${outcome.code} ${outcome.message}`);
  const report = outcome.value.reports[0];
  const settled = (report?.gross_settled ?? 0) + (report?.net_settled ?? 0);
  const positions = report?.positions.length ?? 0;
  return { settle_s, settle_cpu_s, settled, positions, batch: report?.batch ?? 'none' };
}

function check(world: World, expected: number, settled: number): void {
  if (settled !== expected) throw new Error(`settled ${settled} of ${expected} instructions`);
  checkLedgerInvariants(world.ledger);
  checkPosttradeInvariants(world.state, world.ledger, DEFAULT_RESOLVER);
}

function main(mode: string, count: number): SettlementChildResult {
  if (mode === 'net') {
    const { world, trades } = netWorkload(count);
    const capture_s = captureAll(world, trades);
    const result = settle(world, '2026-01-07');
    check(world, 2 * count, result.settled);
    return { mode, trades: count, instructions: 2 * count, capture_s, ...result };
  }
  const { world, trades } = grossWorkload(count);
  if (mode === 'realtime') {
    // Capture settles each trade at once (T+0): the real-time model 1 path, end to end.
    world.state.config = {
      ...world.state.config,
      streams: {
        ...world.state.config.streams,
        tokenized: {
          ...world.state.config.streams.tokenized,
          securities_lag_days: 0,
          cash_lag_days: 0,
        },
      },
    };
    collectGarbage();
    const cpu = process.cpuUsage();
    const capture_s = captureAll(world, trades);
    const settle_cpu_s = cpuSeconds(cpu);
    const settled = [...world.state.instructions.values()].filter(
      (i) => i.status === 'settled',
    ).length;
    check(world, count, settled);
    const result = { settle_s: capture_s, settle_cpu_s, settled, positions: 0, batch: 'gross' };
    return { mode, trades: count, instructions: count, capture_s, ...result };
  }
  const capture_s = captureAll(world, trades);
  const result = settle(world, '2026-01-06');
  check(world, count, result.settled);
  return { mode, trades: count, instructions: count, capture_s, ...result };
}

const [mode = 'gross', count = '100000'] = process.argv.slice(2);
const result = main(mode, Number(count));
if (process.send !== undefined) process.send(result);
else process.stdout.write(`${JSON.stringify(result)}\n`);
