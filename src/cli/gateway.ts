/**
 * `hutong gateway --cluster nats://… [--pg postgresql://… --schema hutong --data DIR]`: a
 * stateless API gateway in front of a cluster (docs/operations.md "Gateways"). It forwards every
 * request to whichever node leads, over NATS; with --pg it answers some reads from the PostgreSQL
 * projection itself; WebSocket streams are tunnelled to the leader's advertised URL. Run as many
 * as the API needs.
 * @module
 */

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { openLeaseBucket, readLease } from '../cluster/index.js';
import {
  DEFAULT_PORT,
  DEFAULT_RELAY_TIMEOUT_MS,
  KEYS_FILE_NAME,
  type LeaderUrl,
  type RelayProjection,
  type RelayServer,
  startRelay,
} from '../gateways/http/index.js';
import { checkSchemaName, PgQueries } from '../projection/index.js';
import {
  CliError,
  type CommandSpec,
  integerOption,
  type OptionValues,
  parseOptions,
  stringOption,
  UsageError,
  untilSignal,
  withUsage,
} from './args.js';
import { clusterServers } from './cluster.js';

export const GATEWAY_COMMAND: CommandSpec = {
  name: 'gateway',
  summary:
    'A stateless API gateway: forwards every HTTP request to the cluster node that leads (over\n' +
    'NATS) and passes its answer back; with --pg, answers some reads from the PostgreSQL\n' +
    'projection without the leader. WebSocket streams (/v1/stream) are tunnelled to the leader\n' +
    'at the URL it advertises in the lease (hutong serve --advertise).',
  options: {
    cluster: {
      type: 'string',
      value: 'URLS',
      help: "the cluster's NATS servers, comma-separated (required)",
    },
    pg: {
      type: 'string',
      value: 'URL',
      help: 'a PostgreSQL projection to answer reads from (postgresql://…)',
    },
    schema: { type: 'string', value: 'NAME', help: "the projection's schema (default hutong)" },
    data: {
      type: 'string',
      value: 'DIR',
      help: "with --pg: where api-keys.json is, a copy of the leaders' (default ./data)",
    },
    host: { type: 'string', value: 'H', help: 'address to listen on (default 127.0.0.1)' },
    port: {
      type: 'string',
      value: 'N',
      help: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    },
    'timeout-ms': {
      type: 'string',
      value: 'N',
      help: `how long to wait for the leader's answer (default ${DEFAULT_RELAY_TIMEOUT_MS})`,
    },
    'log-level': {
      type: 'string',
      value: 'L',
      help: 'silent, fatal, error, warn (default) or info',
    },
  },
  notes: [
    'example: hutong gateway --cluster nats://127.0.0.1:4231 --port 8710',
    'example: hutong gateway --cluster nats://10.0.0.1:4222,nats://10.0.0.2:4222 \\',
    '           --pg postgresql://hutong@10.0.0.5/hutong --schema hutong --data /etc/hutong',
  ],
};

const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info'] as const;

export function runGateway(argv: readonly string[]): Promise<number> {
  return withUsage(GATEWAY_COMMAND, async () => {
    const values = parseOptions(argv, GATEWAY_COMMAND);
    if (values.cluster === undefined) throw new UsageError('gateway needs --cluster nats://…');
    const servers = clusterServers(stringOption(values, 'cluster'));
    const timeout_ms = integerOption(values, 'timeout-ms', DEFAULT_RELAY_TIMEOUT_MS);
    if (timeout_ms < 1) throw new UsageError('--timeout-ms must be at least 1');
    const log_level = logLevel(values);
    if (values.pg === undefined && (values.schema !== undefined || values.data !== undefined))
      throw new UsageError('--schema and --data go with --pg');
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const port = integerOption(values, 'port', DEFAULT_PORT);
    const pool = values.pg === undefined ? null : await openPool(values);
    let connection: NatsConnection | null = null;
    try {
      connection = await connectGateway(servers);
      const relay = await listen({ connection, host, port, timeout_ms, log_level, pool, values });
      printBanner(relay, servers, pool?.projection ?? null, timeout_ms);
      await untilSignal();
      process.stdout.write('hutong: gateway stopping: finishing requests\n');
      await relay.close();
      return 0;
    } finally {
      await connection?.close();
      await pool?.pool.end();
    }
  });
}

