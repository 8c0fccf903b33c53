/**
 * Command routes. Each parses the body with the protocol's schema (400 naming the field and the
 * rule), submits, waits for the group commit, and answers with the result as the caller may see
 * it: 200 with its events, or the engine's rejection with its code (statusForRejection).
 * @module
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Command, CommandResult, HubEvent } from '../../hub/index.js';
import {
  CREATE_ACCOUNTS,
  CREATE_TRANSFERS,
  ID,
  parseCommand,
  RECORD_SHARED_BOOK_OPT_IN,
  REGISTER_CASH_ASSET,
  REGISTER_INVESTOR,
  REGISTER_PARTY,
  REGISTER_SECURITY,
  REPLACE_ORDER,
  SET_FROZEN,
  SUBMIT_ORDER,
  UPDATE_SECURITY,
} from '../../protocol/index.js';
import { principalOf, requireOperator } from './auth.js';
import { ApiError, invalidRequest, problem, statusForRejection } from './errors.js';
import { type Gateway, hubState, lookupsOf } from './gateway.js';
import { isPlainObject } from './json.js';
import { routeSchema } from './openapi.js';
import { originalEvents } from './projection_reads.js';
import { COMMAND_ERRORS, COMMAND_REPLY } from './response_docs.js';
import { type ScopeLookups, scopeEvent, type Viewer, viewerOf } from './scope.js';

const IDEMPOTENCY_KEY_MAX = 128;

type Params = Record<string, string>;
type Build = (body: Record<string, unknown>, params: Params) => Record<string, unknown>;

interface CommandRoute {
  readonly method: 'POST' | 'DELETE';
  readonly url: string;
  readonly summary: string;
  readonly body: z.ZodType | null;
  readonly build: Build;
}

const typed =
  (type: string): Build =>
  (body) => ({ ...body, type });

const CANCEL_DOC = z.strictObject({
  order_id: z.number().int().min(1).optional(),
  client_order_id: ID.optional(),
});

const ROUTES: readonly CommandRoute[] = [
  {
    method: 'POST',
    url: '/v1/commands',
    summary: 'Any command, with its `type` (see the protocol): the generic entry',
    body: z.looseObject({ type: z.string() }),
    build: (body) => body,
  },
  {
    method: 'POST',
    url: '/v1/orders',
    summary: 'Submit an order',
    body: SUBMIT_ORDER.omit({ type: true }),
    build: typed('market.submit_order'),
  },
  {
    method: 'POST',
    url: '/v1/orders/cancel',
    summary: 'Cancel an order by order_id or client_order_id',
    body: CANCEL_DOC,
    build: typed('market.cancel_order'),
  },
  {
    method: 'DELETE',
    url: '/v1/orders/:order_id',
    summary: 'Cancel an order by its order id',
    body: null,
    build: (_body, params) => ({
      type: 'market.cancel_order',
      order_id: orderIdParam(params.order_id),
    }),
  },
  {
    method: 'POST',
    url: '/v1/orders/:order_id/replace',
    summary: 'Cancel-replace: new price and open quantity',
    body: REPLACE_ORDER.omit({ type: true, order_id: true }),
    build: (body, params) => ({
      ...body,
      type: 'market.replace_order',
      order_id: orderIdParam(params.order_id),
    }),
  },
  {
    method: 'POST',
    url: '/v1/ledger/accounts',
    summary: 'Create ledger accounts (all or nothing)',
    body: CREATE_ACCOUNTS.omit({ type: true }),
    build: typed('ledger.create_accounts'),
  },
  {
    method: 'POST',
    url: '/v1/ledger/transfers',
    summary: 'Create transfers, holds, posts and voids (all or nothing)',
    body: CREATE_TRANSFERS.omit({ type: true }),
    build: typed('ledger.create_transfers'),
  },
  {
    method: 'POST',
    url: '/v1/ledger/accounts/:account_id/freeze',
    summary: 'Freeze or unfreeze an account',
    body: SET_FROZEN.omit({ type: true, account_id: true }),
    build: (body, params) => ({
      ...body,
      type: 'ledger.set_frozen',
      account_id: params.account_id,
    }),
  },
  ...referenceRoutes(),
];

function referenceRoutes(): CommandRoute[] {
  const route = (url: string, summary: string, schema: z.ZodObject, type: string) => ({
    method: 'POST' as const,
    url,
    summary,
    body: schema.omit({ type: true }),
    build: typed(type),
  });
  return [
    route('/v1/reference/parties', 'Register a party', REGISTER_PARTY, 'reference.register_party'),
    route(
      '/v1/reference/investors',
      'Register an investor',
      REGISTER_INVESTOR,
      'reference.register_investor',
    ),
    route(
      '/v1/reference/cash-assets',
      'Register a cash asset',
      REGISTER_CASH_ASSET,
      'reference.register_cash_asset',
    ),
    route(
      '/v1/reference/securities',
      'Register a security (opens its book if it trades on one)',
      REGISTER_SECURITY,
      'reference.register_security',
    ),
    route(
      '/v1/reference/securities/update',
      'Update a security',
      UPDATE_SECURITY,
      'reference.update_security',
    ),
    route(
      '/v1/reference/investors/shared-book-opt-in',
      "Record a retail investor's opt-in to the shared order book",
      RECORD_SHARED_BOOK_OPT_IN,
      'reference.record_shared_book_opt_in',
    ),
  ];
}

function orderIdParam(raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !/^\d{1,15}$/.test(raw) || value < 1)
    throw problem('order_id', 'invalid_format', 'an order id is a positive whole number');
  return value;
}

export function idempotencyKeyOf(request: FastifyRequest): string | null {
  return idempotencyKeyIn(request.headers['idempotency-key']);
}

/** The `Idempotency-Key` header's value checked, or null when there is none. */
export function idempotencyKeyIn(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > IDEMPOTENCY_KEY_MAX)
    throw problem('Idempotency-Key', 'invalid_length', 'an idempotency key is 1–128 characters');
  if (!/^[\x21-\x7e]+$/.test(raw))
    throw problem('Idempotency-Key', 'invalid_format', 'an idempotency key is printable ASCII');
  return raw;
}

