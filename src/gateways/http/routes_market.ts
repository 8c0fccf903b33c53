/**
 * Market queries: markets and their phases, instruments, books (depth and BBO), recent trades,
 * and orders (live ones, and recently finished ones, as the caller may see them).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HubEvent, HubState } from '../../hub/index.js';
import type { Security } from '../../reference/index.js';
import { viewerOfRequest } from './auth.js';
import { bookOf, DEPTH_LEVELS_MAX, depthOf, summaryOf } from './books.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import type { OrderRecord } from './order_index.js';
import { limitParam, parseInput, SEQ_PARAM } from './query.js';
import { BOOK, INSTRUMENT, INSTRUMENTS, MARKETS, ORDER, ORDERS, TRADES } from './response_docs.js';
import { scopeTrade, type Viewer } from './scope.js';

const INSTRUMENT_PARAMS = z.strictObject({ instrument: z.string().min(1).max(64) });
const BOOK_QUERY = z.strictObject({ levels: limitParam(10, DEPTH_LEVELS_MAX) });
const TRADES_QUERY = z.strictObject({ limit: limitParam(100, 1_000) });
const ORDERS_QUERY = z.strictObject({
  status: z.enum(['live', 'finished']).default('live'),
  instrument: z.string().max(64).optional(),
  limit: limitParam(500, 10_000),
});
const ORDER_PARAMS = z.strictObject({ order_id: SEQ_PARAM });

/** An ISIN, or a symbol that names one security. */
export function findInstrument(state: HubState, key: string): Security {
  const direct = state.reference.securities.get(key);
  if (direct !== undefined) return direct;
  const matches = [...state.reference.securities.values()].filter((s) => s.symbol === key);
  if (matches.length === 1) return matches[0] as Security;
  throw new ApiError(404, 'UNKNOWN_INSTRUMENT', `No instrument ${key}`, { instrument: key });
}

function instrumentView(state: HubState, s: Security) {
  return {
    id: s.id,
    symbol: s.symbol,
    name: s.name,
    market: s.market,
    board: s.board,
    kind: s.kind,
    currency: s.currency,
    lot_size: s.lot_size,
    price_scale: s.price_scale,
    tick_table: s.tick_table,
    previous_close_units: s.previous_close_units ?? null,
    book: summaryOf(state, s.id) ?? null,
  };
}

/** A trade print anyone may see: price, quantity, aggressor and time, no parties or orders. */
function anonymousTrade(t: Extract<HubEvent, { type: 'trade' }>) {
  const { trade_id, instrument, market, price_units, quantity_units, aggressor, timestamp_us } = t;
  return {
    type: 'trade',
    trade_id,
    instrument,
    market,
    price_units,
    quantity_units,
    aggressor,
    timestamp_us,
  };
}

export function orderVisible(viewer: Viewer, order: OrderRecord): boolean {
  return viewer.operator || order.participant === viewer.participant || viewer.actsFor(order.owner);
}

