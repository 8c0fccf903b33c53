import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import type { TestHub } from '../testing.js';
import { assertRefused, genesis, wire } from './testing.js';

const BILL = 'HK0000BILL12';
const HOLDERS = ['HSBC', 'hk-inst-fund'];

function posted(t: TestHub, id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(id);
  assert.ok(account !== undefined, id);
  return account.credits_posted - account.debits_posted;
}

/** A one-month HKD note of the HKSAR Government, 2.4 % paid at maturity, held by two holders. */
function issued(): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  t.accept(
    'operator',
    wire({
      type: 'reference.register_security',
      security: {
        ...{ id: BILL, symbol: 'HKGN2602', name: 'HKSAR one-month note (test)', market: 'CMU' },
        ...{ board: 'unlisted', kind: 'bond', currency: 'HKD', lot_size: 100, price_scale: 3 },
        ...{ tick_table: 'uniform', listing_date: '2026-01-05', issuer: 'HKSARG' },
        bond: { coupon_ppm: 24_000, maturity_date: '2026-02-05', face_value_minor: '100' },
      },
    }),
  );
  t.accept(
    'operator',
    wire({
      type: 'bonds.register',
      terms: {
        ...{ isin: BILL, issuer_kind: 'hkgb', issuer_name: 'Government of the HKSAR' },
        ...{ currency: 'HKD', coupon: { kind: 'fixed', rate_e12: '24000000000' }, frequency: 12 },
        ...{ day_count: 'ACT/365F', business_day_convention: 'following' },
        ...{ yield_convention: 'annual', issue_date: '2026-01-05', maturity_date: '2026-02-05' },
        ...{ face_value_minor: '100', min_denomination_minor: '100' },
      },
    }),
  );
  const account = (id: string, owner: string, issuance: boolean) => ({
    ...{ id, owner, asset: BILL, purpose: 'available' },
    ...{ debits_must_not_exceed_credits: !issuance, credits_must_not_exceed_debits: issuance },
  });
  const accounts = [account(`HKMA/${BILL}/issuance`, 'HKMA', true)];
  for (const holder of HOLDERS) accounts.push(account(`${BILL}/CMU/${holder}`, holder, false));
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts }));
  const transfers = HOLDERS.map((holder, i) => ({
    ...{ id: `issue-${holder}`, debit_account_id: `HKMA/${BILL}/issuance` },
    ...{ credit_account_id: `${BILL}/CMU/${holder}`, amount_minor: String(1_000_000 * (i + 1)) },
  }));
  t.accept('operator', wire({ type: 'ledger.create_transfers', transfers }));
  return t;
}

describe('redemption at maturity', () => {
  test('pays face to every holder and retires the bonds; the final coupon first', () => {
    const t = issued();
    const redeem = wire({ type: 'bonds.redeem', isin: BILL });
    assertRefused(t, 'operator', redeem, 'BOND_NOT_MATURED');
    t.now_us = timestampAt('2026-02-05', '08:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assertRefused(t, 'HSBC', redeem, 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', redeem, 'BOND_FINAL_COUPON_UNPAID');
    const cash_before = HOLDERS.map((h) => posted(t, `${h}/HKD`));
    const payer_before = posted(t, 'HKSARG/HKD');
    t.accept('operator', wire({ type: 'bonds.pay_coupon', isin: BILL, coupon_date: '2026-02-05' }));
    const result = t.accept('operator', redeem);
    const event = result.events.find((e) => e.type === 'bond_redeemed');
    assert.ok(event?.type === 'bond_redeemed');
    assert.equal(event.units, 3_000_000n);
    assert.equal(event.total_minor, 300_000_000n); // HKD 3,000,000.00 of face
    // One regular monthly period: 2.4 % / 12 on HKD 1,000,000 and 2,000,000 of face.
    const coupons = [200_000n, 400_000n];
    HOLDERS.forEach((holder, i) => {
      const face = 100_000_000n * BigInt(i + 1);
      assert.equal(posted(t, `${BILL}/CMU/${holder}`), 0n);
      assert.equal(
        posted(t, `${holder}/HKD`),
        (cash_before[i] as bigint) + face + (coupons[i] as bigint),
      );
    });
    assert.equal(posted(t, `HKMA/${BILL}/issuance`), 0n);
    assert.equal(posted(t, 'HKSARG/HKD'), payer_before - 300_000_000n - 600_000n);
    assertRefused(t, 'operator', redeem, 'BOND_ALREADY_REDEEMED');
    t.hub.checkInvariants();
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
  });
});
