/**
 * The real-time risk monitor for supervisors and operators (docs/risk-monitor.md §6): flows per
 * link with the quota figures, the closed days' flows, exposures, one participant's positions,
 * concentration, one instrument's holders, the monitor's alerts, and its settings. Operator keys
 * only, as the other risk routes. Settings refused by the monitor answer 400 with its RISK_* code.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { HubState } from '../../hub/index.js';
import type { RiskMonitorSettingsInput } from '../../oversight/risk/index.js';
import { quotaReport } from '../../rules/index.js';
import { requireOperator } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import {
  RISK_MONITOR_FILE_NAME,
  type RiskMonitorService,
  settingsInputOf,
} from './risk_monitor.js';
import {
  CONCENTRATION_QUERY,
  INSTRUMENT_PARAMS,
  MONITOR_ALERTS,
  MONITOR_ALERTS_QUERY,
  MONITOR_CONCENTRATION,
  MONITOR_EXPOSURES,
  MONITOR_FLOW_HISTORY,
  MONITOR_FLOWS,
  MONITOR_HOLDERS,
  MONITOR_POSITIONS,
  MONITOR_SETTINGS,
  MONITOR_SETTINGS_BODY,
  PARTICIPANT_PARAMS,
} from './risk_monitor_schemas.js';

const TAGS = ['risk'];
const ERRORS = {
  403: 'OPERATOR_ONLY',
  501: 'NOT_IMPLEMENTED: this server runs without the risk monitor',
} as const;

function service(gateway: Gateway): RiskMonitorService {
  if (gateway.risk_monitor === null)
    throw new ApiError(501, 'NOT_IMPLEMENTED', 'This server runs without the risk monitor');
  return gateway.risk_monitor;
}

function settingsView(monitor: RiskMonitorService) {
  return { settings: settingsInputOf(monitor.settings), file: RISK_MONITOR_FILE_NAME };
}

export function registerRiskMonitorRoutes(app: FastifyInstance, gateway: Gateway): void {
  const state = (): HubState => hubState(gateway);
  /** An operator's read of the live reader. */
  const read = (request: Parameters<typeof requireOperator>[0]) => {
    requireOperator(request, state());
    return service(gateway).reader;
  };
  app.get(
    '/v1/risk/flows',
    {
      schema: routeSchema({
        summary:
          'Today’s cross-border flows per link, direction and currency, with quotas (operator)',
        tags: TAGS,
        response: MONITOR_FLOWS,
        errors: ERRORS,
      }),
    },
    async (request) => withLiveQuotas(read(request).flows(), state()),
  );
  app.get(
    '/v1/risk/flows/history',
    {
      schema: routeSchema({
        summary: 'The closed days’ flow totals per series, oldest first (operator)',
        tags: TAGS,
        response: MONITOR_FLOW_HISTORY,
        errors: ERRORS,
      }),
    },
    async (request) => ({ days: read(request).flowHistory() }),
  );
  app.get(
    '/v1/risk/exposures',
    {
      schema: routeSchema({
        summary:
          'Positions, unsettled obligations, repo financing per participant and investor class; the CCP and bilateral views (operator)',
        tags: TAGS,
        response: MONITOR_EXPOSURES,
        errors: ERRORS,
      }),
    },
    async (request) => read(request).exposures(),
  );
  app.get(
    '/v1/risk/positions/:participant',
    {
      schema: routeSchema({
        summary: 'One participant’s positions per instrument at the last price (operator)',
        tags: TAGS,
        params: PARTICIPANT_PARAMS,
        checks_input: false,
        response: MONITOR_POSITIONS,
        errors: ERRORS,
      }),
    },
    async (request) => {
      const participant = (request.params as { participant: string }).participant;
      return { participant, positions: read(request).positions(participant) };
    },
  );
  app.get(
    '/v1/risk/concentration',
    {
      schema: routeSchema({
        summary:
          'Top holders of the most concentrated instruments, turnover shares, HHI (operator)',
        tags: TAGS,
        query: CONCENTRATION_QUERY,
        response: MONITOR_CONCENTRATION,
        errors: ERRORS,
      }),
    },
    async (request) => {
      const reader = read(request);
      const query = parseInput(CONCENTRATION_QUERY, request.query);
      return reader.concentration(query.top);
    },
  );
  app.get(
    '/v1/risk/holders/:instrument',
    {
      schema: routeSchema({
        summary: 'One instrument’s largest holders and their shares (operator)',
        tags: TAGS,
        params: INSTRUMENT_PARAMS,
        query: CONCENTRATION_QUERY,
        response: MONITOR_HOLDERS,
        errors: { ...ERRORS, 404: 'RISK_INSTRUMENT_UNKNOWN' },
      }),
    },
    async (request) => {
      const reader = read(request);
      const query = parseInput(CONCENTRATION_QUERY, request.query);
      const instrument = (request.params as { instrument: string }).instrument;
      const holders = reader.holders(instrument, query.top);
      if (holders === null) {
        throw new ApiError(
          404,
          'RISK_INSTRUMENT_UNKNOWN',
          `The risk monitor has seen no security ${instrument}`,
          { instrument },
        );
      }
      return { holders };
    },
  );
  app.get(
    '/v1/risk/alerts',
    {
      schema: routeSchema({
        summary:
          'The risk monitor’s alerts with their figures and evidence, newest first (operator)',
        tags: TAGS,
        query: MONITOR_ALERTS_QUERY,
        response: MONITOR_ALERTS,
        errors: ERRORS,
      }),
    },
    async (request) => {
      const reader = read(request);
      const query = parseInput(MONITOR_ALERTS_QUERY, request.query);
      const kept = reader.alerts({
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.participant === undefined ? {} : { participant: query.participant }),
        ...(query.since === undefined ? {} : { since_event_seq: query.since }),
      });
      return { alerts: kept.slice(-query.limit).reverse(), kept: reader.stats().alerts };
    },
  );
  app.get(
    '/v1/risk/monitor/settings',
    {
      schema: routeSchema({
        summary: 'The risk monitor’s settings and thresholds in force (operator)',
        tags: TAGS,
        response: MONITOR_SETTINGS,
        errors: ERRORS,
      }),
    },
    async (request) => {
      requireOperator(request, state());
      return settingsView(service(gateway));
    },
  );
  app.put(
    '/v1/risk/monitor/settings',
    {
      schema: routeSchema({
        summary:
          'Replace the risk monitor’s settings; it is rebuilt from the journal with them (operator)',
        tags: TAGS,
        body: MONITOR_SETTINGS_BODY,
        response: MONITOR_SETTINGS,
        errors: {
          ...ERRORS,
          400: 'RISK_THRESHOLD_INVALID, RISK_BUCKET_INVALID, RISK_WINDOW_INVALID, RISK_SETTING_INVALID, RISK_THRESHOLD_DUPLICATE',
        },
      }),
    },
    async (request) => {
      requireOperator(request, state());
      const monitor = service(gateway);
      const body = parseInput(MONITOR_SETTINGS_BODY, request.body);
      const updated = monitor.updateSettings(body as RiskMonitorSettingsInput);
      if (!updated.ok) throw new ApiError(400, updated.code, updated.message, updated.details);
      return settingsView(monitor);
    },
  );
}

/**
 * The monitor learns a Stock Connect balance only at the day's end (its events carry no running
 * balance); beside it, the hub's own balance now, so an operator sees the quota used intraday.
 */
function withLiveQuotas<T extends { stock_connect_quotas: ReadonlyArray<{ quota_link: string }> }>(
  flows: T,
  state: HubState,
): T {
  const stock_connect_quotas = flows.stock_connect_quotas.map((q) => {
    const live = state.rules.quotas.find((x) => x.link === q.quota_link);
    if (live === undefined) return { ...q, balance_now_minor: null, used_now_minor: null };
    const balance = quotaReport(live).balance_minor;
    return { ...q, balance_now_minor: balance, used_now_minor: live.daily_quota_minor - balance };
  });
  return { ...flows, stock_connect_quotas };
}
