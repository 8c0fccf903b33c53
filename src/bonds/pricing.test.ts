import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayNumber } from '../kernel/index.js';
import {
  accruedInterestMinor,
  accruedPriceE8,
  cleanPriceFromYield,
  dirtyPriceFromYield,
} from './pricing.js';
import { buildSchedule } from './schedule.js';
import { CGB_2016_19, HKGB_03GB2807001, POLICY_BANK_FRN } from './testing.js';
import type { BondTerms } from './types.js';
import { yieldFromCleanPrice } from './yield.js';

/** A decimal string as an integer at `scale` places: '1.778' at 10 → 17_780_000_000n. */
function scaled(text: string, scale: number): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
}
const pct = (text: string) => scaled(text, 10); // a percentage as a yield in 10^-12
const price = (text: string) => scaled(text, 8); // a price per 100 as 10^-8

function ok<T>(outcome: { ok: true; value: T } | { ok: false; code: string }): T {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.code);
  return outcome.value;
}

/**
 * HKMA tender results (press releases on hkma.gov.hk): coupon, maturity, settlement, and the
 * average accepted, lowest accepted and average tender price with its "annualised yield".
 */
const HKMA_TENDERS = [
  [
    '20260115-3 03GB2807001',
    '1.59',
    '2028-07-28',
    '2026-01-19',
    '99.56 1.778 99.51 1.798 99.33 1.874',
  ],
  [
    '20250807-4 10GB3505001',
    '2.29',
    '2035-05-15',
    '2025-08-11',
    '103.93 1.857 103.66 1.887 102.94 1.967',
  ],
  [
    '20250116-5 03GB2710002',
    '2.13',
    '2027-10-28',
    '2025-01-20',
    '99.55 2.312 99.46 2.346 98.59 2.677',
  ],
  [
    '2023-07-19 15GB3403',
    '2.02',
    '2034-03-07',
    '2023-07-20',
    '84.62 3.827 83.60 3.960 83.40 3.986',
  ],
  [
    '2019-06-26 10GB2901',
    '1.97',
    '2029-01-17',
    '2019-06-27',
    '102.60 1.682 102.30 1.715 101.87 1.764',
  ],
  [
    '20260114-4 10GB3507001',
    '3.17',
    '2035-07-24',
    '2026-01-15',
    '100.04 3.190 99.88 3.210 99.20 3.295',
  ],
] as const;

function hkgb(coupon: string, maturity: string, convention: BondTerms['yield_convention']) {
  return buildSchedule({
    ...HKGB_03GB2807001,
    coupon: { kind: 'fixed', rate_e12: pct(coupon) },
    maturity_date: maturity,
    issue_date: '2015-01-01',
    yield_convention: convention,
  });
}

describe('HKSAR Government Bonds against HKMA tender results', () => {
  it('prices every published yield within 0.01 of the published price (annual yield)', () => {
    for (const [source, coupon, maturity, settlement, pairs] of HKMA_TENDERS) {
      const schedule = hkgb(coupon, maturity, 'annual');
      const figures = pairs.split(' ');
      for (let i = 0; i < figures.length; i += 2) {
        const published = price(figures[i] as string);
        const y = pct(figures[i + 1] as string);
        const ours = ok(cleanPriceFromYield(schedule, dayNumber(settlement), y));
        const gap = ours > published ? ours - published : published - ours;
        assert.ok(gap <= 1_000_000n, `${source} ${figures[i]}: ours ${ours}`);
        const back = ok(yieldFromCleanPrice(schedule, dayNumber(settlement), published));
        const miss = back > y ? back - y : y - back;
        // 0.003 % of yield
        assert.ok(miss <= 30_000_000n, `${source} yield ${figures[i + 1]}: ours ${back}`);
      }
    }
  });

  it('would miss the published prices by far if HKMA yields compounded semi-annually', () => {
    const schedule = hkgb('2.02', '2034-03-07', 'ccdc');
    const ours = ok(cleanPriceFromYield(schedule, dayNumber('2023-07-20'), pct('3.827')));
    assert.ok(price('84.62') - ours > 20_000_000n, `ours ${ours}`);
  });
});

