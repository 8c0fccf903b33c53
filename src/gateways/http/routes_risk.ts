/**
 * Risk for supervisors and operators (issue 17, docs/risk.md "Over the API"): the built-in stress
 * scenarios, CCP margin, the default fund (Cover 1, Cover 2, contributions), stress runs kept by
 * id, and the waterfall of a chosen default. Operator keys only, as surveillance is. Every
 * figure states the hub's `seq` and state `digest` it was computed on, and the return history
 * used (the demo's is simulated). Refusals carry the risk core's `RISK_*` codes: 400 for a bad
 * setting, scenario or member; 404 for a stress run not kept; 503 without a return history.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HubState } from '../../hub/index.js';
import type { Rejection } from '../../kernel/index.js';
import {
  BUILTIN_SCENARIOS,
  CCPS,
  type CcpDefaultFund,
  DEFAULT_MARGIN_SETTINGS,
  LIQUIDITY_DAYS_MAX,
  type Portfolio,
  type Scenario,
} from '../../oversight/risk/index.js';
import { CURRENCY_CODES } from '../../reference/index.js';
import { demoRiskHistory } from '../../sim/demo_risk_history.js';
import { requireOperator } from './auth.js';
import { ApiError } from './errors.js';
import { type Gateway, hubState } from './gateway.js';
import { routeSchema } from './openapi.js';
import { parseInput } from './query.js';
import {
  DEFAULT_FUND,
  DEFAULT_SIMULATION,
  MARGIN,
  SCENARIOS,
  STRESS_RUN,
  STRESS_RUNS,
} from './risk_schemas.js';
import { RiskService, type StateStamp, type StressRunRecord } from './risk_service.js';

const TAGS = ['risk'];
const OPERATOR_ERRORS = { 403: 'OPERATOR_ONLY' } as const;
const HISTORY_ERROR = { 503: 'RISK_HISTORY_UNAVAILABLE: no return history on this server' };

const MARGIN_QUERY = z.strictObject({
  confidence_ppm: z.coerce.number().int().optional(),
  window_days: z.coerce.number().int().optional(),
  level: z.enum(['account', 'member']).optional(),
});

const STRESS_BODY = z.strictObject({
  scenarios: z.array(z.string().max(128)).max(10_000),
  custom: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
  /** The liquidity stress: Cover 1 or 2 (default 2), its horizon, committed lines. */
  liquidity: z
    .strictObject({
      cover: z.union([z.literal(1), z.literal(2)]).optional(),
      days: z.number().int().min(1).max(LIQUIDITY_DAYS_MAX).optional(),
      committed_lines: z
        .array(
          z.strictObject({
            ccp: z.enum(CCPS),
            currency: z.enum(CURRENCY_CODES),
            amount_minor: z.string().regex(/^\d{1,18}$/),
          }),
        )
        .max(20)
        .optional(),
    })
    .optional(),
});

