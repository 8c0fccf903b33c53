/**
 * The lean door for `POST /v1/orders` (issue 19): single orders are most requests, and Fastify's
 * routing, hooks, promises and reply path cost an order more than the hub does. The door sits in
 * front of Fastify on the same `http.Server` and answers exactly what the Fastify route answers
 * (order_door.test.ts sends both the same requests and compares status, headers and body):
 *
 * - It takes only a request it can answer as the route would from its headers alone: POST to the
 *   exact path, `Content-Type: application/json` (optionally `; charset=utf-8`), a
 *   `Content-Length` of 1 byte to the body limit, a known API key, the server not closing.
 *   Anything else (no or unknown key, another content type, chunked or too large bodies, query
 *   strings) goes to Fastify unread, which answers it as before.
 * - Then, in Fastify's order: the body read and parsed by Fastify's own JSON parser (its 400s);
 *   the key's request counted in the rate limiter's shared windows (rate_windows.ts: one limit per
 *   key across both doors, the same `x-ratelimit-*` headers and 429); the order checked by the
 *   protocol (order_fast.ts, zod for the rest), submitted, its group commit awaited, and the
 *   answer scoped and serialized as the route's (routes_commands.ts `submitParsed`).
 * @module
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCommand } from '../../protocol/index.js';
import { keyInHeaders, type Principal } from './auth.js';
import { errorAnswer, internalErrorBody } from './error_handler.js';
import { ApiError, invalidRequest, problem } from './errors.js';
import type { Gateway } from './gateway.js';
import { isPlainObject, toJson } from './json.js';
import { countWindow, type DoorRateLimit, waitText } from './rate_windows.js';
import { idempotencyKeyIn, submitParsed } from './routes_commands.js';

export const ORDER_DOOR_PATH = '/v1/orders';

export interface OrderDoorOptions {
  readonly gateway: Gateway;
  readonly body_limit_bytes: number;
  /** null when rate limiting is off. */
  readonly rate: DoorRateLimit | null;
  /** Fastify's JSON body parser: a value, or throws the error Fastify would answer. */
  readonly parseJson: (text: string) => unknown;
  /** A request id for a 500 or a halted hub's 503, from the same sequence as Fastify's. */
  readonly requestId: () => string;
  readonly logError: (error: unknown, request_id: string) => void;
  /** True once the server is closing: Fastify then answers 503 to every request. */
  readonly closing: () => boolean;
}

export interface OrderDoor {
  /** Takes the request and answers it (true), or leaves it to Fastify untouched (false). */
  take(request: IncomingMessage, response: ServerResponse): boolean;
  /** Requests taken so far (tests check that the door, not Fastify, answered). */
  readonly taken: number;
}

type Headers = Record<string, string | number>;

export function orderDoor(options: OrderDoorOptions): OrderDoor {
  const door = {
    taken: 0,
    take: (request: IncomingMessage, response: ServerResponse) => {
      const principal = takes(options, request);
      if (principal === null) return false;
      door.taken += 1;
      readBody(request, Number(request.headers['content-length']), (text) => {
        serve(options, request, response, text, principal).catch((error: unknown) => {
          // Only a failure to write the answer gets here: logged, and the connection dropped.
          options.logError(error, options.requestId());
          response.destroy();
        });
      });
      return true;
    },
  };
  return door;
}

/**
 * The caller, when the door can answer the request as the route would from its headers alone;
 * null leaves it to Fastify.
 */
function takes(options: OrderDoorOptions, request: IncomingMessage): Principal | null {
  if (request.method !== 'POST' || request.url !== ORDER_DOOR_PATH) return null;
  if (options.closing()) return null;
  const headers = request.headers;
  if (!isJsonType(headers['content-type']) || headers['transfer-encoding'] !== undefined)
    return null;
  const length_bytes = contentLength(headers['content-length']);
  if (length_bytes === null || length_bytes > options.body_limit_bytes) return null;
  const key = keyInHeaders(headers);
  const record = key === null ? undefined : options.gateway.keys.lookup(key);
  return key === null || record === undefined ? null : { participant: record.participant, key };
}

