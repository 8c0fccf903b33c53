/**
 * Timing of the risk engine's stress run (issue 17's targets: 1,000 scenarios applied to 100,000
 * accounts of about 5 positions each in under 2 s; Cover 2 over 1,000 members in under 1 s), for
 * the `npm run bench -- risk` harness to call; this file is not that harness. The workload is
 * built once from a seed (untimed); the clock runs over compiling the scenarios, the stress run,
 * and the default fund (Cover 1, Cover 2, contributions) separately.
 * @module
 */

import { Mulberry32 } from '../../kernel/index.js';
import {
  type AccountRow,
  BUILTIN_SCENARIOS,
  compileScenarios,
  defaultFund,
  type InstrumentRow,
  type Portfolio,
  type PositionRow,
  riskPortfolio,
  runStress,
  type Scenario,
} from '../../oversight/risk/index.js';

export interface StressWorkloadOptions {
  readonly accounts: number;
  readonly positions_per_account: number;
  readonly participants: number;
  readonly instruments: number;
  readonly scenarios: number;
  readonly seed: number;
}

/** Issue 17's size: 100,000 accounts × 5 positions, 1,000 members, 1,000 scenarios. */
export const ISSUE_17_WORKLOAD: StressWorkloadOptions = {
  accounts: 100_000,
  positions_per_account: 5,
  participants: 1_000,
  instruments: 2_000,
  scenarios: 1_000,
  seed: 17,
};

export interface StressWorkload {
  readonly portfolio: Portfolio;
  readonly scenarios: readonly Scenario[];
  readonly member_im_minor: readonly bigint[];
  readonly build_ms: number;
}

export interface StressTiming {
  readonly compile_ms: number;
  readonly stress_ms: number;
  /** compile + stress: the figure issue 17 bounds at 2 s. */
  readonly scenarios_ms: number;
  readonly default_fund_ms: number;
  readonly members: number;
  readonly positions: number;
  /** Cover 2 of each CCP in HKD minor units, as a check that the run did real work. */
  readonly cover2_minor: readonly bigint[];
}

const MARKET_OF = ['XSHG', 'XSHE', 'XHKG', 'CIBM'] as const;

function instrumentOf(i: number, rng: Mulberry32): InstrumentRow {
  const market = MARKET_OF[i % 4] as (typeof MARKET_OF)[number];
  const price_minor = BigInt(rng.int(100, 50_000));
  if (market === 'CIBM') {
    const modified_duration_e4 = rng.int(5_000, 150_000);
    return {
      id: `B${i}`,
      market,
      currency: 'CNY',
      kind: 'bond',
      price_minor,
      modified_duration_e4,
    };
  }
  return {
    id: `E${i}`,
    market,
    currency: market === 'XHKG' ? 'HKD' : 'CNY',
    kind: 'equity',
    price_minor,
  };
}

/** A generated hypothetical: each market, the renminbi and yields move by a seeded amount. */
function scenarioOf(k: number, rng: Mulberry32): Scenario {
  const equity = () => rng.int(-3_000, 3_000);
  const cny = rng.int(-500, 500);
  return {
    id: `gen-${k}`,
    name: `Generated ${k}`,
    kind: 'hypothetical',
    source: 'Generated from a seed for timing',
    period: null,
    shocks: {
      price_moves: [
        { market: 'XSHG', kind: 'equity', move_bp: equity() },
        { market: 'XSHE', kind: 'equity', move_bp: equity() },
        { market: 'XHKG', kind: 'equity', move_bp: equity() },
      ],
      fx_moves: [
        { currency: 'CNY', move_bp: cny },
        { currency: 'CNH', move_bp: cny },
      ],
      rate_moves: [{ shift_bp: rng.int(-200, 200) }],
      liquidity: { repo_haircut_add_bp: rng.int(0, 1_000), facility_draw_bp: 0 },
    },
  };
}

/** The workload: participants in affiliate groups of one to three, each at one CCP. */
export function stressWorkload(options: StressWorkloadOptions = ISSUE_17_WORKLOAD): StressWorkload {
  const start = performance.now();
  const rng = new Mulberry32(options.seed);
  const instruments = Array.from({ length: options.instruments }, (_, i) => instrumentOf(i, rng));
  const accounts: AccountRow[] = Array.from({ length: options.accounts }, (_, a) => {
    const p = a % options.participants;
    return {
      id: `acct-${a}`,
      participant: `P${p}`,
      investor_type: 'institutional',
      ccp: p % 2 === 0 ? 'chinaclear' : 'hkscc',
      affiliate_group: `G${Math.floor(p / 3)}`,
    };
  });
  const positions: PositionRow[] = [];
  for (let a = 0; a < options.accounts; a += 1) {
    for (let k = 0; k < options.positions_per_account; k += 1) {
      const quantity = BigInt(rng.int(-2_000, 10_000));
      positions.push({ account: a, instrument: rng.int(0, options.instruments - 1), quantity });
    }
  }
  const built = riskPortfolio({
    accounts,
    instruments,
    positions,
    fx_rates: [
      { currency: 'CNY', hkd_per_unit_e8: 108_500_000n },
      { currency: 'CNH', hkd_per_unit_e8: 108_000_000n },
    ],
  });
  if (!built.ok) throw new Error(`${built.code}: ${built.message}`);
  const generated = Array.from({ length: options.scenarios - BUILTIN_SCENARIOS.length }, (_, k) =>
    scenarioOf(k, rng),
  );
  const member_im_minor = Array.from(built.value.member_ccp, () =>
    BigInt(rng.int(0, 10_000_000_000)),
  );
  return {
    portfolio: built.value,
    scenarios: [...BUILTIN_SCENARIOS, ...generated],
    member_im_minor,
    build_ms: performance.now() - start,
  };
}

/** One timed run: compile the scenarios, stress every account, size the default funds. */
export function measureStress(workload: StressWorkload): StressTiming {
  const t0 = performance.now();
  const matrix = compileScenarios(workload.portfolio, workload.scenarios);
  const t1 = performance.now();
  if (!matrix.ok) throw new Error(`${matrix.code}: ${matrix.message}`);
  const stress = runStress(workload.portfolio, matrix.value, workload.member_im_minor);
  const t2 = performance.now();
  if (!stress.ok) throw new Error(`${stress.code}: ${stress.message}`);
  const funds = defaultFund(workload.portfolio, stress.value);
  const t3 = performance.now();
  if (!funds.ok) throw new Error(`${funds.code}: ${funds.message}`);
  return {
    compile_ms: t1 - t0,
    stress_ms: t2 - t1,
    scenarios_ms: t2 - t0,
    default_fund_ms: t3 - t2,
    members: workload.portfolio.member_ccp.length,
    positions: workload.portfolio.position_quantity.length,
    cover2_minor: funds.value.map((f) => f.cover2.amount_minor),
  };
}
