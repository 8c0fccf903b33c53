/**
 * One error shape for every failure (errors.ts). Handler errors that are not ApiErrors are bugs in
 * the gateway: a 500 with the request id, logged with the stack; the server carries on (reads do
 * not change state, and a throw inside the hub halts the engine before it gets here).
 * @module
 */

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HubHaltedError } from './engine.js';
import { ApiError } from './errors.js';

/** An error's status and body, or null for a bug (answered as a 500 and logged by the caller). */
export function errorAnswer(
  error: FastifyError | ApiError | Error,
  request_id: string,
): { status: number; body: unknown } | null {
  if (error instanceof ApiError) return { status: error.status, body: error.body() };
  if (error instanceof HubHaltedError) {
    return {
      status: 503,
      body: { error: { code: 'HUB_HALTED', message: error.message, request_id } },
    };
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = (error as FastifyError).code ?? 'BAD_REQUEST';
    return {
      status,
      body: {
        error: {
          code: 'INVALID_REQUEST',
          message: error.message,
          problems: [{ field: '(body)', rule: code, message: error.message }],
        },
      },
    };
  }
  return null;
}

/** The 500 body of a bug in the gateway. */
export function internalErrorBody(request_id: string): unknown {
  return {
    error: {
      code: 'INTERNAL',
      message: 'Internal error; the request id is in the server log',
      request_id,
    },
  };
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | Error, request, reply) => {
    const answer = errorAnswer(error, request.id);
    if (answer !== null) {
      reply.status(answer.status).send(answer.body);
      return;
    }
    request.log.error({ err: error, request_id: request.id }, 'request failed');
    reply.status(500).send(internalErrorBody(request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const shown = path.length > PATH_SHOWN_MAX ? `${path.slice(0, PATH_SHOWN_MAX)}…` : path;
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `No route ${request.method} ${shown}` },
    });
  });
  // A callback hook: no promise per request for a check that almost always passes.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.length <= URL_LENGTH_MAX) return done();
    const error = new ApiError(
      414,
      'URI_TOO_LONG',
      `A request URL is at most ${URL_LENGTH_MAX} characters`,
      {
        url_length: request.url.length,
        url_length_max: URL_LENGTH_MAX,
      },
    );
    done(error);
  });
}

/** Longer URLs are refused with 414 before routing or authentication. */
export const URL_LENGTH_MAX = 8_192;
/** How much of an unknown path a 404 message repeats. */
const PATH_SHOWN_MAX = 200;

/**
 * Requests Node's parser refuses before Fastify sees them (a request line and headers past
 * 16 KiB, bytes that are not HTTP, a client too slow to send its headers) are answered in the
 * API's one error shape, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = clientErrorOf(error.code);
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function clientErrorOf(node_code: string | undefined): [number, string, string] {
  if (node_code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'HEADERS_TOO_LARGE', 'The request line and headers are at most 16 KiB'];
  }
  if (node_code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'REQUEST_TIMEOUT', 'The request was not received in time'];
  }
  return [400, 'INVALID_REQUEST', 'The request is not valid HTTP'];
}