describe('a CGB by the CCDC formulas', () => {
  const schedule = buildSchedule(CGB_2016_19);

  it('accrues C/f × t/TS: 35 of 184 days of 3.27 %/2 at the 26 Sep 2016 reopening', () => {
    // 1.635 × 35 / 184 = 0.3110054347… per 100, half up at 10^-8.
    assert.equal(ok(accruedPriceE8(schedule, dayNumber('2016-09-26'))), 31_100_543n);
    // On CNY 1,000,000 face: 311,005.43 fen, half up.
    const amount = accruedInterestMinor(schedule, dayNumber('2016-09-26'), 100_000_000n);
    assert.equal(ok(amount), 311_005n);
  });

  it('discounts at (1 + y/f)^(d/TS + i) before the last period', () => {
    // 3 %: d = 149 days to 22 Feb 2017, TS = 184, 60 coupons; 105.61502261 (50-digit decimals).
    const dirty = ok(dirtyPriceFromYield(schedule, dayNumber('2016-09-26'), pct('3')));
    assert.equal(dirty, price('105.61502261'));
    const clean = ok(cleanPriceFromYield(schedule, dayNumber('2016-09-26'), pct('3')));
    assert.equal(clean, price('105.61502261') - 31_100_543n);
  });

  it('uses simple interest in the last period: (100 + C/f) / (1 + y·D/TY)', () => {
    // 22 May 2046: D = 92, TY = 365; 101.635 / (1 + 0.03 × 92/365) = 100.87224005.
    const dirty = ok(dirtyPriceFromYield(schedule, dayNumber('2046-05-22'), pct('3')));
    assert.equal(dirty, price('100.87224005'));
    // Accrued 1.635 × 89/181 = 0.80395027… per 100.
    assert.equal(ok(accruedPriceE8(schedule, dayNumber('2046-05-22'))), 80_395_028n);
  });

  it('prices a new CGB at par when the yield equals its coupon (MOF 2013 10-year, 3.38 %)', () => {
    const cgb2013 = buildSchedule({
      ...CGB_2016_19,
      coupon: { kind: 'fixed', rate_e12: pct('3.38') },
      issue_date: '2013-05-23',
      maturity_date: '2023-05-23',
    });
    const dirty = ok(dirtyPriceFromYield(cgb2013, dayNumber('2013-05-23'), pct('3.38')));
    assert.equal(dirty, price('100'));
    assert.equal(
      ok(yieldFromCleanPrice(cgb2013, dayNumber('2013-05-23'), price('100'))),
      pct('3.38'),
    );
  });
});

describe('zero-coupon bonds', () => {
  const zero = buildSchedule({
    ...CGB_2016_19,
    coupon: { kind: 'zero' },
    issue_date: '2025-01-10',
    maturity_date: '2028-01-10',
  });

  it('accrue nothing', () => {
    assert.equal(ok(accruedPriceE8(zero, dayNumber('2026-06-01'))), 0n);
  });

  it('discount simply within a year of maturity and compound before it (CCDC)', () => {
    // 10 Jul 2027: D = 184, TY = 365: 100 / (1 + 0.02 × 184/365) = 99.00184441…
    assert.equal(ok(dirtyPriceFromYield(zero, dayNumber('2027-07-10'), pct('2'))), 9_900_184_442n);
    // 10 Jan 2026: exactly two years: 100 / 1.02² = 96.11687812…
    assert.equal(ok(dirtyPriceFromYield(zero, dayNumber('2026-01-10'), pct('2'))), 9_611_687_812n);
  });
});

describe('refusals', () => {
  const schedule = buildSchedule(CGB_2016_19);

  it('refuses settlement before issue or on or after maturity', () => {
    for (const date of ['2016-08-21', '2046-08-22']) {
      const outcome = accruedPriceE8(schedule, dayNumber(date));
      assert.equal(outcome.ok ? '' : outcome.code, 'BOND_SETTLEMENT_OUT_OF_TERM');
    }
  });

  it('refuses a floating coupon without its fixing, and accrues fixing + spread with it', () => {
    const frn = buildSchedule(POLICY_BANK_FRN);
    const day = dayNumber('2025-05-05'); // 46 days into the 20 Mar – 20 Jun period
    const missing = accruedPriceE8(frn, day);
    assert.equal(missing.ok ? '' : missing.code, 'BOND_FIXING_REQUIRED');
    // (1.60 % + 0.25 %) × 46 / 360 × 100 = 0.23638888…
    assert.equal(ok(accruedPriceE8(frn, day, pct('1.60'))), 23_638_889n);
    // A negative fixing: (−0.60 % + 0.25 %) × 46 / 360 × 100 = −0.04472222… half up (away from 0).
    assert.equal(ok(accruedPriceE8(frn, day, -pct('0.60'))), -4_472_222n);
    const priced = dirtyPriceFromYield(frn, day, pct('2'));
    assert.equal(priced.ok ? '' : priced.code, 'BOND_YIELD_UNSUPPORTED');
  });

  it('refuses a yield out of range and a non-positive price', () => {
    const day = dayNumber('2020-01-02');
    const high = dirtyPriceFromYield(schedule, day, pct('1000.000001'));
    assert.equal(high.ok ? '' : high.code, 'BOND_YIELD_OUT_OF_RANGE');
    const zero = yieldFromCleanPrice(schedule, day, -accruedOf(schedule, day));
    assert.equal(zero.ok ? '' : zero.code, 'BOND_PRICE_INVALID');
    const absurd = yieldFromCleanPrice(schedule, day, price('1000000000000'));
    assert.equal(absurd.ok ? '' : absurd.code, 'BOND_YIELD_OUT_OF_RANGE');
  });
});

function accruedOf(schedule: ReturnType<typeof buildSchedule>, day: number): bigint {
  return ok(accruedPriceE8(schedule, day));
}
