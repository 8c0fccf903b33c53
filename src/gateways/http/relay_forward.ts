/**
 * A gateway's forwarding: the client's request, as it came (method, path and query, end-to-end
 * headers including Authorization, the body unparsed), sent to the leader on `hutong.api`, and
 * the leader's answer sent back unchanged. Only what the leader could not say is the gateway's:
 * no leader (503 `NO_LEADER`, safe to retry), no answer in time (504 `LEADER_TIMEOUT`, a command
 * may have been applied), a request or answer too large for NATS.
 * @module
 */

import {
  ClosedConnectionError,
  type NatsConnection,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import {
  API_SUBJECT,
  bodyText,
  decodeResponse,
  encodeJson,
  endToEnd,
  type RelayRequest,
  type RelayResponse,
  wireBody,
} from './relay_wire.js';

export const DEFAULT_RELAY_TIMEOUT_MS = 5_000;

/** Which part of the system answered: the leader, the gateway's projection, or the gateway. */
export const SOURCE_HEADER = 'x-hutong-source';

export class Forwarder {
  constructor(
    private readonly connection: NatsConnection,
    readonly timeout_ms: number = DEFAULT_RELAY_TIMEOUT_MS,
    private readonly subject: string = API_SUBJECT,
  ) {}

  /** Forwards the request and sends the leader's answer, or the gateway's error. */
  async send(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const body = typeof request.body === 'string' ? await wireBody(request.body) : null;
    const forwarded: RelayRequest = {
      method: request.method,
      url: request.url,
      headers: endToEnd(request.headers),
      body,
      remote_address: request.ip,
    };
    const answer = await this.ask(forwarded, this.timeout_ms);
    reply.status(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    reply.header(SOURCE_HEADER, 'leader');
    await reply.send(await bodyText(answer.body));
  }

  /** The leader's answer to a request, or throws the gateway's ApiError. */
  async ask(request: RelayRequest, timeout_ms: number): Promise<RelayResponse> {
    const data = encodeJson(request);
    const max_bytes = this.connection.info?.max_payload ?? 1024 * 1024;
    if (data.byteLength > max_bytes) {
      throw new ApiError(
        413,
        'REQUEST_TOO_LARGE',
        `The request is ${data.byteLength} bytes as forwarded, more than a gateway can carry (${max_bytes})`,
        { bytes: data.byteLength, max_bytes },
      );
    }
    let message: { data: Uint8Array };
    try {
      message = await this.connection.request(this.subject, data, { timeout: timeout_ms });
    } catch (error) {
      throw relayError(error, timeout_ms);
    }
    const answer = decodeResponse(message.data);
    if (answer === null)
      throw new ApiError(
        502,
        'BAD_LEADER_ANSWER',
        'The leader sent an answer the gateway cannot read',
      );
    return answer;
  }
}

function relayError(error: unknown, timeout_ms: number): ApiError {
  const cause = error instanceof Error ? error.cause : undefined;
  const noResponders =
    error instanceof NoRespondersError ||
    cause instanceof NoRespondersError ||
    (error instanceof RequestError && error.isNoResponders());
  if (noResponders) return noLeader();
  if (error instanceof TimeoutError || cause instanceof TimeoutError) {
    return new ApiError(
      504,
      'LEADER_TIMEOUT',
      `The leader did not answer within ${timeout_ms} ms. A command may still have been applied: ` +
        'retry it with the same Idempotency-Key, or look it up with GET /v1/commands/:seq',
      { timeout_ms },
    );
  }
  if (error instanceof ClosedConnectionError) {
    return new ApiError(503, 'GATEWAY_CLOSING', 'This gateway is shutting down: use another one');
  }
  return new ApiError(
    502,
    'RELAY_FAILED',
    `The gateway could not reach the leader: ${(error as Error).message}`,
  );
}

export function noLeader(): ApiError {
  return new ApiError(
    503,
    'NO_LEADER',
    'No cluster node leads right now (a standby takes over within seconds of a leader stopping): ' +
      'retry shortly; the request was not delivered',
  );
}

/** Renders a gateway error; 503s say when to retry. */
export function sendGatewayError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.status === 503) reply.header('retry-after', '1');
  return reply.header(SOURCE_HEADER, 'gateway').status(error.status).send(error.body());
}
