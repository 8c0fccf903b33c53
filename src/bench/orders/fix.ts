/**
 * Orders over FIX for `npm run bench -- orders` (issue 19): the real server in its own process
 * (`hutong serve --demo --fix-port 0`, fsync always, as the HTTP figures run it) with the FIX
 * gateway, the jspurefix acceptor, and `FIX_SESSIONS` sessions of a load client on loopback in
 * this process, one per participant, each on its own instrument (fix_load.ts). Counted: orders
 * acknowledged by their first ExecutionReport per second over the measured seconds (after a
 * one-second warm-up), and each order's time from its write to that report (p50, p99); the
 * server's CPU time per order beside them.
 * @module
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keysOf, spawnChild } from '../api/bench.js';
import { percentile } from '../harness.js';
import { type FixLoadPair, FixLoadSession } from './fix_load.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const TARGET_COMP_ID = 'HUTONG-FIX';
/**
 * Orders in flight per session: the client waits for acknowledgements beyond this. 4 × 32 in
 * flight at 50,000 orders/s is 2.6 ms of queue by Little's law, inside the p99 target.
 */
export const FIX_WINDOW = 32;

/** One session per participant, each on its own book so sessions never trade with each other. */
export const FIX_PAIRS: readonly FixLoadPair[] = [
  {
    participant: 'BUND',
    instrument: 'CNE0000018R8',
    symbol: '600519',
    price_text: '1450.00',
    quantity_units: 100,
    owners: ['cn-retail-zhang', 'cn-pro-zhao'],
  },
  {
    participant: 'PEARL',
    instrument: 'CNE000000VQ8',
    symbol: '000858',
    price_text: '115.00',
    quantity_units: 100,
    owners: ['cn-retail-liu', 'cn-inst-fund'],
  },
  {
    participant: 'HARBOUR',
    instrument: 'GB0005405286',
    symbol: '0005',
    price_text: '105.000',
    quantity_units: 400,
    owners: ['hk-retail-chan', 'hk-pro-lam'],
  },
  {
    participant: 'PEAK',
    instrument: 'HK2800008867',
    symbol: '2800',
    price_text: '25.000',
    quantity_units: 500,
    owners: ['hk-retail-wong', 'hk-inst-insurer'],
  },
];
export const FIX_SESSIONS = FIX_PAIRS.length;

export interface FixRun {
  readonly orders_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly acked: number;
  readonly rejected: number;
  /** The server process's CPU time (user + system) per acknowledged order. */
  readonly cpu_us_per_order: number;
  /** This process's (the load client's) CPU time per acknowledged order. */
  readonly client_cpu_us_per_order: number;
}

/** The hub with FIX, as `startHub` (../api/bench.ts) runs it; resolves with its FIX port. */
function startFixHub(data_dir: string) {
  const node_flags = [
    '--max-semi-space-size=64',
    ...(process.env.HUTONG_BENCH_HUB_FLAGS ?? '').split(' ').filter(Boolean),
  ];
  const args = [MAIN, 'serve', '--demo', '--data', data_dir, '--port', '0', '--fix-port', '0'];
  const rest = ['--clock', 'trading', '--rate-limit', '1000000000', '--log-level', 'error'];
  // spawnChild resolves with the banner's first group: here the FIX port, not a URL.
  return spawnChild([...node_flags, ...args, ...rest], /FIX 4\.4: +port (\d+),/);
}

/**
 * `rate_per_s`, when given, paces the sessions to that many orders a second in all (an open
 * loop below the server's capacity, for comparing CPU per order between builds); without it
 * each session keeps `window` orders in flight.
 */
export async function measureFix(
  seconds: number,
  window = FIX_WINDOW,
  rate_per_s?: number,
): Promise<FixRun> {
  const data_dir = join(mkdtempSync(join(tmpdir(), 'hutong-bench-fix-')), 'data');
  const hub = await startFixHub(data_dir);
  try {
    const keys = keysOf(data_dir);
    const sessions = await Promise.all(
      FIX_PAIRS.map((pair) =>
        FixLoadSession.open({
          port: Number(hub.url),
          target_comp_id: TARGET_COMP_ID,
          password: keys.get(pair.participant) ?? '',
          pair,
          window,
          ...(rate_per_s === undefined ? {} : { rate_per_s: rate_per_s / FIX_PAIRS.length }),
        }),
      ),
    );
    for (const session of sessions) session.start();
    await sleep(1_000); // warm-up, not measured
    for (const session of sessions) session.measure(true);
    const cpu_before = cpuSeconds(hub.process.pid);
    const client_before = process.cpuUsage();
    const started = performance.now();
    await sleep(seconds * 1_000);
    for (const session of sessions) session.measure(false);
    const elapsed_s = (performance.now() - started) / 1_000;
    const cpu_s = cpuSeconds(hub.process.pid) - cpu_before;
    const client = process.cpuUsage(client_before);
    const client_cpu_s = (client.user + client.system) / 1e6;
    const results = await Promise.all(sessions.map((s) => s.stop()));
    return summary(results, elapsed_s, { server_s: cpu_s, client_s: client_cpu_s });
  } finally {
    await hub.stop();
    rmSync(join(data_dir, '..'), { recursive: true, force: true });
  }
}

function summary(
  results: Awaited<ReturnType<FixLoadSession['stop']>>[],
  elapsed_s: number,
  cpu: { readonly server_s: number; readonly client_s: number },
): FixRun {
  const acked = results.reduce((sum, r) => sum + r.acked, 0);
  const rejected = results.reduce((sum, r) => sum + r.rejected, 0);
  if (acked === 0) throw new Error('FIX bench: no order was acknowledged');
  if (rejected > acked * 0.1) {
    const why = results.find((r) => r.first_rejection !== null)?.first_rejection;
    throw new Error(`FIX bench: ${rejected} of ${acked} orders refused, the first: ${why}`);
  }
  const latencies = Float64Array.from(results.flatMap((r) => r.latencies_ms)).sort();
  return {
    orders_per_s: acked / elapsed_s,
    p50_ms: percentile(latencies, 0.5),
    p99_ms: percentile(latencies, 0.99),
    acked,
    rejected,
    cpu_us_per_order: (cpu.server_s * 1e6) / acked,
    client_cpu_us_per_order: (cpu.client_s * 1e6) / acked,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU seconds (user + system) a process has used, from /proc (Linux; 100 ticks a second). */
function cpuSeconds(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