const DEFAULT_BODY = z.strictObject({
  ccp: z.enum(CCPS),
  defaulters: z.array(z.string().max(64)).min(1).max(2),
  /** A built-in scenario's id, or a scenario object of your own. */
  scenario: z.union([z.string().max(128), z.record(z.string(), z.unknown())]),
  skin_in_the_game_minor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

const RUN_PARAMS = z.strictObject({ id: z.string() });

const services = new WeakMap<Gateway, RiskService>();

/** The gateway's risk service: the demo's simulated history when it runs the demo, else none. */
export function riskService(gateway: Gateway): RiskService {
  let service = services.get(gateway);
  if (service === undefined) {
    service = new RiskService(gateway.demo ? demoRiskHistory() : null);
    services.set(gateway, service);
  }
  return service;
}

const STATUS: Readonly<Record<string, number>> = {
  RISK_HISTORY_UNAVAILABLE: 503,
  RISK_STRESS_RUN_UNKNOWN: 404,
};

function refused(rejection: Rejection): ApiError {
  return new ApiError(
    STATUS[rejection.code] ?? 400,
    rejection.code,
    rejection.message,
    rejection.details,
  );
}

function value<T>(outcome: { ok: true; value: T } | Rejection): T {
  if (!outcome.ok) throw refused(outcome);
  return outcome.value;
}

function stampOf(stamp: StateStamp, history: string) {
  return { seq: stamp.seq, digest: stamp.digest, now_us: stamp.now_us, history };
}

function memberRow(portfolio: Portfolio, m: number) {
  return {
    participant: portfolio.participant_ids[portfolio.member_participant[m] as number] as string,
    ccp: CCPS[portfolio.member_ccp[m] as number] as string,
    group: portfolio.group_ids[portfolio.member_group[m] as number] as string,
  };
}

function coverView(c: CcpDefaultFund['cover1']) {
  return {
    amount_minor: c.amount_minor,
    scenario: c.scenario,
    groups: c.groups.map((group, i) => ({ group, amount_minor: c.group_amounts_minor[i] })),
  };
}

function fundView(portfolio: Portfolio, fund: CcpDefaultFund) {
  return {
    ccp: fund.ccp,
    cover1: coverView(fund.cover1),
    cover2: coverView(fund.cover2),
    fund_minor: fund.fund_minor,
    contributions: fund.contributions.map((c) => ({
      ...memberRow(portfolio, c.member),
      basis_minor: c.basis_minor,
      contribution_minor: c.contribution_minor,
    })),
  };
}

function runView(record: StressRunRecord) {
  return {
    id: record.id,
    ...stampOf(record.stamp, record.history),
    scenarios: record.scenarios.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    summary: record.text,
    by_scenario: record.summary.by_scenario,
    by_member: record.summary.by_member.map(({ member: _, ...rest }) => rest),
    unsettled_instructions: record.unsettled_instructions,
    covers: record.funds.map((f) => ({
      ccp: f.ccp,
      cover1: coverView(f.cover1),
      cover2: coverView(f.cover2),
    })),
    liquidity: record.liquidity,
    quota_effects: record.effects.quotas,
    payment_limit_effects: record.effects.payment_limits,
  };
}

function scenarioOf(service: RiskService, input: string | Record<string, unknown>): Scenario {
  if (typeof input !== 'string') return input as unknown as Scenario;
  const found = service.scenariosOf([input], []);
  const [scenario] = value(found);
  return scenario as Scenario;
}

export function registerRiskRoutes(app: FastifyInstance, gateway: Gateway): void {
  const state = (): HubState => hubState(gateway);
  app.get(
    '/v1/risk/scenarios',
    {
      schema: routeSchema({
        summary: 'The built-in stress scenarios with their sources (operator)',
        tags: TAGS,
        response: SCENARIOS,
        errors: OPERATOR_ERRORS,
      }),
    },
    async (request) => {
      requireOperator(request, state());
      return { scenarios: BUILTIN_SCENARIOS };
    },
  );
  app.get(
    '/v1/risk/margin',
    {
      schema: routeSchema({
        summary:
          'Initial margin (historical-simulation VaR) and ES per account or member, VM per member (operator)',
        tags: TAGS,
        query: MARGIN_QUERY,
        response: MARGIN,
        errors: {
          ...OPERATOR_ERRORS,
          400: 'RISK_CONFIDENCE_OUT_OF_RANGE, RISK_WINDOW_TOO_LONG, RISK_SETTING_INVALID',
          ...HISTORY_ERROR,
        },
      }),
    },
    async (request) => {
      requireOperator(request, state());
      const query = parseInput(MARGIN_QUERY, request.query);
      const settings = {
        confidence_ppm: query.confidence_ppm ?? DEFAULT_MARGIN_SETTINGS.confidence_ppm,
        window_days: query.window_days ?? DEFAULT_MARGIN_SETTINGS.window_days,
        level: query.level ?? DEFAULT_MARGIN_SETTINGS.level,
      };
      const service = riskService(gateway);
      const { prepared, im, vm } = value(service.margin(state(), settings));
      const portfolio = prepared.portfolio;
      const units =
        settings.level === 'member'
          ? Array.from(portfolio.member_ccp, (_, m) => ({ ...memberRow(portfolio, m) }))
          : portfolio.account_ids.map((account, a) => ({
              account,
              ...memberRow(portfolio, portfolio.account_member[a] as number),
            }));
      return {
        ...stampOf(prepared.stamp, service.history?.label ?? ''),
        settings,
        k: im.k,
        fx_source: prepared.fx_source,
        unpriced: prepared.unpriced,
        margin: units.map((unit, i) => ({
          ...unit,
          initial_margin_minor: im.initial_margin_minor[i],
          expected_shortfall_minor: im.expected_shortfall_minor[i],
        })),
        variation_margin: Array.from(portfolio.member_ccp, (_, m) => ({
          ...memberRow(portfolio, m),
          hkd_minor: vm.member_hkd_minor[m],
          by_currency: Object.fromEntries(
            portfolio.fx.currencies.map((c, k) => [c, vm.member_minor[m]?.[k] ?? 0n]),
          ),
        })),
        ccps: CCPS.map((ccp, c) => ({ ccp, initial_margin_minor: im.ccp_initial_margin_minor[c] })),
      };
    },
  );
  app.get(
    '/v1/risk/default-fund',
    {
      schema: routeSchema({
        summary:
          'Cover 1, Cover 2 with its two groups, the fund and each member’s contribution, per CCP (operator)',
        tags: TAGS,
        response: DEFAULT_FUND,
        errors: { ...OPERATOR_ERRORS, ...HISTORY_ERROR },
      }),
    },
    async (request) => {
      requireOperator(request, state());
      const service = riskService(gateway);
      const computed = value(service.defaultFunds(state()));
      const portfolio = computed.prepared.portfolio;
      return {
        ...stampOf(computed.prepared.stamp, service.history?.label ?? ''),
        scenarios: BUILTIN_SCENARIOS.map((s) => s.id),
        funds: computed.funds.map((f) => fundView(portfolio, f)),
      };
    },
  );
  app.post(
    '/v1/risk/stress-runs',
    {
      schema: routeSchema({
        summary:
          'Run stress scenarios on the hub’s current state; the result is kept by id (operator)',
        tags: TAGS,
        body: STRESS_BODY,
        response: STRESS_RUN,
        errors: {
          ...OPERATOR_ERRORS,
          400: 'RISK_SCENARIO_UNKNOWN, RISK_SCENARIO_INVALID, RISK_SHOCK_OUT_OF_BOUNDS, RISK_SCENARIOS_EMPTY, RISK_SCENARIOS_TOO_MANY',
          ...HISTORY_ERROR,
        },
      }),
    },
    async (request) => {
      requireOperator(request, state());
      const body = parseInput(STRESS_BODY, request.body);
      const service = riskService(gateway);
      const scenarios = value(service.scenariosOf(body.scenarios, body.custom ?? []));
      const liquidity = {
        cover: body.liquidity?.cover ?? 2,
        ...(body.liquidity?.days === undefined ? {} : { days: body.liquidity.days }),
        committed_lines: (body.liquidity?.committed_lines ?? []).map((line) => ({
          ...line,
          amount_minor: BigInt(line.amount_minor),
        })),
      };
      return { run: runView(value(service.runStressTest(state(), scenarios, liquidity))) };
    },
  );
  app.get(
    '/v1/risk/stress-runs',
    {
      schema: routeSchema({
        summary: 'The stress runs kept, newest first (operator)',
        tags: TAGS,
        response: STRESS_RUNS,
        errors: OPERATOR_ERRORS,
      }),
    },
    async (request) => {
      requireOperator(request, state());
      return { runs: riskService(gateway).listRuns().map(runView) };
    },
  );
  app.get(
    '/v1/risk/stress-runs/:id',
    {
      schema: routeSchema({
        summary: 'One stress run kept (operator)',
        tags: TAGS,
        params: RUN_PARAMS,
        checks_input: false,
        response: STRESS_RUN,
        errors: { ...OPERATOR_ERRORS, 404: 'RISK_STRESS_RUN_UNKNOWN' },
      }),
    },
    async (request) => {
      requireOperator(request, state());
      const id = (request.params as { id: string }).id;
      const record = riskService(gateway).run(id);
      if (record === undefined) {
        throw new ApiError(
          404,
          'RISK_STRESS_RUN_UNKNOWN',
          `No stress run ${id} is kept (the newest ${20} are)`,
          { id },
        );
      }
      return { run: runView(record) };
    },
  );
  app.post(
    '/v1/risk/default-simulations',
    {
      schema: routeSchema({
        summary:
          'The default waterfall of one or two participants at a CCP in a scenario (operator)',
        tags: TAGS,
        body: DEFAULT_BODY,
        response: DEFAULT_SIMULATION,
        errors: {
          ...OPERATOR_ERRORS,
          400: 'RISK_MEMBER_UNKNOWN, RISK_WATERFALL_INVALID, RISK_SCENARIO_UNKNOWN, RISK_SCENARIO_INVALID, RISK_SHOCK_OUT_OF_BOUNDS',
          ...HISTORY_ERROR,
        },
      }),
    },
    async (request) => {
      requireOperator(request, state());
      const body = parseInput(DEFAULT_BODY, request.body);
      const service = riskService(gateway);
      const scenario = scenarioOf(service, body.scenario);
      const { computed, waterfall } = value(
        service.simulate(state(), {
          ccp: body.ccp,
          defaulters: body.defaulters,
          scenario,
          skin_in_the_game_minor: BigInt(body.skin_in_the_game_minor ?? '0'),
        }),
      );
      const portfolio = computed.prepared.portfolio;
      const fund = computed.funds.find((f) => f.ccp === body.ccp);
      return {
        ...stampOf(computed.prepared.stamp, service.history?.label ?? ''),
        ccp: body.ccp,
        scenario: scenario.id,
        fund_minor: fund?.fund_minor ?? 0n,
        tiers: [
          { tier: 'defaulter_margin', amount_minor: waterfall.defaulter_margin_minor },
          { tier: 'defaulter_fund', amount_minor: waterfall.defaulter_fund_minor },
          { tier: 'skin_in_the_game', amount_minor: waterfall.skin_in_the_game_minor },
          { tier: 'non_defaulter_fund', amount_minor: waterfall.non_defaulter_fund_minor },
          { tier: 'uncovered', amount_minor: waterfall.uncovered_minor },
        ],
        loss_minor: waterfall.loss_minor,
        defaulters: waterfall.defaulters.map((d) => ({
          ...memberRow(portfolio, d.member),
          loss_minor: d.loss_minor,
          margin_used_minor: d.margin_used_minor,
          fund_used_minor: d.fund_used_minor,
        })),
        non_defaulters: waterfall.non_defaulter_used_minor
          .map((used, m) => ({ ...memberRow(portfolio, m), used_minor: used }))
          .filter((row) => row.used_minor > 0n),
      };
    },
  );
}
