/**
 * Choosing scenarios by id from a library (the built-in one unless another is given).
 * @module
 */

import { accept, type Outcome, reject } from '../../kernel/index.js';
import { BUILTIN_SCENARIOS } from './scenario_library.js';
import { validateScenarios } from './scenario_validation.js';
import type { Scenario } from './types.js';

/** The scenarios named by `ids`, in that order, each checked; an unknown id is refused. */
export function selectScenarios(
  ids: readonly string[],
  library: readonly Scenario[] = BUILTIN_SCENARIOS,
): Outcome<readonly Scenario[]> {
  const by_id = new Map(library.map((s) => [s.id, s]));
  const chosen: Scenario[] = [];
  for (const id of ids) {
    const scenario = by_id.get(id);
    if (scenario === undefined) {
      return reject('RISK_SCENARIO_UNKNOWN', `There is no scenario ${JSON.stringify(id)}`, {
        scenario: id,
        known: [...by_id.keys()].slice(0, 50),
      });
    }
    chosen.push(scenario);
  }
  const checked = validateScenarios(chosen);
  return checked.ok ? accept(chosen) : checked;
}
