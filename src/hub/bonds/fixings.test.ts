import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayNumber, timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { fixingForDay } from './fixings.js';
import { bondRecord } from './state.js';
import { assertRefused, genesis, issueCmuBond, posted, wire } from './testing.js';
import { tradeMoney } from './trade.js';

const FRN = 'HK0000FRN013';
const HOLDERS = ['HSBC', 'hk-inst-fund'];

const TERMS = {
  ...{ isin: FRN, issuer_kind: 'hkgb', issuer_name: 'Government of the HKSAR' },
  ...{ currency: 'HKD', coupon: { kind: 'floating', index: 'HIBOR_3M', spread_bps: 50 } },
  ...{ frequency: 12, day_count: 'ACT/365F', business_day_convention: 'following' },
  ...{ yield_convention: 'annual', issue_date: '2026-01-05', maturity_date: '2026-03-05' },
  ...{ face_value_minor: '100', min_denomination_minor: '100' },
};

const fixing = (date: string, rate_e12: string, index = 'HIBOR_3M') =>
  wire({ type: 'bonds.publish_fixing', index, date, rate_e12 });
const pay = (coupon_date: string) => wire({ type: 'bonds.pay_coupon', isin: FRN, coupon_date });

/** A two-month HKD floating note on 3-month HIBOR + 50 bp, monthly, held by two holders. */
function issued(): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  issueCmuBond(t, TERMS, [
    ['HSBC', 1_000_000],
    ['hk-inst-fund', 2_000_000],
  ]);
  return t;
}

describe('index fixings and floating coupons', () => {
  test('a fixing is published once, for a date that has come, within bounds', () => {
    const t = issued();
    assertRefused(t, 'HSBC', fixing('2026-01-05', '4000000000'), 'NOT_AUTHORIZED');
    assertRefused(
      t,
      'operator',
      fixing('2026-01-05', '1', 'LIBOR_3M'),
      'BOND_FIXING_INDEX_UNKNOWN',
    );
    const over = '1000000000001';
    assertRefused(t, 'operator', fixing('2026-01-05', over), 'BOND_FIXING_RATE_INVALID');
    assertRefused(t, 'operator', fixing('2026-01-06', '1'), 'BOND_FIXING_DATE_IN_FUTURE');
    const result = t.accept('operator', fixing('2026-01-05', '40000000000'));
    const event = result.events.find((e) => e.type === 'bond_fixing_published');
    assert.ok(event?.type === 'bond_fixing_published');
    assert.equal(event.rate_e12, 40_000_000_000n);
    assertRefused(t, 'operator', fixing('2026-01-05', '41000000000'), 'BOND_FIXING_EXISTS');
    // Negative fixings exist (€STR until 2022): accepted.
    t.accept('operator', fixing('2026-01-02', '-6000000000', 'ESTR'));
  });

  test('a coupon period pays the fixing in force at its start plus the spread; replays', () => {
    const t = issued();
    t.now_us = timestampAt('2026-02-05', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assertRefused(t, 'operator', pay('2026-02-05'), 'BOND_FIXING_REQUIRED');
    // A fixing after the period's start is not the one in force at its start.
    t.accept('operator', fixing('2026-01-06', '50000000000'));
    assertRefused(t, 'operator', pay('2026-02-05'), 'BOND_FIXING_REQUIRED');
    t.accept('operator', fixing('2026-01-02', '40000000000'));
    const before = HOLDERS.map((h) => posted(t, `${h}/HKD`));
    const result = t.accept('operator', pay('2026-02-05'));
    const event = result.events.find((e) => e.type === 'bond_coupon_paid');
    assert.ok(event?.type === 'bond_coupon_paid');
    // (4.00 % + 0.50 %) / 12 on HKD 1,000,000 and 2,000,000 of face (units of HKD 1).
    const coupons = [375_000n, 750_000n];
    HOLDERS.forEach((h, i) => {
      assert.equal(posted(t, `${h}/HKD`) - (before[i] as bigint), coupons[i]);
    });
    assert.equal(event.total_minor, 1_125_000n);
    const replayed = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(replayed.digest(), t.hub.digest());
    assert.equal(replayed.state.bonds.fixings.get('HIBOR_3M')?.get('2026-01-02'), 40_000_000_000n);
  });

  test('a stale fixing is not used, and a negative period rate is refused', () => {
    const t = issued();
    t.now_us = timestampAt('2026-02-05', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    t.accept('operator', fixing('2025-12-20', '40000000000')); // 16 days before the start
    assertRefused(t, 'operator', pay('2026-02-05'), 'BOND_FIXING_REQUIRED');
    t.accept('operator', fixing('2026-01-05', '-9000000000')); // −0.90 % + 0.50 % < 0
    assertRefused(t, 'operator', pay('2026-02-05'), 'BOND_COUPON_RATE_NEGATIVE');
  });

  test("a trade accrues at the fixing of its settlement date's period", () => {
    const bond = bondRecord(
      (issued().hub.state.bonds.bonds.get(FRN) ?? assert.fail('no bond')).terms,
    );
    const refused = tradeMoney(bond, 100_000_000n, 10_000_000_000n, '2026-01-20', undefined);
    assert.equal(refused.ok ? undefined : refused.code, 'BOND_FIXING_REQUIRED');
    const fixings = new Map([['HIBOR_3M', new Map([['2026-01-05', 40_000_000_000n]])]]);
    const rate = fixingForDay(fixings, bond.schedule, dayNumber('2026-01-20'));
    assert.equal(rate, 40_000_000_000n);
    const money = tradeMoney(bond, 100_000_000n, 10_000_000_000n, '2026-01-20', rate);
    assert.ok(money.ok);
    // HKD 1,000,000 face, 4.50 % for 15 of 31 days of a monthly period (ACT/365F: 15/365).
    assert.equal(money.value.accrued_minor, 184_932n);
    assert.equal(fixingForDay(fixings, bond.schedule, dayNumber('2026-02-10')), undefined);
  });
});