function logLevel(values: OptionValues): (typeof LOG_LEVELS)[number] {
  const raw = values['log-level'] ?? 'warn';
  if (typeof raw === 'string' && (LOG_LEVELS as readonly string[]).includes(raw))
    return raw as (typeof LOG_LEVELS)[number];
  throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
}

interface Pool {
  readonly pool: pg.Pool;
  readonly projection: RelayProjection;
}

async function openPool(values: OptionValues): Promise<Pool> {
  const url = stringOption(values, 'pg');
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(`--pg: ${url} is not a PostgreSQL URL like postgresql://host/db`);
  let schema: string;
  try {
    schema = checkSchemaName(typeof values.schema === 'string' ? values.schema : 'hutong');
  } catch (error) {
    throw new UsageError(`--schema: ${(error as Error).message}`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection that PostgreSQL drops is replaced at the next query; no crash.
  pool.on('error', () => undefined);
  const last_seq = async () => {
    const result = await pool.query(`select value from ${schema}.meta where key = 'last_seq'`);
    return Number((result.rows[0] as { value: string } | undefined)?.value ?? 0);
  };
  try {
    await last_seq();
  } catch (error) {
    await pool.end();
    throw new CliError(
      `cannot read the projection in schema ${schema} at ${url}: ${(error as Error).message} ` +
        '(is PostgreSQL up, and has a reader created the schema?)',
    );
  }
  const keys_dir = resolve(typeof values.data === 'string' ? values.data : 'data');
  return { pool, projection: { queries: new PgQueries(pool, schema), last_seq, keys_dir } };
}

async function connectGateway(servers: readonly string[]): Promise<NatsConnection> {
  try {
    return await connect({
      servers: [...servers],
      name: 'hutong-gateway',
      timeout: 5_000,
      // Keep trying for ever: a gateway outlives NATS restarts and elections.
      maxReconnectAttempts: -1,
    });
  } catch (error) {
    throw new CliError(
      `cannot reach NATS at ${servers.join(',')}: ${(error as Error).message} (start it, or try hutong nats-dev)`,
    );
  }
}

async function listen(setup: {
  connection: NatsConnection;
  host: string;
  port: number;
  timeout_ms: number;
  log_level: (typeof LOG_LEVELS)[number];
  pool: Pool | null;
  values: OptionValues;
}): Promise<RelayServer> {
  try {
    return await startRelay({
      connection: setup.connection,
      host: setup.host,
      port: setup.port,
      timeout_ms: setup.timeout_ms,
      projection: setup.pool?.projection ?? null,
      log_level: setup.log_level,
      leader_url: await leaderUrlFromLease(setup.connection),
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const where = `${setup.host}:${setup.port}`;
    if (code === 'EADDRINUSE') throw new CliError(`${where} is in use: pick --port N`);
    if (code === 'EACCES') throw new CliError(`not allowed to listen on ${where}`);
    if (code === 'EADDRNOTAVAIL')
      throw new CliError(`${setup.host} is not an address of this machine`);
    throw error;
  }
}

/** The leader's advertised URL, read from the lease at each upgrade. */
async function leaderUrlFromLease(connection: NatsConnection): Promise<LeaderUrl> {
  const kv = await openLeaseBucket(connection);
  return async () => {
    const lease = await readLease(kv);
    if (lease === null) return { none: 'no node holds the lease' };
    if (lease.url === undefined)
      return { none: `the leader ${lease.holder} advertised no URL (hutong serve --advertise)` };
    return { url: lease.url };
  };
}

function printBanner(
  relay: RelayServer,
  servers: readonly string[],
  projection: RelayProjection | null,
  timeout_ms: number,
): void {
  const out = process.stdout;
  out.write(`Hutong gateway: ${relay.url}\n`);
  out.write(
    `  forwards to the leader through NATS ${servers.join(',')} (timeout ${timeout_ms} ms)\n`,
  );
  out.write(
    projection !== null
      ? '  reads from the PostgreSQL projection: GET /v1/commands/:seq, and /v1/events and transfers for operator\n'
      : '  no projection (--pg): every request goes to the leader\n',
  );
  if (projection !== null && !existsSync(join(projection.keys_dir, KEYS_FILE_NAME)))
    process.stderr.write(
      `hutong: warning: no api-keys.json in ${projection.keys_dir} (--data): until it is there, every read goes to the leader\n`,
    );
  out.write("  WebSocket streams: tunnelled to the leader's advertised URL\n");
  out.write('Press Ctrl+C to stop.\n');
}
