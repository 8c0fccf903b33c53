/**
 * `npm run bench -- api` (and `api-snapshot` alone): does a snapshot stop the server? The hub is
 * started on a data directory holding 1,000,000 resting orders (built in this process beforehand,
 * with a snapshot so the start is quick), with a snapshot due every 50,000 commands. Orders are
 * then sent over HTTP as in the api benchmark until the hub has written its next snapshot; the
 * hub's event-loop delay over that window is measured inside it with
 * `perf_hooks.monitorEventLoopDelay` (loop_probe.ts, preloaded with `--import`).
 *
 * Peer: the same snapshot taken on the event loop, as every snapshot was before issue 12 item 4:
 * its encode and write, timed in this process while building the data, is the pause it would
 * cause in the server.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { timestampAt } from '../../kernel/time.js';
import { parseCommand } from '../../protocol/index.js';
import { HubNode, ManualClock } from '../../runtime/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { API_BENCHMARK, type Child, keysOf, orderRequests, startHub } from '../api/bench.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure } from '../harness.js';

const PROBE = pathToFileURL(fileURLToPath(new URL('./loop_probe.js', import.meta.url))).href;
const MOUTAI = 'CNE0000018R8';
/** Domestic buyers whose orders rest below the market (the load trades at 145,000). */
const RESTING_OWNERS = [
  ['BUND', 'cn-retail-zhang'],
  ['PEARL', 'cn-retail-liu'],
  ['LUJIAZUI', 'LUJIAZUI'],
  ['PEARL', 'cn-inst-fund'],
] as const;
const CONNECTIONS = 256;
const COMMIT_EVERY = 10_000;
const SNAPSHOT_WAIT_MS_MAX = 900_000;
const BASELINE_MS = 5_000;
const ON_LOOP_PEER = 'the same snapshot on the event loop (encode + write, synchronous)';

interface Built {
  readonly resting: number;
  readonly on_loop_snapshot_ms: number;
}

