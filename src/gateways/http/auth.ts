/**
 * Authentication: `Authorization: Bearer <key>` or `x-api-key: <key>` on every route except the
 * public ones (health, OpenAPI, the console's files, and the demo key list when enabled). Browsers
 * cannot set headers on a WebSocket, so the stream also takes `?api_key=<key>`.
 * @module
 */

import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HubState } from '../../hub/index.js';
import { ApiError } from './errors.js';
import type { KeyStore } from './keys.js';
import { type Viewer, viewerOf } from './scope.js';

export interface Principal {
  readonly participant: string;
  /** The key itself, for per-key rate limits; never logged or echoed. */
  readonly key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** No API key needed. */
    public?: boolean;
    /** The key may come in the `api_key` query parameter (WebSocket upgrades). */
    key_in_query?: boolean;
  }
}

/**
 * Counts a request without a valid key against its IP's limit; throws the 429 `RATE_LIMITED`
 * error past it. Requests with a valid key are limited per key later, in the route's hooks.
 */
export type UnauthenticatedLimiter = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<void>;

export function registerAuth(
  app: FastifyInstance,
  keys: KeyStore,
  limitUnauthenticated: UnauthenticatedLimiter | null = null,
): void {
  app.decorateRequest('principal', null);
  // A callback hook, not an async one: a known key costs no promise (every request passes here).
  app.addHook('onRequest', (request, reply, done) => {
    try {
      const config = request.routeOptions.config;
      if (config?.public === true || request.routeOptions.url === undefined) return done();
      const key = presentedKey(request, config?.key_in_query === true);
      const record = key === null ? undefined : keys.lookup(key);
      if (key !== null && record !== undefined) {
        request.principal = { participant: record.participant, key };
        return done();
      }
      const refused = unauthenticated(key === null);
      if (limitUnauthenticated === null) return done(refused);
      limitUnauthenticated(request, reply).then(() => done(refused), done);
    } catch (error) {
      done(error as Error);
    }
  });
}

function unauthenticated(missing: boolean): ApiError {
  return missing
    ? new ApiError(
        401,
        'UNAUTHENTICATED',
        'An API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>"',
      )
    : new ApiError(401, 'UNAUTHENTICATED', 'The API key is not known');
}

/** RFC 9110 §11.1: the scheme is case-insensitive (`Bearer`, `bearer`, `BEARER`), then 1*SP. */
const BEARER = /^bearer +(.*)$/i;

export function presentedKey(request: FastifyRequest, query_allowed: boolean): string | null {
  const key = keyInHeaders(request.headers);
  if (key !== null) return key;
  if (query_allowed) {
    const query = request.query as Record<string, unknown> | undefined;
    const value = query?.api_key;
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

/** The key in `Authorization: Bearer <key>` or else in `x-api-key`, or null. */
export function keyInHeaders(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  const bearer = typeof header === 'string' ? BEARER.exec(header) : null;
  if (bearer !== null) return (bearer[1] ?? '').trim();
  const api_key = headers['x-api-key'];
  if (typeof api_key === 'string' && api_key.length > 0) return api_key;
  return null;
}

export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === null) throw new ApiError(401, 'UNAUTHENTICATED', 'An API key is required');
  return principal;
}

export function viewerOfRequest(request: FastifyRequest, state: HubState): Viewer {
  return viewerOf(state, principalOf(request).participant);
}

export function requireOperator(request: FastifyRequest, state: HubState): Viewer {
  const viewer = viewerOfRequest(request, state);
  if (!viewer.operator) {
    throw new ApiError(403, 'OPERATOR_ONLY', 'Only an operator may do this', {
      participant: viewer.participant,
    });
  }
  return viewer;
}
