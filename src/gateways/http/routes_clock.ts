/**
 * The clock under the operator's hand: `GET /v1/clock` shows the server's clock and the hub's
 * last stamped time; `POST /v1/clock/advance {to}` moves hub time forward to a moment (the
 * journaled command `hub.advance_time`, which walks every session change, Connect day and
 * settlement cycle on the way) and then moves the demo clock there, so time goes on from it.
 * The system clock follows the machine and cannot be moved (409 CLOCK_NOT_ADJUSTABLE).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { timestampAt } from '../../kernel/time.js';
import { requireOperator } from './auth.js';
import { ApiError, problem } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import { CLOCK, CLOCK_ADVANCED } from './response_docs.js';
import { hubTimeText } from './routes_admin.js';
import { commandReply, idempotencyKeyOf } from './routes_commands.js';

const ADVANCE_BODY = z.strictObject({
  to: z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().max(40)]),
});

/** `2026-01-05 16:00`, `2026-01-05T16:00:30` (Hong Kong time) or with `Z`/`+08:00`. */
const MOMENT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?$/;

/** A moment as microseconds since the Unix epoch: an integer, or a date and time. */
export function parseMoment(to: number | string): number {
  if (typeof to === 'number') return to;
  const match = MOMENT.exec(to);
  const [, date, clock, zone] = match ?? [];
  if (date === undefined || clock === undefined || !validClock(clock) || !validDate(date))
    throw problem('to', 'invalid_format', 'to is microseconds or YYYY-MM-DD HH:MM[:SS][Z|±HH:MM]');
  return timestampAt(date, clock, offsetMinutes(zone));
}

function validClock(clock: string): boolean {
  const [h, m, s] = clock.split(':').map(Number);
  return (h ?? 99) < 24 && (m ?? 99) < 60 && (s ?? 0) < 60;
}

function validDate(date: string): boolean {
  const [, month, day] = date.split('-').map(Number);
  return (month ?? 0) >= 1 && (month ?? 0) <= 12 && (day ?? 0) >= 1 && (day ?? 0) <= 31;
}

/** Minutes east of UTC; Hong Kong time (+08:00) when the moment names no zone. */
function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 8 * 60;
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

export function clockView(gateway: Gateway) {
  const hub_now_us = hubState(gateway).now_us;
  const now_us = Math.max(gateway.clock.now_us(), hub_now_us);
  return {
    kind: gateway.clock_kind,
    now_us,
    time: hubTimeText(now_us),
    hub_now_us,
    hub_time: hubTimeText(hub_now_us),
    adjustable: gateway.clock.advanceTo !== null,
  };
}

export function registerClockRoutes(app: FastifyInstance, gateway: Gateway): void {
  const tags = ['admin'];
  app.get(
    '/v1/clock',
    {
      schema: routeSchema({ summary: "The server's clock and hub time", tags, response: CLOCK }),
    },
    async () => clockView(gateway),
  );
  app.post(
    '/v1/clock/advance',
    {
      schema: routeSchema({
        summary: 'Move hub time forward to a moment (operator; demo clocks)',
        tags,
        body: ADVANCE_BODY,
        response: CLOCK_ADVANCED,
        errors: {
          403: 'OPERATOR_ONLY',
          409: 'CLOCK_NOT_ADJUSTABLE: the system clock',
          422: 'TIME_BACKWARDS, TIME_ADVANCE_TOO_FAR',
          503: 'JOURNAL_BUFFER_FULL, HUB_HALTED',
        },
      }),
    },
    async (request) => {
      const viewer = requireOperator(request, hubState(gateway));
      const to_us = parseMoment(parseInput(ADVANCE_BODY, request.body).to);
      const advanceTo = gateway.clock.advanceTo;
      if (advanceTo === null) {
        throw new ApiError(
          409,
          'CLOCK_NOT_ADJUSTABLE',
          `The ${gateway.clock_kind} clock follows the machine and cannot be moved`,
          { clock: gateway.clock_kind },
        );
      }
      const command = { type: 'hub.advance_time', to_us } as const;
      const result = gateway.engine.submit(viewer.participant, command, idempotencyKeyOf(request));
      if (result.seq === 0) {
        throw new ApiError(
          503,
          result.rejection?.code ?? 'UNAVAILABLE',
          result.rejection?.message ?? 'Busy',
        );
      }
      await gateway.engine.committed();
      const reply = await commandReply(gateway, viewer.participant, result); // throws on a rejection
      advanceTo(to_us);
      return { ...reply, clock: clockView(gateway) };
    },
  );
}
