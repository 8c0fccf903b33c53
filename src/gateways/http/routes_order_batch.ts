/**
 * `POST /v1/orders/batch` (issue 19): many orders in one request for clients that send many. Each
 * order is its own command, in the batch's order, with its own seq and its own answer; the batch
 * shares one group commit, so it is answered once every order in it is durable. An order that
 * does not parse, or that the hub refuses, does not stop the others: its item carries the error,
 * as the single-order route would have answered it. The journal's buffer filling up mid-batch
 * leaves the rest `not_submitted` (retry them); nothing of an order not submitted happened.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CommandResult } from '../../hub/index.js';
import { ID, ID_FORMAT, parseCommand, SUBMIT_ORDER } from '../../protocol/index.js';
import { principalOf } from './auth.js';
import { ApiError, type ErrorBody, invalidRequest, problem } from './errors.js';
import type { Gateway } from './gateway.js';
import { isPlainObject } from './json.js';
import { routeSchema } from './openapi.js';
import {
  commandReply,
  freshReply,
  type ReplyScope,
  rejectionOf,
  replyScope,
} from './routes_commands.js';

/** Orders in one batch, at most: one batch is one group commit, answered in one reply. */
export const ORDER_BATCH_MAX = 1_000;

const ITEM = SUBMIT_ORDER.omit({ type: true }).extend({
  idempotency_key: ID.optional().describe('As the Idempotency-Key header of a single order'),
});

const BATCH_BODY = z.strictObject({
  orders: z.array(ITEM).min(1).max(ORDER_BATCH_MAX),
});

const ITEM_ERROR = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  problems: z.array(z.record(z.string(), z.unknown())).optional(),
});

const BATCH_REPLY = z.object({
  accepted: z.number().int(),
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.enum(['accepted', 'rejected', 'invalid', 'not_submitted']),
      http_status: z.number().int().describe('What the single-order route would have answered'),
      seq: z.number().int().nullable(),
      duplicate_of: z.number().int().nullable().optional(),
      order_id: z.number().int().optional(),
      events: z.array(z.looseObject({ event_seq: z.number().int(), type: z.string() })).optional(),
      error: ITEM_ERROR.optional(),
    }),
  ),
});

interface Item {
  readonly index: number;
  readonly status: 'accepted' | 'rejected' | 'invalid' | 'not_submitted';
  readonly http_status: number;
  readonly seq: number | null;
  readonly error?: ErrorBody['error'];
}

export function registerOrderBatchRoute(app: FastifyInstance, gateway: Gateway): void {
  app.post(
    '/v1/orders/batch',
    {
      schema: routeSchema({
        summary: `Submit up to ${ORDER_BATCH_MAX} orders; each answered as POST /v1/orders would`,
        tags: ['commands'],
        body: BATCH_BODY,
        response: BATCH_REPLY,
        errors: {
          400: 'INVALID_REQUEST: the body is not {"orders": [1 to 1,000 objects]}',
          503: 'HUB_HALTED',
        },
      }),
    },
    async (request) => {
      const body = request.body;
      const orders = isPlainObject(body) ? body.orders : undefined;
      if (!Array.isArray(orders) || orders.length === 0 || orders.length > ORDER_BATCH_MAX) {
        throw problem('orders', 'invalid_length', `send 1 to ${ORDER_BATCH_MAX} orders`);
      }
      if (isPlainObject(body) && Object.keys(body).some((k) => k !== 'orders')) {
        throw problem('(body)', 'unrecognized_keys', 'the body has only "orders"');
      }
      const participant = principalOf(request).participant;
      const submitted = orders.map((order, index) => submitOne(gateway, participant, order, index));
      await gateway.engine.committed();
      return answerAll(gateway, participant, submitted);
    },
  );
}

type Submitted =
  | { readonly index: number; readonly item: Item }
  | { readonly index: number; readonly result: ReturnType<Gateway['engine']['submit']> };

function submitOne(
  gateway: Gateway,
  participant: string,
  order: unknown,
  index: number,
): Submitted {
  if (!isPlainObject(order)) return { index, item: invalidItem(index, '(order)', 'an object') };
  const { idempotency_key, ...fields } = order as Record<string, unknown>;
  if (
    idempotency_key !== undefined &&
    (typeof idempotency_key !== 'string' || !ID_FORMAT.test(idempotency_key))
  ) {
    return { index, item: invalidItem(index, 'idempotency_key', 'up to 64 characters') };
  }
  fields.type = 'market.submit_order';
  const parsed = parseCommand(fields);
  if (!parsed.ok)
    return { index, item: errorItem(index, 'invalid', invalidRequest(parsed.problems)) };
  const key = typeof idempotency_key === 'string' ? idempotency_key : null;
  return { index, result: gateway.engine.submit(participant, parsed.command, key) };
}

/**
 * Every order's item, in the batch's order. The viewer and the scoping lookups are made once for
 * the batch; only a duplicate (a retried idempotency key) reads its original events.
 */
async function answerAll(
  gateway: Gateway,
  participant: string,
  submitted: readonly Submitted[],
): Promise<{ accepted: number; results: Item[] }> {
  const scope = replyScope(gateway, participant);
  const results: Array<Item | Promise<Item>> = [];
  let pending = false;
  for (const one of submitted) {
    const answer = answerOne(gateway, scope, one);
    pending ||= answer instanceof Promise;
    results.push(answer);
  }
  const items = pending ? await Promise.all(results) : (results as Item[]);
  let accepted = 0;
  for (const item of items) if (item.status === 'accepted') accepted += 1;
  return { accepted, results: items };
}

function answerOne(
  gateway: Gateway,
  scope: ReplyScope,
  submitted: Submitted,
): Item | Promise<Item> {
  if ('item' in submitted) return submitted.item;
  const { index, result } = submitted;
  if (result.seq === 0) {
    const code = result.rejection?.code ?? 'UNAVAILABLE';
    const error = new ApiError(503, code, result.rejection?.message ?? 'Busy');
    return errorItem(index, 'not_submitted', error);
  }
  const rejection = rejectionOf(result);
  if (rejection !== null) return { ...errorItem(index, 'rejected', rejection), seq: result.seq };
  if (result.duplicate_of !== null)
    return duplicateItem(gateway, scope.viewer.participant, index, result);
  return acceptedItem(index, result, freshReply(scope, result));
}

async function duplicateItem(
  gateway: Gateway,
  participant: string,
  index: number,
  result: CommandResult,
): Promise<Item> {
  return acceptedItem(index, result, await commandReply(gateway, participant, result));
}

/** The item as `{ index, http_status, seq, ...reply, status: 'accepted' }` lays its keys out. */
function acceptedItem(index: number, result: CommandResult, reply: Record<string, unknown>): Item {
  return { index, http_status: 200, seq: result.seq, ...reply, status: 'accepted' };
}

function invalidItem(index: number, field: string, what: string): Item {
  return errorItem(index, 'invalid', problem(field, 'invalid_type', `${field} must be ${what}`));
}

function errorItem(index: number, status: Item['status'], error: ApiError): Item {
  const body = error.body().error as Item['error'];
  return {
    index,
    status,
    http_status: error.status,
    seq: null,
    ...(body === undefined ? {} : { error: body }),
  };
}
