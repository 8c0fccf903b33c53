/**
 * Payment Connect reads (issue 16, docs/payments.md §10): the payments the caller may see, one
 * payment, a payer's limits used and left (and the banks' own daily caps), a proxy looked up
 * with the name masked. Scoped as the payment events are: the banks a payment names (payer's,
 * payee's, the link bank), HKICL, CNCC and operators; a payment the caller may not see is
 * answered like one that does not exist (404 `PAYMENT_UNKNOWN`). Commands go through
 * `POST /v1/commands`; ISO 20022 messages through `POST /v1/payments/iso20022`
 * (routes_payments_iso.ts).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import {
  findPaymentView,
  listPaymentViews,
  lookupPaymentProxy,
  payerBankDayViews,
  payerLimitViews,
} from '../../hub/index.js';
import { ApiError, statusForRejection } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import {
  LIMITS,
  LIMITS_QUERY,
  LOOKUP,
  LOOKUP_QUERY,
  PAYMENT,
  PAYMENT_PARAMS,
  PAYMENTS,
  PAYMENTS_QUERY,
} from './payments_schemas.js';
import { parseInput } from './query.js';
import { bondViewerOf } from './routes_bond_reads.js';

const TAGS = ['payments'];

export function registerPaymentRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/payments',
    {
      schema: routeSchema({
        summary: 'Payments your bank sends, receives or links (all for HKICL, CNCC, operators)',
        tags: TAGS,
        query: PAYMENTS_QUERY,
        response: PAYMENTS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { direction, status, limit } = parseInput(PAYMENTS_QUERY, request.query);
      const viewer = bondViewerOf(request, state);
      const payments = listPaymentViews(state, viewer, { direction, state: status, limit });
      return { payments, rmb_link_bank: state.payments.settings.rmb_link_bank };
    },
  );
  app.get(
    '/v1/payments/limits',
    {
      schema: routeSchema({
        summary: "A payer's Payment Connect limits today: used and left",
        tags: TAGS,
        query: LIMITS_QUERY,
        response: LIMITS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { payer } = parseInput(LIMITS_QUERY, request.query);
      const viewer = bondViewerOf(request, state);
      return {
        payer,
        limits: payerLimitViews(state, payer, viewer),
        bank_daily_caps: payerBankDayViews(state, payer, viewer),
      };
    },
  );
  registerLookup(app, gateway);
  app.get(
    '/v1/payments/:end_to_end_id',
    {
      schema: routeSchema({
        summary: 'One payment you may see, by end-to-end id',
        tags: TAGS,
        params: PAYMENT_PARAMS,
        response: PAYMENT,
        errors: { 404: 'PAYMENT_UNKNOWN: no payment you may see' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { end_to_end_id } = parseInput(PAYMENT_PARAMS, request.params);
      const view = findPaymentView(state, end_to_end_id, bondViewerOf(request, state));
      if (view === undefined)
        throw new ApiError(404, 'PAYMENT_UNKNOWN', `No payment ${end_to_end_id}`, {
          end_to_end_id,
        });
      return view;
    },
  );
}

/** A read of the directory: no event. `payments.lookup` is the recorded lookup (an event). */
function registerLookup(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/payments/proxies/lookup',
    {
      schema: routeSchema({
        summary: "Where a payee's proxy points, the name masked (a read; no event)",
        tags: TAGS,
        query: LOOKUP_QUERY,
        response: LOOKUP,
        errors: {
          404: 'PROXY_UNKNOWN: no such proxy',
          422: 'PROXY_PHONE_INVALID, PROXY_TYPE_NOT_SUPPORTED, …: the proxy cannot be read',
        },
      }),
    },
    async (request) => {
      const { side, type, value } = parseInput(LOOKUP_QUERY, request.query);
      const found = lookupPaymentProxy(hubState(gateway), side, type, value);
      if (found.ok) return found.value;
      const status = found.code === 'PROXY_UNKNOWN' ? 404 : statusForRejection(found.code);
      throw new ApiError(status, found.code, found.message, found.details);
    },
  );
}
