import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkLimits,
  checkPaymentRules,
  emptyLimitBook,
  hkDate,
  limitAmount,
  limitKey,
  type PaymentConnectSettings,
  releaseLimit,
  reserveLimit,
  PAYMENT_CONNECT_SETTINGS as S,
  usage,
} from './index.js';
import { hk, northbound, RATES, southbound } from './testing.js';

function code(r: { code: string } | undefined): string | undefined {
  return r?.code;
}

describe('checkPaymentRules()', () => {
  test('Payment Connect is in force from noon, 22 Jun 2025, HK time', () => {
    const noon = hk('2025-06-22', '12:00');
    assert.equal(code(checkPaymentRules(northbound(), noon - 1, S)), 'PAYMENT_NOT_IN_FORCE');
    assert.equal(checkPaymentRules(northbound(), noon, S), undefined);
  });
  test('Northbound is for HK Identity Card holders, Southbound for Mainland ones', () => {
    const at = hk('2025-07-01', '10:00');
    const nb = northbound({ payer: { ...northbound().payer, id_type: 'passport' } });
    assert.equal(code(checkPaymentRules(nb, at, S)), 'PAYMENT_PAYER_NOT_ELIGIBLE');
    const sb = southbound({ payer: { ...southbound().payer, id_type: 'hk_identity_card' } });
    assert.equal(code(checkPaymentRules(sb, at, S)), 'PAYMENT_PAYER_NOT_ELIGIBLE');
  });
  test('Northbound sends HKD or RMB and receives RMB; Southbound sends RMB, receives either', () => {
    const at = hk('2025-07-01', '10:00');
    assert.equal(checkPaymentRules(northbound({ send_currency: 'CNY' }), at, S), undefined);
    const nb_hkd = northbound({ receive_currency: 'HKD' });
    assert.equal(code(checkPaymentRules(nb_hkd, at, S)), 'PAYMENT_CURRENCY_NOT_ALLOWED');
    assert.equal(checkPaymentRules(southbound({ receive_currency: 'CNY' }), at, S), undefined);
    const sb_hkd = southbound({ send_currency: 'HKD' });
    assert.equal(code(checkPaymentRules(sb_hkd, at, S)), 'PAYMENT_CURRENCY_NOT_ALLOWED');
  });
  test('Northbound runs 24x7; Southbound from 07:00 to before 23:00 HK time', () => {
    const day = '2025-07-01';
    assert.equal(checkPaymentRules(northbound(), hk(day, '03:00'), S), undefined);
    assert.equal(
      code(checkPaymentRules(southbound(), hk(day, '06:59:59'), S)),
      'PAYMENT_OUTSIDE_HOURS',
    );
    assert.equal(checkPaymentRules(southbound(), hk(day, '07:00'), S), undefined);
    assert.equal(checkPaymentRules(southbound(), hk(day, '22:59:59'), S), undefined);
    assert.equal(
      code(checkPaymentRules(southbound(), hk(day, '23:00'), S)),
      'PAYMENT_OUTSIDE_HOURS',
    );
    assert.equal(
      code(checkPaymentRules(southbound(), hk(day, '23:01'), S)),
      'PAYMENT_OUTSIDE_HOURS',
    );
  });
  test('a Southbound payment is capped at RMB 10,000, or at its bank’s own cap', () => {
    const at = hk('2025-07-01', '10:00');
    assert.equal(checkPaymentRules(southbound({ amount_minor: 1_000_000n }), at, S), undefined);
    const over = southbound({ amount_minor: 1_000_001n });
    assert.equal(code(checkPaymentRules(over, at, S)), 'PAYMENT_SINGLE_CAP');
    const caps = { default: 1_000_000n, ICBC: 500_000n };
    const settings: PaymentConnectSettings = {
      ...S,
      southbound: { ...S.southbound, single_cap_cny_minor: caps },
    };
    const icbc = southbound({ amount_minor: 500_001n });
    assert.equal(code(checkPaymentRules(icbc, at, settings)), 'PAYMENT_SINGLE_CAP');
  });
  test('a payment is for a positive amount', () => {
    const zero = northbound({ amount_minor: 0n });
    assert.equal(
      code(checkPaymentRules(zero, hk('2025-07-01', '10:00'), S)),
      'PAYMENT_AMOUNT_INVALID',
    );
  });
});

