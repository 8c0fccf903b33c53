/**
 * A stateless API gateway (`hutong gateway`, docs/operations.md "Gateways"): an HTTP server that
 * holds no hub. Every request it cannot answer itself is forwarded to the cluster's leader over
 * NATS (relay_forward.ts) and the leader's answer passed back unchanged; with a PostgreSQL
 * projection some reads are answered from it (relay_reads.ts). Add gateways to add API capacity.
 *
 * Its own answers: `GET /healthz` (`{role: "gateway", leader_reachable, …}`), 503 `NO_LEADER`,
 * 504 `LEADER_TIMEOUT`, 413 for what NATS cannot carry. WebSocket streams are tunnelled to the
 * leader's advertised URL (relay_tunnel.ts); a gateway told no way to find it answers an upgrade
 * with 501 `WEBSOCKET_AT_LEADER`.
 * @module
 */

import type { NatsConnection } from '@nats-io/transport-node';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { clientErrorHandler } from './error_handler.js';
import { ApiError } from './errors.js';
import { toJson } from './json.js';
import { Forwarder, SOURCE_HEADER, sendGatewayError } from './relay_forward.js';
import { type RelayProjection, registerProjectionReads } from './relay_reads.js';
import { type LeaderUrl, tunnelUpgrades } from './relay_tunnel.js';
import { bodyText } from './relay_wire.js';

export interface RelayOptions {
  readonly connection: NatsConnection;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** How long to wait for the leader's answer (default 5 s). */
  readonly timeout_ms?: number;
  /** Serve some reads from this projection (null: forward every request). */
  readonly projection?: RelayProjection | null;
  readonly log_level?: 'silent' | 'fatal' | 'error' | 'warn' | 'info';
  /** The NATS subject the leader answers on (default `hutong.api`; tests use their own). */
  readonly subject?: string;
  /** Where the leader answers, for tunnelling WebSocket streams (none: upgrades get 501). */
  readonly leader_url?: LeaderUrl;
}

export interface RelayServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/** The leader's /healthz is asked for at most this long. */
const HEALTH_TIMEOUT_MS = 2_000;
const BODY_BYTES_MAX = 1024 * 1024;

export async function startRelay(options: RelayOptions): Promise<RelayServer> {
  const forwarder = new Forwarder(options.connection, options.timeout_ms, options.subject);
  const level = options.log_level ?? 'warn';
  const app = Fastify({
    logger: level === 'silent' ? false : { level },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_BYTES_MAX,
    return503OnClosing: true,
    clientErrorHandler,
  });
  // Bodies go to the leader as they came: the leader parses them and refuses bad JSON itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setReplySerializer((payload) => toJson(payload));
  app.setErrorHandler(relayErrorHandler);
  const projection = options.projection ?? null;
  app.get('/healthz', async () => health(forwarder, projection));
  if (projection !== null) registerProjectionReads(app, projection, forwarder);
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isWebSocketUpgrade(request)) throw webSocketAtLeader();
    return forwarder.send(request, reply);
  };
  app.all('*', forward);
  app.setNotFoundHandler(forward);
  // With an 'upgrade' listener Node hands upgrade requests to it, never to the routes above.
  if (options.leader_url !== undefined) tunnelUpgrades(app.server, options.leader_url);
  await app.ready();
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

async function health(forwarder: Forwarder, projection: RelayProjection | null) {
  const leader = await leaderHealth(forwarder);
  const projection_seq =
    projection === null ? undefined : await projection.last_seq().catch(() => null);
  return {
    role: 'gateway',
    leader_reachable: leader !== null,
    ...(leader === null ? {} : { leader }),
    ...(projection_seq === undefined ? {} : { projection_seq }),
  };
}

/** The leader's own /healthz body ({ok, seq}), or null when no leader answered. */
async function leaderHealth(forwarder: Forwarder): Promise<unknown> {
  const request = { method: 'GET', url: '/healthz', headers: {}, body: null, remote_address: '' };
  try {
    const answer = await forwarder.ask(request, Math.min(forwarder.timeout_ms, HEALTH_TIMEOUT_MS));
    return JSON.parse(await bodyText(answer.body)) as unknown;
  } catch {
    return null;
  }
}

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  const upgrade = request.headers.upgrade;
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}

function webSocketAtLeader(): ApiError {
  return new ApiError(
    501,
    'WEBSOCKET_AT_LEADER',
    'Gateways do not relay WebSocket streams: connect to the leader directly (its /healthz answers 200)',
  );
}

function relayErrorHandler(
  error: FastifyError | ApiError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiError) return sendGatewayError(reply, error);
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = (error as FastifyError).code ?? 'BAD_REQUEST';
    return reply
      .header(SOURCE_HEADER, 'gateway')
      .status(status)
      .send({
        error: {
          code: 'INVALID_REQUEST',
          message: error.message,
          problems: [{ field: '(body)', rule: code, message: error.message }],
        },
      });
  }
  request.log.error({ err: error, request_id: request.id }, 'gateway request failed');
  return reply
    .header(SOURCE_HEADER, 'gateway')
    .status(500)
    .send({
      error: {
        code: 'INTERNAL',
        message: 'Internal error in the gateway; the request id is in its log',
        request_id: request.id,
      },
    });
}
