/**
 * `hutong start` (npm start): the hub as a server with the demo market, the simulator running and
 * the console's URL printed. `hutong serve`: the same server without the demo defaults.
 * `hutong keys`: the API keys of a data directory.
 *
 *   hutong start [--data DIR] [--port N] [--host H] [--no-sim] [--sim-speed N] [--seed N]
 *   hutong serve [--data DIR] [--port N] [--host H] [--demo] [--sim] [--clock demo|system]
 *                [--fsync always|never] [--rate-limit N] [--log-level L]
 *   hutong keys  [--data DIR]
 * @module
 */

import { resolve } from 'node:path';
import {
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  type HutongServer,
  hubTimeText,
  KeyStore,
  type ServerOptions,
  startServer,
} from '../gateways/http/index.js';
import { marketDate } from '../kernel/time.js';
import { calendarWarnings } from '../reference/index.js';
import { MarketSimulator } from '../sim/market/simulator.js';
import { integerOption, parseOptions, UsageError, withUsage } from './args.js';

const SERVE_OPTIONS = {
  data: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  demo: { type: 'boolean' },
  sim: { type: 'boolean' },
  'no-sim': { type: 'boolean' },
  'sim-speed': { type: 'string' },
  seed: { type: 'string' },
  clock: { type: 'string' },
  fsync: { type: 'string' },
  'rate-limit': { type: 'string' },
  'log-level': { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

export function runStart(argv: readonly string[]): Promise<number> {
  return withUsage(() => serve(parseOptions(argv, SERVE_OPTIONS), true));
}

export function runServe(argv: readonly string[]): Promise<number> {
  return withUsage(() => {
    const values = parseOptions(argv, SERVE_OPTIONS);
    return serve(values, values.demo === true);
  });
}

function choice<T extends string>(
  values: Values,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
}

function serverOptions(values: Values, demo: boolean): ServerOptions {
  const sim_on = demo ? values['no-sim'] !== true : values.sim === true;
  const rate = values['rate-limit'];
  return {
    data_dir: resolve(typeof values.data === 'string' ? values.data : 'data'),
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    port: integerOption(values, 'port', DEFAULT_PORT),
    clock: choice(values, 'clock', ['demo', 'system'] as const, demo ? 'demo' : 'system'),
    fsync: choice(values, 'fsync', ['always', 'never'] as const, 'always'),
    demo,
    simulator: {
      factory: (seed) => new MarketSimulator({ seed }),
      seed: integerOption(values, 'seed', 2026),
      running: sim_on,
      steps_per_second: integerOption(values, 'sim-speed', 50),
    },
    rate_limit:
      rate === undefined
        ? DEFAULT_RATE_LIMIT
        : { max: integerOption(values, 'rate-limit'), window_ms: 1_000 },
    log_level: choice(
      values,
      'log-level',
      ['silent', 'fatal', 'error', 'warn', 'info'] as const,
      'warn',
    ),
    on_fatal: (error) => {
      process.stderr.write(
        `hutong: FATAL, the hub halted and nothing more is committed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(70);
    },
  };
}

async function serve(values: Values, demo: boolean): Promise<number> {
  const options = serverOptions(values, demo);
  const server = await startServer(options);
  printBanner(server, options);
  await untilSignal();
  process.stdout.write(
    'hutong: stopping: closing streams, finishing requests, flushing the journal\n',
  );
  const stopping = server.close();
  process.once('SIGINT', () => process.exit(130));
  await stopping;
  const state = server.gateway.node.hub.state;
  process.stdout.write(
    `hutong: stopped at seq ${state.seq}; the journal is flushed and a snapshot written\n`,
  );
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function printBanner(server: HutongServer, options: ServerOptions): void {
  const gateway = server.gateway;
  const state = gateway.node.hub.state;
  const opened = gateway.node.opened;
  const out = process.stdout;
  const how = server.fresh
    ? options.demo === true
      ? 'demo market set up from genesis'
      : 'empty hub (no genesis)'
    : `resumed from the journal at seq ${state.seq} (snapshot ${opened.snapshot_seq} + ${opened.replayed_commands} replayed)`;
  out.write(`Hutong hub: ${how}\n`);
  out.write(`  console:   ${server.url}/console/\n`);
  out.write(`  API:       ${server.url}/v1   OpenAPI: ${server.url}/openapi.json\n`);
  out.write(
    `  operator key: ${gateway.keys.keyOf('operator') ?? '(none)'}   (all keys: hutong keys --data ${options.data_dir})\n`,
  );
  out.write(`  data:      ${options.data_dir}\n`);
  out.write(
    `  clock:     ${gateway.clock_kind === 'demo' ? 'demo trading hours' : 'system'}, hub time ${hubTimeText(server.clock.now_us())}\n`,
  );
  const sim = gateway.sim?.status();
  if (sim !== undefined)
    out.write(
      `  simulator: ${sim.running ? `running, ${sim.steps_per_second} steps/s` : 'stopped'} (start, stop and speed in the console)\n`,
    );
  for (const warning of calendarWarnings(marketDate(server.clock.now_us()))) {
    process.stderr.write(`hutong: warning: ${warning.message}\n`);
  }
  out.write('Press Ctrl+C to stop; the journal is flushed on the way out.\n');
}

export function runKeys(argv: readonly string[]): Promise<number> {
  return withUsage(() => {
    const values = parseOptions(argv, { data: { type: 'string' } });
    const data_dir = resolve(typeof values.data === 'string' ? values.data : 'data');
    const keys = KeyStore.open(data_dir).list();
    if (keys.length === 0) {
      process.stderr.write(
        `hutong: no keys in ${data_dir} (they are created at the first start)\n`,
      );
      return 1;
    }
    const width = Math.max(...keys.map((k) => k.participant.length));
    for (const k of keys) process.stdout.write(`${k.participant.padEnd(width)}  ${k.key}\n`);
    return 0;
  });
}