describe('the limits and their counters', () => {
  test('Northbound: HK$10,000 a day exactly fits, one cent more does not', () => {
    const book = emptyLimitBook();
    const at = hk('2025-07-01', '10:00');
    const key = limitKey(northbound(), 'person_per_institution');
    reserveLimit(book, 'northbound', key, 999_999n, at);
    assert.equal(checkLimits(book, 'northbound', key, 1n, at, S), undefined);
    assert.equal(code(checkLimits(book, 'northbound', key, 2n, at, S)), 'PAYMENT_DAILY_LIMIT');
  });
  test('the day resets at HK midnight (16:00 UTC), not at UTC midnight', () => {
    const book = emptyLimitBook();
    const key = limitKey(northbound(), 'person_per_institution');
    reserveLimit(book, 'northbound', key, 1_000_000n, hk('2025-07-01', '00:00'));
    const last = hk('2025-07-01', '23:59:59');
    assert.equal(code(checkLimits(book, 'northbound', key, 1n, last, S)), 'PAYMENT_DAILY_LIMIT');
    const next = hk('2025-07-02', '00:00');
    assert.equal(hkDate(next), '2025-07-02');
    assert.equal(checkLimits(book, 'northbound', key, 1_000_000n, next, S), undefined);
  });
  test('HK$200,000 a year, reset on 1 January HK time', () => {
    const book = emptyLimitBook();
    const key = limitKey(northbound(), 'person_per_institution');
    for (let day = 1; day <= 20; day += 1) {
      const date = `2025-12-${String(day + 10).padStart(2, '0')}`;
      reserveLimit(book, 'northbound', key, 1_000_000n, hk(date, '12:00'));
    }
    assert.deepEqual(usage(book.counters.get(key), '2025-12-30'), {
      day_used_minor: 1_000_000n,
      year_used_minor: 20_000_000n,
    });
    const eve = hk('2025-12-31', '23:59:59');
    assert.equal(code(checkLimits(book, 'northbound', key, 1n, eve, S)), 'PAYMENT_ANNUAL_LIMIT');
    assert.equal(
      checkLimits(book, 'northbound', key, 1_000_000n, hk('2026-01-01', '00:00'), S),
      undefined,
    );
  });
  test('the cap unit is a setting: per person per institution, per person, per account', () => {
    const at = hk('2025-07-01', '10:00');
    const at_bochk = northbound();
    const at_hsbc = northbound({ payer: { ...at_bochk.payer, bank: 'HSBC' } });
    for (const [unit, separate] of [
      ['person_per_institution', true],
      ['person', false],
      ['account', true],
    ] as const) {
      const book = emptyLimitBook();
      reserveLimit(book, 'northbound', limitKey(at_bochk, unit), 1_000_000n, at);
      const refusal = checkLimits(book, 'northbound', limitKey(at_hsbc, unit), 1n, at, S);
      assert.equal(refusal === undefined, separate, unit);
    }
  });
  test('RMB sent Northbound counts at its HKD equivalent, rounded up', () => {
    // CNY 9,200.00 × 1.087 = HK$10,000.40: over the cap; CNY 9,199.00 → HK$9,999.32 (999,931.3 up)
    assert.equal(
      limitAmount(northbound({ send_currency: 'CNY', amount_minor: 920_000n }), RATES),
      1_000_040n,
    );
    assert.equal(
      limitAmount(northbound({ send_currency: 'CNY', amount_minor: 919_900n }), RATES),
      999_932n,
    );
  });
  test('Southbound: the USD 50,000 annual quota at the stated rate, rounded up', () => {
    // RMB 10,000.00 × 0.14084507 = USD 1,408.4507 → 140,846 cents
    const sb = southbound({ amount_minor: 1_000_000n });
    assert.equal(limitAmount(sb, RATES), 140_846n);
    const book = emptyLimitBook();
    const at = hk('2025-07-01', '10:00');
    const key = limitKey(sb, 'person_per_institution');
    reserveLimit(book, 'southbound', key, 5_000_000n - 140_846n, at);
    assert.equal(checkLimits(book, 'southbound', key, 140_846n, at, S), undefined);
    assert.equal(
      code(checkLimits(book, 'southbound', key, 140_847n, at, S)),
      'PAYMENT_QUOTA_EXCEEDED',
    );
  });
  test('a release gives back only to the day and year it was taken from', () => {
    const book = emptyLimitBook();
    const key = 'northbound|X';
    const taken = reserveLimit(book, 'northbound', key, 300n, hk('2025-07-01', '23:59'));
    reserveLimit(book, 'northbound', key, 200n, hk('2025-07-02', '00:01'));
    releaseLimit(book, taken);
    assert.deepEqual(usage(book.counters.get(key), '2025-07-02'), {
      day_used_minor: 200n,
      year_used_minor: 200n,
    });
  });
});