export function registerCommandRoutes(app: FastifyInstance, gateway: Gateway): void {
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      schema: routeSchema({
        summary: route.summary,
        tags: ['commands'],
        ...(route.body === null ? {} : { body: route.body }),
        response: COMMAND_REPLY,
        errors: COMMAND_ERRORS,
      }),
      handler: async (request, reply) => {
        const body = request.body ?? {};
        if (!isPlainObject(body))
          throw problem('(body)', 'invalid_type', 'the body is a JSON object');
        const wire = route.build(body, request.params as Params);
        return submitWire(gateway, request, reply, wire);
      },
    });
  }
  app.post(
    '/v1/hub/tick',
    {
      schema: routeSchema({
        summary: 'Let hub time pass (operator)',
        tags: ['commands'],
        response: COMMAND_REPLY,
        errors: { ...COMMAND_ERRORS, 403: 'OPERATOR_ONLY' },
      }),
    },
    async (request, reply) => submitWire(gateway, request, reply, { type: 'hub.tick' }),
  );
  app.post(
    '/v1/settlement/instructions',
    {
      schema: routeSchema({
        summary: 'Import a settlement instruction as ISO 20022 sese.023 XML (operator)',
        tags: ['commands', 'settlement'],
        body: z.strictObject({ xml: z.string() }),
        xml_body: 'The sese.023 document (Content-Type: application/xml)',
        response: COMMAND_REPLY,
        errors: COMMAND_ERRORS,
      }),
    },
    async (request, reply) => {
      const body = request.body;
      const xml = typeof body === 'string' ? body : isPlainObject(body) ? body.xml : undefined;
      if (typeof xml !== 'string') {
        throw problem(
          'xml',
          'invalid_type',
          'send the sese.023 document as application/xml or as {"xml": "…"}',
        );
      }
      return submitWire(gateway, request, reply, { type: 'posttrade.import_sese023', xml });
    },
  );
}

