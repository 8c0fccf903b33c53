import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { defaultFund } from './cover2.js';
import { fiveMembers, hypothetical } from './fixtures.js';
import { compileScenarios } from './shocks.js';
import { runStress } from './stress.js';
import {
  simulateDefault,
  type WaterfallInput,
  type WaterfallResult,
  waterfall,
} from './waterfall.js';

function run(input: WaterfallInput): WaterfallResult {
  const result = waterfall(input);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

function tiersSum(r: WaterfallResult): bigint {
  return (
    r.defaulter_margin_minor +
    r.defaulter_fund_minor +
    r.skin_in_the_game_minor +
    r.non_defaulter_fund_minor +
    r.uncovered_minor
  );
}

describe('the default waterfall', () => {
  test('margin, own contribution, skin in the game, then the others pro rata', () => {
    // Member 0 defaults with a loss of 1,000 against 600 of margin; contributions 100, 200, 100.
    const r = run({
      defaulters: [{ member: 0, loss_minor: 1_000n, margin_minor: 600n }],
      contributions_minor: [100n, 200n, 100n],
      skin_in_the_game_minor: 50n,
    });
    // 1,000 − 600 margin − 100 own contribution − 50 skin in the game = 250 for the others:
    // 250 × 200/300 = 166.67 and 250 × 100/300 = 83.33 → 166 and 83, the last unit to the .67.
    assert.equal(r.defaulter_margin_minor, 600n);
    assert.equal(r.defaulter_fund_minor, 100n);
    assert.equal(r.skin_in_the_game_minor, 50n);
    assert.equal(r.non_defaulter_fund_minor, 250n);
    assert.deepEqual(r.non_defaulter_used_minor, [0n, 167n, 83n]);
    assert.equal(r.uncovered_minor, 0n);
    assert.equal(tiersSum(r), r.loss_minor);
  });

  test('what the fund cannot bear is left uncovered', () => {
    const r = run({
      defaulters: [{ member: 0, loss_minor: 2_000n, margin_minor: 600n }],
      contributions_minor: [100n, 200n, 100n],
      skin_in_the_game_minor: 50n,
    });
    // 2,000 − 600 − 100 − 50 − 300 (all the others' contributions) = 950.
    assert.deepEqual(r.non_defaulter_used_minor, [0n, 200n, 100n]);
    assert.equal(r.uncovered_minor, 950n);
    assert.equal(tiersSum(r), 2_000n);
  });

  test('one defaulter’s surplus margin does not cover the other’s loss', () => {
    const r = run({
      defaulters: [
        { member: 0, loss_minor: 500n, margin_minor: 800n },
        { member: 1, loss_minor: 1_000n, margin_minor: 200n },
      ],
      contributions_minor: [100n, 100n, 200n, 100n],
      skin_in_the_game_minor: 50n,
    });
    // Member 0: 500 of its 800 margin, none of its contribution. Member 1: 200 margin, 100 own
    // contribution, 700 left; then 50 skin in the game, 300 from members 2 and 3, 350 uncovered.
    assert.deepEqual(
      r.defaulters.map((d) => [d.margin_used_minor, d.fund_used_minor]),
      [
        [500n, 0n],
        [200n, 100n],
      ],
    );
    assert.equal(r.loss_minor, 1_500n);
    assert.deepEqual(r.non_defaulter_used_minor, [0n, 0n, 200n, 100n]);
    assert.equal(r.uncovered_minor, 350n);
    assert.equal(tiersSum(r), 1_500n);
  });

  test('tiers always sum to the loss, and no one bears more than it put in', () => {
    const members = 6;
    const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
    const input = fc.record({
      pair: fc.uniqueArray(fc.integer({ min: 0, max: members - 1 }), {
        minLength: 1,
        maxLength: 2,
      }),
      losses: fc.tuple(amount, amount),
      margins: fc.tuple(amount, amount),
      contributions: fc.array(amount, { minLength: members, maxLength: members }),
      skin: amount,
    });
    fc.assert(
      fc.property(input, ({ pair, losses, margins, contributions, skin }) => {
        const r = run({
          defaulters: pair.map((member, k) => ({
            member,
            loss_minor: losses[k] as bigint,
            margin_minor: margins[k] as bigint,
          })),
          contributions_minor: contributions,
          skin_in_the_game_minor: skin,
        });
        assert.equal(tiersSum(r), r.loss_minor);
        assert.ok(r.uncovered_minor >= 0n && r.skin_in_the_game_minor <= skin);
        r.non_defaulter_used_minor.forEach((used, m) => {
          assert.ok(used >= 0n && used <= (contributions[m] as bigint));
          if (pair.includes(m)) assert.equal(used, 0n);
        });
      }),
      { seed: 45 },
    );
  });

  test('refuses a default of no one, of three, of one member twice, or negative amounts', () => {
    const one = { member: 0, loss_minor: 1n, margin_minor: 0n };
    const cases: WaterfallInput[] = [
      { defaulters: [], contributions_minor: [1n, 1n, 1n], skin_in_the_game_minor: 0n },
      {
        defaulters: [one, { ...one, member: 1 }, { ...one, member: 2 }],
        contributions_minor: [1n, 1n, 1n],
        skin_in_the_game_minor: 0n,
      },
      { defaulters: [one, one], contributions_minor: [1n, 1n], skin_in_the_game_minor: 0n },
      {
        defaulters: [{ ...one, loss_minor: -1n }],
        contributions_minor: [1n],
        skin_in_the_game_minor: 0n,
      },
      {
        defaulters: [{ ...one, member: 4 }],
        contributions_minor: [1n],
        skin_in_the_game_minor: 0n,
      },
      { defaulters: [one], contributions_minor: [-1n], skin_in_the_game_minor: 0n },
      { defaulters: [one], contributions_minor: [1n], skin_in_the_game_minor: -1n },
    ];
    for (const input of cases) {
      const r = waterfall(input);
      assert.ok(!r.ok && r.code === 'RISK_WATERFALL_INVALID');
    }
  });
});

describe('simulating a chosen default on a stress run', () => {
  const portfolio = fiveMembers();
  const crash = hypothetical('crash', { price_moves: [{ market: 'XHKG', move_bp: -1_000 }] });
  const matrix = compileScenarios(portfolio, [crash]);
  assert.ok(matrix.ok);
  const stress = runStress(portfolio, matrix.value, [0n, 0n, 0n, 0n, 0n]);
  assert.ok(stress.ok);
  const funds = defaultFund(portfolio, stress.value);
  assert.ok(funds.ok);

  test('A and D1 default in the crash', () => {
    const r = simulateDefault(portfolio, stress.value, funds.value, {
      ccp: 'hkscc',
      participants: ['A', 'D1'],
      scenario: 'crash',
      skin_in_the_game_minor: 100_000n,
    });
    assert.ok(r.ok);
    // Losses 1,000,000 + 452,000; no margin. Their contributions (cover2.test.ts) 576,271 and
    // 260,475 = 836,746; skin in the game 100,000; 515,254 from B, C and D2 (461,017 : 345,763
    // : 260,474 → 222,572, 166,929, 125,753 after the largest remainders); nothing uncovered.
    assert.equal(r.value.loss_minor, 1_452_000n);
    assert.equal(r.value.defaulter_margin_minor, 0n);
    assert.equal(r.value.defaulter_fund_minor, 836_746n);
    assert.equal(r.value.skin_in_the_game_minor, 100_000n);
    assert.equal(r.value.non_defaulter_fund_minor, 515_254n);
    assert.deepEqual(r.value.non_defaulter_used_minor, [0n, 222_572n, 166_929n, 0n, 125_753n]);
    assert.equal(r.value.uncovered_minor, 0n);
  });

  test('refuses an unknown scenario or a participant that is not a member of the CCP', () => {
    const ask = (
      participants: string[],
      scenario = 'crash',
      ccp: 'hkscc' | 'chinaclear' = 'hkscc',
    ) =>
      simulateDefault(portfolio, stress.value, funds.value, {
        ccp,
        participants,
        scenario,
        skin_in_the_game_minor: 0n,
      });
    const unknown = ask(['A'], 'rally');
    assert.ok(!unknown.ok && unknown.code === 'RISK_SCENARIO_UNKNOWN');
    const stranger = ask(['Z']);
    assert.ok(!stranger.ok && stranger.code === 'RISK_MEMBER_UNKNOWN');
    const elsewhere = ask(['A'], 'crash', 'chinaclear');
    assert.ok(!elsewhere.ok && elsewhere.code === 'RISK_MEMBER_UNKNOWN');
    const twice = ask(['A', 'A']);
    assert.ok(!twice.ok && twice.code === 'RISK_WATERFALL_INVALID');
    const no_fund = ask(['A'], 'crash', 'lch' as never);
    assert.ok(!no_fund.ok && no_fund.code === 'RISK_WATERFALL_INVALID');
  });
});
