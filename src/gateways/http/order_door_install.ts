/**
 * The lean order door (order_door.ts) put in front of a Fastify app: the server's one request
 * listener becomes "the door's request, or else Fastify's", on the same `http.Server` with all of
 * Fastify's settings (timeouts, keep-alive, the client error handler, closing).
 * @module
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { type OrderDoor, type OrderDoorOptions, orderDoor } from './order_door.js';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** Call before `app.ready()` (it adds a hook). */
export function installOrderDoor(
  app: FastifyInstance,
  options: Omit<OrderDoorOptions, 'parseJson' | 'logError' | 'closing'>,
): OrderDoor {
  // From the start of `app.close()` Fastify answers every request 503: so does the door, by
  // leaving them to Fastify.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const parser = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  const door = orderDoor({
    ...options,
    parseJson: (text) => parseWith(parser, text),
    logError: (error, request_id) => app.log.error({ err: error, request_id }, 'request failed'),
    closing: () => closing,
  });
  const server = app.server;
  const listeners = server.listeners('request') as Listener[];
  const fastify = listeners[0];
  if (listeners.length !== 1 || fastify === undefined)
    throw new Error('Fastify was expected to have one request listener');
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!door.take(request, response)) fastify(request, response);
  });
  return door;
}

/** Fastify's JSON body parser called outside a route: its value, or the error it gives. */
function parseWith(parser: FastifyBodyParser<string>, text: string): unknown {
  let outcome: { error: Error | null; value: unknown } | null = null;
  const done = (error: Error | null, value?: unknown) => {
    outcome = { error, value };
  };
  // The default JSON parser does not read the request and answers synchronously.
  (parser as (request: unknown, body: string, done: unknown) => void)(null, text, done);
  const answered = outcome as { error: Error | null; value: unknown } | null;
  if (answered === null) throw new Error('the JSON parser did not answer synchronously');
  if (answered.error !== null) throw answered.error;
  return answered.value;
}

/** Request ids as Fastify makes them (`req-1`, `req-2`, … in base 36), for both doors. */
export function requestIdSequence(): () => string {
  let next = 0;
  return () => {
    next = (next + 1) & 0x7fffffff;
    return `req-${next.toString(36)}`;
  };
}
