import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { account, build, hypothetical } from './fixtures.js';
import { stressSummary } from './report.js';
import { BUILTIN_SCENARIOS } from './scenario_library.js';
import { compileScenarios } from './shocks.js';
import { runStress } from './stress.js';
import type { InstrumentRow, Portfolio, PositionRow, Scenario } from './types.js';

const CRASH = hypothetical('hk-crash', {
  price_moves: [{ market: 'XHKG', kind: 'equity', move_bp: -2_000 }],
});
const RALLY = hypothetical('hk-rally', {
  price_moves: [{ market: 'XHKG', kind: 'equity', move_bp: 1_000 }],
});
const CRASH_FROZEN = hypothetical('hk-crash-frozen', {
  price_moves: [{ market: 'XHKG', kind: 'equity', move_bp: -2_000 }],
  liquidity: { repo_haircut_add_bp: 1_000, facility_draw_bp: 0 },
});

function stress(portfolio: Portfolio, scenarios: readonly Scenario[], im: readonly bigint[]) {
  const matrix = compileScenarios(portfolio, scenarios);
  assert.ok(matrix.ok);
  const result = runStress(portfolio, matrix.value, im);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

describe('the stress engine', () => {
  test('a one-instrument portfolio: loss, collateral, uncovered loss and worst scenario', () => {
    // 250 HK shares at HKD 400.00 = 10,000,000 cents; HKD 10,000.00 of cash posted as collateral.
    const portfolio = build({
      accounts: [account('a0', 'P1')],
      positions: [{ account: 0, instrument: 0, quantity: 250n }],
      collateral: [{ account: 0, instrument: 3, quantity: 1_000_000n, haircut_bp: 0 }],
    });
    const result = stress(portfolio, [CRASH, RALLY], [500_000n]);
    // −20 %: a loss of 2,000,000; +10 %: a gain of 1,000,000 (a loss of −1,000,000).
    assert.deepEqual([...result.member_loss], [2_000_000, -1_000_000]);
    assert.deepEqual([...result.member_collateral], [1_000_000, 1_000_000]);
    // max(0, 2,000,000 − 500,000 IM − 1,000,000 collateral) = 500,000; nothing in the rally.
    assert.deepEqual([...result.member_uncovered], [500_000, 0]);
    // Per CCP (chinaclear, then hkscc), scenario-major within each.
    assert.deepEqual([...result.ccp_loss], [0, 0, 2_000_000, -1_000_000]);
    assert.deepEqual([...result.ccp_uncovered], [0, 0, 500_000, 0]);
    assert.deepEqual([...result.account_worst_scenario], [0]);
    assert.deepEqual([...result.account_worst_loss], [2_000_000]);
  });

  test('collateral is valued at stressed prices after its haircut plus the repo add-on', () => {
    // 100 HK shares (4,000,000 cents) posted at a 20 % haircut.
    const portfolio = build({
      accounts: [account('a0', 'P1')],
      collateral: [{ account: 0, instrument: 0, quantity: 100n, haircut_bp: 2_000 }],
    });
    const result = stress(portfolio, [RALLY, CRASH, CRASH_FROZEN], [0n]);
    // Rally: 4,400,000 × 0.8; crash: 3,200,000 × 0.8; frozen: 3,200,000 × (1 − 0.2 − 0.1).
    assert.deepEqual([...result.member_collateral], [3_520_000, 2_560_000, 2_240_000]);
    // An account with no positions has no worst scenario.
    assert.deepEqual([...result.account_worst_scenario], [-1]);
  });

  test('nets a member’s accounts, keeps CCPs apart, and converts to HKD', () => {
    const portfolio = build({
      accounts: [
        account('a0', 'P1'),
        account('a1', 'P1'),
        account('a2', 'P2', { ccp: 'chinaclear' }),
      ],
      positions: [
        { account: 0, instrument: 0, quantity: 250n }, // +10,000,000 cents
        { account: 1, instrument: 0, quantity: -100n }, // −4,000,000 cents
        { account: 2, instrument: 1, quantity: 100n }, // CNY 150,000.00 = HKD 162,750.00
      ],
    });
    const sh_crash = hypothetical('sh-crash', {
      price_moves: [{ market: 'XSHG', move_bp: -1_000 }],
    });
    const result = stress(portfolio, [CRASH, sh_crash], [0n, 0n]);
    // P1 at HKSCC: net 6,000,000 cents × 20 % = 1,200,000 in the HK crash, nothing in the SH one.
    assert.deepEqual([...result.member_loss.subarray(0, 2)], [1_200_000, 0]);
    // P2 at ChinaClear: 16,275,000 cents × 10 % = 1,627,500 in the SH crash.
    assert.deepEqual([...result.member_loss.subarray(2, 4)], [0, 1_627_500]);
    assert.deepEqual([...result.ccp_loss], [0, 1_627_500, 1_200_000, 0]);
    // The short account gains 800,000 in the HK crash; its worst is the SH crash (no change).
    assert.deepEqual([...result.account_worst_scenario], [0, 1, 1]);
    assert.deepEqual([...result.account_worst_loss], [2_000_000, 0, 1_627_500]);
    const summary = stressSummary(portfolio, result);
    assert.deepEqual(
      summary.by_member.map((m) => [m.participant, m.ccp, m.worst_scenario, m.worst_loss_minor]),
      [
        ['P1', 'hkscc', 'hk-crash', 1_200_000n],
        ['P2', 'chinaclear', 'sh-crash', 1_627_500n],
      ],
    );
  });

  test('accounts of any number of positions: the same losses as a position-by-position sum', () => {
    // Five HKD stocks at whole HKD 100s, moved by whole bp: every change is whole cents, so the
    // engine's grouped sums must equal the naive sum exactly, whatever the order of addition.
    const instruments: InstrumentRow[] = [1, 2, 3, 4, 5].map((k) => ({
      id: `S${k}`,
      market: 'XHKG',
      currency: 'HKD',
      kind: 'equity',
      price_minor: BigInt(k) * 10_000n,
    }));
    const scenarios = [-3_000, -5, 0, 7, 2_500].map((move_bp, s) =>
      hypothetical(`s${s}`, {
        price_moves: [{ instrument: `S${(s % 5) + 1}`, move_bp }, { move_bp: -move_bp }],
      }),
    );
    const position = fc.record({
      account: fc.integer({ min: 0, max: 2 }),
      instrument: fc.integer({ min: 0, max: 4 }),
      quantity: fc.bigInt({ min: -1_000n, max: 1_000n }),
    });
    fc.assert(
      fc.property(
        fc.array(position, { minLength: 14, maxLength: 40, size: 'max' }),
        (positions: PositionRow[]) => {
          const portfolio = build({
            accounts: [account('a0', 'P'), account('a1', 'P'), account('a2', 'Q')],
            instruments,
            positions,
          });
          const matrix = compileScenarios(portfolio, scenarios);
          assert.ok(matrix.ok);
          const result = runStress(portfolio, matrix.value, [0n, 0n]);
          assert.ok(result.ok);
          const S = scenarios.length;
          const naive = new Float64Array(2 * S);
          const account_loss = [0, 1, 2].map(() => new Array<number>(S).fill(0));
          for (const row of positions) {
            for (let s = 0; s < S; s += 1) {
              const loss =
                -Number(row.quantity) *
                (matrix.value.unit_change_hkd[row.instrument * S + s] as number);
              const k = (row.account === 2 ? 1 : 0) * S + s;
              naive[k] = (naive[k] as number) + loss;
              const mine = account_loss[row.account] as number[];
              mine[s] = (mine[s] as number) + loss;
            }
          }
          assert.deepEqual(
            [...result.value.member_loss].map((x) => x + 0),
            [...naive].map((x) => x + 0),
          );
          account_loss.forEach((losses, a) => {
            const held = positions.some((row) => row.account === a);
            const worst = held ? losses.indexOf(Math.max(...losses)) : -1;
            assert.equal(result.value.account_worst_scenario[a], worst);
          });
        },
      ),
      { seed: 6 },
    );
  });

  test('replays identically: the same input gives the same output', () => {
    const portfolio = build({
      accounts: [account('a0', 'P1'), account('a1', 'P2', { ccp: 'chinaclear' })],
      positions: [
        { account: 0, instrument: 0, quantity: 250n },
        { account: 1, instrument: 1, quantity: -30n },
        { account: 1, instrument: 2, quantity: 5_000n },
      ],
      collateral: [{ account: 1, instrument: 2, quantity: 1_000n, haircut_bp: 300 }],
    });
    const first = stress(portfolio, BUILTIN_SCENARIOS, [100n, 200n]);
    const second = stress(portfolio, BUILTIN_SCENARIOS, [100n, 200n]);
    assert.deepEqual(first, second);
    assert.deepEqual(stressSummary(portfolio, first), stressSummary(portfolio, second));
  });

  test('refuses margins that do not match the members, or scenarios of another portfolio', () => {
    const portfolio = build({
      accounts: [account('a0', 'P1')],
      positions: [{ account: 0, instrument: 0, quantity: 1n }],
    });
    const matrix = compileScenarios(portfolio, [CRASH]);
    assert.ok(matrix.ok);
    for (const im of [[], [1n, 2n], [-1n], [1 as never], [2n ** 53n + 1n]]) {
      const result = runStress(portfolio, matrix.value, im);
      assert.ok(!result.ok && result.code === 'RISK_MARGIN_INVALID', String(im));
    }
    const other = build({ accounts: [account('a0', 'P1')], instruments: [] as never });
    const result = runStress(other, matrix.value, [0n]);
    assert.ok(!result.ok && result.code === 'RISK_SCENARIOS_MISMATCH');
  });
});
