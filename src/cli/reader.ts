/**
 * `hutong reader projection|surveillance|risk --cluster nats://…`: a reader of the cluster's
 * journal stream as its own process (docs/operations.md "Adding a reader", docs/cluster.md).
 * It follows the stream through the same filter and hub as every standby (StreamFollower),
 * hands the results to its target in batches, prints its progress to stderr every few seconds,
 * and on SIGINT or SIGTERM stops after the batch in flight. Killed at any point, it resumes
 * where its target says it stopped: nothing lost, nothing applied twice.
 * @module
 */

import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { FollowerError, openSnapshotStore, StreamFollower } from '../cluster/index.js';
import {
  CliError,
  type CommandSpec,
  integerOption,
  type OptionValues,
  parseOptions,
  UsageError,
  withUsage,
} from './args.js';
import { clusterServers, connectNats } from './cluster.js';
import {
  answerText,
  openProjectionTarget,
  openRiskTarget,
  openSurveillanceTarget,
  READER_NAMES,
  type ReaderName,
  type ReaderTarget,
  redactedUrl,
} from './reader_targets.js';

export const READER_COMMAND: CommandSpec = {
  name: 'reader',
  summary:
    'hutong reader projection|surveillance|risk --cluster URLS [options]\n\n' +
    'A reader of the cluster journal stream as its own process: the PostgreSQL projection,\n' +
    'surveillance (alerts in <data>/surveillance.sqlite) or the risk monitor (in memory). It\n' +
    'resumes where it stopped; killed mid-batch, nothing is lost and nothing applied twice.',
  options: {
    cluster: {
      type: 'string',
      value: 'URLS',
      help: 'the NATS servers of the cluster, comma-separated (required)',
    },
    pg: {
      type: 'string',
      value: 'URL',
      help: 'projection: the PostgreSQL database, postgresql://user@host:5432/db (required)',
    },
    schema: {
      type: 'string',
      value: 'NAME',
      help: 'projection: the schema of its tables (default hutong)',
    },
    data: {
      type: 'string',
      value: 'DIR',
      help: "surveillance, risk: the reader's directory (default ./data-reader)",
    },
    port: {
      type: 'string',
      value: 'N',
      help: "answer GET /healthz (and the reader's reads) on 127.0.0.1:N (default: no HTTP)",
    },
    'batch-max': {
      type: 'string',
      value: 'N',
      help: 'commands per batch at most (default 1000)',
    },
    'progress-s': {
      type: 'string',
      value: 'N',
      help: 'seconds between progress lines on stderr (default 5; 0: none)',
    },
  },
  notes: [
    'examples:',
    '  hutong reader projection --cluster nats://127.0.0.1:4231 --pg postgresql://postgres@127.0.0.1:5432/hutong',
    '  hutong reader surveillance --cluster nats://127.0.0.1:4231 --data ./data-reader --port 8091',
    '  hutong reader risk --cluster nats://127.0.0.1:4231 --port 8092',
    'reads: surveillance GET /alerts?limit=N; risk GET /alerts, /flows, /exposures, /stats',
  ],
};

export function runReader(argv: readonly string[]): Promise<number> {
  return withUsage(READER_COMMAND, async () => {
    const named = argv[0] !== undefined && !argv[0].startsWith('-');
    const values = parseOptions(named ? argv.slice(1) : argv, READER_COMMAND);
    const name = named ? (argv[0] as string) : undefined;
    if (name === undefined) throw new UsageError(`name the reader: ${READER_NAMES.join(', ')}`);
    if (!(READER_NAMES as readonly string[]).includes(name))
      throw new UsageError(`no reader "${name}": ${READER_NAMES.join(', ')}`);
    return runNamedReader(name as ReaderName, values);
  });
}

interface ReaderRun {
  readonly name: ReaderName;
  readonly servers: string[];
  readonly port: number | null;
  readonly batch_max: number;
  readonly progress_ms: number;
}

