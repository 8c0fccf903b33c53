/**
 * The door of the stress engine: a scenario is data, so every field is checked before it is
 * applied. A shock beyond its bounds is `RISK_SHOCK_OUT_OF_BOUNDS` naming the field; anything
 * else malformed is `RISK_SCENARIO_INVALID` naming the field too (docs/risk.md §4).
 * @module
 */

import { accept, isIsoDate, type Outcome, type Rejection, reject } from '../../kernel/index.js';
import { isCurrencyCode, MARKETS } from '../../reference/index.js';
import { isWhole } from './portfolio_rows.js';
import { type PriceMove, SCENARIO_KINDS, type Scenario } from './types.js';

/** Bounds of every shock, in bp. A price or an FX rate cannot fall by 100 % or more. */
export const SHOCK_BOUNDS = {
  price_move_bp: { min: -10_000, max: 100_000 },
  fx_move_bp: { min: -5_000, max: 10_000 },
  rate_shift_bp: { min: -1_000, max: 1_000 },
  repo_haircut_add_bp: { min: 0, max: 10_000 },
  facility_draw_bp: { min: 0, max: 10_000 },
} as const;

export const SCENARIO_LIMITS = { scenarios_max: 10_000, moves_max: 1_000 } as const;

const ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

type Problem = { readonly field: string; readonly message: string; readonly bounds?: boolean };

export function validateScenario(scenario: Scenario): Outcome<Scenario> {
  const problem = headerProblem(scenario) ?? shocksProblem(scenario);
  if (problem === undefined) return accept(scenario);
  return refusal(scenario, problem);
}

/** Checks a list: every scenario, unique ids, and at most `SCENARIO_LIMITS.scenarios_max`. */
export function validateScenarios(scenarios: readonly Scenario[]): Outcome<readonly Scenario[]> {
  if (scenarios.length > SCENARIO_LIMITS.scenarios_max) {
    return reject(
      'RISK_SCENARIOS_TOO_MANY',
      `At most ${SCENARIO_LIMITS.scenarios_max} scenarios in one run`,
      {
        count: scenarios.length,
      },
    );
  }
  const ids = new Set<string>();
  for (const scenario of scenarios) {
    const checked = validateScenario(scenario);
    if (!checked.ok) return checked;
    if (ids.has(scenario.id))
      return refusal(scenario, { field: 'id', message: 'the id is used twice' });
    ids.add(scenario.id);
  }
  return accept(scenarios);
}

function refusal(scenario: Scenario, problem: Problem): Rejection {
  const id = typeof scenario?.id === 'string' ? scenario.id : '?';
  const code = problem.bounds === true ? 'RISK_SHOCK_OUT_OF_BOUNDS' : 'RISK_SCENARIO_INVALID';
  return reject(code, `Scenario ${id}, ${problem.field}: ${problem.message}`, {
    scenario: id,
    field: problem.field,
  });
}

function headerProblem(s: Scenario): Problem | undefined {
  if (typeof s?.id !== 'string' || !ID_PATTERN.test(s.id)) {
    return { field: 'id', message: 'lower-case letters, digits, _ . - and at most 64 characters' };
  }
  if (!isText(s.name)) return { field: 'name', message: 'the name is empty' };
  if (!(SCENARIO_KINDS as readonly string[]).includes(s.kind)) {
    return { field: 'kind', message: `must be one of ${SCENARIO_KINDS.join(', ')}` };
  }
  if (!isText(s.source, 2_000))
    return { field: 'source', message: 'say where the figures come from' };
  if (s.period === null) {
    return s.kind === 'historical'
      ? { field: 'period', message: 'a historical scenario has dates' }
      : undefined;
  }
  const { start, end } = s.period ?? {};
  if (!isDate(start) || !isDate(end) || start > end) {
    return { field: 'period', message: 'start and end are ISO dates, start not after end' };
  }
  return undefined;
}

function shocksProblem(s: Scenario): Problem | undefined {
  const shocks = s.shocks;
  if (shocks === null || typeof shocks !== 'object') return { field: 'shocks', message: 'missing' };
  for (const list of ['price_moves', 'fx_moves', 'rate_moves'] as const) {
    const moves = shocks[list];
    if (!Array.isArray(moves) || moves.length > SCENARIO_LIMITS.moves_max) {
      return {
        field: `shocks.${list}`,
        message: `a list of at most ${SCENARIO_LIMITS.moves_max} moves`,
      };
    }
  }
  return (
    priceMovesProblem(shocks.price_moves) ??
    fxMovesProblem(s) ??
    rateMovesProblem(s) ??
    liquidityProblem(s)
  );
}