/** The two spellings clients send; any other goes through Fastify's content-type parsing. */
function isJsonType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  return lower === 'application/json' || lower === 'application/json; charset=utf-8';
}

function contentLength(value: string | undefined): number | null {
  if (value === undefined || !/^[1-9]\d{0,9}$/.test(value)) return null;
  return Number(value);
}

/** The body as UTF-8 text, as Fastify decodes it; an aborted request is never answered. */
function readBody(request: IncomingMessage, length_bytes: number, done: (text: string) => void) {
  const chunks: Buffer[] = [];
  let received_bytes = 0;
  request.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received_bytes += chunk.length;
  });
  request.on('end', () => {
    // Node's parser ends a body only at its Content-Length; were it otherwise, drop the connection.
    if (received_bytes !== length_bytes) {
      request.socket.destroy();
      return;
    }
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    done(body.toString('utf8'));
  });
  request.on('error', () => undefined); // the client went away: nothing to answer
}

async function serve(
  options: OrderDoorOptions,
  request: IncomingMessage,
  response: ServerResponse,
  text: string,
  principal: Principal,
): Promise<void> {
  const headers: Headers = {};
  try {
    const parsed = parseBody(options, text, headers);
    if (options.rate !== null) countRequest(options.rate, principal.key, headers);
    const body = parsed ?? {};
    if (!isPlainObject(body)) throw problem('(body)', 'invalid_type', 'the body is a JSON object');
    const command = parseCommand({ ...body, type: 'market.submit_order' });
    if (!command.ok) throw invalidRequest(command.problems);
    const idempotency_key = idempotencyKeyIn(request.headers['idempotency-key']);
    const answer = await submitParsed(
      options.gateway,
      principal.participant,
      command.command,
      idempotency_key,
      () => {
        headers['retry-after'] = '1';
      },
    );
    send(response, 200, headers, toJson(answer));
  } catch (error) {
    sendError(options, response, headers, error);
  }
}

/** Fastify's parse; a body it refuses closes the connection, as Fastify does (more may follow). */
function parseBody(options: OrderDoorOptions, text: string, headers: Headers): unknown {
  try {
    return options.parseJson(text);
  } catch (error) {
    headers.connection = 'close';
    throw error;
  }
}

/** As @fastify/rate-limit's preHandler hook: count, then the headers, or the 429 past the limit. */
function countRequest(rate: DoorRateLimit, key: string, headers: Headers): void {
  const window = countWindow(rate.windows, key, rate.window_ms);
  const reset_s = Math.ceil(window.ttl / 1_000);
  headers['x-ratelimit-limit'] = rate.max;
  if (window.current <= rate.max) {
    headers['x-ratelimit-remaining'] = rate.max - window.current;
    headers['x-ratelimit-reset'] = reset_s;
    return;
  }
  headers['x-ratelimit-remaining'] = 0;
  headers['x-ratelimit-reset'] = reset_s;
  headers['retry-after'] = reset_s;
  throw rate.exceeded({ max: rate.max, ttl: window.ttl, after: waitText(reset_s) });
}

function sendError(
  options: OrderDoorOptions,
  response: ServerResponse,
  headers: Headers,
  error: unknown,
): void {
  const thrown = error instanceof Error ? error : new Error(String(error));
  // Only a halted hub's 503 and a bug's 500 show a request id.
  const needs_id = !(thrown instanceof ApiError);
  const request_id = needs_id ? options.requestId() : '';
  const answer = errorAnswer(thrown, request_id);
  if (answer !== null) {
    send(response, answer.status, headers, toJson(answer.body));
    return;
  }
  options.logError(thrown, request_id);
  send(response, 500, headers, toJson(internalErrorBody(request_id)));
}

function send(response: ServerResponse, status: number, headers: Headers, body: string): void {
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(body);
  response.writeHead(status, headers);
  response.end(body);
}
