/**
 * History and reference: events by sequence (projection, scoped), a command's outcome, reference
 * data, and the quota and settlement views of domains still being written (501 until they land).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HubEvent } from '../../hub/index.js';
import { exportSese023 } from '../../posttrade/index.js';
import { viewerOfRequest } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState, lookupsOf } from './gateway.js';
import { routeSchema } from './openapi.js';
import { commandAt, eventsAfter } from './projection_reads.js';
import { limitParam, parseInput, SEQ_PARAM } from './query.js';
import { CASH_ASSETS, COMMAND_ROW, EVENTS, INVESTORS, PARTIES, QUOTAS } from './response_docs.js';
import {
  SESE023_XML,
  SETTLEMENT_COUNTS,
  SETTLEMENT_INSTRUCTIONS,
} from './response_docs_oversight.js';
import { type RfqParties, type ScopeLookups, scopeEvent, type Viewer } from './scope.js';

export const EVENTS_QUERY = z.strictObject({
  after: SEQ_PARAM.default(0),
  limit: limitParam(100, 1_000),
  type: z.string().max(64).optional(),
});
export const COMMAND_PARAMS = z.strictObject({ seq: SEQ_PARAM });
const SETTLEMENT_QUERY = z.strictObject({
  status: z.string().max(32).optional(),
  limit: limitParam(100, 1_000),
});

/** Documentation only: the export route reads these itself (any movement but RECE is DELI). */
const SESE023_PARAMS = z.strictObject({ id: z.string() });
const SESE023_QUERY = z.strictObject({ movement: z.enum(['DELI', 'RECE']).default('DELI') });
/** Only servers started without a reader (tests of the gateway alone) answer 501. */
const NOT_YET = 'NOT_IMPLEMENTED: this server was started without the reader';

/** Rows read per page, and at most this many rows scanned per request for a participant. */
const SCAN_PAGE = 500;
const SCAN_MAX = 20_000;

interface ScopedPage {
  readonly events: Array<Record<string, unknown>>;
  /** Pass as `after` for the next page (the last event scanned, shown or not). */
  readonly next_after: number;
}

async function scopedEvents(
  gateway: Gateway,
  viewer: Viewer,
  query: z.infer<typeof EVENTS_QUERY>,
): Promise<ScopedPage> {
  const base = lookupsOf(gateway);
  // Orders accepted within the scanned range, for rested/replaced events of orders long finished.
  const seen = new Map<number, { participant: string; owner: string }>();
  // RFQs requested within the range, for the status of RFQs the hub has since forgotten.
  const rfqs = new Map<string, RfqParties>();
  const lookups: ScopeLookups = {
    accountOwner: base.accountOwner,
    orderParties: (id) => seen.get(id) ?? base.orderParties(id),
    rfqParties: (id) => rfqs.get(id) ?? base.rfqParties?.(id),
  };
  const events: Array<Record<string, unknown>> = [];
  let cursor = query.after;
  for (let scanned = 0; events.length < query.limit && scanned < SCAN_MAX; ) {
    const rows = await eventsAfter(gateway.node.queries, cursor, SCAN_PAGE, query.type ?? null);
    if (rows.length === 0) break;
    for (const row of rows) {
      cursor = row.event_seq;
      scanned += 1;
      const event = row.event as HubEvent;
      if (event.type === 'order_accepted') seen.set(event.order_id, event);
      if (event.type === 'rfq_requested') rfqs.set(event.request.quote_req_id, event.request);
      const scoped = scopeEvent(event, viewer, lookups);
      if (scoped === null) continue;
      events.push({
        event_seq: row.event_seq,
        seq: row.seq,
        timestamp_us: row.timestamp_us,
        event: scoped,
      });
      if (events.length >= query.limit) break;
    }
  }
  return { events, next_after: cursor };
}

export function registerHistoryRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/events',
    {
      schema: routeSchema({
        summary: 'Events after a sequence number, as you may see them',
        tags: ['history'],
        query: EVENTS_QUERY,
        response: EVENTS,
      }),
    },
    async (request) => {
      const viewer = viewerOfRequest(request, hubState(gateway));
      return scopedEvents(gateway, viewer, parseInput(EVENTS_QUERY, request.query));
    },
  );
  app.get(
    '/v1/commands/:seq',
    {
      schema: routeSchema({
        summary: 'A command outcome by seq (yours)',
        tags: ['history'],
        params: COMMAND_PARAMS,
        response: COMMAND_ROW,
        errors: { 404: 'UNKNOWN_COMMAND: no such command of yours' },
      }),
    },
    async (request) => {
      const viewer = viewerOfRequest(request, hubState(gateway));
      const { seq } = parseInput(COMMAND_PARAMS, request.params);
      const row = await commandAt(gateway.node.queries, seq);
      if (row === undefined || (!viewer.operator && row.participant !== viewer.participant))
        throw new ApiError(404, 'UNKNOWN_COMMAND', `No command ${seq} of yours`, { seq });
      return row;
    },
  );
  registerReferenceRoutes(app, gateway);
  registerDomainViews(app, gateway);
}

function registerReferenceRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['reference'];
  app.get(
    '/v1/reference/parties',
    { schema: routeSchema({ summary: 'Parties', tags, response: PARTIES }) },
    async () => ({
      parties: [...hubState(gateway).reference.parties.values()],
    }),
  );
  app.get(
    '/v1/reference/cash-assets',
    { schema: routeSchema({ summary: 'Cash assets', tags, response: CASH_ASSETS }) },
    async () => ({
      cash_assets: [...hubState(gateway).reference.cash_assets.values()],
    }),
  );
  app.get(
    '/v1/reference/investors',
    {
      schema: routeSchema({
        summary: 'Investors (your clients; all for an operator)',
        tags,
        response: INVESTORS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const viewer = viewerOfRequest(request, state);
      return {
        investors: [...state.reference.investors.values()].filter(
          (i) => viewer.operator || viewer.actsFor(i.id),
        ),
      };
    },
  );
}

function registerDomainViews(app: FastifyInstance, gateway: Gateway): void {
  registerSese023Export(app, gateway);
  app.get(
    '/v1/quotas',
    {
      schema: routeSchema({
        summary: 'Northbound and Southbound daily quotas',
        tags: ['connect'],
        response: QUOTAS,
        errors: { 501: NOT_YET },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      if (gateway.quotas === null) throw notYet('Quotas', 'src/rules');
      return { quotas: gateway.quotas.quotas(state, viewerOfRequest(request, state)) };
    },
  );
  app.get(
    '/v1/settlement',
    {
      schema: routeSchema({
        summary: 'Settlement pipeline counts',
        tags: ['settlement'],
        response: SETTLEMENT_COUNTS,
        errors: { 501: NOT_YET },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      if (gateway.settlement === null) throw notYet('Settlement status', 'src/posttrade');
      const viewer = viewerOfRequest(request, state);
      return {
        counts: gateway.settlement.counts(state, viewer),
        ...gateway.settlement.summary?.(state, viewer),
      };
    },
  );
  app.get(
    '/v1/settlement/instructions',
    {
      schema: routeSchema({
        summary: 'Settlement instructions',
        tags: ['settlement'],
        query: SETTLEMENT_QUERY,
        response: SETTLEMENT_INSTRUCTIONS,
        errors: { 501: NOT_YET },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      if (gateway.settlement === null) throw notYet('Settlement status', 'src/posttrade');
      const query = parseInput(SETTLEMENT_QUERY, request.query);
      const filter = {
        limit: query.limit,
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      return {
        instructions: gateway.settlement.instructions(
          state,
          viewerOfRequest(request, state),
          filter,
        ),
      };
    },
  );
}

function registerSese023Export(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/settlement/instructions/:id/sese023',
    {
      schema: routeSchema({
        summary: 'An instruction as ISO 20022 sese.023 XML (movement=DELI|RECE)',
        tags: ['settlement'],
        params: SESE023_PARAMS,
        query: SESE023_QUERY,
        checks_input: false,
        response: SESE023_XML,
        response_type: 'application/xml',
        errors: {
          404: 'UNKNOWN_INSTRUCTION: none you deliver or receive',
          422: 'The instruction cannot be written as sese.023',
        },
      }),
    },
    async (request, reply) => {
      const state = hubState(gateway);
      const { id } = request.params as { id: string };
      const movement =
        (request.query as { movement?: string }).movement === 'RECE' ? 'RECE' : 'DELI';
      const viewer = viewerOfRequest(request, state);
      const instruction = state.posttrade.instructions.get(id);
      const seen =
        instruction !== undefined &&
        (viewer.operator ||
          viewer.actsFor(instruction.deliverer) ||
          viewer.actsFor(instruction.receiver));
      if (!seen)
        throw new ApiError(404, 'UNKNOWN_INSTRUCTION', `No settlement instruction ${id}`, {
          instruction_id: id,
        });
      const xml = exportSese023(state.posttrade, id, movement);
      if (!xml.ok) throw new ApiError(422, xml.code, xml.message, xml.details);
      return reply.type('application/xml').send(xml.value);
    },
  );
}

function notYet(what: string, domain: string): ApiError {
  return new ApiError(
    501,
    'NOT_IMPLEMENTED',
    `${what} will be served once the ${domain} domain is wired into the hub; this hub does not compute it yet`,
    { domain },
  );
}
