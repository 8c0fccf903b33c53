/**
 * Surveillance for supervisors and operators: alerts with their evidence, the case workflow, focus
 * lists and the HFT reporting records. Operator keys only; participants never see alerts.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ALERT_KINDS,
  CASE_STATES,
  CLOSE_REASONS,
  getAlert,
  listAlerts,
  SEVERITIES,
  transitionAlert,
} from '../../oversight/surveillance/index.js';
import { freeText } from '../../protocol/index.js';
import { requireOperator } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import { ALERT, ALERTS, FOCUS, HFT_RECORDS } from './response_docs_oversight.js';

const ALERTS_QUERY = z.strictObject({
  state: z.enum(CASE_STATES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  owner: z.string().max(64).optional(),
  instrument: z.string().max(12).optional(),
  market_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  before_event_seq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

const TRANSITION_BODY = z.strictObject({
  to: z.enum(CASE_STATES),
  reason: z.enum(CLOSE_REASONS).optional(),
  note: freeText(2_000).optional(),
  expected_version: z.number().int().nonnegative().optional(),
});

/** Documentation of the path parameters; the handlers read them as they come. */
const ALERT_PARAMS = z.strictObject({ id: z.string() });
const FOCUS_PARAMS = z.strictObject({ market: z.string() });
const OPERATOR_ERRORS = {
  403: 'OPERATOR_ONLY',
  501: 'NOT_IMPLEMENTED: this server runs without surveillance',
} as const;

const CONFLICTS = new Set(['ALERT_TRANSITION_INVALID', 'ALERT_VERSION_CONFLICT']);

function service(gateway: Gateway) {
  if (gateway.surveillance === null)
    throw new ApiError(501, 'NOT_IMPLEMENTED', 'This server runs without surveillance');
  return gateway.surveillance;
}

export function registerSurveillanceRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get(
    '/v1/surveillance/alerts',
    {
      schema: routeSchema({
        summary: 'Surveillance alerts, newest first (operator)',
        tags: ['surveillance'],
        query: ALERTS_QUERY,
        response: ALERTS,
        errors: OPERATOR_ERRORS,
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      const query = parseInput(ALERTS_QUERY, request.query);
      return {
        alerts: listAlerts(service(gateway).store, withoutUndefined(query)),
        counts: service(gateway).store.counts(),
      };
    },
  );
  app.get(
    '/v1/surveillance/alerts/:id',
    {
      schema: routeSchema({
        summary: 'One alert with its evidence and case history (operator)',
        tags: ['surveillance'],
        params: ALERT_PARAMS,
        checks_input: false,
        response: ALERT,
        errors: { ...OPERATOR_ERRORS, 404: 'ALERT_NOT_FOUND' },
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      const found = getAlert(service(gateway).store, (request.params as { id: string }).id);
      if (!found.ok) throw new ApiError(404, found.code, found.message, found.details);
      return { alert: found.value };
    },
  );
  app.post(
    '/v1/surveillance/alerts/:id/transition',
    {
      schema: routeSchema({
        summary: 'Move an alert along its case workflow (operator)',
        tags: ['surveillance'],
        params: ALERT_PARAMS,
        body: TRANSITION_BODY,
        response: ALERT,
        errors: {
          ...OPERATOR_ERRORS,
          404: 'ALERT_NOT_FOUND',
          409: 'ALERT_TRANSITION_INVALID, ALERT_VERSION_CONFLICT',
          422: 'The transition lacks what it needs (a close reason, …)',
        },
      }),
    },
    async (request) => {
      const viewer = requireOperator(request, hubState(gateway));
      const body = parseInput(TRANSITION_BODY, request.body ?? {});
      const alert_id = (request.params as { id: string }).id;
      const moved = transitionAlert(service(gateway).store, {
        alert_id,
        actor: viewer.participant,
        at_us: hubState(gateway).now_us,
        ...withoutUndefined(body),
      });
      if (!moved.ok) {
        const status =
          moved.code === 'ALERT_NOT_FOUND' ? 404 : CONFLICTS.has(moved.code) ? 409 : 422;
        throw new ApiError(status, moved.code, moved.message, moved.details);
      }
      return { alert: moved.value };
    },
  );
  app.get(
    '/v1/surveillance/focus/:market',
    {
      schema: routeSchema({
        summary: 'Largest and fastest-growing accounts of a market (operator)',
        tags: ['surveillance'],
        params: FOCUS_PARAMS,
        checks_input: false,
        response: FOCUS,
        errors: OPERATOR_ERRORS,
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      return {
        focus: service(gateway).reader.surveillance.focusList(
          (request.params as { market: string }).market,
        ),
      };
    },
  );
  app.get(
    '/v1/surveillance/hft',
    {
      schema: routeSchema({
        summary: 'High-frequency trading reporting records (operator)',
        tags: ['surveillance'],
        response: HFT_RECORDS,
        errors: OPERATOR_ERRORS,
      }),
    },
    async (request) => {
      requireOperator(request, hubState(gateway));
      return { records: service(gateway).reader.surveillance.hftRecords() };
    },
  );
}

function withoutUndefined<T extends object>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
