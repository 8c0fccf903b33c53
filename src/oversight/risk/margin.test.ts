import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { account, build } from './fixtures.js';
import { DEFAULT_MARGIN_SETTINGS } from './history.js';
import { initialMargin } from './margin.js';
import { tailCount } from './quantile.js';
import type { MarginSettings, Portfolio, ReturnHistory } from './types.js';
import { variationMargin } from './variation.js';

const INSTRUMENTS = 4; // the fixtures' HK stock, SH stock, CGB and HKD cash

/** 100 days; the HK stock moves ((37 t) mod 100) − 60 bp on day t: each of −60 … +39 once. */
function hundredDays(): ReturnHistory {
  const days = 100;
  const returns_bp = new Float64Array(INSTRUMENTS * days);
  for (let t = 0; t < days; t += 1) returns_bp[t] = ((37 * t) % 100) - 60;
  return { days, returns_bp };
}

const AT_99: MarginSettings = { confidence_ppm: 990_000, window_days: 100, level: 'account' };

/** 2,500 HK shares at HKD 400.00: HKD 1,000,000.00, 100,000,000 cents. */
function oneLongAccount(): Portfolio {
  return build({
    accounts: [account('a0', 'P')],
    positions: [{ account: 0, instrument: 0, quantity: 2_500n }],
  });
}

describe('k, the order statistic', () => {
  test('k = ceil(n × (1 − c)) in integers', () => {
    assert.equal(tailCount(100, 990_000), 1); // 100 × 0.01 = 1 exactly, not 1.0000000000000009
    assert.equal(tailCount(250, 990_000), 3); // 2.5 → 3
    assert.equal(tailCount(250, 995_000), 2); // 1.25 → 2
    assert.equal(tailCount(100, 975_000), 3); // 2.5 → 3
    assert.equal(tailCount(1, 990_000), 1);
  });
});

