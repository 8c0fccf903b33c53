/**
 * `npm run bench -- risk` (issue 17), each figure the median of the runs:
 * - `stress_ms_1000_scenarios_100k_accounts`: compiling 1,000 scenarios (8 built-in, the rest
 *   generated) against 2,000 instruments and stressing 100,000 accounts of 5 positions each
 *   (stress_timing.ts); target under 2,000 ms;
 * - `cover2_ms_1000_members`: Cover 1, Cover 2, the fund and its contributions per CCP over the
 *   1,000 members of that run; target under 1,000 ms;
 * - `stress_ms_peer_scenarios`: the same accounts stressed by PEER_SCENARIOS of those scenarios,
 *   ours against the same revaluation as set-based SQL in the local PostgreSQL
 *   (../peers/pg_stress.ts, one run: it is the slow side); aim ≥ 20×. The peer gets the compiled
 *   shocks, the cheap part, for free. Both totals of member losses must agree.
 * - `monitor_events_per_s`: the real-time monitor (src/oversight/risk/monitor) over a synthetic
 *   day in the demo day's event mix, every view kept and every alert check on
 *   (monitor_timing.ts); target 1,000,000 events/s.
 * `--quick` uses 10,000 accounts and 100 scenarios (peer 20).
 * @module
 */

import { compileScenarios, runStress } from '../../oversight/risk/index.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { measurePgStress } from '../peers/pg_stress.js';
import { monitorTiming } from './monitor_timing.js';
import {
  ISSUE_17_WORKLOAD,
  measureStress,
  type StressWorkload,
  stressWorkload,
} from './stress_timing.js';

const PEER_SCENARIOS = 100;
const QUICK = { ...ISSUE_17_WORKLOAD, accounts: 10_000, scenarios: 100 };

export const RISK_BENCHMARK: Benchmark = {
  name: 'risk',
  description:
    'stress 1,000 scenarios × 100,000 accounts, Cover 2 over 1,000 members, vs PostgreSQL',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const shape = options.quick ? QUICK : ISSUE_17_WORKLOAD;
    const workload = stressWorkload(shape);
    measureStress(workload); // warm-up, not timed
    const stress_ms: number[] = [];
    const fund_ms: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const timing = measureStress(workload);
      stress_ms.push(timing.scenarios_ms);
      fund_ms.push(timing.default_fund_ms);
    }
    const peer_scenarios = options.quick ? 20 : PEER_SCENARIOS;
    const peer = await peerFigure(workload, peer_scenarios, options.runs);
    const monitor = monitorTiming({ seconds: options.quick ? 1 : 4 });
    const size = `${shape.accounts} accounts × ${shape.positions_per_account} positions`;
    return [
      figure({
        ...{ bench: 'risk', metric: 'stress_ms_1000_scenarios_100k_accounts', unit: 'ms' },
        value: round1(median(stress_ms)),
        ...{ peer: null, peer_value: null, direction: 'lower_is_better' },
        note: `median of ${options.runs}; ${shape.scenarios} scenarios, ${size}; compile + stress; target < 2,000 ms`,
      }),
      figure({
        ...{ bench: 'risk', metric: 'cover2_ms_1000_members', unit: 'ms' },
        value: round1(median(fund_ms)),
        ...{ peer: null, peer_value: null, direction: 'lower_is_better' },
        note: `median of ${options.runs}; ${shape.participants} members at two CCPs; target < 1,000 ms`,
      }),
      peer,
      figure({
        ...{ bench: 'risk', metric: 'monitor_events_per_s', unit: 'events/s' },
        value: Math.round(monitor.events_per_second),
        ...{ peer: null, peer_value: null },
        note: `median of ${monitor.runs.length} runs of ${monitor.events} events; every view and alert check on; target 1,000,000/s`,
      }),
    ];
  },
};

/** Ours and PostgreSQL's on the first `scenarios` scenarios of the workload. */
async function peerFigure(
  workload: StressWorkload,
  scenarios: number,
  runs: number,
): Promise<BenchFigure> {
  const chosen = workload.scenarios.slice(0, scenarios);
  const matrix = compileScenarios(workload.portfolio, chosen);
  if (!matrix.ok) throw new Error(`${matrix.code}: ${matrix.message}`);
  const ours_ms: number[] = [];
  let ours_total = 0;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const stress = runStress(workload.portfolio, matrix.value, workload.member_im_minor);
    ours_ms.push(performance.now() - started);
    if (!stress.ok) throw new Error(`${stress.code}: ${stress.message}`);
    ours_total = stress.value.member_loss.reduce((sum, x) => sum + x, 0);
  }
  const pg = await measurePgStress(workload.portfolio, matrix.value);
  if ('skipped' in pg) process.stderr.write(`risk: ${pg.skipped}\n`);
  else if (Math.abs(pg.total_member_loss - ours_total) > 1e-6 * Math.max(1, Math.abs(ours_total)))
    throw new Error(`risk bench: PostgreSQL's losses ${pg.total_member_loss} ≠ ours ${ours_total}`);
  return figure({
    ...{ bench: 'risk', metric: `stress_ms_${scenarios}_scenarios_vs_sql`, unit: 'ms' },
    value: round1(median(ours_ms)),
    ...{ peer: 'PostgreSQL, set-based SQL, 1 statement' },
    peer_value: 'skipped' in pg ? null : Math.round(pg.run_ms),
    direction: 'lower_is_better',
    note:
      `${scenarios} scenarios, same accounts; stress only (the peer is given the compiled shocks); ` +
      `aim ≥ 20×${'skipped' in pg ? `; peer skipped: ${pg.skipped}` : ''}`,
  });
}

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}
