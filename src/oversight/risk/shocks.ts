/**
 * Scenarios compiled against a portfolio's instruments (docs/risk.md §4): for each instrument and
 * scenario, the local price move and the HKD value change of one unit, so the stress engine's
 * inner loop is one multiply-add per position and scenario.
 *
 * An instrument's local price move p:
 * - equity: the price move that selects it (instrument, then market + kind, then market, then
 *   kind, then a move with no selector); none: 0;
 * - bond: the same, plus the rate shock through duration and convexity,
 *   −D × Δy + ½ × C × Δy², with Δy the shift of its currency (or of all currencies);
 * - cash and repo: 0 (their value is their cash amount);
 * and p is floored at −100 % (a price cannot go below nought). With f the move of its currency
 * against HKD, one unit's HKD value becomes value × (1 + p) × (1 + f).
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import { MARKETS } from '../../reference/index.js';
import { validateScenarios } from './scenario_validation.js';
import {
  INSTRUMENT_KINDS,
  type Portfolio,
  type PriceMove,
  type Scenario,
  type ScenarioMatrix,
} from './types.js';

/** Instruments × scenarios at most 2^24: two matrices of 128 MB each. */
export const MATRIX_CELLS_MAX = 1 << 24;

const BP = 10_000;
const E4 = 10_000;
const KINDS = INSTRUMENT_KINDS.length;
const EQUITY = INSTRUMENT_KINDS.indexOf('equity');
const BOND = INSTRUMENT_KINDS.indexOf('bond');

export function compileScenarios(
  portfolio: Portfolio,
  scenarios: readonly Scenario[],
): Outcome<ScenarioMatrix> {
  const valid = validateScenarios(scenarios);
  if (!valid.ok) return valid;
  const S = scenarios.length;
  const I = portfolio.instrument_ids.length;
  if (S === 0) return reject('RISK_SCENARIOS_EMPTY', 'Choose at least one scenario', {});
  if (I * S > MATRIX_CELLS_MAX) {
    return reject(
      'RISK_STRESS_TOO_LARGE',
      `${I} instruments × ${S} scenarios is more than ${MATRIX_CELLS_MAX} cells`,
      {
        instruments: I,
        scenarios: S,
        cells_max: MATRIX_CELLS_MAX,
      },
    );
  }
  const tables = scenarios.map((s) => scenarioTable(portfolio, s));
  const price_move_bp = new Float64Array(I * S);
  const unit_change_hkd = new Float64Array(I * S);
  for (let i = 0; i < I; i += 1) {
    const combo = comboOf(portfolio, i);
    const c = portfolio.instrument_currency[i] as number;
    const kind = portfolio.instrument_kind[i] as number;
    const duration = (portfolio.instrument_duration_e4[i] as number) / E4;
    const convexity = (portfolio.instrument_convexity_e4[i] as number) / E4;
    const value = portfolio.instrument_value_hkd[i] as number;
    for (let s = 0; s < S; s += 1) {
      const table = tables[s] as ScenarioTable;
      // Moves stay in bp (whole numbers for all but the rate term) and are divided once, so a
      // whole-bp move of a whole-cent value gives the exact change whenever it is representable.
      let p = table.combo_move_bp[combo] as number;
      if (table.instrument_move_bp.size > 0) p = table.instrument_move_bp.get(i) ?? p;
      if (kind === BOND) {
        const dy = table.rate_shift_bp[c] as number;
        p += -duration * dy + (0.5 * convexity * dy * dy) / BP;
      }
      p = Math.max(p, -BP);
      const f = table.fx_move_bp[c] as number;
      price_move_bp[i * S + s] = p;
      unit_change_hkd[i * S + s] = (value * (p + f + (p * f) / BP)) / BP;
    }
  }
  return accept({
    scenario_ids: scenarios.map((s) => s.id),
    scenarios: S,
    unit_change_hkd,
    price_move_bp,
    repo_haircut_add_bp: Float64Array.from(
      scenarios,
      (s) => s.shocks.liquidity.repo_haircut_add_bp,
    ),
    facility_draw_bp: Float64Array.from(scenarios, (s) => s.shocks.liquidity.facility_draw_bp),
  });
}

function comboOf(portfolio: Portfolio, i: number): number {
  const market = MARKETS.indexOf(portfolio.instrument_market[i] as (typeof MARKETS)[number]);
  return market * KINDS + (portfolio.instrument_kind[i] as number);
}

/** One scenario reduced to small tables of bp: by (market, kind) combo, instrument, currency. */
interface ScenarioTable {
  readonly combo_move_bp: Float64Array;
  readonly instrument_move_bp: ReadonlyMap<number, number>;
  readonly fx_move_bp: Float64Array;
  readonly rate_shift_bp: Float64Array;
}

function scenarioTable(portfolio: Portfolio, scenario: Scenario): ScenarioTable {
  const { price_moves, fx_moves, rate_moves } = scenario.shocks;
  const combo_move_bp = new Float64Array(MARKETS.length * KINDS);
  for (let m = 0; m < MARKETS.length; m += 1) {
    for (const kind of [EQUITY, BOND]) {
      const move = comboMove(price_moves, MARKETS[m] as string, INSTRUMENT_KINDS[kind] as string);
      combo_move_bp[m * KINDS + kind] = move === undefined ? 0 : move.move_bp;
    }
  }
  const instrument_move_bp = new Map<number, number>();
  for (const move of price_moves) {
    const i =
      move.instrument === undefined ? undefined : portfolio.instrument_index.get(move.instrument);
    // A move for an instrument the portfolio does not hold has nothing to apply to.
    if (i === undefined) continue;
    const kind = portfolio.instrument_kind[i] as number;
    if (kind === EQUITY || kind === BOND) instrument_move_bp.set(i, move.move_bp);
  }
  const currencies = portfolio.fx.currencies;
  const fx_move_bp = Float64Array.from(
    currencies,
    (code) => fx_moves.find((m) => m.currency === code)?.move_bp ?? 0,
  );
  const all = rate_moves.find((m) => m.currency === undefined)?.shift_bp ?? 0;
  const rate_shift_bp = Float64Array.from(
    currencies,
    (code) => rate_moves.find((m) => m.currency === code)?.shift_bp ?? all,
  );
  return { combo_move_bp, instrument_move_bp, fx_move_bp, rate_shift_bp };
}

/** The most specific non-instrument move selecting (market, kind). */
function comboMove(
  moves: readonly PriceMove[],
  market: string,
  kind: string,
): PriceMove | undefined {
  let best: PriceMove | undefined;
  let best_rank = -1;
  for (const move of moves) {
    if (move.instrument !== undefined) continue;
    if (move.market !== undefined && move.market !== market) continue;
    if (move.kind !== undefined && move.kind !== kind) continue;
    const rank = (move.market !== undefined ? 2 : 0) + (move.kind !== undefined ? 1 : 0);
    if (rank > best_rank) {
      best = move;
      best_rank = rank;
    }
  }
  return best;
}
