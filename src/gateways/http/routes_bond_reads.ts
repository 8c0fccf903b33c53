/**
 * Bond trading reads (issue 14, docs/bonds.md §8.9): the day's RFQs with their quotes, quotes,
 * RFQ trades, coupon schedules and yield points, from the hub's state (`src/hub/bonds/views.ts`).
 * Scoped as the bond events are: the requester's side sees all of its RFQ, a dealer asked the
 * RFQ and its own quotes, nobody else anything; an operator everything. An RFQ the viewer may not
 * see is answered exactly like one that does not exist (404 `UNKNOWN_RFQ`), so ids cannot be
 * probed. Coupon schedules are public, like `bond_coupon_paid`.
 * @module
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type BondViewer,
  couponViews,
  type HubState,
  listBondTradeViews,
  listMakers,
  listRfqViews,
  type RfqFilter,
  rfqView,
  yieldPoints,
} from '../../hub/index.js';
import { viewerOfRequest } from './auth.js';
import {
  BOND_TRADES,
  COUPONS,
  COUPONS_QUERY,
  MAKERS,
  QUOTES,
  QUOTES_QUERY,
  RFQ,
  RFQ_PARAMS,
  RFQ_QUERY,
  RFQS,
  TRADES_QUERY,
  YIELD_POINTS,
} from './bond_schemas.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';

const TAGS = ['bonds'];

export function bondViewerOf(request: FastifyRequest, state: HubState): BondViewer {
  const viewer = viewerOfRequest(request, state);
  return { all: viewer.operator, sees: (party) => viewer.actsFor(party) };
}

function unknownBond(isin: string): ApiError {
  return new ApiError(404, 'UNKNOWN_BOND', `No bond is registered with ISIN ${isin}`, { isin });
}

export function registerBondReadRoutes(app: FastifyInstance, gateway: Gateway): void {
  registerRfqRoutes(app, gateway);
  app.get(
    '/v1/bonds/trades',
    {
      schema: routeSchema({
        summary: "The day's RFQ trades you are a side of, newest first",
        tags: TAGS,
        query: TRADES_QUERY,
        response: BOND_TRADES,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const query = parseInput(TRADES_QUERY, request.query);
      const viewer = bondViewerOf(request, state);
      const trades = listBondTradeViews(state.bonds, viewer, query.isin);
      return { trades: trades.slice(0, query.limit) };
    },
  );
  registerCouponRoutes(app, gateway);
  app.get(
    '/v1/bonds/makers',
    {
      schema: routeSchema({
        summary: 'The registered bond market makers and their directions (public)',
        tags: TAGS,
        response: MAKERS,
      }),
    },
    async () => ({ makers: listMakers(hubState(gateway).bonds) }),
  );
}

function registerRfqRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/bonds/rfqs',
    {
      schema: routeSchema({
        summary: "The day's RFQs you may see, newest first, with their quotes",
        tags: TAGS,
        query: RFQ_QUERY,
        response: RFQS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const query = parseInput(RFQ_QUERY, request.query);
      const viewer = bondViewerOf(request, state);
      const filter = {
        status: query.status as RfqFilter['status'],
        security_id: query.isin,
        party: query.party,
        limit: query.limit,
      };
      return { rfqs: listRfqViews(state.bonds, viewer, filter) };
    },
  );
  app.get(
    '/v1/bonds/rfqs/:quote_req_id',
    {
      schema: routeSchema({
        summary: 'One RFQ with the quotes you may see',
        tags: TAGS,
        params: RFQ_PARAMS,
        response: RFQ,
        errors: { 404: 'UNKNOWN_RFQ: none of today you may see' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { quote_req_id } = parseInput(RFQ_PARAMS, request.params);
      const view = rfqView(state.bonds, quote_req_id, bondViewerOf(request, state));
      if (view === undefined)
        throw new ApiError(404, 'UNKNOWN_RFQ', `No RFQ ${quote_req_id} today`, { quote_req_id });
      return view;
    },
  );
  app.get(
    '/v1/bonds/quotes',
    {
      schema: routeSchema({
        summary: "The day's quotes you may see (yours as a dealer; all on your RFQs)",
        tags: TAGS,
        query: QUOTES_QUERY,
        response: QUOTES,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const query = parseInput(QUOTES_QUERY, request.query);
      const rfqs = listRfqViews(state.bonds, bondViewerOf(request, state), {
        security_id: query.isin,
      }).filter((r) => query.quote_req_id === undefined || r.quote_req_id === query.quote_req_id);
      const quotes = rfqs.flatMap((rfq) =>
        rfq.quotes
          .filter((q) => query.state === undefined || q.state === query.state)
          .map((q) => ({
            ...q,
            quote_req_id: rfq.quote_req_id,
            security_id: rfq.security_id,
            side: rfq.side,
            order_qty_minor: rfq.order_qty_minor,
          }))
          .reverse(),
      );
      return { quotes: quotes.slice(0, query.limit) };
    },
  );
}

function registerCouponRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/bonds/coupons',
    {
      schema: routeSchema({
        summary: 'Coupons paid, due and upcoming, per bond (public)',
        tags: TAGS,
        query: COUPONS_QUERY,
        response: COUPONS,
        errors: { 404: 'UNKNOWN_BOND' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const query = parseInput(COUPONS_QUERY, request.query);
      if (query.isin !== undefined && !state.bonds.bonds.has(query.isin))
        throw unknownBond(query.isin);
      const date = state.bonds.quota.date;
      const isins = query.isin === undefined ? [...state.bonds.bonds.keys()] : [query.isin];
      const coupons = isins
        .flatMap((isin) => couponViews(state.bonds, isin, date))
        .filter((c) => query.status === undefined || c.status === query.status);
      return { date, coupons };
    },
  );
  app.get(
    '/v1/bonds/yields',
    {
      schema: routeSchema({
        summary: "Yield of each bond's last RFQ trade of the day you may see (yield curves)",
        tags: TAGS,
        response: YIELD_POINTS,
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      return { points: yieldPoints(state.bonds, bondViewerOf(request, state)) };
    },
  );
}
