import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import type { TestHub } from '../testing.js';
import { assertRefused, GREEN_USD_TERMS, genesis, wire } from './testing.js';

const BOND = 'HKHTGB25USD6';
const pay = (coupon_date: string) => wire({ type: 'bonds.pay_coupon', isin: BOND, coupon_date });

function posted(t: TestHub, id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}

function usdAccounts(t: TestHub, owners: readonly string[]): void {
  const accounts = owners.map((owner) => ({
    id: `${owner}/USD`,
    owner,
    asset: 'USD',
    purpose: 'available',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
  }));
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts }));
}

describe('coupon runs', () => {
  test('pays every holder of the bond; the issuer pays the sum; replays', () => {
    const t = genesis();
    t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
    t.now_us = timestampAt('2026-05-18', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' })); // time's events, before the refusals
    assertRefused(t, 'operator', pay('2026-05-19'), 'BOND_COUPON_NOT_DUE');
    t.now_us = timestampAt('2026-05-19', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assertRefused(t, 'HARBOUR', pay('2026-05-19'), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', pay('2026-05-20'), 'BOND_COUPON_DATE_UNKNOWN');
    assertRefused(t, 'operator', pay('2026-05-19'), 'BOND_COUPON_CASH_ACCOUNT_MISSING');
    usdAccounts(t, ['hk-inst-fund', 'hk-inst-insurer']);
    const payer_before = posted(t, 'HKSARG/USD');
    const bochk_before = posted(t, 'BOCHK/USD');
    const result = t.accept('operator', pay('2026-05-19'));
    const paid = result.events.find((e) => e.type === 'bond_coupon_paid');
    assert.ok(paid?.type === 'bond_coupon_paid');
    // 170,000,000 units of USD 1.00 in issue; 3.633 % / 2 = 1.8165 cents a unit.
    assert.equal(paid.units, 170_000_000n);
    assert.equal(paid.holders, 5);
    assert.equal(paid.total_minor, 308_805_000n);
    assert.equal(posted(t, 'HKSARG/USD'), payer_before - 308_805_000n);
    assert.equal(posted(t, 'BOCHK/USD'), bochk_before + 90_825_000n); // 50 m units
    assert.equal(posted(t, 'hk-inst-fund/USD'), 18_165_000n); // 10 m units
    assertRefused(t, 'operator', pay('2026-05-19'), 'BOND_COUPON_ALREADY_PAID');
    t.hub.checkInvariants();
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
  });
});