async function submitWire(
  gateway: Gateway,
  request: FastifyRequest,
  reply: FastifyReply,
  wire: unknown,
): Promise<unknown> {
  const principal = principalOf(request);
  const parsed = parseCommand(wire);
  if (!parsed.ok) throw invalidRequest(parsed.problems);
  // Ticks are the sequencer's: harmless, but only operators send them over the API.
  if (parsed.command.type === 'hub.tick') requireOperator(request, hubState(gateway));
  const idempotency_key = idempotencyKeyOf(request);
  return submitParsed(gateway, principal.participant, parsed.command, idempotency_key, () =>
    reply.header('retry-after', '1'),
  );
}

/**
 * Submits a parsed command, waits for its group commit and answers as the caller may see it;
 * a command the journal had no room for is a 503 after `retryLater` (which sets `retry-after`).
 * The Fastify routes and the lean order door (order_door.ts) both answer through here.
 */
export async function submitParsed(
  gateway: Gateway,
  participant: string,
  command: Command,
  idempotency_key: string | null,
  retryLater: () => void,
): Promise<Record<string, unknown>> {
  const result = gateway.engine.submit(participant, command, idempotency_key);
  if (result.seq === 0) {
    retryLater();
    const rejection = result.rejection;
    throw new ApiError(503, rejection?.code ?? 'UNAVAILABLE', rejection?.message ?? 'Busy');
  }
  await gateway.engine.committed();
  return commandReply(gateway, participant, result);
}

/** The accepted result as the submitter may see it; a rejection becomes its ApiError. */
export async function commandReply(
  gateway: Gateway,
  participant: string,
  result: CommandResult,
): Promise<Record<string, unknown>> {
  const rejection = rejectionOf(result);
  if (rejection !== null) throw rejection;
  const scope = replyScope(gateway, participant);
  if (result.duplicate_of === null) return freshReply(scope, result);
  const source = await originalEvents(gateway.node.queries, result.duplicate_of);
  return replyOf(scope, result, source);
}

/** Who reads the answers and how events are scoped for them: once per request, not per order. */
export interface ReplyScope {
  readonly viewer: Viewer;
  readonly lookups: ScopeLookups;
}

export function replyScope(gateway: Gateway, participant: string): ReplyScope {
  return { viewer: viewerOf(hubState(gateway), participant), lookups: lookupsOf(gateway) };
}

/** A rejected result's ApiError (what the route answers), or null when it was accepted. */
export function rejectionOf(result: CommandResult): ApiError | null {
  const rejection = result.rejection;
  if (result.status !== 'rejected' || rejection === null) return null;
  return new ApiError(
    statusForRejection(rejection.code),
    rejection.code,
    rejection.message,
    rejection.details,
    null,
    result.seq,
  );
}

/** The answer to an accepted result that is not a duplicate: its own events, no reads. */
export function freshReply(scope: ReplyScope, result: CommandResult): Record<string, unknown> {
  return replyOf(scope, result, null);
}

/** The answer's fields; `source` is a duplicate's original events, null for the result's own. */
function replyOf(
  scope: ReplyScope,
  result: CommandResult,
  source: ReadonlyArray<{ event_seq: number; event: HubEvent }> | null,
): Record<string, unknown> {
  const events: Array<Record<string, unknown>> = [];
  let accepted: Record<string, unknown> | undefined;
  const count = source === null ? result.events.length : source.length;
  for (let i = 0; i < count; i += 1) {
    const item = source?.[i];
    const event_seq = item === undefined ? result.first_event_seq + i : item.event_seq;
    const event = (item === undefined ? result.events[i] : item.event) as HubEvent;
    const scoped = scopeEvent(event, scope.viewer, scope.lookups);
    if (scoped === null) continue;
    const shown: Record<string, unknown> = { event_seq, ...scoped };
    if (accepted === undefined && shown.type === 'order_accepted') accepted = shown;
    events.push(shown);
  }
  return {
    seq: result.seq,
    status: result.status,
    duplicate_of: result.duplicate_of,
    ...(accepted === undefined ? {} : { order_id: accepted.order_id }),
    events,
  };
}
