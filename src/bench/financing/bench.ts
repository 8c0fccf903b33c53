/**
 * `npm run bench -- financing` (issue 15), each figure the median of the runs:
 * - `revaluation_ms`: 1,000,000 collateralised positions (100,000 with `--quick`) revalued at
 *   shocked prices and their margin calls issued, in columns (revaluation.ts); target under
 *   1,000 ms and at least 10× the peer;
 *   peer: the same book revalued by one set-based SQL statement in the local PostgreSQL, its
 *   calls inserted in one durable transaction (../peers/pg_revaluation.ts); the two sides' call
 *   counts and signed sums must agree to the minor unit or the run fails;
 * - `hub_repos_per_s`: repos opened and closed through `Hub.apply`, both legs DvP on the ledger
 *   (hub_repo.ts); target 200,000/s. No peer: no off-the-shelf engine runs these rules.
 * @module
 */

import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { measurePgRevaluation } from '../peers/pg_revaluation.js';
import { measureHubRepos } from './hub_repo.js';
import {
  benchPositions,
  measureRevaluation,
  REVALUATION_BONDS,
  type RevaluationRun,
} from './revaluation.js';

/** The peer, as often as ours; its calls must equal ours. */
async function measurePeer(
  options: BenchOptions,
  count: number,
  ours: RevaluationRun,
): Promise<{ run_ms: number[] } | { skipped: string }> {
  const run_ms: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const result = await measurePgRevaluation(count, REVALUATION_BONDS);
    if ('skipped' in result) {
      process.stderr.write(`financing: ${result.skipped}\n`);
      return result;
    }
    if (result.calls !== ours.calls || result.called_minor !== ours.called_minor) {
      throw new Error(
        `financing: the peer's calls (${result.calls}, ${result.called_minor}) differ from ours ` +
          `(${ours.calls}, ${ours.called_minor})`,
      );
    }
    run_ms.push(result.run_ms);
  }
  return { run_ms };
}

export const FINANCING_BENCHMARK: Benchmark = {
  name: 'financing',
  description:
    'collateral revaluation with margin calls, and repos opened and closed through the hub',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const count = options.quick ? 100_000 : 1_000_000;
    const positions = benchPositions(count);
    // Warm-up, not timed: the first timed run would otherwise measure the JIT.
    measureRevaluation(positions);
    measureHubRepos(2_000);
    const runs: RevaluationRun[] = [];
    const repos: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      runs.push(measureRevaluation(positions));
      repos.push(measureHubRepos(options.quick ? 10_000 : 100_000));
    }
    const ours = runs[0] as RevaluationRun;
    const peer = await measurePeer(options, count, ours);
    const note = `median of ${options.runs} runs`;
    return [
      figure({
        bench: 'financing',
        metric: 'revaluation_ms',
        value: Math.round(median(runs.map((r) => r.run_ms))),
        unit: 'ms',
        peer: 'PostgreSQL, one set-based statement in a durable transaction',
        peer_value: 'skipped' in peer ? null : Math.round(median(peer.run_ms)),
        direction: 'lower_is_better',
        note:
          `${note}; ${count} positions revalued, ${ours.calls} margin calls issued; ` +
          'target < 1,000 ms and ≥ 10× the peer' +
          ('skipped' in peer ? `; peer skipped: ${peer.skipped}` : ''),
      }),
      figure({
        bench: 'financing',
        metric: 'hub_repos_per_s',
        value: Math.round(median(repos)),
        unit: 'repos/s',
        peer: null,
        peer_value: null,
        note: `${note}; open and close through Hub.apply, both legs DvP; target 200,000/s`,
      }),
    ];
  },
};
