/**
 * The stress engine (docs/risk.md §5): every scenario applied to every account at once.
 *
 * Vectorised across scenarios: `compileScenarios` has already turned the scenarios into one HKD
 * change per instrument and scenario, so an account's loss in every scenario is a sparse sum over
 * its positions, `loss[s] = −Σ quantity × change[instrument, s]` (stress_losses.ts, with no
 * allocation in the loop). Losses are netted across a member's accounts at one CCP, and
 * collateral is valued at the scenario's prices and FX after its haircut plus the scenario's repo
 * haircut add-on. Kept: per member and scenario the loss, the collateral and the uncovered loss
 * max(0, loss − initial margin − collateral); per CCP the sums; per account only its worst
 * scenario (a full accounts × scenarios matrix would be 800 MB at 100,000 × 1,000).
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import { FLOAT_EXACT_LIMIT_BIG } from './rounding.js';
import { MATRIX_CELLS_MAX } from './shocks.js';
import { accumulateLosses } from './stress_losses.js';
import { CCPS, type Portfolio, type ScenarioMatrix, type StressResult } from './types.js';

const BP = 10_000;

export function runStress(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
  member_initial_margin_minor: readonly bigint[],
): Outcome<StressResult> {
  const problem = inputProblem(portfolio, matrix, member_initial_margin_minor);
  if (problem !== undefined) return problem;
  const S = matrix.scenarios;
  const members = portfolio.member_ccp.length;
  const accounts = portfolio.account_ids.length;
  const member_loss = new Float64Array(members * S);
  const member_collateral = new Float64Array(members * S);
  const account_worst_scenario = new Int32Array(accounts).fill(-1);
  const account_worst_loss = new Float64Array(accounts);
  accumulateLosses(portfolio, matrix, member_loss, account_worst_scenario, account_worst_loss);
  for (let a = 0; a < accounts; a += 1) {
    const offset = (portfolio.account_member[a] as number) * S;
    addCollateral(portfolio, matrix, a, member_collateral, offset);
  }
  const member_initial_margin = Float64Array.from(member_initial_margin_minor, Number);
  const uncovered = uncoveredLoss(member_loss, member_collateral, member_initial_margin, S);
  return accept({
    scenario_ids: matrix.scenario_ids,
    scenarios: S,
    member_loss,
    member_collateral,
    member_uncovered: uncovered,
    member_initial_margin,
    ccp_loss: perCcp(portfolio, member_loss, S),
    ccp_uncovered: perCcp(portfolio, uncovered, S),
    account_worst_scenario,
    account_worst_loss,
  });
}

/** Adds account `a`'s collateral, at stressed value after stressed haircuts, to its member's row. */
function addCollateral(
  portfolio: Portfolio,
  matrix: ScenarioMatrix,
  a: number,
  member_collateral: Float64Array,
  offset: number,
): void {
  const S = matrix.scenarios;
  const change = matrix.unit_change_hkd;
  const add_bp = matrix.repo_haircut_add_bp;
  for (
    let k = portfolio.collateral_start[a] as number;
    k < (portfolio.collateral_start[a + 1] as number);
    k += 1
  ) {
    const i = portfolio.collateral_instrument[k] as number;
    const q = portfolio.collateral_quantity[k] as number;
    const haircut = portfolio.collateral_haircut_bp[k] as number;
    const value = portfolio.instrument_value_hkd[i] as number;
    const base = i * S;
    for (let s = 0; s < S; s += 1) {
      // What the haircut leaves, in bp: divided last, so whole-bp haircuts of whole cents stay exact.
      const kept_bp = Math.max(0, BP - haircut - (add_bp[s] as number));
      const stressed = (q * (value + (change[base + s] as number)) * kept_bp) / BP;
      member_collateral[offset + s] = (member_collateral[offset + s] as number) + stressed;
    }
  }
}

function uncoveredLoss(
  loss: Float64Array,
  collateral: Float64Array,
  im: Float64Array,
  S: number,
): Float64Array {
  const out = new Float64Array(loss.length);
  for (let m = 0; m < im.length; m += 1) {
    const margin = im[m] as number;
    for (let s = m * S; s < (m + 1) * S; s += 1) {
      out[s] = Math.max(0, (loss[s] as number) - margin - (collateral[s] as number));
    }
  }
  return out;
}

function perCcp(portfolio: Portfolio, by_member: Float64Array, S: number): Float64Array {
  const out = new Float64Array(CCPS.length * S);
  for (let m = 0; m < portfolio.member_ccp.length; m += 1) {
    const offset = (portfolio.member_ccp[m] as number) * S;
    for (let s = 0; s < S; s += 1)
      out[offset + s] = (out[offset + s] as number) + (by_member[m * S + s] as number);
  }
  return out;
}

function inputProblem(portfolio: Portfolio, matrix: ScenarioMatrix, im: readonly bigint[]) {
  const members = portfolio.member_ccp.length;
  if (matrix.unit_change_hkd.length !== portfolio.instrument_ids.length * matrix.scenarios) {
    return reject('RISK_SCENARIOS_MISMATCH', 'The scenarios were compiled for another portfolio', {
      instruments: portfolio.instrument_ids.length,
    });
  }
  if (members * matrix.scenarios > MATRIX_CELLS_MAX) {
    return reject(
      'RISK_STRESS_TOO_LARGE',
      `${members} members × ${matrix.scenarios} scenarios is too many cells`,
      {
        members,
        scenarios: matrix.scenarios,
        cells_max: MATRIX_CELLS_MAX,
      },
    );
  }
  if (im.length !== members) {
    return reject('RISK_MARGIN_INVALID', 'Give one initial margin per member', {
      expected: members,
      given: im.length,
    });
  }
  const bad = im.findIndex((x) => typeof x !== 'bigint' || x < 0n || x > FLOAT_EXACT_LIMIT_BIG);
  if (bad >= 0) {
    return reject(
      'RISK_MARGIN_INVALID',
      `The initial margin of member ${bad} is not 0 to 2^53 minor units`,
      {
        member: bad,
      },
    );
  }
  return undefined;
}
