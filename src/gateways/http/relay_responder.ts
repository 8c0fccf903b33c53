/**
 * The leader's side of the gateways: while a cluster node leads, it answers the requests gateways
 * forward on `hutong.api` (queue group `hutong-leader`) by running each through its own Fastify
 * app with `app.inject`, exactly as if the client had called it: same routes, same
 * authentication, same rate limits (per key, or per the client's address without one), same
 * answers. Standbys do not subscribe, so a gateway's request finds no responder until a node leads.
 * @module
 */

import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { toJson } from './json.js';
import {
  API_QUEUE,
  API_SUBJECT,
  bodyText,
  decodeRequest,
  encodeJson,
  endToEnd,
  type RelayRequest,
  type RelayResponse,
  wireBody,
} from './relay_wire.js';

export interface ApiResponder {
  /** Requests answered since the start (for /healthz and tests). */
  readonly answered: () => number;
  /** Stops taking requests and waits for those in flight to be answered. */
  stop(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function answerApiRequests(
  connection: NatsConnection,
  app: FastifyInstance,
  log: (line: string) => void,
  subject: string = API_SUBJECT,
): ApiResponder {
  const in_flight = new Set<Promise<void>>();
  let answered = 0;
  const subscription: Subscription = connection.subscribe(subject, {
    queue: API_QUEUE,
    callback: (error, message) => {
      if (error !== null) {
        log(`gateway requests: ${error.message}`);
        return;
      }
      const request = decodeRequest(message.data);
      if (request === null || message.reply === undefined) {
        log('gateway requests: ignored a message that is not a forwarded request');
        return;
      }
      const work = answer(app, request, connection.info?.max_payload ?? 1024 * 1024)
        .then((reply) => {
          message.respond(reply);
          answered += 1;
        })
        .catch((failure: unknown) => log(`gateway request failed: ${String(failure)}`))
        .finally(() => in_flight.delete(work));
      in_flight.add(work);
    },
  });
  return {
    answered: () => answered,
    stop: async () => {
      if (!subscription.isClosed()) await subscription.drain().catch(() => undefined);
      await Promise.all([...in_flight]);
    },
  };
}

async function answer(
  app: FastifyInstance,
  request: RelayRequest,
  max_payload_bytes: number,
): Promise<Uint8Array> {
  const options: InjectOptions = {
    method: request.method as NonNullable<InjectOptions['method']>,
    url: request.url,
    headers: request.headers,
    remoteAddress: request.remote_address,
    ...(request.body === null ? {} : { payload: await bodyText(request.body) }),
  };
  const response = await app.inject(options);
  const reply: RelayResponse = {
    status: response.statusCode,
    headers: endToEnd(response.headers),
    body: await wireBody(response.payload),
  };
  const encoded = encodeJson(reply);
  if (encoded.byteLength <= max_payload_bytes) return encoded;
  return encodeJson(tooLarge(encoded.byteLength, max_payload_bytes));
}

/** An answer above NATS's message limit cannot be sent: what the client gets instead. */
function tooLarge(bytes: number, max_payload_bytes: number): RelayResponse {
  const error = {
    code: 'RESPONSE_TOO_LARGE',
    message: `The answer is ${bytes} bytes, more than a gateway can carry (${max_payload_bytes}): ask for a smaller page (limit), or ask the leader directly`,
    details: { bytes, max_bytes: max_payload_bytes },
  };
  return {
    status: 502,
    headers: { 'content-type': JSON_TYPE },
    body: { encoding: 'utf8', data: toJson({ error }) },
  };
}
