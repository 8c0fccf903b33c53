/**
 * One error shape for every failure (errors.ts). Handler errors that are not ApiErrors are bugs in
 * the gateway: a 500 with the request id, logged with the stack; the server carries on (reads do
 * not change state, and a throw inside the hub halts the engine before it gets here).
 * @module
 */

import type { FastifyError, FastifyInstance } from 'fastify';
import { HubHaltedError } from './engine.js';
import { ApiError } from './errors.js';

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | Error, request, reply) => {
    if (error instanceof ApiError) {
      reply.status(error.status).send(error.body());
      return;
    }
    if (error instanceof HubHaltedError) {
      reply.status(503).send({
        error: { code: 'HUB_HALTED', message: error.message, request_id: request.id },
      });
      return;
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error as FastifyError).code ?? 'BAD_REQUEST';
      reply.status(status).send({
        error: {
          code: 'INVALID_REQUEST',
          message: error.message,
          problems: [{ field: '(body)', rule: code, message: error.message }],
        },
      });
      return;
    }
    request.log.error({ err: error, request_id: request.id }, 'request failed');
    reply.status(500).send({
      error: {
        code: 'INTERNAL',
        message: 'Internal error; the request id is in the server log',
        request_id: request.id,
      },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
      },
    });
  });
}