describe('initial margin by historical simulation', () => {
  test('99 % over 100 days is the worst day: −60 bp on HKD 1,000,000.00 is HKD 6,000.00', () => {
    const im = initialMargin(oneLongAccount(), hundredDays(), AT_99);
    assert.ok(im.ok);
    assert.equal(im.value.k, 1);
    // 100,000,000 × 60 / 10,000 = 600,000 cents.
    assert.deepEqual(im.value.initial_margin_minor, [600_000n]);
    assert.deepEqual(im.value.expected_shortfall_minor, [600_000n]);
    assert.deepEqual(im.value.member_initial_margin_minor, [600_000n]);
    assert.deepEqual(im.value.ccp_initial_margin_minor, [0n, 600_000n]);
  });

  test('97.5 % is the third-worst day; expected shortfall the mean of the three worst', () => {
    const im = initialMargin(oneLongAccount(), hundredDays(), {
      ...AT_99,
      confidence_ppm: 975_000,
    });
    assert.ok(im.ok);
    assert.equal(im.value.k, 3);
    // Worst three: −60, −59, −58 bp → 600,000, 590,000, 580,000 cents.
    assert.deepEqual(im.value.initial_margin_minor, [580_000n]);
    assert.deepEqual(im.value.expected_shortfall_minor, [590_000n]);
  });

  test('the window is the latest days of the history', () => {
    // The −60 bp day is day 0; the worst of days 50 … 99 is −59 bp.
    const im = initialMargin(oneLongAccount(), hundredDays(), { ...AT_99, window_days: 50 });
    assert.ok(im.ok);
    assert.equal(im.value.k, 1); // ceil(0.5)
    assert.deepEqual(im.value.initial_margin_minor, [590_000n]);
  });

  test('a member margined as one nets its accounts; margined per account it does not', () => {
    const portfolio = build({
      accounts: [account('a0', 'P'), account('a1', 'P')],
      positions: [
        { account: 0, instrument: 0, quantity: 2_500n },
        { account: 1, instrument: 0, quantity: -1_000n },
      ],
    });
    const per_account = initialMargin(portfolio, hundredDays(), AT_99);
    assert.ok(per_account.ok);
    // The short 1,000 shares (HKD 400,000.00) lose most on the +39 bp day: 40,000,000 × 39 / 10^4.
    assert.deepEqual(per_account.value.initial_margin_minor, [600_000n, 156_000n]);
    assert.deepEqual(per_account.value.member_initial_margin_minor, [756_000n]);
    const netted = initialMargin(portfolio, hundredDays(), { ...AT_99, level: 'member' });
    assert.ok(netted.ok);
    // Net long 1,500 shares = 60,000,000 cents; worst −60 bp → 360,000.
    assert.deepEqual(netted.value.initial_margin_minor, [360_000n]);
    assert.deepEqual(netted.value.ccp_initial_margin_minor, [0n, 360_000n]);
  });

  test('FX moves compound with the price move, and IM is rounded up to the cent', () => {
    const portfolio = build({
      accounts: [account('a0', 'P', { ccp: 'chinaclear' })],
      positions: [{ account: 0, instrument: 1, quantity: 1_000n }],
    });
    const returns_bp = Float64Array.of(0, -100, 0, 0); // one day: the SH stock −100 bp
    const fx_returns_bp = new Map([['CNY' as const, Float64Array.of(-50)]]);
    const im = initialMargin(
      portfolio,
      { days: 1, returns_bp, fx_returns_bp },
      { ...AT_99, window_days: 1 },
    );
    assert.ok(im.ok);
    // 1,000 × CNY 1,500.00 × 1.085 = HKD 1,627,500.00 = 162,750,000 cents.
    // −100 − 50 + (−100 × −50) / 10^4 = −149.5 bp → 162,750,000 × 149.5 / 10^4 = 2,433,112.5 → up: 2,433,113.
    assert.deepEqual(im.value.initial_margin_minor, [2_433_113n]);
  });

  test('no margin for a portfolio that only gains, nor for an empty one', () => {
    const days = 3;
    const returns_bp = new Float64Array(INSTRUMENTS * days);
    returns_bp.set([10, 20, 30]);
    const history = { days, returns_bp };
    const settings = { ...AT_99, window_days: 3 };
    const gains = initialMargin(oneLongAccount(), history, settings);
    assert.ok(gains.ok);
    assert.deepEqual(gains.value.initial_margin_minor, [0n]);
    const empty = initialMargin(build({ accounts: [account('a0', 'P')] }), history, settings);
    assert.ok(empty.ok);
    assert.deepEqual(empty.value.initial_margin_minor, [0n]);
  });

  test('the defaults are 99 % over 250 days per account', () => {
    assert.deepEqual(DEFAULT_MARGIN_SETTINGS, {
      confidence_ppm: 990_000,
      window_days: 250,
      level: 'account',
    });
  });

  test('refuses a confidence outside (0, 1), a window longer than the history, bad settings', () => {
    const portfolio = oneLongAccount();
    const history = hundredDays();
    const code = (settings: Partial<MarginSettings>) => {
      const im = initialMargin(portfolio, history, { ...AT_99, ...settings });
      assert.ok(!im.ok);
      return im.code;
    };
    for (const confidence_ppm of [0, 1_000_000, -1, 0.99, Number.NaN, 1_500_000]) {
      assert.equal(
        code({ confidence_ppm }),
        'RISK_CONFIDENCE_OUT_OF_RANGE',
        String(confidence_ppm),
      );
    }
    assert.equal(code({ window_days: 101 }), 'RISK_WINDOW_TOO_LONG');
    assert.equal(code({ window_days: 250 }), 'RISK_WINDOW_TOO_LONG');
    assert.equal(code({ window_days: 0 }), 'RISK_SETTING_INVALID');
    assert.equal(code({ window_days: 2.5 }), 'RISK_SETTING_INVALID');
    assert.equal(code({ level: 'desk' as never }), 'RISK_SETTING_INVALID');
  });

  test('refuses a history of the wrong shape or with impossible returns', () => {
    const portfolio = oneLongAccount();
    const refuse = (history: ReturnHistory) => {
      const im = initialMargin(portfolio, history, { ...AT_99, window_days: 1 });
      assert.ok(!im.ok);
      assert.equal(im.code, 'RISK_HISTORY_INVALID', im.message);
    };
    refuse({ days: 2, returns_bp: new Float64Array(INSTRUMENTS) });
    refuse({ days: 10_001, returns_bp: new Float64Array(INSTRUMENTS * 10_001) });
    refuse({ days: 1, returns_bp: Float64Array.of(-10_001, 0, 0, 0) });
    refuse({ days: 1, returns_bp: Float64Array.of(Number.NaN, 0, 0, 0) });
    refuse({
      days: 1,
      returns_bp: new Float64Array(INSTRUMENTS),
      fx_returns_bp: new Map([['USD', Float64Array.of(0)]]),
    });
    refuse({
      days: 1,
      returns_bp: new Float64Array(INSTRUMENTS),
      fx_returns_bp: new Map([['CNY', Float64Array.of(0, 0)]]),
    });
  });
});

describe('variation margin', () => {
  const portfolio = build({
    accounts: [account('a0', 'P'), account('a1', 'P')],
    positions: [
      { account: 0, instrument: 0, quantity: 2_500n },
      { account: 1, instrument: 1, quantity: -1_000n },
    ],
  });

  test('is the mark-to-market change per account and currency, exact', () => {
    // Yesterday HKD 410.00 and CNY 1,520.00; today (the portfolio's prices) 400.00 and 1,500.00.
    const vm = variationMargin(portfolio, [41_000n, 152_000n, 10_000n, 1n]);
    assert.ok(vm.ok);
    // Long 2,500 × −1,000 cents = −2,500,000; short 1,000 × −2,000 fen = +2,000,000 fen.
    assert.deepEqual(vm.value.account_minor, [
      [-2_500_000n, 0n, 0n],
      [0n, 2_000_000n, 0n],
    ]);
    assert.deepEqual(vm.value.member_minor, [[-2_500_000n, 2_000_000n, 0n]]);
    // CNY 20,000.00 × 1.085 = HKD 21,700.00: −2,500,000 + 2,170,000 = −330,000 cents.
    assert.deepEqual(vm.value.member_hkd_minor, [-330_000n]);
  });

  test('refuses previous prices that do not match the instruments', () => {
    for (const prices of [[1n], [41_000n, 152_000n, 10_000n, -1n], [1n, 2n, 3n, 4 as never]]) {
      const vm = variationMargin(portfolio, prices);
      assert.ok(!vm.ok && vm.code === 'RISK_PRICE_INVALID');
    }
  });
});
