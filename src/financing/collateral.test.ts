import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayNumber } from '../kernel/index.js';
import {
  type CollateralBond,
  type CollateralSchedule,
  checkConcentration,
  checkHaircutAgainstSchedule,
  checkOtcClearPosting,
  collateralValueMinor,
  type OtcClearPosting,
  RMB_LIQUIDITY_FACILITY_SCHEDULE as RMB_LF,
  scheduleHaircut,
} from './index.js';

const code = (r: { code: string } | undefined) => r?.code;
const today = dayNumber('2025-09-01');
const cgb = (maturity: string): CollateralBond => ({
  ...{ isin: 'CND10000KX14', issuer_kind: 'cgb', issuer: 'MOF', currency: 'CNY' },
  maturity_day: dayNumber(maturity),
});

describe('collateral schedules', () => {
  test('the haircut follows the remaining life; ineligible bonds are refused', () => {
    const haircut = (m: string) => scheduleHaircut(RMB_LF, cgb(m), today);
    assert.deepEqual(haircut('2026-03-01'), { ok: true, value: 20_000 }); // half a year
    assert.deepEqual(haircut('2030-09-01'), { ok: true, value: 40_000 }); // five years exactly
    assert.deepEqual(haircut('2046-08-22'), { ok: true, value: 80_000 });
    assert.equal(code(asRejection(haircut('2025-09-01'))), 'COLLATERAL_MATURITY_NOT_ACCEPTED');
    const corporate = { ...cgb('2027-01-01'), issuer_kind: 'corporate' };
    assert.equal(
      code(asRejection(scheduleHaircut(RMB_LF, corporate, today))),
      'COLLATERAL_NOT_ELIGIBLE',
    );
    const yen = { ...cgb('2027-01-01'), currency: 'JPY' };
    assert.equal(code(asRejection(scheduleHaircut(RMB_LF, yen, today))), 'COLLATERAL_NOT_ELIGIBLE');
  });

  test('an agreed haircut never below the schedule; values after haircut round down', () => {
    assert.equal(checkHaircutAgainstSchedule(40_000, 40_000), undefined);
    assert.equal(code(checkHaircutAgainstSchedule(39_999, 40_000)), 'REPO_HAIRCUT_BELOW_SCHEDULE');
    // RMB 1,000,000.01 at 4 %: 96,000,000.96 fen → 96,000,000.
    assert.equal(collateralValueMinor(100_000_001n, 40_000), 96_000_000n);
  });

  test('concentration: no issuer above its share of the pool', () => {
    const schedule: CollateralSchedule = { ...RMB_LF, issuer_concentration_max_ppm: 500_000 };
    const even = [
      { issuer: 'MOF', value_minor: 500n },
      { issuer: 'CDB', value_minor: 500n },
    ];
    assert.equal(checkConcentration(schedule, even), undefined, 'exactly half is allowed');
    const heavy = [
      { issuer: 'MOF', value_minor: 501n },
      { issuer: 'CDB', value_minor: 499n },
    ];
    assert.equal(code(checkConcentration(schedule, heavy)), 'COLLATERAL_CONCENTRATION_EXCEEDED');
  });
});

describe('Northbound bonds as margin at OTC Clear', () => {
  const posting: OtcClearPosting = {
    ...{ date: '2025-02-03', issuer_kind: 'cgb', account: 'house', use: 'swap_connect' },
    ...{ margin_type: 'initial', amount_minor: 10n, posted_minor: 0n, cap_minor: 100n },
  };

  test('Swap Connect from 13 Jan 2025, every derivative from 21 Mar 2025', () => {
    assert.equal(
      code(checkOtcClearPosting({ ...posting, date: '2025-01-10' })),
      'OTCC_NOT_IN_FORCE',
    );
    assert.equal(checkOtcClearPosting(posting), undefined);
    const irs = { ...posting, use: 'other_derivatives' as const };
    assert.equal(code(checkOtcClearPosting(irs)), 'OTCC_NOT_IN_FORCE');
    assert.equal(checkOtcClearPosting({ ...irs, date: '2025-03-21' }), undefined);
  });

  test('CGBs and policy-bank bonds, House and Category 1, initial margin, within the cap', () => {
    const check = (extra: Partial<OtcClearPosting>) =>
      code(checkOtcClearPosting({ ...posting, ...extra }));
    assert.equal(check({ issuer_kind: 'policy_bank' }), undefined);
    assert.equal(check({ issuer_kind: 'local_gov' }), 'OTCC_BOND_NOT_ELIGIBLE');
    assert.equal(check({ account: 'client_category_1' }), undefined);
    assert.equal(check({ account: 'client_category_2' }), 'OTCC_ACCOUNT_NOT_ELIGIBLE');
    assert.equal(check({ margin_type: 'participating' }), 'OTCC_MARGIN_TYPE_NOT_ELIGIBLE');
    assert.equal(check({ posted_minor: 90n }), undefined, 'exactly the cap');
    assert.equal(check({ posted_minor: 91n }), 'OTCC_CAP_EXCEEDED');
  });
});

function asRejection<T>(o: { ok: true; value: T } | { ok: false; code: string }) {
  return o.ok ? undefined : o;
}