export function registerMarketRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['market'];
  app.get(
    '/v1/markets',
    { schema: routeSchema({ summary: 'Markets and phases', tags, response: MARKETS }) },
    async () => {
      const state = hubState(gateway);
      return {
        markets: [...state.markets.markets.venues].map(([market, venue]) => ({
          market,
          phase: venue.session.phase,
          trading_day: venue.session.day_started,
          books: venue.params.size,
        })),
      };
    },
  );
  app.get(
    '/v1/instruments',
    { schema: routeSchema({ summary: 'Instruments', tags, response: INSTRUMENTS }) },
    async () => {
      const state = hubState(gateway);
      return {
        instruments: [...state.reference.securities.values()].map((s) => instrumentView(state, s)),
      };
    },
  );
  app.get(
    '/v1/instruments/:instrument',
    {
      schema: routeSchema({
        summary: 'One instrument (ISIN or symbol)',
        tags,
        params: INSTRUMENT_PARAMS,
        response: INSTRUMENT,
        errors: { 404: 'UNKNOWN_INSTRUMENT' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { instrument } = parseInput(INSTRUMENT_PARAMS, request.params);
      return instrumentView(state, findInstrument(state, instrument));
    },
  );
  registerBookRoutes(app, gateway);
  registerOrderRoutes(app, gateway);
}

/** Depth, BBO and recent trades of one instrument. */
function registerBookRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['market'];
  app.get(
    '/v1/instruments/:instrument/book',
    {
      schema: routeSchema({
        summary: 'Depth and BBO',
        tags,
        params: INSTRUMENT_PARAMS,
        query: BOOK_QUERY,
        response: BOOK,
        errors: { 404: 'UNKNOWN_INSTRUMENT, NO_ORDER_BOOK' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const { instrument } = parseInput(INSTRUMENT_PARAMS, request.params);
      const { levels } = parseInput(BOOK_QUERY, request.query);
      const security = findInstrument(state, instrument);
      const depth = depthOf(state, security.id, levels);
      const summary = summaryOf(state, security.id);
      if (depth === undefined || summary === undefined || bookOf(state, security.id) === undefined)
        throw new ApiError(404, 'NO_ORDER_BOOK', `${security.id} does not trade on a book here`);
      const level = ([price_units, volume_units, order_count]: readonly number[]) => ({
        price_units,
        volume_units,
        order_count,
      });
      return {
        ...summary,
        seq: state.seq,
        bids: depth.bids.map(level),
        asks: depth.asks.map(level),
      };
    },
  );
  app.get(
    '/v1/instruments/:instrument/trades',
    {
      schema: routeSchema({
        summary: 'Recent trades (newest last)',
        tags,
        params: INSTRUMENT_PARAMS,
        query: TRADES_QUERY,
        response: TRADES,
        errors: { 404: 'UNKNOWN_INSTRUMENT' },
      }),
    },
    async (request) => {
      const state = hubState(gateway);
      const viewer = viewerOfRequest(request, state);
      const { instrument } = parseInput(INSTRUMENT_PARAMS, request.params);
      const { limit } = parseInput(TRADES_QUERY, request.query);
      const security = findInstrument(state, instrument);
      const trades = gateway.market.recentTrades(security.id, limit).map((t) => {
        const buy_side =
          viewer.operator || t.buyer_participant === viewer.participant || viewer.actsFor(t.buyer);
        const sell_side =
          viewer.operator ||
          t.seller_participant === viewer.participant ||
          viewer.actsFor(t.seller);
        return scopeTrade(t, buy_side, sell_side) ?? anonymousTrade(t);
      });
      return { instrument: security.id, trades };
    },
  );
}

function registerOrderRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['orders'];
  app.get(
    '/v1/orders',
    {
      schema: routeSchema({
        summary: 'Your live or recently finished orders',
        tags,
        query: ORDERS_QUERY,
        response: ORDERS,
      }),
    },
    async (request) => {
      const viewer = viewerOfRequest(request, hubState(gateway));
      const query = parseInput(ORDERS_QUERY, request.query);
      const source =
        query.status === 'live' ? gateway.orders.liveOrders() : gateway.orders.recentlyFinished();
      const orders: OrderRecord[] = [];
      for (const order of source) {
        if (orders.length >= query.limit) break;
        if (query.instrument !== undefined && order.instrument !== query.instrument) continue;
        if (orderVisible(viewer, order)) orders.push(order);
      }
      return { status: query.status, orders };
    },
  );
  app.get(
    '/v1/orders/:order_id',
    {
      schema: routeSchema({
        summary: 'One order',
        tags,
        params: ORDER_PARAMS,
        response: ORDER,
        errors: { 404: 'UNKNOWN_ORDER' },
      }),
    },
    async (request) => {
      const viewer = viewerOfRequest(request, hubState(gateway));
      const { order_id } = parseInput(ORDER_PARAMS, request.params);
      const order = gateway.orders.get(order_id);
      if (order === undefined || !orderVisible(viewer, order)) {
        throw new ApiError(
          404,
          'UNKNOWN_ORDER',
          'No such order among your live and recently finished orders',
          { order_id },
        );
      }
      return order;
    },
  );
}
