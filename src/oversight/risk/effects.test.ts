/**
 * A scenario's effects on the Connect quotas and the payment limits, every figure by hand.
 * CNY at HKD 1.0850, USD at HKD 7.80; the scenario takes 5 % off the renminbi and 10 % off
 * Shanghai shares.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { limitEffects, type PaymentLimitRow, type QuotaLinkRow } from './effects.js';
import { account, build, FX_RATES, hypothetical } from './fixtures.js';
import { compileScenarios } from './shocks.js';

const portfolio = build({
  accounts: [account('A-house', 'A')],
  fx_rates: [...FX_RATES, { currency: 'USD', hkd_per_unit_e8: 780_000_000n }],
});
const rmb_down = hypothetical('rmb-down', {
  price_moves: [{ market: 'XSHG', move_bp: -1_000 }],
  fx_moves: [
    { currency: 'CNY', move_bp: -500 },
    { currency: 'CNH', move_bp: -500 },
  ],
});
const matrix = (() => {
  const m = compileScenarios(portfolio, [rmb_down]);
  assert.ok(m.ok);
  return m.value;
})();

const LINKS: QuotaLinkRow[] = [
  {
    // CNY 1,000,000.00 quota, 600,000.00 left; 1,000 Moutai-like shares at CNY 1,500.00.
    link: 'sh_northbound',
    direction: 'northbound',
    daily_quota_minor: 100_000_000n,
    balance_minor: 60_000_000n,
    holdings: [{ instrument: 1, quantity: 1_000n }],
  },
  {
    // CNY 2,000,000.00 quota, 1,500,000.00 left; 2,000 HK shares at HKD 400.00.
    link: 'sh_southbound',
    direction: 'southbound',
    daily_quota_minor: 200_000_000n,
    balance_minor: 150_000_000n,
    holdings: [{ instrument: 0, quantity: 2_000n }],
  },
];

const LIMITS: PaymentLimitRow[] = [
  { limit: 'northbound_daily', currency: 'HKD', amount_minor: 1_000_000n, paid_in: 'CNY' },
  { limit: 'southbound_quota', currency: 'USD', amount_minor: 5_000_000n, paid_in: 'CNY' },
  { limit: 'southbound_single', currency: 'CNY', amount_minor: 1_000_000n, paid_in: 'HKD' },
];

describe('quota and payment-limit effects', () => {
  test('the quotas in HKD now and after the renminbi falls, and the holdings against them', () => {
    const report = limitEffects(portfolio, matrix, [rmb_down], { links: LINKS, limits: [] });
    assert.ok(report.ok);
    const [nb, sb] = report.value.quotas;
    // Quota 100,000,000 fen × 1.085 = 108,500,000 cents; × 0.95 = 103,075,000.
    // Balance 60,000,000 × 1.085 = 65,100,000; × 0.95 = 61,845,000.
    // Holdings 1,000 × 150,000 fen × 1.085 = 162,750,000 cents; after the scenario each share is
    // worth 162,750 × 0.90 × 0.95 = 139,151.25 cents, a change of −23,598,750 for the 1,000;
    // that is −23,598,750 / 103,075,000 = −2,289.47 bp of the stressed quota → −2,289.
    assert.deepEqual(nb, {
      scenario: 'rmb-down',
      link: 'sh_northbound',
      direction: 'northbound',
      daily_quota_hkd_minor: 108_500_000n,
      stressed_daily_quota_hkd_minor: 103_075_000n,
      balance_hkd_minor: 65_100_000n,
      stressed_balance_hkd_minor: 61_845_000n,
      holdings_value_hkd_minor: 162_750_000n,
      holdings_change_hkd_minor: -23_598_750n,
      change_of_quota_bp: -2_289n,
    });
    // Southbound: the RMB quota buys 5 % fewer HKD of shares; HK shares do not move.
    assert.deepEqual(sb, {
      scenario: 'rmb-down',
      link: 'sh_southbound',
      direction: 'southbound',
      daily_quota_hkd_minor: 217_000_000n,
      stressed_daily_quota_hkd_minor: 206_150_000n,
      balance_hkd_minor: 162_750_000n,
      stressed_balance_hkd_minor: 154_612_500n,
      holdings_value_hkd_minor: 80_000_000n,
      holdings_change_hkd_minor: 0n,
      change_of_quota_bp: 0n,
    });
  });

  test('each payment limit in the currency it is paid in, before and after', () => {
    const report = limitEffects(portfolio, matrix, [rmb_down], { links: [], limits: LIMITS });
    assert.ok(report.ok);
    const values = report.value.payment_limits.map((e) => [
      e.limit,
      e.value_minor,
      e.stressed_value_minor,
    ]);
    assert.deepEqual(values, [
      // HKD 10,000.00 buys 1,000,000 / 1.085 = 921,658.99 → 921,659 fen; at 1.085 × 0.95:
      // 1,000,000 / 1.03075 = 970,167.35 → 970,167 fen.
      ['northbound_daily', 921_659n, 970_167n],
      // USD 50,000.00 = 5,000,000 × 7.80 / 1.085 = 35,944,700.46 → 35,944,700 fen; stressed
      // 5,000,000 × 7.80 / 1.03075 = 37,836,526.80 → 37,836,527.
      ['southbound_quota', 35_944_700n, 37_836_527n],
      // RMB 10,000.00 = 1,085,000 cents; stressed 1,030,750.
      ['southbound_single', 1_085_000n, 1_030_750n],
    ]);
  });

  test('refuses an instrument the portfolio lacks and a currency without a rate', () => {
    const bad_link = { ...LINKS[0], holdings: [{ instrument: 99, quantity: 1n }] } as QuotaLinkRow;
    const unknown = limitEffects(portfolio, matrix, [rmb_down], { links: [bad_link], limits: [] });
    assert.ok(!unknown.ok);
    assert.equal(unknown.code, 'RISK_EFFECTS_INVALID');
    assert.match(unknown.message, /link 0: unknown instrument/);
    const eur: PaymentLimitRow = { limit: 'x', currency: 'EUR', amount_minor: 1n, paid_in: 'HKD' };
    const no_rate = limitEffects(portfolio, matrix, [rmb_down], { links: [], limits: [eur] });
    assert.ok(!no_rate.ok);
    assert.match(no_rate.message, /payment limit 0: a rate is missing/);
  });
});
