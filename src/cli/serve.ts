/**
 * `hutong start` (npm start): the hub as a server with the demo market, the simulator running and
 * the console's URL printed. `hutong serve`: the same server without the demo defaults.
 * `hutong keys`: the API keys of a data directory.
 *
 *   hutong start [--data DIR] [--port N] [--host H] [--fix-port N] [--no-sim] [--sim-speed N]
 *                [--seed N] [--abuse]
 *   hutong serve [--data DIR] [--port N] [--host H] [--fix-port N] [--demo] [--sim]
 *                [--clock demo|trading|system]
 *                [--fsync always|never] [--rate-limit N] [--log-level L]
 *   hutong keys  [--data DIR]
 * @module
 */

import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_FIX_PORT, type FixGateway, startFixGateway } from '../gateways/fix/index.js';
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
import { DemoMarket } from '../sim/demo_market.js';
import {
  CliError,
  type CommandSpec,
  integerOption,
  type OptionValues,
  parseOptions,
  UsageError,
  untilSignal,
  withUsage,
} from './args.js';
import { advertiseUrl, CLUSTER_OPTIONS, clusterServers, runClusterNode } from './cluster.js';

const SERVER_OPTIONS = {
  data: { type: 'string', value: 'DIR', help: 'storage directory (default ./data)' },
  port: {
    type: 'string',
    value: 'N',
    help: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
  },
  host: {
    type: 'string',
    value: 'H',
    help: 'address to listen on (default 127.0.0.1; no TLS: use a proxy)',
  },
  seed: { type: 'string', value: 'N', help: "the simulator's seed (default 2026)" },
  'sim-speed': { type: 'string', value: 'N', help: 'simulator steps per second (default 50)' },
  fsync: {
    type: 'string',
    value: 'always|never',
    help: 'fsync the journal before acknowledging (default always)',
  },
  'rate-limit': {
    type: 'string',
    value: 'N',
    help: `requests per second per API key (default ${DEFAULT_RATE_LIMIT.max})`,
  },
  'log-level': { type: 'string', value: 'L', help: 'silent, fatal, error, warn (default) or info' },
  abuse: {
    type: 'boolean',
    help: 'run labelled abusive agents beside the ordinary ones (docs/sim.md)',
  },
  'snapshot-every': {
    type: 'string',
    value: 'N',
    help: 'write a snapshot every N commands (default 50000)',
  },
} as const;

const FIX_PORT_HELP = 'FIX 4.4 order entry on this port (docs/fix.md)';

export const START_COMMAND: CommandSpec = {
  name: 'start',
  summary:
    'The server with the demo market (genesis on the first run), the simulator running, the demo\n' +
    'clock and the web console; what `npm start` runs.',
  options: {
    ...SERVER_OPTIONS,
    'no-sim': { type: 'boolean', help: 'do not start the simulator (start it from the console)' },
    'fix-port': {
      type: 'string',
      value: 'N',
      help: `${FIX_PORT_HELP} (default ${DEFAULT_FIX_PORT}; with --port 0 a free one)`,
    },
    clock: { type: 'string', value: 'demo|trading|system', help: 'hub time source (default demo)' },
  },
  notes: ['example: hutong start --data /tmp/hutong --port 8800 --no-sim'],
};

export const SERVE_COMMAND: CommandSpec = {
  name: 'serve',
  summary:
    'The server without the demo defaults: an empty hub filled through the API, the system\n' +
    'clock, no simulator. Each flag below switches one demo default on. With --cluster, a node\n' +
    'of a cluster on NATS JetStream: a standby until it takes the lead (docs/cluster.md).',
  options: {
    ...SERVER_OPTIONS,
    ...CLUSTER_OPTIONS,
    demo: { type: 'boolean', help: 'set up the demo market on the first run; serve /v1/demo/keys' },
    'fix-port': { type: 'string', value: 'N', help: `${FIX_PORT_HELP} (default: no FIX)` },
    sim: {
      type: 'boolean',
      help: "run the simulator (its agents trade as the demo market's participants)",
    },
    clock: {
      type: 'string',
      value: 'demo|trading|system',
      help: 'hub time source (default system)',
    },
  },
  notes: [
    'example: hutong serve --data /var/lib/hutong --port 8700 --fsync always',
    'example: hutong serve --cluster nats://10.0.0.1:4222,nats://10.0.0.2:4222 --node a --demo',
  ],
};

