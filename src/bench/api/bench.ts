/**
 * `npm run bench -- api`: the hub as a server, measured from outside.
 *
 * - Orders accepted per second over HTTP keep-alive, by autocannon in this process against the
 *   real server in its own process (`hutong serve --demo`, fsync always, every order parsed,
 *   journaled, applied, group-committed, projected into SQLite and answered with its events):
 *   buys and sells alternate at one price in Kweichow Moutai from three Mainland brokers, so every
 *   order is accepted (domestic: no Connect quota applies) and the book stays small. Rate limits are raised for the test.
 * - The ceiling, in the same run: the same requests to a minimal Fastify route that does nothing.
 * - WebSocket fan-out: 100 subscribers to every instrument's market data, in their own process,
 *   while the server's simulator trades; market-data frames delivered per second, all clients.
 * @module
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchFigure, type Benchmark, figure, median } from '../harness.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const CEILING = fileURLToPath(new URL('./ceiling.js', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./stream_clients.js', import.meta.url));
const MOUTAI = 'CNE0000018R8';
/** Mainland brokers and their clients: domestic orders, so no Connect quota or window applies. */
const TRADERS = [
  ['BUND', 'cn-retail-zhang'],
  ['PEARL', 'cn-retail-liu'],
  ['LUJIAZUI', 'LUJIAZUI'],
  ['PEARL', 'cn-inst-fund'],
] as const;
const CONNECTIONS = 256;
const SUBSCRIBERS = 100;
const CEILING_PEER = 'minimal Fastify route (no-op)';

export interface Child {
  readonly process: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

export function spawnChild(args: readonly string[], banner: RegExp): Promise<Child> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = banner.exec(output)?.[1];
      if (url !== undefined) resolve({ process: child, url, stop });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    exited.then(() => reject(new Error(`exited before its banner:\n${output}`)));
  });
}

export function startHub(
  data_dir: string,
  extra: readonly string[],
  extra_node_flags: readonly string[] = [],
): Promise<Child> {
  // The hub runs with the same V8 flags as `npm start` and the `hutong` command.
  const node_flags = [
    '--max-semi-space-size=64',
    ...extra_node_flags,
    ...(process.env.HUTONG_BENCH_HUB_FLAGS ?? '').split(' ').filter(Boolean),
  ];
  const args = [
    ...node_flags,
    MAIN,
    'serve',
    '--demo',
    '--data',
    data_dir,
    '--port',
    '0',
    '--clock',
    'trading',
  ];
  return spawnChild(
    [...args, '--rate-limit', '1000000000', '--log-level', 'error', ...extra],
    /console: +(http:\/\/[\d.:]+)\/console\//,
  );
}

export function keysOf(data_dir: string): Map<string, string> {
  const file = JSON.parse(readFileSync(join(data_dir, 'api-keys.json'), 'utf8')) as {
    keys: Array<{ participant: string; key: string }>;
  };
  return new Map(file.keys.map((k) => [k.participant, k.key]));
}

/** A limit day order for 100 Moutai shares at RMB 1,450.00, the body of the order benchmarks. */
export function moutaiOrder(client_order_id: string, buy: boolean, owner: string) {
  return {
    client_order_id,
    instrument: MOUTAI,
    side: buy ? 'buy' : 'sell',
    order_type: 'limit',
    time_in_force: 'day',
    price_units: 145_000,
    quantity_units: 100,
    owner,
  };
}

