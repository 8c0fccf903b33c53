/**
 * A three-node NATS JetStream cluster on loopback, started from the nats-server binary: for tests
 * and the cluster benchmark. Each node gets free client and route ports, a config file with
 * `cluster { routes }` and `jetstream { store_dir }` in a temporary directory, and its log beside
 * it. `start` resolves once JetStream has a meta leader (an account-info request succeeds); `stop`
 * sends SIGTERM and SIGKILLs what has not exited after a timeout. A node can be killed and
 * restarted on the same ports and store, to inject faults.
 * @module
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { assert } from '../kernel/index.js';

export const NATS_SERVER_PATH = '/usr/sbin/nats-server';

export interface NatsClusterOptions {
  readonly nodes?: number;
  readonly server_path?: string;
  /** How long `start` waits for a JetStream meta leader. */
  readonly ready_timeout_ms?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL. */
  readonly stop_timeout_ms?: number;
  /**
   * Node i listens for clients on `client_port + i` and for routes on `client_port + 100 + i`
   * (`hutong nats-dev`); default: free ports.
   */
  readonly client_port?: number;
  /** Where the nodes keep their configs, logs and stores (kept at stop); default: a scratch dir. */
  readonly directory?: string;
}

interface NatsNode {
  readonly name: string;
  readonly client_port: number;
  readonly route_port: number;
  readonly config_path: string;
  readonly log_path: string;
  process: ChildProcess | null;
}

export class NatsCluster {
  private constructor(
    readonly directory: string,
    private readonly nodes: NatsNode[],
    private readonly options: NatsClusterOptions,
  ) {}

  /** Client URLs of every node, `nats://127.0.0.1:port`. */
  get servers(): string[] {
    return this.nodes.map((node) => `nats://127.0.0.1:${node.client_port}`);
  }

  get node_count(): number {
    return this.nodes.length;
  }

  static async start(options: NatsClusterOptions = {}): Promise<NatsCluster> {
    const count = options.nodes ?? 3;
    assert(count >= 1 && count <= 5, 'a cluster has 1 to 5 nodes');
    const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'hutong-nats-'));
    mkdirSync(directory, { recursive: true });
    const ports = options.client_port === undefined ? await freePorts(count * 2) : [];
    const first = options.client_port ?? 0;
    const nodes: NatsNode[] = [];
    for (let i = 0; i < count; i += 1) {
      const name = `n${i + 1}`;
      nodes.push({
        name,
        client_port: ports[i * 2] ?? first + i,
        route_port: ports[i * 2 + 1] ?? first + 100 + i,
        config_path: join(directory, `${name}.conf`),
        log_path: join(directory, `${name}.log`),
        process: null,
      });
    }
    for (const node of nodes) writeNodeConfig(directory, node, nodes);
    const cluster = new NatsCluster(directory, nodes, options);
    try {
      for (let i = 0; i < count; i += 1) cluster.spawnNode(i);
      await cluster.waitReady();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Resolves when a client can reach JetStream and the meta group has a leader. */
  async waitReady(): Promise<void> {
    const deadline_ms = Date.now() + (this.options.ready_timeout_ms ?? 30_000);
    let last_error = 'not tried';
    while (Date.now() < deadline_ms) {
      let connection: NatsConnection | null = null;
      try {
        connection = await connect({ servers: this.servers, timeout: 1_000 });
        const manager = await jetstreamManager(connection, { timeout: 2_000 });
        await manager.getAccountInfo();
        return;
      } catch (error) {
        last_error = String(error);
      } finally {
        await connection?.close().catch(() => undefined);
      }
      await sleep(250);
    }
    throw new Error(`The NATS cluster in ${this.directory} has no JetStream leader: ${last_error}`);
  }

  /** Sends a signal to one node (SIGKILL to crash it, SIGSTOP/SIGCONT to pause it). */
  signal(index: number, signal: NodeJS.Signals): void {
    const node = this.nodeAt(index);
    assert(node.process !== null, `node ${node.name} is not running`);
    node.process.kill(signal);
  }

  /** Kills one node with SIGKILL and waits until it has exited. */
  async kill(index: number): Promise<void> {
    const node = this.nodeAt(index);
    const child = node.process;
    if (child === null) return;
    child.kill('SIGKILL');
    await exited(child, 5_000);
    node.process = null;
  }

  /** Starts a killed node again on its ports and store. */
  restart(index: number): void {
    assert(this.nodeAt(index).process === null, 'restart of a running node');
    this.spawnNode(index);
  }

  /** Starts every killed node again and waits for JetStream (after a fault, whatever happened). */
  async reviveAll(): Promise<void> {
    const killed = this.nodes.filter((node) => node.process === null);
    if (killed.length === 0) return;
    for (const node of killed) this.spawnNode(this.nodes.indexOf(node));
    await this.waitReady();
  }

  async stop(): Promise<void> {
    const timeout_ms = this.options.stop_timeout_ms ?? 5_000;
    await Promise.all(
      this.nodes.map(async (node) => {
        const child = node.process;
        if (child === null) return;
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        if (!(await exited(child, timeout_ms))) {
          child.kill('SIGKILL');
          await exited(child, timeout_ms);
        }
        node.process = null;
      }),
    );
    if (this.options.directory === undefined)
      rmSync(this.directory, { recursive: true, force: true });
  }

  private nodeAt(index: number): NatsNode {
    const node = this.nodes[index];
    assert(node !== undefined, `no NATS node ${index}`);
    return node;
  }

  private spawnNode(index: number): void {
    const node = this.nodeAt(index);
    const log = openSync(node.log_path, 'a');
    const child = spawn(this.options.server_path ?? NATS_SERVER_PATH, ['-c', node.config_path], {
      stdio: ['ignore', log, log],
    });
    child.on('error', () => undefined);
    node.process = child;
  }
}

function writeNodeConfig(directory: string, node: NatsNode, nodes: readonly NatsNode[]): void {
  const store = join(directory, node.name);
  mkdirSync(store, { recursive: true });
  const routes = nodes
    .filter((other) => other !== node)
    .map((other) => `    nats-route://127.0.0.1:${other.route_port}`)
    .join('\n');
  const config = [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.client_port}`,
    'jetstream {',
    `  store_dir: "${store}"`,
    '  max_memory_store: 64MB',
    '  max_file_store: 2GB',
    '}',
    'cluster {',
    '  name: hutong',
    `  listen: 127.0.0.1:${node.route_port}`,
    '  routes: [',
    routes,
    '  ]',
    '}',
    '',
  ].join('\n');
  writeFileSync(node.config_path, config);
}

/** Free loopback ports: listen on port 0, read the port, close. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return server;
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    assert(address !== null && typeof address === 'object', 'listening server has an address');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Resolves true when the child exits within the timeout, false otherwise. */
export function exited(child: ChildProcess, timeout_ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeout_ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function sleep(delay_ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delay_ms));
}
