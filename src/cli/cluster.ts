/**
 * `hutong serve --cluster nats://… --node NAME` (and `hutong standby`, the same): a node of a
 * cluster whose command journal is a replicated NATS JetStream stream (docs/cluster.md).
 *
 * The node starts as a hot standby: it replays the stream into its hub (a HubNode on
 * `<data>/node-<NAME>`, a cache rebuilt from the stream at every start), keeps its projection
 * current, and answers HTTP with 503 `NOT_LEADER`. When the leader's lease lapses it takes the
 * lease, writes its epoch's marker, reads to it, and serves the whole API, console and FIX from the
 * same hub, every commit acknowledged by the stream before any client hears of it. A leader that
 * is deposed (its lease lost, a stale write refused) stops at once with a one-line message: start
 * it again and it rejoins as a standby.
 *
 * `hutong nats-dev`: three local nats-server nodes for trying a cluster on one machine.
 * @module
 */

import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  LeaderFencedError,
  NATS_SERVER_PATH,
  NatsCluster,
  openSnapshotStore,
  Replica,
  Standby,
  StreamReplicator,
} from '../cluster/index.js';
import {
  answerApiRequests,
  type HutongServer,
  type ServerOptions,
  startServer,
} from '../gateways/http/index.js';
import { ForwardingClock, HubNode, SYSTEM_CLOCK } from '../runtime/index.js';
import {
  CliError,
  type CommandSpec,
  integerOption,
  parseOptions,
  UsageError,
  withUsage,
} from './args.js';

export const CLUSTER_OPTIONS = {
  cluster: {
    type: 'string',
    value: 'URLS',
    help: 'run as a cluster node: the NATS servers, comma-separated (docs/cluster.md)',
  },
  node: {
    type: 'string',
    value: 'NAME',
    help: "this node's name in the cluster (with --cluster; default: the host name and port)",
  },
  advertise: {
    type: 'string',
    value: 'URL',
    help: "with --cluster: this node's API URL, named by standbys (default http://HOST:PORT)",
  },
} as const;

/** How often a standby commits its local cache of the stream (and feeds its projection). */
const STANDBY_COMMIT_MS = 100;

export interface ClusterRun {
  readonly options: ServerOptions;
  readonly servers: readonly string[];
  readonly name: string;
  /** This node's API base URL, written in the lease when it leads (none: standbys cannot tell). */
  readonly advertise_url: string | undefined;
  /** Starts what runs beside the HTTP server (the FIX acceptor) once this node leads. */
  readonly started: (server: HutongServer, epoch: number) => Promise<void>;
  readonly stopped: Promise<void>;
}

/**
 * The URL a leader advertises: `--advertise`, or its host and port (the machine's name for
 * 0.0.0.0); none for port 0, whose port is only known once the server listens.
 */
export function advertiseUrl(
  raw: unknown,
  host: string,
  port: number,
  machine: string,
): string | undefined {
  if (raw === undefined) {
    if (port === 0) return undefined;
    const name = host === '0.0.0.0' || host === '::' ? machine : host;
    return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
  }
  if (typeof raw !== 'string' || !/^https?:\/\/[^\s/]+\/?$/.test(raw)) {
    throw new UsageError('--advertise: a base URL like http://10.0.0.1:8700');
  }
  return raw.replace(/\/$/, '');
}

export function clusterServers(raw: string): string[] {
  const servers = raw
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
  if (servers.length === 0) throw new UsageError('--cluster needs at least one nats:// URL');
  for (const server of servers) {
    if (!/^(nats|tls):\/\/[^\s/]+$/.test(server)) {
      throw new UsageError(`--cluster: ${server} is not a NATS URL like nats://127.0.0.1:4222`);
    }
  }
  return servers;
}

