import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fiveMembers, hypothetical } from './fixtures.js';
import { type LiquidityInput, liquidityStress } from './liquidity.js';
import { liquiditySummary } from './liquidity_summary.js';
import { compileScenarios } from './shocks.js';

const portfolio = fiveMembers(); // accounts 0..4: A, B, C, D1, D2 at HKSCC; D1 and D2 are group D
const calm = hypothetical('calm', {});
const frozen_crash = hypothetical('frozen-crash', {
  price_moves: [{ market: 'XHKG', move_bp: -2_000 }],
  liquidity: { repo_haircut_add_bp: 1_000, facility_draw_bp: 5_000 },
});
const matrix = (() => {
  const m = compileScenarios(portfolio, [calm, frozen_crash]);
  assert.ok(m.ok);
  return m.value;
})();

const INPUT: LiquidityInput = {
  days: 2,
  cover: 2,
  obligations: [
    { account: 0, currency: 'HKD', day: 0, amount_minor: 30_000_000n }, // A: 400,000.00 in all
    { account: 0, currency: 'HKD', day: 1, amount_minor: 10_000_000n },
    { account: 1, currency: 'HKD', day: 0, amount_minor: 20_000_000n }, // B: 200,000.00
    { account: 3, currency: 'HKD', day: 0, amount_minor: 15_000_000n }, // D1 and D2: 300,000.00
    { account: 4, currency: 'HKD', day: 1, amount_minor: 15_000_000n },
    { account: 2, currency: 'CNY', day: 0, amount_minor: 5_000_000n }, // C, in CNY
  ],
  resources: [
    { ccp: 'hkscc', kind: 'cash', currency: 'HKD', amount_minor: 20_000_000n },
    { ccp: 'hkscc', kind: 'committed_line', currency: 'HKD', amount_minor: 40_000_000n },
    // 500 HK shares at HKD 400.00 = 20,000,000 cents, repo haircut 10 %.
    { ccp: 'hkscc', kind: 'securities', instrument: 0, quantity: 500n, haircut_bp: 1_000 },
  ],
};

describe('liquidity stress', () => {
  test('needs of the two largest groups per currency and day against stressed resources', () => {
    const report = liquidityStress(portfolio, matrix, INPUT);
    assert.ok(report.ok);
    // HKD: A (400,000.00) and D (300,000.00) pay the most; B is third.
    assert.deepEqual(report.value.groups, [
      { ccp: 'hkscc', currency: 'CNY', groups: ['C'] },
      { ccp: 'hkscc', currency: 'HKD', groups: ['A', 'D'] },
    ]);
    const lines = report.value.lines.map((l) => [
      l.scenario,
      l.currency,
      l.day,
      l.need_minor,
      l.available_minor,
      l.shortfall_minor,
    ]);
    // Need, cumulative: day 0 A 30m + D1 15m = 45m; day 1 + A 10m + D2 15m = 70m.
    // Calm: 20m cash + 40m line + 20m × 90 % securities = 78m.
    // Frozen crash: 20m + 40m × 50 % + 20m × 80 % × (100 % − 10 % − 10 %) = 20m + 20m + 12.8m.
    assert.deepEqual(lines, [
      ['calm', 'CNY', 0, 5_000_000n, 0n, 5_000_000n],
      ['calm', 'CNY', 1, 5_000_000n, 0n, 5_000_000n],
      ['calm', 'HKD', 0, 45_000_000n, 78_000_000n, 0n],
      ['calm', 'HKD', 1, 70_000_000n, 78_000_000n, 0n],
      ['frozen-crash', 'CNY', 0, 5_000_000n, 0n, 5_000_000n],
      ['frozen-crash', 'CNY', 1, 5_000_000n, 0n, 5_000_000n],
      ['frozen-crash', 'HKD', 0, 45_000_000n, 52_800_000n, 0n],
      ['frozen-crash', 'HKD', 1, 70_000_000n, 52_800_000n, 17_200_000n],
    ]);
  });

  test('Cover 1 for liquidity takes the single largest group', () => {
    const report = liquidityStress(portfolio, matrix, { ...INPUT, cover: 1 });
    assert.ok(report.ok);
    const hkd = report.value.lines.filter((l) => l.scenario === 'calm' && l.currency === 'HKD');
    assert.deepEqual(
      hkd.map((l) => l.need_minor),
      [30_000_000n, 40_000_000n],
    );
  });

  test('refuses a bad horizon, cover, obligation or resource', () => {
    const bad: LiquidityInput[] = [
      { ...INPUT, days: 0 },
      { ...INPUT, days: 31 },
      { ...INPUT, cover: 3 as never },
      { ...INPUT, obligations: [{ account: 0, currency: 'HKD', day: 2, amount_minor: 1n }] },
      { ...INPUT, obligations: [{ account: 9, currency: 'HKD', day: 0, amount_minor: 1n }] },
      { ...INPUT, obligations: [{ account: 0, currency: 'HKD', day: 0, amount_minor: -1n }] },
      {
        ...INPUT,
        obligations: [{ account: 0, currency: 'JPY' as never, day: 0, amount_minor: 1n }],
      },
      {
        ...INPUT,
        resources: [{ ccp: 'lch' as never, kind: 'cash', currency: 'HKD', amount_minor: 1n }],
      },
      {
        ...INPUT,
        resources: [{ ccp: 'hkscc', kind: 'gold' as never, currency: 'HKD', amount_minor: 1n }],
      },
      {
        ...INPUT,
        resources: [
          { ccp: 'hkscc', kind: 'securities', instrument: 9, quantity: 1n, haircut_bp: 0 },
        ],
      },
      {
        ...INPUT,
        resources: [
          { ccp: 'hkscc', kind: 'securities', instrument: 0, quantity: 1n, haircut_bp: 10_000 },
        ],
      },
    ];
    for (const input of bad) {
      const report = liquidityStress(portfolio, matrix, input);
      assert.ok(
        !report.ok && report.code === 'RISK_LIQUIDITY_INVALID',
        JSON.stringify(input, String),
      );
    }
  });
});

describe('liquidity summary', () => {
  test('per scenario, CCP and currency: the horizon’s need, the largest shortfall, the first day short', () => {
    const report = liquidityStress(portfolio, matrix, INPUT);
    assert.ok(report.ok);
    const rows = liquiditySummary(report.value).map((r) => [
      r.scenario,
      r.currency,
      r.groups.join('+'),
      r.need_minor,
      r.available_minor,
      r.shortfall_minor,
      r.first_short_day,
    ]);
    // From the lines above: calm HKD needs 45m then 70m against 78m (never short); the frozen
    // crash has 52.8m, short from day 1 by 70m − 52.8m = 17.2m. CNY has no resources at all.
    assert.deepEqual(rows, [
      ['calm', 'CNY', 'C', 5_000_000n, 0n, 5_000_000n, 0],
      ['calm', 'HKD', 'A+D', 70_000_000n, 78_000_000n, 0n, null],
      ['frozen-crash', 'CNY', 'C', 5_000_000n, 0n, 5_000_000n, 0],
      ['frozen-crash', 'HKD', 'A+D', 70_000_000n, 52_800_000n, 17_200_000n, 1],
    ]);
  });
});
