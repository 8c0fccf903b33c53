import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import type { HubEvent } from '../events.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { GREEN_USD_TERMS, genesis, issueCmuBond, wire } from './testing.js';
import { couponViews } from './views.js';

const NOTE = 'HK0000NOTE29';
const FRN = 'HK0000FRN013';
const HOLDERS = [
  ['HSBC', 1_000_000],
  ['hk-inst-fund', 2_000_000],
] as const;

/** HKSAR notes, HKD, monthly, ACT/365F, two months: 2.4 % fixed, or 3-month HIBOR + 50 bp. */
function terms(isin: string, coupon: object) {
  return {
    ...{ isin, issuer_kind: 'hkgb', issuer_name: 'Government of the HKSAR', currency: 'HKD' },
    ...{ coupon, frequency: 12, day_count: 'ACT/365F', business_day_convention: 'following' },
    ...{ yield_convention: 'annual', issue_date: '2026-01-05', maturity_date: '2026-03-05' },
    ...{ face_value_minor: '100', min_denomination_minor: '100' },
  };
}
const FIXED = terms(NOTE, { kind: 'fixed', rate_e12: '24000000000' });
const FLOATING = terms(FRN, { kind: 'floating', index: 'HIBOR_3M', spread_bps: 50 });

function posted(t: TestHub, id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}

function tickAt(t: TestHub, date: string, time: string): readonly HubEvent[] {
  t.now_us = timestampAt(date, time);
  return t.accept('operator', wire({ type: 'hub.tick' })).events;
}

function issued(bond: ReturnType<typeof terms>): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  issueCmuBond(t, bond, HOLDERS);
  return t;
}

describe('coupons and redemption on the hub clock', () => {
  test('each coupon is paid at 09:00 of its payment date, and the bond redeemed at maturity', () => {
    const t = issued(FIXED);
    const cash = () => HOLDERS.map(([owner]) => posted(t, `${owner}/HKD`));
    const start = cash();
    const payer_start = posted(t, 'HKSARG/HKD');
    assert.equal(
      tickAt(t, '2026-02-05', '08:59').some((e) => e.type === 'bond_coupon_paid'),
      false,
    );
    const paid = tickAt(t, '2026-02-05', '09:00').filter((e) => e.type === 'bond_coupon_paid');
    assert.deepEqual(
      paid.map((e) => e.type === 'bond_coupon_paid' && e.coupon_date),
      ['2026-02-05'],
    );
    // 2.4 % / 12 on HKD 1,000,000 and 2,000,000 of face.
    assert.deepEqual(
      cash().map((c, i) => c - (start[i] as bigint)),
      [200_000n, 400_000n],
    );
    // 5 March: the last coupon, then the face value back; the bonds leave the holders.
    const events = tickAt(t, '2026-03-05', '12:00');
    assert.deepEqual(
      events.filter((e) => e.type.startsWith('bond_')).map((e) => e.type),
      ['bond_coupon_paid', 'bond_redeemed'],
    );
    assert.deepEqual(
      cash().map((c, i) => c - (start[i] as bigint)),
      [100_400_000n, 200_800_000n],
    );
    assert.equal(payer_start - posted(t, 'HKSARG/HKD'), 301_200_000n);
    for (const [owner] of HOLDERS) assert.equal(posted(t, `${NOTE}/CMU/${owner}`), 0n);
    assert.ok(t.hub.state.bonds.redeemed.has(NOTE));
    // A redeemed bond is done with: the next days' runs do nothing for it.
    const later = tickAt(t, '2026-04-06', '12:00');
    assert.equal(later.filter((e) => e.type.startsWith('bond_')).length, 0);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });

  test('a gap of weeks runs every day passed, in order', () => {
    const t = issued(FIXED);
    const events = tickAt(t, '2026-03-10', '12:00');
    assert.deepEqual(
      events
        .filter((e) => e.type === 'bond_coupon_paid' || e.type === 'bond_redeemed')
        .map((e) => (e.type === 'bond_coupon_paid' ? e.coupon_date : e.type)),
      ['2026-02-05', '2026-03-05', 'bond_redeemed'],
    );
  });

  test('a bond registered on its payment date after the 09:00 run is paid at the next command', () => {
    const t = genesis();
    // Genesis's holders of the USD tranche, with USD accounts, on its first coupon date.
    t.now_us = timestampAt('2026-05-19', '11:00');
    const usd = (owner: string) => ({
      ...{ id: `${owner}/USD`, owner, asset: 'USD', purpose: 'available' },
      ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
    });
    const accounts = ['hk-inst-fund', 'hk-inst-insurer'].map(usd);
    t.accept('operator', wire({ type: 'ledger.create_accounts', accounts }));
    t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
    const paid = tickAt(t, '2026-05-19', '11:01').filter((e) => e.type === 'bond_coupon_paid');
    assert.deepEqual(
      paid.map((e) => e.type === 'bond_coupon_paid' && e.coupon_date),
      ['2026-05-19'],
    );
    // Not twice: the next day's run finds it paid.
    const next = tickAt(t, '2026-05-20', '12:00').filter((e) => e.type === 'bond_coupon_paid');
    assert.equal(next.length, 0);
  });

  test('the coupon schedule tells coupons before the registration from unpaid ones', () => {
    const t = genesis();
    t.now_us = timestampAt('2026-01-05', '10:00');
    t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
    t.now_us = timestampAt('2026-06-01', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' })); // 19 May's run failed: no USD accounts
    const views = couponViews(t.hub.state.bonds, GREEN_USD_TERMS.isin, '2026-06-01');
    assert.deepEqual(
      views.slice(0, 2).map((v) => [v.coupon_date, v.status]),
      [
        ['2026-05-19', 'due'],
        ['2026-11-19', 'upcoming'],
      ],
    );
    // Registered after a coupon date: that coupon was the market's before the hub's.
    const late = genesis();
    late.now_us = timestampAt('2026-06-01', '10:00');
    late.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
    const first = couponViews(late.hub.state.bonds, GREEN_USD_TERMS.isin, '2026-06-01')[0];
    assert.equal(first?.status, 'before_registration');
  });

  test('a run that cannot be made changes nothing and tells the operator', () => {
    const t = issued(FLOATING);
    const before = posted(t, 'HKSARG/HKD');
    const events = tickAt(t, '2026-02-05', '10:00');
    const failed = events.find((e) => e.type === 'bond_lifecycle_failed');
    assert.ok(failed?.type === 'bond_lifecycle_failed');
    assert.equal(failed.code, 'BOND_FIXING_REQUIRED');
    assert.equal(failed.action, 'coupon');
    assert.equal(posted(t, 'HKSARG/HKD'), before);
    // The operator publishes the fixing and pays it himself; the clock does not pay it twice.
    t.accept(
      'operator',
      wire({ type: 'bonds.publish_fixing', index: 'HIBOR_3M', date: '2026-01-05', rate_e12: '4' }),
    );
    t.accept('operator', wire({ type: 'bonds.pay_coupon', isin: FRN, coupon_date: '2026-02-05' }));
    // March: no fixing for the second period, so neither its coupon nor the redemption is made.
    const march = tickAt(t, '2026-03-05', '10:00').filter(
      (e) => e.type === 'bond_lifecycle_failed',
    );
    assert.deepEqual(
      march.map((e) => e.type === 'bond_lifecycle_failed' && `${e.action} ${e.code}`),
      ['coupon BOND_FIXING_REQUIRED', 'redemption BOND_FINAL_COUPON_UNPAID'],
    );
    assert.equal(t.hub.state.bonds.redeemed.has(FRN), false);
  });
});