function priceMovesProblem(moves: readonly PriceMove[]): Problem | undefined {
  const selectors = new Set<string>();
  for (let j = 0; j < moves.length; j += 1) {
    const move = moves[j] as PriceMove;
    const field = `shocks.price_moves[${j}]`;
    if (move.instrument !== undefined && !isText(move.instrument)) {
      return { field: `${field}.instrument`, message: 'the instrument id is empty' };
    }
    if (move.instrument !== undefined && (move.market !== undefined || move.kind !== undefined)) {
      return { field, message: 'a move for one instrument names no market or kind' };
    }
    if (move.market !== undefined && !(MARKETS as readonly string[]).includes(move.market)) {
      return { field: `${field}.market`, message: `must be one of ${MARKETS.join(', ')}` };
    }
    if (move.kind !== undefined && move.kind !== 'equity' && move.kind !== 'bond') {
      return { field: `${field}.kind`, message: 'must be equity or bond' };
    }
    const key = `${move.instrument ?? ''}|${move.market ?? ''}|${move.kind ?? ''}`;
    if (selectors.has(key)) return { field, message: 'another move selects the same instruments' };
    selectors.add(key);
    const bounds = boundsProblem(`${field}.move_bp`, move.move_bp, 'price_move_bp');
    if (bounds !== undefined) return bounds;
  }
  return undefined;
}

function fxMovesProblem(s: Scenario): Problem | undefined {
  const seen = new Set<string>();
  for (const [j, move] of s.shocks.fx_moves.entries()) {
    const field = `shocks.fx_moves[${j}]`;
    if (!isCurrencyCode(move.currency) || move.currency === 'HKD') {
      return {
        field: `${field}.currency`,
        message: 'a currency the engine knows, other than HKD (the reporting currency)',
      };
    }
    if (seen.has(move.currency)) return { field, message: 'the currency moves twice' };
    seen.add(move.currency);
    const bounds = boundsProblem(`${field}.move_bp`, move.move_bp, 'fx_move_bp');
    if (bounds !== undefined) return bounds;
  }
  return undefined;
}

function rateMovesProblem(s: Scenario): Problem | undefined {
  const seen = new Set<string>();
  for (const [j, move] of s.shocks.rate_moves.entries()) {
    const field = `shocks.rate_moves[${j}]`;
    if (move.currency !== undefined && !isCurrencyCode(move.currency)) {
      return {
        field: `${field}.currency`,
        message: 'a currency the engine knows, or none for all',
      };
    }
    const key = move.currency ?? '*';
    if (seen.has(key)) return { field, message: 'the currency shifts twice' };
    seen.add(key);
    const bounds = boundsProblem(`${field}.shift_bp`, move.shift_bp, 'rate_shift_bp');
    if (bounds !== undefined) return bounds;
  }
  return undefined;
}

function liquidityProblem(s: Scenario): Problem | undefined {
  const liquidity = s.shocks.liquidity;
  if (liquidity === null || typeof liquidity !== 'object') {
    return { field: 'shocks.liquidity', message: 'missing (use 0 and 0 for no freeze)' };
  }
  return (
    boundsProblem(
      'shocks.liquidity.repo_haircut_add_bp',
      liquidity.repo_haircut_add_bp,
      'repo_haircut_add_bp',
    ) ??
    boundsProblem(
      'shocks.liquidity.facility_draw_bp',
      liquidity.facility_draw_bp,
      'facility_draw_bp',
    )
  );
}

function boundsProblem(
  field: string,
  value: number,
  which: keyof typeof SHOCK_BOUNDS,
): Problem | undefined {
  const { min, max } = SHOCK_BOUNDS[which];
  if (isWhole(value, min, max)) return undefined;
  return { field, message: `must be whole basis points from ${min} to ${max}`, bounds: true };
}

function isText(x: unknown, length_max = 200): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= length_max;
}

function isDate(x: unknown): x is string {
  return typeof x === 'string' && isIsoDate(x);
}