export const STANDBY_COMMAND: CommandSpec = {
  ...SERVE_COMMAND,
  name: 'standby',
  summary:
    'A cluster node (hutong serve --cluster): replays the journal stream as a hot standby and\n' +
    'takes the lead when the leader is gone. --cluster is required.',
  notes: ['example: hutong standby --cluster nats://127.0.0.1:4231 --node b --port 8702 --demo'],
};

export const KEYS_COMMAND: CommandSpec = {
  name: 'keys',
  summary: 'Print the API keys of a data directory, one participant per line.',
  options: { data: { type: 'string', value: 'DIR', help: 'storage directory (default ./data)' } },
};

type Values = OptionValues;

export function runStart(argv: readonly string[]): Promise<number> {
  return withUsage(START_COMMAND, () => {
    const values = parseOptions(argv, START_COMMAND);
    // `--port 0` (tests, several hubs on one machine) picks a free FIX port too.
    const fix_default = values.port === '0' ? 0 : DEFAULT_FIX_PORT;
    const fix_port = integerOption(values, 'fix-port', fix_default);
    return serve(values, { demo: true, sim: values['no-sim'] !== true, clock: 'demo', fix_port });
  });
}

export function runServe(
  argv: readonly string[],
  spec: CommandSpec = SERVE_COMMAND,
): Promise<number> {
  return withUsage(spec, () => {
    const values = parseOptions(argv, spec);
    const fix_port = values['fix-port'] === undefined ? null : integerOption(values, 'fix-port');
    const defaults: Defaults = {
      demo: values.demo === true,
      sim: values.sim === true,
      clock: 'system',
      fix_port,
    };
    if (typeof values.cluster === 'string') return serveInCluster(values, defaults, values.cluster);
    if (spec === STANDBY_COMMAND) throw new UsageError('standby needs --cluster nats://…');
    if (values.node !== undefined) throw new UsageError('--node goes with --cluster');
    if (values.advertise !== undefined) throw new UsageError('--advertise goes with --cluster');
    return serve(values, defaults);
  });
}

export function runStandby(argv: readonly string[]): Promise<number> {
  return runServe(argv, STANDBY_COMMAND);
}

async function serveInCluster(
  values: Values,
  defaults: Defaults,
  cluster: string,
): Promise<number> {
  const options = serverOptions(values, defaults);
  const servers = clusterServers(cluster);
  const name = typeof values.node === 'string' ? values.node : `${hostname()}-${options.port}`;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    throw new UsageError('--node: letters, digits, - and _ only (at most 64)');
  const advertise_url = advertiseUrl(
    values.advertise,
    options.host ?? '127.0.0.1',
    options.port ?? DEFAULT_PORT,
    hostname(),
  );
  const signalled = untilSignal();
  let fix: FixGateway | null = null;
  const server = await runClusterNode({
    options,
    servers,
    name,
    advertise_url,
    stopped: signalled,
    started: async (started, epoch) => {
      fix = await startFix(started, options, defaults.fix_port);
      process.stdout.write(`Hutong cluster node ${name}: leader, epoch ${epoch}\n`);
      const seq = started.gateway.node.hub.seq;
      const how = started.fresh
        ? 'leads an empty journal stream'
        : `took the lead at seq ${seq}, replayed from the journal stream`;
      printBanner(
        started,
        options,
        fix,
        `${how}${started.fresh && options.demo === true ? '; demo market set up from genesis' : ''}`,
      );
    },
  });
  if (server === null) {
    process.stdout.write(`hutong: standby ${name} stopped\n`);
    return 0;
  }
  await signalled;
  process.stdout.write('hutong: stopping: finishing requests, publishing what is committed\n');
  const stopping = ((fix as FixGateway | null)?.close() ?? Promise.resolve()).then(() =>
    server.close(),
  );
  process.once('SIGINT', () => process.exit(130));
  await stopping;
  process.stdout.write(`hutong: stopped at seq ${server.gateway.node.hub.state.seq}\n`);
  return 0;
}

