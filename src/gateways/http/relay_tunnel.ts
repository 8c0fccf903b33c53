/**
 * WebSocket streams through a gateway: the upgrade request is tunnelled, bytes both ways, to the
 * node that leads, at the URL it advertised in the lease (`--advertise`).
 *
 * Requests go to the leader over NATS request/reply (one answer per request); a stream is a
 * long-lived connection holding the leader's per-connection state (its subscriptions, its flow
 * control), so it is carried whole over TCP instead. The leader authenticates and answers the
 * upgrade itself, exactly as a direct connection. When the leader goes, its streams close; the
 * client reconnects (to the gateway, which tunnels to the new leader) and resubscribes, as it
 * would after any disconnect.
 * @module
 */

import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** The leader's advertised base URL, or a reason there is none to connect to. */
export type LeaderUrl = () => Promise<{ readonly url: string } | { readonly none: string }>;

/** The leader must accept the tunnel's TCP connection within this long. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Tunnels every upgrade request `server` receives to the leader. */
export function tunnelUpgrades(server: Server, leader_url: LeaderUrl): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void tunnel(request, socket, head, leader_url);
  });
}

async function tunnel(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  leader_url: LeaderUrl,
): Promise<void> {
  const leader = await leader_url().catch((error: Error) => ({ none: error.message }));
  if ('none' in leader) {
    refuse(socket, 503, 'NO_LEADER', `No leader to stream from: ${leader.none}; retry shortly`);
    return;
  }
  const target = new URL(leader.url);
  const upstream = connect({
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port: Number(target.port === '' ? 80 : target.port),
  });
  upstream.setTimeout(CONNECT_TIMEOUT_MS, () => upstream.destroy(new Error('connect timed out')));
  let connected = false;
  upstream.once('error', (error) => {
    if (!connected) {
      refuse(
        socket,
        503,
        'NO_LEADER',
        `The leader at ${leader.url} is unreachable (${error.message}); retry shortly`,
      );
    } else {
      socket.destroy();
    }
  });
  upstream.once('connect', () => {
    connected = true;
    upstream.setTimeout(0);
    upstream.write(requestHead(request));
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  // A side that closed cleanly has its last bytes flushed to the other (end); a reset is passed on.
  socket.once('close', (had_error: boolean) => (had_error ? upstream.destroy() : upstream.end()));
  upstream.once('close', (had_error: boolean) => (had_error ? socket.destroy() : socket.end()));
}

/** The upgrade request as it came, headers in their order and case. */
function requestHead(request: IncomingMessage): string {
  const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A plain HTTP answer on the raw socket (no upgrade), then closed. */
function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'x-hutong-source: gateway\r\nretry-after: 1\r\nconnection: close\r\n\r\n' +
      body,
  );
}