/** Alternating buys and sells at one price from Mainland brokers; every one is accepted. */
export function orderRequests(keys: Map<string, string>): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/v1/orders',
      setupRequest: (request) => {
        n += 1;
        const [participant, owner] = TRADERS[n % TRADERS.length] as readonly [string, string];
        return {
          ...request,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${keys.get(participant) ?? ''}`,
          },
          body: JSON.stringify(moutaiOrder(`b${n}`, n % 2 === 0, owner)),
        };
      },
    },
  ];
}

export interface LoadResult {
  readonly accepted_per_s: number;
  readonly non2xx: number;
  readonly p99_ms: number;
  /** The server process's CPU time (user + system) per answered request, in microseconds. */
  readonly cpu_us_per_request: number;
}

const CLOCK_TICKS_PER_S =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** Keep-alive load on `server` for `seconds` after a one-second warm-up, with its CPU time. */
export async function load(
  server: Child,
  requests: autocannon.Request[],
  seconds: number,
): Promise<LoadResult> {
  const options = { url: server.url, connections: CONNECTIONS, pipelining: 1, requests };
  await autocannon({ ...options, duration: 1 }); // warm-up, not measured
  const cpu_before = cpuSeconds(server.process.pid);
  const result = await autocannon({ ...options, duration: seconds });
  const cpu = cpuSeconds(server.process.pid) - cpu_before;
  return {
    accepted_per_s: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    p99_ms: result.latency.p99,
    cpu_us_per_request: (cpu * 1e6) / Math.max(1, result['2xx']),
  };
}

export async function measureHub(seconds: number): Promise<LoadResult> {
  const data_dir = join(mkdtempSync(join(tmpdir(), 'hutong-bench-api-')), 'data');
  const hub = await startHub(data_dir, []);
  try {
    return await load(hub, orderRequests(keysOf(data_dir)), seconds);
  } finally {
    await hub.stop();
    rmSync(join(data_dir, '..'), { recursive: true, force: true });
  }
}

export async function measureCeiling(seconds: number): Promise<LoadResult> {
  const ceiling = await spawnChild([CEILING], /ceiling: (http:\/\/[\d.:]+)/);
  try {
    return await load(ceiling, orderRequests(new Map()), seconds);
  } finally {
    await ceiling.stop();
  }
}

interface FanOut {
  readonly messages_per_s: number;
  readonly dropped: number;
}

async function measureFanOut(seconds: number): Promise<FanOut> {
  const data_dir = join(mkdtempSync(join(tmpdir(), 'hutong-bench-ws-')), 'data');
  const hub = await startHub(data_dir, ['--sim', '--sim-speed', '1000']);
  try {
    const key = keysOf(data_dir).get('PEAK') ?? '';
    const args = [CLIENTS, hub.url, key, String(SUBSCRIBERS), '1000', String(seconds * 1000)];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.once('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`clients exited ${code}`)),
      );
    });
    const result = JSON.parse(output) as { frames: number; seconds: number; dropped: number };
    return { messages_per_s: result.frames / result.seconds, dropped: result.dropped };
  } finally {
    await hub.stop();
    rmSync(join(data_dir, '..'), { recursive: true, force: true });
  }
}

export const API_BENCHMARK: Benchmark = {
  name: 'api',
  description: `orders/s over HTTP keep-alive (${CONNECTIONS} connections) vs ${CEILING_PEER}; WebSocket fan-out to ${SUBSCRIBERS} subscribers`,
  async run(options) {
    const seconds = options.quick ? 2 : 5;
    const hub: LoadResult[] = [];
    const ceiling: LoadResult[] = [];
    const fan_out: FanOut[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      hub.push(await measureHub(seconds));
      ceiling.push(await measureCeiling(seconds));
      fan_out.push(await measureFanOut(seconds));
    }
    return figures(hub, ceiling, fan_out, options.runs, seconds);
  },
};

function figures(
  hub: readonly LoadResult[],
  ceiling: readonly LoadResult[],
  fan_out: readonly FanOut[],
  runs: number,
  seconds: number,
): BenchFigure[] {
  const non2xx = hub.reduce((n, r) => n + r.non2xx, 0);
  const note = `median of ${runs} runs of ${seconds} s after 1 s warm-up; ${non2xx} non-2xx answers`;
  return [
    figure({
      bench: 'api',
      metric: 'orders_accepted_per_s_http',
      value: Math.round(median(hub.map((r) => r.accepted_per_s))),
      unit: 'orders/s',
      peer: CEILING_PEER,
      peer_value: Math.round(median(ceiling.map((r) => r.accepted_per_s))),
      note,
    }),
    figure({
      bench: 'api',
      metric: 'server_cpu_per_order_http',
      value: Math.round(median(hub.map((r) => r.cpu_us_per_request))),
      unit: 'µs',
      peer: CEILING_PEER,
      peer_value: Math.round(median(ceiling.map((r) => r.cpu_us_per_request))),
      direction: 'lower_is_better',
      note: 'server process CPU (user + system) per answered request: steadier than rates on a shared machine',
    }),
    figure({
      bench: 'api',
      metric: 'order_latency_p99_http',
      value: median(hub.map((r) => r.p99_ms)),
      unit: 'ms',
      peer: CEILING_PEER,
      peer_value: median(ceiling.map((r) => r.p99_ms)),
      direction: 'lower_is_better',
      note: `${CONNECTIONS} connections, each waiting for its answer (group commit with fdatasync)`,
    }),
    figure({
      bench: 'api',
      metric: 'ws_market_data_fan_out',
      value: Math.round(median(fan_out.map((r) => r.messages_per_s))),
      unit: 'messages/s',
      peer: null,
      peer_value: null,
      note: `${SUBSCRIBERS} subscribers to every instrument, simulator at 1,000 steps/s (about 5,000 commands/s); ${fan_out.reduce((n, r) => n + r.dropped, 0)} subscribers dropped`,
    }),
  ];
}