async function runNamedReader(name: ReaderName, values: OptionValues): Promise<number> {
  if (typeof values.cluster !== 'string') throw new UsageError('--cluster is required');
  const run: ReaderRun = {
    name,
    servers: clusterServers(values.cluster),
    port: values.port === undefined ? null : integerOption(values, 'port'),
    batch_max: Math.max(1, integerOption(values, 'batch-max', 1_000)),
    progress_ms: integerOption(values, 'progress-s', 5) * 1_000,
  };
  if (name === 'projection') pgUrl(values);
  const connection = await connectNats(run.servers, `reader-${name}`);
  let target: ReaderTarget;
  try {
    target = await openTarget(name, values);
  } catch (error) {
    await connection.close();
    throw error;
  }
  try {
    const snapshots = target.from_snapshot ? await openSnapshotStore(connection) : null;
    const follower = await StreamFollower.open(connection, {
      after_seq: target.after_seq,
      snapshots,
      batch_max: run.batch_max,
      in_flight_max: target.in_flight_max,
      sink: (batch) => target.sink(batch),
      log: (line) => say(name, line),
    }).catch(refusal);
    return await follow(run, target, follower);
  } finally {
    await target.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}

async function openTarget(name: ReaderName, values: OptionValues): Promise<ReaderTarget> {
  const data_dir = resolve(typeof values.data === 'string' ? values.data : 'data-reader');
  if (name === 'surveillance') return openSurveillanceTarget(data_dir);
  if (name === 'risk') return openRiskTarget(data_dir);
  const schema = typeof values.schema === 'string' ? values.schema : 'hutong';
  return openProjectionTarget(pgUrl(values), schema);
}

function pgUrl(values: OptionValues): string {
  if (typeof values.pg !== 'string') throw new UsageError('the projection reader needs --pg URL');
  if (!/^postgres(ql)?:\/\/\S+$/.test(values.pg))
    throw new UsageError(
      `--pg: ${redactedUrl(values.pg)} is not a URL like postgresql://user@host:5432/db`,
    );
  return values.pg;
}

/** Runs the follower until a signal (exit 0) or a failure (a one-line CliError). */
async function follow(run: ReaderRun, target: ReaderTarget, follower: StreamFollower) {
  const started = follower.start;
  process.stdout.write(
    `Hutong reader ${run.name}: ${target.where}; resuming after seq ${target.after_seq}, the hub ` +
      `from ${started.from === 'snapshot' ? `the snapshot at stream message ${started.stream_seq}` : 'genesis'}\n`,
  );
  const stop = () => follower.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const progress =
    run.progress_ms > 0 ? setInterval(() => void report(run, follower), run.progress_ms) : null;
  const http = run.port === null ? null : await listen(run, target, follower);
  try {
    await follower.run().catch(refusal);
  } finally {
    if (progress !== null) clearInterval(progress);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    http?.close();
    http?.closeAllConnections();
  }
  process.stdout.write(`hutong reader ${run.name}: stopped after seq ${follower.sunk_seq}\n`);
  return 0;
}

async function report(run: ReaderRun, follower: StreamFollower): Promise<void> {
  const stream_last_seq = await follower.streamLastSeq().catch(() => null);
  const read = follower.replica.stream_seq;
  const lag = stream_last_seq === null ? 'unknown' : `${stream_last_seq - read} messages`;
  say(
    run.name,
    `seq ${follower.sunk_seq} applied (hub at ${follower.replica.hub.seq}), stream message ` +
      `${read} of ${stream_last_seq ?? '?'}, lag ${lag}`,
  );
}

function say(name: ReaderName, line: string): void {
  process.stderr.write(`hutong reader ${name}: ${line}\n`);
}

/** A follower's or a target's failure as one line for the operator. */
function refusal(error: unknown): never {
  if (error instanceof FollowerError) throw new CliError(error.message);
  const message = (error as Error).message ?? String(error);
  throw new CliError(
    `${message} (the reader stopped; start it again: it resumes after the last batch it finished)`,
  );
}

/** GET /healthz, and the target's reads, on 127.0.0.1:port. */
async function listen(
  run: ReaderRun,
  target: ReaderTarget,
  follower: StreamFollower,
): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://reader');
    const body =
      url.pathname === '/healthz'
        ? {
            reader: run.name,
            seq: follower.sunk_seq,
            hub_seq: follower.replica.hub.seq,
            stream_seq: follower.replica.stream_seq,
          }
        : target.answer(url.pathname, url.searchParams);
    const status = body === undefined ? 404 : 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      body === undefined
        ? JSON.stringify({ error: { code: 'NOT_FOUND', message: `No read ${url.pathname}` } })
        : answerText(body),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new CliError(`127.0.0.1:${run.port} is in use: pick --port N`)
          : error,
      ),
    );
    server.listen(run.port ?? 0, '127.0.0.1', done);
  });
  return server;
}
