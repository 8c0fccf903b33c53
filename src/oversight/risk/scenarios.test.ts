import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { account, build, hypothetical } from './fixtures.js';
import { riskPortfolio } from './portfolio.js';
import { BUILTIN_SCENARIOS } from './scenario_library.js';
import { validateScenario, validateScenarios } from './scenario_validation.js';
import { selectScenarios } from './scenarios.js';
import { compileScenarios } from './shocks.js';
import type { InstrumentRow, Scenario } from './types.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

/** Validates `scenario` and checks the code, the field named, and that the scenario is untouched. */
function refused(scenario: Scenario, code: string, field: string): void {
  const before = structuredClone(scenario);
  const checked = validateScenario(scenario);
  assert.ok(!checked.ok, `expected ${code} on ${field}`);
  assert.equal(checked.code, code, checked.message);
  assert.equal(checked.details.field, field, checked.message);
  assert.deepEqual(scenario, before);
}

describe('the built-in scenarios', () => {
  test('are valid, with unique ids, dates for the historical ones and a source for each', () => {
    assert.ok(validateScenarios(BUILTIN_SCENARIOS).ok);
    assert.deepEqual(
      BUILTIN_SCENARIOS.map((s) => s.id),
      [
        'hist-2015-a-share-crash',
        'hist-2020-03-covid',
        'hist-2024-rally',
        'hist-2024-reversal',
        'hypo-cnh-down-5pct',
        'hypo-cnh-up-5pct',
        'hypo-rates-up-200bp',
        'hypo-liquidity-freeze',
      ],
    );
    for (const s of BUILTIN_SCENARIOS) {
      assert.equal(s.kind === 'historical', s.period !== null, s.id);
      assert.ok(s.source.length > 10, s.id);
    }
  });

  test('are chosen by id, in the order asked; an unknown id is refused', () => {
    const chosen = selectScenarios(['hypo-rates-up-200bp', 'hist-2015-a-share-crash']);
    assert.ok(chosen.ok);
    assert.deepEqual(
      chosen.value.map((s) => s.id),
      ['hypo-rates-up-200bp', 'hist-2015-a-share-crash'],
    );
    const unknown = selectScenarios(['hist-2015-a-share-crash', 'hist-1929']);
    assert.ok(!unknown.ok);
    assert.equal(unknown.code, 'RISK_SCENARIO_UNKNOWN');
    assert.equal(unknown.details.scenario, 'hist-1929');
  });
});

describe('scenario validation', () => {
  const base = hypothetical('h', {});

  test('refuses a shock outside its bounds, naming the field', () => {
    const out = 'RISK_SHOCK_OUT_OF_BOUNDS';
    const price = (move_bp: number) => hypothetical('h', { price_moves: [{ move_bp }] });
    refused(price(-10_001), out, 'shocks.price_moves[0].move_bp'); // below −100 %
    refused(price(100_001), out, 'shocks.price_moves[0].move_bp'); // above +1,000 %
    refused(price(1.5), out, 'shocks.price_moves[0].move_bp');
    const fx = (move_bp: number) => hypothetical('h', { fx_moves: [{ currency: 'CNH', move_bp }] });
    refused(fx(-5_001), out, 'shocks.fx_moves[0].move_bp'); // below −50 %
    refused(fx(10_001), out, 'shocks.fx_moves[0].move_bp');
    refused(
      hypothetical('h', { rate_moves: [{ shift_bp: 1_001 }] }),
      out,
      'shocks.rate_moves[0].shift_bp',
    );
    const freeze = (repo_haircut_add_bp: number, facility_draw_bp: number) =>
      hypothetical('h', { liquidity: { repo_haircut_add_bp, facility_draw_bp } });
    refused(freeze(-1, 0), out, 'shocks.liquidity.repo_haircut_add_bp');
    refused(freeze(0, 10_001), out, 'shocks.liquidity.facility_draw_bp');
    // The bounds themselves are accepted.
    assert.ok(validateScenario(price(-10_000)).ok);
    assert.ok(validateScenario(fx(-5_000)).ok);
    assert.ok(validateScenario(freeze(10_000, 10_000)).ok);
  });

  test('refuses a malformed scenario, naming the field', () => {
    const invalid = 'RISK_SCENARIO_INVALID';
    refused({ ...base, id: 'Bad Id' }, invalid, 'id');
    refused({ ...base, name: '' }, invalid, 'name');
    refused({ ...base, kind: 'imagined' as never }, invalid, 'kind');
    refused({ ...base, source: '' }, invalid, 'source');
    refused({ ...base, kind: 'historical' }, invalid, 'period');
    refused({ ...base, period: { start: '2024-10-09', end: '2024-10-08' } }, invalid, 'period');
    refused({ ...base, period: { start: '2024-02-30', end: '2024-03-01' } }, invalid, 'period');
    refused(
      hypothetical('h', { fx_moves: [{ currency: 'HKD', move_bp: 1 }] }),
      invalid,
      'shocks.fx_moves[0].currency',
    );
    const twice = [
      { market: 'XHKG' as const, move_bp: 1 },
      { market: 'XHKG' as const, move_bp: 2 },
    ];
    refused(hypothetical('h', { price_moves: twice }), invalid, 'shocks.price_moves[1]');
    refused(
      hypothetical('h', { price_moves: [{ instrument: 'X', market: 'XHKG', move_bp: 1 }] }),
      invalid,
      'shocks.price_moves[0]',
    );
    refused(
      hypothetical('h', { price_moves: [{ market: 'XNYS' as never, move_bp: 1 }] }),
      invalid,
      'shocks.price_moves[0].market',
    );
    refused(
      hypothetical('h', { rate_moves: [{ shift_bp: 1 }, { shift_bp: 2 }] }),
      invalid,
      'shocks.rate_moves[1]',
    );
    refused(
      { ...base, shocks: { ...base.shocks, liquidity: undefined as never } },
      invalid,
      'shocks.liquidity',
    );
  });

  test('refuses a list with a repeated id or too many scenarios', () => {
    const twice = validateScenarios([base, base]);
    assert.ok(!twice.ok && twice.code === 'RISK_SCENARIO_INVALID' && twice.details.field === 'id');
    const many = validateScenarios(
      Array.from({ length: 10_001 }, (_, k) => hypothetical(`h${k}`, {})),
    );
    assert.ok(!many.ok && many.code === 'RISK_SCENARIOS_TOO_MANY');
  });
});