/** Genesis, then `count` buy orders resting at 100 price levels below the market; a snapshot. */
function buildRestingBook(data_dir: string, count: number): Built {
  const clock = new ManualClock(DEMO_START_US);
  const node = HubNode.open({ data_dir, clock, fsync: 'never' });
  try {
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.commitSync();
    clock.set(timestampAt('2026-01-05', '10:00'));
    let resting = 0;
    for (let i = 0; i < count; i += 1) {
      const [participant, owner] = RESTING_OWNERS[i % RESTING_OWNERS.length] as readonly [
        string,
        string,
      ];
      const parsed = parseCommand({
        type: 'market.submit_order',
        client_order_id: `rest-${i}`,
        instrument: MOUTAI,
        side: 'buy',
        price_units: 135_000 + (i % 100) * 10,
        quantity_units: 100,
        owner,
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      if (node.submit(participant, parsed.command).status === 'accepted') resting += 1;
      if (i % COMMIT_EVERY === COMMIT_EVERY - 1) node.commitSync();
    }
    node.commitSync();
    const started = performance.now();
    node.snapshotNow();
    return { resting, on_loop_snapshot_ms: Math.round(performance.now() - started) };
  } finally {
    node.closeSync();
  }
}

interface SnapshotStatus {
  readonly written: number;
  readonly last_seq: number;
  readonly last_elapsed_ms: number | null;
  readonly last_size_bytes: number | null;
  readonly last_error: string | null;
}

async function snapshotStatus(url: string, key: string): Promise<SnapshotStatus> {
  const response = await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await response.json()) as { snapshot?: SnapshotStatus | null };
  if (body.snapshot == null) throw new Error('the hub reports no background snapshot writer');
  return body.snapshot;
}

interface LoopWindow {
  readonly p99_ms: number;
  readonly max_ms: number;
  readonly mean_ms: number;
  readonly samples: number;
}

/** Asks the hub's probe for the window since the last ask (and starts a new one). */
function probeWindow(hub: Child): Promise<LoopWindow> {
  return new Promise((resolve) => {
    let text = '';
    const read = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /^loop_probe (\{.*\})$/m.exec(text);
      if (match === null) return;
      hub.process.stderr?.off('data', read);
      resolve(JSON.parse(match[1] as string) as LoopWindow);
    };
    hub.process.stderr?.on('data', read);
    hub.process.kill('SIGUSR2');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PauseResult {
  /** The same load before the snapshot is due: what the machine gives the loop anyway. */
  readonly baseline: LoopWindow;
  readonly window: LoopWindow;
  readonly snapshot: SnapshotStatus;
  readonly accepted_per_s: number;
  readonly window_ms: number;
}

/** Loads the hub with orders until its next snapshot is written; the loop's delay meanwhile. */
async function loadThroughSnapshot(hub: Child, data_dir: string): Promise<PauseResult> {
  const keys = keysOf(data_dir);
  const operator = keys.get('operator') ?? '';
  const before = await snapshotStatus(hub.url, operator);
  const options = { url: hub.url, connections: CONNECTIONS, pipelining: 1 };
  let finish: (result: autocannon.Result) => void = () => undefined;
  const finished = new Promise<autocannon.Result>((resolve) => {
    finish = resolve;
  });
  const requests = orderRequests(keys);
  const load = autocannon({ ...options, requests, duration: 3_600 }, (error, result) => {
    if (error !== null && error !== undefined) throw error;
    finish(result);
  });
  await sleep(1_000); // warm-up, not measured
  await probeWindow(hub);
  await sleep(BASELINE_MS);
  const baseline = await probeWindow(hub);
  const started = performance.now();
  let snapshot = before;
  while (snapshot.written + (snapshot.last_error === null ? 0 : 1) <= before.written) {
    if (performance.now() - started > SNAPSHOT_WAIT_MS_MAX) throw new Error('no snapshot taken');
    await sleep(200);
    snapshot = await snapshotStatus(hub.url, operator);
  }
  const window = await probeWindow(hub);
  const window_ms = performance.now() - started;
  load.stop();
  const result = await finished;
  if (snapshot.last_error !== null) throw new Error(snapshot.last_error);
  return { baseline, window, snapshot, accepted_per_s: result['2xx'] / result.duration, window_ms };
}

export async function measureSnapshotPause(options: BenchOptions): Promise<BenchFigure[]> {
  const count = options.quick ? 50_000 : 1_000_000;
  const every = options.quick ? 10_000 : 50_000;
  const root = mkdtempSync(join(tmpdir(), 'hutong-bench-snapshot-'));
  const data_dir = join(root, 'data');
  try {
    process.stderr.write(`# api: building ${count} resting orders\n`);
    const built = buildRestingBook(data_dir, count);
    const extra = ['--snapshot-every', String(every)]; // serve runs no simulator by default
    const hub = await startHub(data_dir, extra, ['--import', PROBE]);
    try {
      return pauseFigures(built, await loadThroughSnapshot(hub, data_dir), every);
    } finally {
      await hub.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function pauseFigures(built: Built, run: PauseResult, every: number): BenchFigure[] {
  const { window, snapshot, baseline } = run;
  const size_mb = Math.round((snapshot.last_size_bytes ?? 0) / 1e5) / 10;
  const note =
    `${built.resting} resting orders; a ${size_mb} MB snapshot due every ${every} commands, written by a ` +
    `child process at nice 10 in ${snapshot.last_elapsed_ms} ms; window of ${Math.round(run.window_ms)} ms ` +
    `under ${CONNECTIONS} connections (${Math.round(run.accepted_per_s)} orders/s accepted); ` +
    `${window.samples} samples at 10 ms resolution; one run. Same load, ${BASELINE_MS} ms before ` +
    `the snapshot was due: p99 ${baseline.p99_ms} ms, max ${baseline.max_ms} ms`;
  return [
    figure({
      bench: 'api',
      metric: 'snapshot_event_loop_delay_max',
      value: window.max_ms,
      unit: 'ms',
      peer: ON_LOOP_PEER,
      peer_value: built.on_loop_snapshot_ms,
      direction: 'lower_is_better',
      note,
    }),
    figure({
      bench: 'api',
      metric: 'snapshot_event_loop_delay_p99',
      value: window.p99_ms,
      unit: 'ms',
      peer: null,
      peer_value: null,
      note: `mean ${window.mean_ms} ms; ${note}`,
    }),
  ];
}

/** Just the snapshot pause: `npm run bench -- api-snapshot`. */
export const API_SNAPSHOT_BENCHMARK: Benchmark = {
  name: 'api-snapshot',
  description:
    'event-loop delay of the server while it snapshots 1,000,000 resting orders, under load',
  run: measureSnapshotPause,
};

/** The api benchmark with the snapshot pause: `npm run bench -- api`. */
export const API_WITH_SNAPSHOT_BENCHMARK: Benchmark = {
  name: API_BENCHMARK.name,
  description: `${API_BENCHMARK.description}; event-loop delay while snapshotting 1,000,000 resting orders`,
  async run(options) {
    return [...(await API_BENCHMARK.run(options)), ...(await measureSnapshotPause(options))];
  },
};
