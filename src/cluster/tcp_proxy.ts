/**
 * A loopback TCP proxy we control, for the network-partition fault: a process connects to NATS
 * through it; `partition()` cuts every connection and refuses new ones (they are closed on
 * accept) until `heal()`.
 * @module
 */

import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { assert } from '../kernel/index.js';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private partitioned = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(target_port: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => proxy?.accept(client, target_port));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert(address !== null && typeof address === 'object', 'proxy listens on a port');
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  private accept(client: Socket, target_port: number): void {
    if (this.partitioned) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target_port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Cuts every connection through the proxy and refuses new ones. */
  partition(): void {
    this.partitioned = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.partitioned = false;
  }

  async stop(): Promise<void> {
    this.partition();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