interface Defaults {
  readonly demo: boolean;
  readonly sim: boolean;
  readonly clock: 'demo' | 'trading' | 'system';
  /** The FIX acceptor's port; null: no FIX. */
  readonly fix_port: number | null;
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

function serverOptions(values: Values, defaults: Defaults): ServerOptions {
  const demo = defaults.demo;
  const rate = values['rate-limit'];
  return {
    data_dir: resolve(typeof values.data === 'string' ? values.data : 'data'),
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    port: integerOption(values, 'port', DEFAULT_PORT),
    clock: choice(values, 'clock', ['demo', 'trading', 'system'] as const, defaults.clock),
    fsync: choice(values, 'fsync', ['always', 'never'] as const, 'always'),
    snapshot_every_commands: integerOption(values, 'snapshot-every', 50_000),
    demo,
    simulator: {
      factory: (seed) => new DemoMarket({ seed, abuse: values.abuse === true }),
      seed: integerOption(values, 'seed', 2026),
      running: defaults.sim,
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

async function serve(values: Values, defaults: Defaults): Promise<number> {
  const options = serverOptions(values, defaults);
  const server = await startServer(options).catch((error: unknown) => {
    throw listenProblem(error, options) ?? error;
  });
  for (const notice of server.gateway.node.opened.notices) {
    process.stderr.write(`hutong: recovery: ${notice}\n`);
  }
  const fix = await startFix(server, options, defaults.fix_port);
  // Listen for the stop signal before the banner says how to stop: stdout to a pipe is
  // synchronous, so a supervisor can read the banner and signal before the next line runs.
  const signalled = untilSignal();
  printBanner(server, options, fix);
  await signalled;
  process.stdout.write(
    'hutong: stopping: closing streams, finishing requests, flushing the journal\n',
  );
  const stopping = (fix?.close() ?? Promise.resolve()).then(() => server.close());
  process.once('SIGINT', () => process.exit(130));
  await stopping;
  const state = server.gateway.node.hub.state;
  process.stdout.write(`hutong: stopped at seq ${state.seq}; the journal is flushed\n`);
  return 0;
}

/** The FIX acceptor beside the HTTP server, on its Engine and its API keys. */
async function startFix(
  server: HutongServer,
  options: ServerOptions,
  port: number | null,
): Promise<FixGateway | null> {
  if (port === null) return null;
  try {
    return await startFixGateway({
      engine: server.gateway.engine,
      keys: server.gateway.keys,
      data_dir: options.data_dir,
      port,
    });
  } catch (error) {
    await server.close();
    throw new CliError(`${(error as Error).message}: stop the other server or pick --fix-port N`);
  }
}

/** A listen failure the operator can fix, as one line; null for anything else. */
function listenProblem(error: unknown, options: ServerOptions): CliError | null {
  const code = (error as { code?: unknown }).code;
  const where = `${options.host}:${options.port}`;
  if (code === 'EADDRINUSE')
    return new CliError(`${where} is in use: stop the other server or pick --port N`);
  if (code === 'EACCES') return new CliError(`not allowed to listen on ${where}`);
  if (code === 'EADDRNOTAVAIL')
    return new CliError(`${options.host} is not an address of this machine`);
  return null;
}

const CLOCK_TEXT: Readonly<Record<string, string>> = {
  demo: 'demo day, compressed (a trading day, its close, settlement and the night in about 4 minutes)',
  trading: 'demo trading hours at the wall clock pace',
  system: 'system',
};

function printBanner(
  server: HutongServer,
  options: ServerOptions,
  fix: FixGateway | null,
  /** What this start did, when not what a single node's start says (a cluster node's lead). */
  how_started?: string,
): void {
  const gateway = server.gateway;
  const state = gateway.node.hub.state;
  const opened = gateway.node.opened;
  const out = process.stdout;
  const how =
    how_started ??
    (server.fresh
      ? options.demo === true
        ? 'demo market set up from genesis'
        : 'empty hub (no genesis)'
      : `resumed from the journal at seq ${state.seq} (snapshot ${opened.snapshot_seq} + ${opened.replayed_commands} replayed)`);
  out.write(`Hutong hub: ${how}\n`);
  out.write(`  console:   ${server.url}/console/\n`);
  out.write(`  API:       ${server.url}/v1   OpenAPI: ${server.url}/openapi.json\n`);
  out.write(
    `  operator key: ${gateway.keys.keyOf('operator') ?? '(none)'}   (all keys: hutong keys --data ${options.data_dir})\n`,
  );
  if (fix !== null)
    out.write(
      `  FIX 4.4:   port ${fix.port}, TargetCompID ${fix.comp_id}; SenderCompID = participant, Password = its key (docs/fix.md)\n`,
    );
  out.write(`  data:      ${options.data_dir}\n`);
  out.write(
    `  clock:     ${CLOCK_TEXT[gateway.clock_kind] ?? gateway.clock_kind}, hub time ${hubTimeText(server.clock.now_us())}\n`,
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
  return withUsage(KEYS_COMMAND, () => {
    const values = parseOptions(argv, KEYS_COMMAND);
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
