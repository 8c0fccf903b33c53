import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { defaultFund } from './cover2.js';
import { account, build, fiveMembers, hypothetical } from './fixtures.js';
import { allocateProRata } from './pro_rata.js';
import { compileScenarios } from './shocks.js';
import { runStress } from './stress.js';
import type { Portfolio, StressResult } from './types.js';

const CRASH = hypothetical('crash', { price_moves: [{ market: 'XHKG', move_bp: -1_000 }] });
const MILD = hypothetical('mild', { price_moves: [{ market: 'XHKG', move_bp: -500 }] });

function stressOf(portfolio: Portfolio, scenarios = [MILD, CRASH]): StressResult {
  const matrix = compileScenarios(portfolio, scenarios);
  assert.ok(matrix.ok);
  const stress = runStress(
    portfolio,
    matrix.value,
    Array.from(portfolio.member_ccp, () => 0n),
  );
  assert.ok(stress.ok);
  return stress.value;
}

describe('Cover 2 and the default fund', () => {
  test('picks the two largest groups, with affiliates summed, in the worst scenario', () => {
    const portfolio = fiveMembers();
    const funds = defaultFund(portfolio, stressOf(portfolio));
    assert.ok(funds.ok);
    const [chinaclear, hkscc] = funds.value;
    assert.equal(chinaclear?.fund_minor, 0n);
    assert.equal(chinaclear?.cover2.scenario, null);
    // Crash: A 1,000,000; B 800,000; C 600,000; D1 + D2 = 452,000 + 452,000 = 904,000.
    // Alone, D1 and D2 would rank last; grouped, D is second: Cover 2 = A + D = 1,904,000
    // (not A + B = 1,800,000).
    assert.deepEqual(hkscc?.cover2, {
      amount_minor: 1_904_000n,
      scenario: 'crash',
      groups: ['A', 'D'],
      group_amounts_minor: [1_000_000n, 904_000n],
    });
    assert.deepEqual(hkscc?.cover1, {
      amount_minor: 1_000_000n,
      scenario: 'crash',
      groups: ['A'],
      group_amounts_minor: [1_000_000n],
    });
    assert.equal(hkscc?.fund_minor, 1_904_000n);
  });

  test('contributions are pro rata to each member’s worst uncovered loss, summing to the fund', () => {
    const portfolio = fiveMembers();
    const funds = defaultFund(portfolio, stressOf(portfolio));
    assert.ok(funds.ok);
    const hkscc = funds.value[1];
    // Bases 1,000,000 : 800,000 : 600,000 : 452,000 : 452,000 (sum 3,304,000) share 1,904,000:
    //   A 576,271.186…  B 461,016.949…  C 345,762.711…  D1 260,474.576…  D2 260,474.576…
    // The floors sum to 1,903,997; the 3 cents left go to the largest remainders, B (.949),
    // C (.711) and D1 (.576, the lower index of the tie with D2).
    assert.deepEqual(
      hkscc?.contributions.map((c) => [c.participant, c.basis_minor, c.contribution_minor]),
      [
        ['A', 1_000_000n, 576_271n],
        ['B', 800_000n, 461_017n],
        ['C', 600_000n, 345_763n],
        ['D1', 452_000n, 260_475n],
        ['D2', 452_000n, 260_474n],
      ],
    );
    const sum = hkscc?.contributions.reduce((a, c) => a + c.contribution_minor, 0n);
    assert.equal(sum, 1_904_000n);
  });

  test('a buffer, Cover 1 sizing and the average basis are settings', () => {
    const portfolio = fiveMembers();
    const stress = stressOf(portfolio);
    const buffered = defaultFund(portfolio, stress, {
      sized_on: 'cover2',
      buffer_bp: 1_000,
      contribution_basis: 'max',
    });
    assert.ok(buffered.ok);
    assert.equal(buffered.value[1]?.fund_minor, 2_094_400n); // 1,904,000 × 1.1
    const cover1 = defaultFund(portfolio, stress, {
      sized_on: 'cover1',
      buffer_bp: 1,
      contribution_basis: 'average',
    });
    assert.ok(cover1.ok);
    // 1,000,000 × 1.0001 = 1,000,100; the average basis of A is (500,000 + 1,000,000) / 2.
    assert.equal(cover1.value[1]?.fund_minor, 1_000_100n);
    assert.equal(cover1.value[1]?.contributions[0]?.basis_minor, 750_000n);
  });

  test('refuses bad settings and a stress run of another portfolio', () => {
    const portfolio = fiveMembers();
    const stress = stressOf(portfolio);
    for (const settings of [
      { sized_on: 'cover3', buffer_bp: 0, contribution_basis: 'max' },
      { sized_on: 'cover2', buffer_bp: -1, contribution_basis: 'max' },
      { sized_on: 'cover2', buffer_bp: 0.5, contribution_basis: 'max' },
      { sized_on: 'cover2', buffer_bp: 0, contribution_basis: 'median' },
    ]) {
      const funds = defaultFund(portfolio, stress, settings as never);
      assert.ok(!funds.ok && funds.code === 'RISK_SETTING_INVALID', JSON.stringify(settings));
    }
    const other = build({ accounts: [account('x', 'X')] });
    const funds = defaultFund(other, stress);
    assert.ok(!funds.ok && funds.code === 'RISK_SCENARIOS_MISMATCH');
  });
});

describe('pro rata by largest remainder', () => {
  test('splits exactly, leftovers to the largest remainders, ties to the lower index', () => {
    assert.deepEqual(allocateProRata(10n, [1n, 1n, 1n]), [4n, 3n, 3n]);
    assert.deepEqual(allocateProRata(0n, [0n, 0n]), [0n, 0n]);
    assert.deepEqual(allocateProRata(7n, [0n, 5n, 0n]), [0n, 7n, 0n]);
  });

  test('contributions always sum to the fund, none above its exact share rounded up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 50 }),
        (total, raw) => {
          const weights = raw.some((w) => w > 0n) ? raw : [...raw, 1n];
          const shares = allocateProRata(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0n);
          assert.equal(
            shares.reduce((a, b) => a + b, 0n),
            total,
          );
          shares.forEach((share, k) => {
            const exact_floor = (total * (weights[k] as bigint)) / sum;
            assert.ok(share === exact_floor || share === exact_floor + 1n);
          });
        },
      ),
      { seed: 17 },
    );
  });
});