/** Runs one cluster node until it is told to stop (resolves) or is deposed (exits the process). */
export async function runClusterNode(run: ClusterRun): Promise<HutongServer | null> {
  const connection = await connectNats(run.servers, run.name);
  const cache_dir = join(run.options.data_dir, `node-${run.name}`);
  // A cache of the stream: rebuilt at every start, so it can never disagree with the stream.
  rmSync(cache_dir, { recursive: true, force: true });
  const clock = new ForwardingClock(SYSTEM_CLOCK);
  const node = HubNode.open({
    data_dir: cache_dir,
    clock,
    fsync: 'never',
    snapshot_every_commands: 0,
    projection: 'thread',
  });
  const replica = new Replica(node.hub);
  replica.on_applied = (envelope, result, encoded) =>
    node.recordReplicated(envelope, encoded, result);
  const log = (line: string) => process.stderr.write(`hutong: cluster: ${line}\n`);
  const snapshot_every_commands = run.options.snapshot_every_commands ?? 50_000;
  const snapshots =
    snapshot_every_commands === 0
      ? {}
      : {
          snapshots: {
            store: await openSnapshotStore(connection),
            every_commands: snapshot_every_commands,
          },
        };
  const standby = await Standby.open(connection, {
    ...snapshots,
    holder: run.name,
    ...(run.advertise_url === undefined ? {} : { advertise_url: run.advertise_url }),
    clock,
    replica,
    log,
  });
  await standby.startConsuming();
  // Synchronous, like the commit a full buffer forces (recordReplicated): never two at once.
  const committing = setInterval(() => node.commitSync(), STANDBY_COMMIT_MS);
  const answering = await answerAsStandby(run, node, standby);
  process.stdout.write(
    `Hutong cluster node ${run.name}: standby, replaying the journal stream from ${run.servers.join(',')}\n` +
      `  HTTP ${run.options.host}:${run.options.port} answers 503 NOT_LEADER until this node leads\n`,
  );
  const campaign = new AbortController();
  const leading = standby.campaignWriter({ signal: campaign.signal });
  const outcome = await Promise.race([
    leading.then((won) => ({ won })),
    run.stopped.then(() => null),
  ]);
  clearInterval(committing);
  await closeServer(answering);
  if (outcome === null) {
    campaign.abort();
    await leading.catch(() => undefined);
    await standby.stopConsuming();
    await node.close();
    await connection.close();
    return null;
  }
  const { writer, lease } = outcome.won;
  await node.commit();
  const replicator = new StreamReplicator(writer, lease, node.hub.seq + 1, {
    on_fenced: (fence) => {
      if (fence.reason !== 'CLOSED') deposed(fence);
    },
  });
  node.replicateTo(replicator);
  const server = await startServer({
    ...run.options,
    node: { node, clock },
    on_fatal: (error) =>
      error instanceof LeaderFencedError ? deposed(error) : run.options.on_fatal(error),
  });
  // Gateways forward requests on NATS to whichever node leads (docs/operations.md "Gateways").
  const responder = answerApiRequests(connection, server.app, log);
  await run.started(server, writer.epoch);
  return {
    ...server,
    // Stop serving, then give up the lease and the connection: a standby takes over after the TTL.
    close: async () => {
      await responder.stop();
      await server.close();
      await replicator.close();
      await connection.close();
    },
  };
}

function deposed(fence: LeaderFencedError): never {
  process.stderr.write(
    `hutong: this node is no longer the leader (${fence.reason}): it stops without writing ` +
      'again; start it again to rejoin as a standby\n',
  );
  process.exit(75);
}

export async function connectNats(
  servers: readonly string[],
  name: string,
): Promise<NatsConnection> {
  try {
    return await connect({ servers: [...servers], name: `hutong-${name}`, timeout: 5_000 });
  } catch (error) {
    throw new CliError(
      `cannot reach NATS at ${servers.join(',')}: ${(error as Error).message} (start it, or try hutong nats-dev)`,
    );
  }
}

/**
 * The standby's HTTP: 503 NOT_LEADER for everything, naming the leader and its URL as last read
 * from the lease (null while none is known); /healthz says what this node is doing.
 */
async function answerAsStandby(run: ClusterRun, node: HubNode, standby: Standby): Promise<Server> {
  const server = createServer((request, response) => {
    const leader = standby.leaderSeen();
    const body =
      request.url === '/healthz'
        ? {
            role: 'standby',
            node: run.name,
            seq: node.hub.seq,
            stream_seq: standby.replica.stream_seq,
            leader,
          }
        : {
            error: {
              code: 'NOT_LEADER',
              message:
                leader?.url === undefined
                  ? `Node ${run.name} is a standby and no leader is known yet: retry shortly`
                  : `Node ${run.name} is a standby: send commands and queries to the leader at ${leader.url}`,
              details: { node: run.name, seq: node.hub.seq, leader },
            },
          };
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new CliError(`${run.options.host}:${run.options.port} is in use: pick --port N`)
          : error,
      ),
    );
    server.listen(run.options.port, run.options.host, done);
  });
  return server;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

export const NATS_DEV_COMMAND: CommandSpec = {
  name: 'nats-dev',
  summary:
    'Three local nats-server nodes with JetStream, clustered, for trying a Hutong cluster on one\n' +
    'machine (not for production: one machine is one failure).',
  options: {
    dir: {
      type: 'string',
      value: 'DIR',
      help: 'their configs, logs and stores (default ./nats-dev)',
    },
    port: {
      type: 'string',
      value: 'N',
      help: 'client port of the first node; the others follow (default 4231)',
    },
  },
  notes: [
    'example: hutong nats-dev --port 4231   (then: hutong serve --cluster nats://127.0.0.1:4231,…)',
  ],
};

export function runNatsDev(argv: readonly string[]): Promise<number> {
  return withUsage(NATS_DEV_COMMAND, async () => {
    const values = parseOptions(argv, NATS_DEV_COMMAND);
    const port = integerOption(values, 'port', 4231);
    const directory = resolve(typeof values.dir === 'string' ? values.dir : 'nats-dev');
    let cluster: NatsCluster;
    try {
      cluster = await NatsCluster.start({ client_port: port, directory });
    } catch (error) {
      throw new CliError(
        `could not start three nats-server nodes from ${NATS_SERVER_PATH} on ports ${port}-${port + 2}: ${(error as Error).message}`,
      );
    }
    process.stdout.write(
      `NATS JetStream cluster of 3 nodes (data in ${directory}):\n  ${cluster.servers.join(',')}\n` +
        'Press Ctrl+C to stop.\n',
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await cluster.stop();
    return 0;
  });
}
