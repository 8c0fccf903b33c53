/**
 * Health, status, who am I, the simulator's controls (operator), and the key list (operator; in
 * demo mode also the demo keys for the console, without a key: a demo convenience only).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isOperator } from '../../hub/index.js';
import {
  isoTimestamp,
  marketDate,
  US_PER_MINUTE,
  UTC_OFFSET_MINUTES_CHINA,
} from '../../kernel/time.js';
import { calendarWarnings } from '../../reference/index.js';
import { requireOperator, viewerOfRequest } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import { DEMO_KEYS, HEALTH, KEYS, SIM_STATUS, STATUS, WHOAMI } from './response_docs.js';
import { SIM_LIMITS } from './sim_driver.js';

const SPEED_BODY = z.strictObject({
  steps_per_second: z.number().int().min(0).max(SIM_LIMITS.steps_per_second_max),
});

/** Hub time as people in Hong Kong and the Mainland read it: `2026-01-05 09:30:00 HKT`. */
export function hubTimeText(timestamp_us: number): string {
  const local = isoTimestamp(timestamp_us + UTC_OFFSET_MINUTES_CHINA * US_PER_MINUTE);
  return `${local.slice(0, 10)} ${local.slice(11, 19)} HKT`;
}

export function statusOf(gateway: Gateway) {
  const state = hubState(gateway);
  return {
    seq: state.seq,
    now_us: state.now_us,
    hub_time: hubTimeText(state.now_us),
    clock: gateway.clock_kind,
    /** The clock's time now: where the next command will be stamped (the hub's may lag it). */
    clock_now_us: Math.max(gateway.clock.now_us(), state.now_us),
    clock_time: hubTimeText(Math.max(gateway.clock.now_us(), state.now_us)),
    markets: [...state.markets.markets.venues].map(([market, venue]) => ({
      market,
      phase: venue.session.phase,
    })),
    sim: gateway.sim?.status() ?? null,
    calendar_warnings: calendarWarnings(marketDate(state.now_us)),
    streams: gateway.streams.stats,
    engine: gateway.engine.stats,
    halted: gateway.engine.halted?.message ?? null,
    opened: gateway.node.opened,
    snapshot: gateway.node.snapshot_status,
  };
}

export function registerAdminRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/healthz',
    {
      config: { public: true, rateLimit: false },
      schema: routeSchema({
        summary: 'Health',
        tags: ['admin'],
        public: true,
        rate_limited: false,
        response: HEALTH,
        other: { 503: { description: 'The hub has halted (ok: false)', schema: HEALTH } },
      }),
    },
    async (_request, reply) => {
      const halted = gateway.engine.halted;
      if (halted !== null) reply.status(503);
      return { ok: halted === null, seq: hubState(gateway).seq };
    },
  );
  app.get(
    '/v1/status',
    { schema: routeSchema({ summary: 'Hub status', tags: ['admin'], response: STATUS }) },
    async () => statusOf(gateway),
  );
  app.get(
    '/v1/whoami',
    { schema: routeSchema({ summary: 'Who this key is', tags: ['admin'], response: WHOAMI }) },
    async (request) => {
      const state = hubState(gateway);
      const viewer = viewerOfRequest(request, state);
      const clients = [...state.reference.investors.values()]
        .filter((i) => i.broker === viewer.participant)
        .map((i) => i.id);
      return {
        participant: viewer.participant,
        operator: viewer.operator,
        name: state.reference.parties.get(viewer.participant)?.name ?? null,
        clients,
      };
    },
  );
  registerSimRoutes(app, gateway);
  registerKeyRoutes(app, gateway);
}

function registerSimRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['simulator'];
  const driver = () => {
    if (gateway.sim === null)
      throw new ApiError(409, 'SIMULATOR_OFF', 'This server runs without a simulator (--no-sim)');
    return gateway.sim;
  };
  const sim_off = { 409: 'SIMULATOR_OFF' } as const;
  const operator_only = { 403: 'OPERATOR_ONLY', ...sim_off } as const;
  app.get(
    '/v1/sim',
    {
      schema: routeSchema({
        summary: 'Simulator status',
        tags,
        response: SIM_STATUS,
        errors: sim_off,
      }),
    },
    async () => driver().status(),
  );
  app.post(
    '/v1/sim/start',
    {
      schema: routeSchema({
        summary: 'Start the simulator (operator)',
        tags,
        response: SIM_STATUS,
        errors: operator_only,
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      driver().start();
      return driver().status();
    },
  );
  app.post(
    '/v1/sim/stop',
    {
      schema: routeSchema({
        summary: 'Stop the simulator (operator)',
        tags,
        response: SIM_STATUS,
        errors: operator_only,
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      driver().stop();
      return driver().status();
    },
  );
  app.post(
    '/v1/sim/speed',
    {
      schema: routeSchema({
        summary: 'Set the simulator speed (operator)',
        tags,
        body: SPEED_BODY,
        response: SIM_STATUS,
        errors: operator_only,
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      const { steps_per_second } = parseInput(SPEED_BODY, request.body);
      driver().setSpeed(steps_per_second);
      return driver().status();
    },
  );
}

function registerKeyRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/keys',
    {
      schema: routeSchema({
        summary: 'Participants with keys, key prefixes only (operator)',
        tags: ['admin'],
        response: KEYS,
        errors: { 403: 'OPERATOR_ONLY' },
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      return {
        keys: gateway.keys.list().map((k) => ({
          participant: k.participant,
          key_prefix: `${k.key.slice(0, 7)}…`,
          created_at: k.created_at,
        })),
      };
    },
  );
  if (!gateway.demo) return;
  app.get(
    '/v1/demo/keys',
    {
      config: { public: true },
      schema: routeSchema({
        summary: 'Demo only: every key, for the console',
        tags: ['admin'],
        public: true,
        response: DEMO_KEYS,
      }),
    },
    async () => {
      const state = hubState(gateway);
      return {
        demo: true,
        keys: gateway.keys.list().map((k) => ({
          participant: k.participant,
          key: k.key,
          operator: isOperator(state, k.participant),
          name: state.reference.parties.get(k.participant)?.name ?? 'Hub operator',
        })),
      };
    },
  );
}
