/**
 * The OpenAPI document, served at `/openapi.json`. Route schemas are documentation only: every
 * request is validated by the protocol's zod schemas (so errors have one shape), and the JSON
 * schemas here are generated from those same zod schemas. Response schemas (response_docs.ts)
 * document each route's 200 answer and its error statuses; replies are still written by toJson.
 * @module
 */

import { STATUS_CODES } from 'node:http';
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { toJson } from './json.js';
import { ERROR_BODY } from './response_docs.js';

export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** Statuses a route may answer with the error body (errors.ts). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 414 | 422 | 429 | 500 | 501 | 503;

export interface RouteDoc {
  readonly summary: string;
  readonly tags: readonly string[];
  readonly body?: z.ZodType;
  /** The body may also come as application/xml (ISO 20022 messages): what it holds. */
  readonly xml_body?: string;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  /** False when the parameters are documented but the handler reads them as they come (no 400). */
  readonly checks_input?: false;
  readonly public?: boolean;
  /** False for routes outside the rate limit (health). */
  readonly rate_limited?: boolean;
  /**
   * The 200 answer's body. Documentation only: replies are written by toJson (json.ts), never
   * through this schema (documentOnlyResponses), so it cannot drop or reformat a field. Every
   * route has one; the OpenAPI test fails for a route without (WebSocket routes are hidden).
   */
  readonly response?: z.ZodType;
  /** The 200 answer's media type when not JSON. */
  readonly response_type?: 'application/xml';
  /** Other statuses answered with a body of their own (not the error body). */
  readonly other?: Readonly<Record<number, { description: string; schema: z.ZodType }>>;
  /**
   * The error statuses this route answers beyond the common ones, each with its codes. Every
   * route also documents 401 (unless public), 414, 429 (unless not rate limited), 500, and 400
   * when it takes a body, query or path parameters.
   */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, string>>>;
}

/** The component every error response refers to. */
export const ERROR_SCHEMA_REF = '#/components/schemas/ErrorBody';
const ERROR_SCHEMA_ID = 'ErrorBody';

export function routeSchema(doc: RouteDoc): FastifySchema {
  return {
    summary: doc.summary,
    tags: [...doc.tags],
    ...(doc.body === undefined ? {} : { body: bodySchema(doc.body, doc.xml_body) }),
    ...(doc.query === undefined ? {} : { querystring: jsonSchemaOf(doc.query) }),
    ...(doc.params === undefined ? {} : { params: jsonSchemaOf(doc.params) }),
    ...(doc.public === true ? { security: [] } : {}),
    response: responsesOf(doc),
  } as FastifySchema;
}

function bodySchema(body: z.ZodType, xml_body: string | undefined): Record<string, unknown> {
  if (xml_body === undefined) return jsonSchemaOf(body);
  return {
    content: {
      'application/json': { schema: jsonSchemaOf(body) },
      'application/xml': { schema: { type: 'string', description: xml_body } },
    },
  };
}

function responsesOf(doc: RouteDoc): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  if (doc.response !== undefined) responses[200] = okResponse(doc.response, doc.response_type);
  for (const [status, other] of Object.entries(doc.other ?? {}))
    responses[status] = {
      ...jsonSchemaOf(other.schema),
      [RESPONSE_DESCRIPTION]: other.description,
    };
  for (const [status, codes] of Object.entries(errorsOf(doc)))
    responses[status] = { $ref: `${ERROR_SCHEMA_ID}#`, description: errorText(status, codes) };
  return responses;
}

function okResponse(response: z.ZodType, type: string | undefined): Record<string, unknown> {
  return type === undefined
    ? { ...jsonSchemaOf(response), [RESPONSE_DESCRIPTION]: 'OK' }
    : { description: 'OK', content: { [type]: { schema: jsonSchemaOf(response) } } };
}

const RESPONSE_DESCRIPTION = 'x-response-description';

function errorsOf(doc: RouteDoc): Partial<Record<ErrorStatus, string>> {
  const input =
    doc.checks_input !== false &&
    (doc.body !== undefined || doc.query !== undefined || doc.params !== undefined);
  const common: Partial<Record<ErrorStatus, string>> = {
    ...(input ? { 400: 'INVALID_REQUEST (with `problems`)' } : {}),
    ...(doc.public === true ? {} : { 401: 'UNAUTHENTICATED' }),
    414: 'URI_TOO_LONG',
    ...(doc.rate_limited === false ? {} : { 429: 'RATE_LIMITED' }),
    500: 'INTERNAL (with `request_id`)',
  };
  const errors = { ...common, ...doc.errors };
  const sorted = Object.entries(errors).sort(([a], [b]) => Number(a) - Number(b));
  return Object.fromEntries(sorted) as Partial<Record<ErrorStatus, string>>;
}

function errorText(status: string, codes: string): string {
  return `${STATUS_CODES[Number(status)] ?? 'Error'}: ${codes}`;
}

/**
 * Response schemas stay documentation: a serializer compiler that ignores them, so Fastify never
 * builds a schema-driven serializer that could drop or reshape fields. Replies go through toJson.
 */
export function documentOnlyResponses(app: FastifyInstance): void {
  app.setSerializerCompiler(() => (data) => toJson(data));
  app.addSchema({ $id: ERROR_SCHEMA_ID, ...jsonSchemaOf(ERROR_BODY) });
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  documentOnlyResponses(app);
  await app.register(swagger, {
    refResolver: {
      // Shared schemas keep their names in components.schemas (ErrorBody).
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
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
      responses: {
        '101': { description: 'Switching to the WebSocket protocol' },
        '401': {
          description: 'Unauthorized: UNAUTHENTICATED',
          content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
        },
      },
    },
  };
  return { ...doc, paths: { ...doc.paths, '/v1/stream': stream } };
}
