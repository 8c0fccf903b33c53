/**
 * A small market for the tests: a few instruments on both sides of the links, rows for accounts,
 * and builders that fail loudly if the engine refuses a fixture.
 * @module
 */

import assert from 'node:assert/strict';
import { riskPortfolio } from './portfolio.js';
import type {
  AccountRow,
  CcpId,
  FxRateRow,
  InstrumentRow,
  Portfolio,
  PortfolioInput,
  Scenario,
  ScenarioShocks,
} from './types.js';

/** HKD 400.00 a share. */
export const HK_STOCK: InstrumentRow = {
  id: 'XHKG.0700',
  market: 'XHKG',
  currency: 'HKD',
  kind: 'equity',
  price_minor: 40_000n,
};
/** CNY 1,500.00 a share. */
export const SH_STOCK: InstrumentRow = {
  id: 'XSHG.600519',
  market: 'XSHG',
  currency: 'CNY',
  kind: 'equity',
  price_minor: 150_000n,
};
/** A CNY government bond at 100.00 a unit, modified duration 5 years, convexity 30. */
export const CGB: InstrumentRow = {
  id: 'CIBM.CGB2030',
  market: 'CIBM',
  currency: 'CNY',
  kind: 'bond',
  price_minor: 10_000n,
  modified_duration_e4: 50_000,
  convexity_e4: 300_000,
};
export const HKD_CASH: InstrumentRow = {
  id: 'CASH.HKD',
  market: 'XHKG',
  currency: 'HKD',
  kind: 'cash',
  price_minor: 1n,
};

/** CNY at HKD 1.0850, CNH at HKD 1.0800. */
export const FX_RATES: readonly FxRateRow[] = [
  { currency: 'CNY', hkd_per_unit_e8: 108_500_000n },
  { currency: 'CNH', hkd_per_unit_e8: 108_000_000n },
];

export function account(
  id: string,
  participant: string,
  options: { ccp?: CcpId; group?: string } = {},
): AccountRow {
  return {
    id,
    participant,
    investor_type: 'institutional',
    ccp: options.ccp ?? 'hkscc',
    affiliate_group: options.group ?? participant,
  };
}

export function build(
  input: Partial<PortfolioInput> & Pick<PortfolioInput, 'accounts'>,
): Portfolio {
  const built = riskPortfolio({
    instruments: [HK_STOCK, SH_STOCK, CGB, HKD_CASH],
    positions: [],
    fx_rates: FX_RATES,
    ...input,
  });
  assert.ok(built.ok, built.ok ? '' : `${built.code}: ${built.message}`);
  return built.value;
}

export const NO_SHOCKS: ScenarioShocks = {
  price_moves: [],
  fx_moves: [],
  rate_moves: [],
  liquidity: { repo_haircut_add_bp: 0, facility_draw_bp: 0 },
};

export function hypothetical(id: string, shocks: Partial<ScenarioShocks>): Scenario {
  return {
    id,
    name: id,
    kind: 'hypothetical',
    source: 'test',
    period: null,
    shocks: { ...NO_SHOCKS, ...shocks },
  };
}

/**
 * Five HKSCC members; D1 and D2 are affiliates (group D), the others are alone. Each holds HK
 * shares at HKD 400.00 (40,000 cents) and no initial margin, so its uncovered loss is its loss.
 * In the crash (−10 %) a share loses 4,000 cents:
 *   A 250 shares → 1,000,000   B 200 → 800,000   C 150 → 600,000   D1 113 → 452,000   D2 113 → 452,000
 * The mild scenario (−5 %) halves every loss.
 */
export function fiveMembers(): Portfolio {
  const rows = [
    ['A', 'A', 250n],
    ['B', 'B', 200n],
    ['C', 'C', 150n],
    ['D1', 'D', 113n],
    ['D2', 'D', 113n],
  ] as const;
  return build({
    accounts: rows.map(([p, g]) => account(`${p}-house`, p, { group: g })),
    positions: rows.map(([, , q], a) => ({ account: a, instrument: 0, quantity: q })),
  });
}
