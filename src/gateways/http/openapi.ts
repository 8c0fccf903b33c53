/**
 * The OpenAPI document, served at `/openapi.json`. Route schemas are documentation only: every
 * request is validated by the protocol's zod schemas (so errors have one shape), and the JSON
 * schemas here are generated from those same zod schemas.
 * @module
 */

import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';

export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

export interface RouteDoc {
  readonly summary: string;
  readonly tags: readonly string[];
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  readonly public?: boolean;
}

export function routeSchema(doc: RouteDoc): FastifySchema {
  return {
    summary: doc.summary,
    tags: [...doc.tags],
    ...(doc.body === undefined ? {} : { body: jsonSchemaOf(doc.body) }),
    ...(doc.query === undefined ? {} : { querystring: jsonSchemaOf(doc.query) }),
    ...(doc.params === undefined ? {} : { params: jsonSchemaOf(doc.params) }),
    ...(doc.public === true ? { security: [] } : {}),
  } as FastifySchema;
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hutong hub API',
        version: '1',
        description:
          'Commands and queries for the Hutong hub. Amounts are decimal strings in minor units; ' +
          'prices and quantities are integer units. See docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          api_key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { api_key: [] }],
    },
  });
  app.get(
    '/openapi.json',
    { config: { public: true, rateLimit: false }, schema: { hide: true } as FastifySchema },
    async () => withStream(app.swagger() as unknown as OpenApiDocument),
  );
}

interface OpenApiDocument {
  readonly paths?: Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** WebSocket routes are hidden by @fastify/websocket; the stream is described by hand. */
function withStream(doc: OpenApiDocument): OpenApiDocument {
  const stream = {
    get: {
      summary: 'WebSocket streams: market (per instrument), events and orders (yours), status',
      description:
        'Upgrade to a WebSocket. Subscribe in the query (`market=ISIN,ISIN` or `*`, ' +
        '`channels=events,orders,status`) or with messages ' +
        '`{"op":"subscribe","channel":"market","instruments":["CNE0000018R8"]}`. The key may be ' +
        'given as `api_key` in the query. A reader that falls behind by more than the limit ' +
        'announced in the welcome frame is closed with code 4001 ("slow consumer"). See docs/api.md.',
      tags: ['streams'],
      parameters: [
        { name: 'api_key', in: 'query', schema: { type: 'string' } },
        { name: 'market', in: 'query', schema: { type: 'string' } },
        { name: 'channels', in: 'query', schema: { type: 'string' } },
      ],
      responses: { '101': { description: 'Switching to the WebSocket protocol' } },
    },
  };
  return { ...doc, paths: { ...doc.paths, '/v1/stream': stream } };
}