describe('compiling scenarios against instruments', () => {
  const portfolio = build({ accounts: [account('a', 'P')] });

  test('the most specific price move wins; cash does not move', () => {
    const scenario = hypothetical('h', {
      price_moves: [
        { move_bp: -1_000 },
        { kind: 'equity', move_bp: -2_000 },
        { market: 'XHKG', move_bp: -3_000 },
        { market: 'XHKG', kind: 'equity', move_bp: -4_000 },
        { instrument: 'XSHG.600519', move_bp: -5_000 },
      ],
      fx_moves: [{ currency: 'CNY', move_bp: -1_000 }],
    });
    const m = compileScenarios(portfolio, [scenario]);
    assert.ok(m.ok);
    const { price_move_bp: price_move, unit_change_hkd } = m.value;
    close(price_move[0] as number, -4_000); // HK stock: market + kind
    close(price_move[1] as number, -5_000); // SH stock: its own move
    close(price_move[3] as number, 0); // cash
    // HKD 400.00 × −40 % = −16,000 cents.
    close(unit_change_hkd[0] as number, -16_000);
    // HKD 1,627.50 × ((1 − 0.5) × (1 − 0.1) − 1) = 162,750 × −0.55 = −89,512.5 cents.
    close(unit_change_hkd[1] as number, -89_512.5);
    // The bond matches only the move with no selector (−10 %), then CNY −10 %: 108.50 → 87.885.
    close(price_move[2] as number, -1_000);
    close(unit_change_hkd[2] as number, 10_850 * (0.9 * 0.9 - 1));
  });

  test('a rate shock moves a bond by −D × Δy + ½ × C × Δy², floored at −100 %', () => {
    const up = hypothetical('up', { rate_moves: [{ shift_bp: 200 }] });
    const cny_down = hypothetical('mix', {
      rate_moves: [{ shift_bp: 100 }, { currency: 'CNY', shift_bp: -100 }],
    });
    const crash = hypothetical('crash', {
      price_moves: [{ kind: 'bond', move_bp: -10_000 }],
      rate_moves: [{ shift_bp: 1_000 }],
    });
    const m = compileScenarios(portfolio, [up, cny_down, crash]);
    assert.ok(m.ok);
    const S = 3;
    // D = 5, C = 30: −5 × 0.02 + 0.5 × 30 × 0.0004 = −0.1 + 0.006 = −9.4 %.
    close(m.value.price_move_bp[2 * S] as number, -940);
    // The CNY shift (−100 bp) overrides the one for all: +0.05 + 0.5 × 30 × 0.0001 = +5.15 %.
    close(m.value.price_move_bp[2 * S + 1] as number, 515);
    // −100 % and then −50 % more from rates: floored at −100 %, the bond is worth nothing.
    close(m.value.price_move_bp[2 * S + 2] as number, -10_000);
    close(m.value.unit_change_hkd[2 * S + 2] as number, -10_850);
    // Equities do not feel rates.
    close(m.value.price_move_bp[0] as number, 0);
  });

  test('the same scenarios compile to the same matrix', () => {
    const a = compileScenarios(portfolio, BUILTIN_SCENARIOS);
    const b = compileScenarios(portfolio, BUILTIN_SCENARIOS);
    assert.ok(a.ok && b.ok);
    assert.deepEqual(a.value, b.value);
  });

  test('refuses no scenarios, an invalid one, or a matrix too large', () => {
    const none = compileScenarios(portfolio, []);
    assert.ok(!none.ok && none.code === 'RISK_SCENARIOS_EMPTY');
    const bad = compileScenarios(portfolio, [
      hypothetical('h', { price_moves: [{ move_bp: -20_000 }] }),
    ]);
    assert.ok(!bad.ok && bad.code === 'RISK_SHOCK_OUT_OF_BOUNDS');
    const instruments: InstrumentRow[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: `I${i}`,
      market: 'XHKG',
      currency: 'HKD',
      kind: 'equity',
      price_minor: 100n,
    }));
    const wide = riskPortfolio({ accounts: [], instruments, positions: [], fx_rates: [] });
    assert.ok(wide.ok);
    const scenarios = Array.from({ length: 10_000 }, (_, k) => hypothetical(`h${k}`, {}));
    const large = compileScenarios(wide.value, scenarios);
    assert.ok(!large.ok && large.code === 'RISK_STRESS_TOO_LARGE');
  });
});
