/**
 * Coupons and redemption down the nominee tiers: an interbank bond at CCDC held directly by a
 * Mainland maker and through CMU's nominee account by overseas holders (a custodian's client and
 * a bank), and a CMU note held by a Mainland investor through SHCH's nominee account. Each
 * beneficial owner is paid once; each intermediary passes on exactly what it receives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import type { TestHub } from '../testing.js';
import { assertRefused, genesis, openBondChain, posted, wire } from './testing.js';

const CIBM_NOTE = 'CND1000MOF19';
const CMU_NOTE = 'HK0000BILL12';
const op = (t: TestHub, json: unknown) => t.accept('operator', wire(json));

function note(isin: string, market: string, currency: string, issuer: string) {
  return {
    ...{ id: isin, symbol: `N${isin.slice(-5)}`, name: `${isin} one-month note (test)` },
    ...{ market, board: 'unlisted', kind: 'bond', currency, lot_size: 1, price_scale: 3 },
    ...{ tick_table: 'uniform', listing_date: '2026-01-05', issuer },
    bond: { coupon_ppm: 24_000, maturity_date: '2026-02-05', face_value_minor: '10000' },
  };
}

function terms(isin: string, issuer_kind: string, currency: string) {
  return {
    ...{ isin, issuer_kind, issuer_name: 'Test issuer', currency, frequency: 12 },
    ...{ coupon: { kind: 'fixed', rate_e12: '24000000000' }, day_count: 'ACT/365F' },
    ...{ business_day_convention: 'following', yield_convention: 'annual' },
    ...{ issue_date: '2026-01-05', maturity_date: '2026-02-05' },
    ...{ face_value_minor: '10000', min_denomination_minor: '10000' },
  };
}

const issuance = (id: string, owner: string, asset: string) => ({
  ...{ id, owner, asset, purpose: 'issuance' },
  ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: true },
});
const cash = (owner: string, asset: string) => ({
  ...{ id: `${owner}/${asset}`, owner, asset, purpose: 'available' },
  ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
});
const move = (id: string, from: string, to: string, amount_minor: string) => ({
  ...{ id, debit_account_id: from, credit_account_id: to, amount_minor },
});

/** Units held: LUJIAZUI 1,000 direct; hk-inst-fund 300 via HSBC; BOCHK 200 via itself. */
function setUp(): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  op(t, { type: 'reference.register_security', security: note(CIBM_NOTE, 'CIBM', 'CNY', 'MOF') });
  op(t, { type: 'bonds.register', terms: terms(CIBM_NOTE, 'cgb', 'CNY') });
  op(t, { type: 'reference.register_security', security: note(CMU_NOTE, 'CMU', 'HKD', 'HKSARG') });
  op(t, { type: 'bonds.register', terms: terms(CMU_NOTE, 'hkgb', 'HKD') });
  op(t, {
    type: 'ledger.create_accounts',
    accounts: [
      issuance(`CCDC/${CIBM_NOTE}/issuance`, 'CCDC', CIBM_NOTE),
      issuance(`HKMA/${CMU_NOTE}/issuance`, 'HKMA', CMU_NOTE),
    ],
  });
  const leaves = {
    lujiazui: openBondChain(t, 'LUJIAZUI', CIBM_NOTE),
    fund: openBondChain(t, 'hk-inst-fund', CIBM_NOTE),
    bochk: openBondChain(t, 'BOCHK', CIBM_NOTE),
    cn_fund: openBondChain(t, 'cn-inst-fund', CMU_NOTE),
  };
  assert.deepEqual(leaves, {
    lujiazui: `${CIBM_NOTE}/CCDC/LUJIAZUI`,
    fund: `${CIBM_NOTE}/HSBC/hk-inst-fund`,
    bochk: `${CIBM_NOTE}/BOCHK/BOCHK`,
    cn_fund: `${CMU_NOTE}/SHCH/cn-inst-fund`,
  });
  const from_ccdc = `CCDC/${CIBM_NOTE}/issuance`;
  op(t, {
    type: 'ledger.create_transfers',
    transfers: [
      move('i1', from_ccdc, leaves.lujiazui, '1000'),
      move('i2', from_ccdc, leaves.fund, '300'),
      move('i3', from_ccdc, leaves.bochk, '200'),
      move('i4', `HKMA/${CMU_NOTE}/issuance`, leaves.cn_fund, '500'),
    ],
  });
  return t;
}

/** A regular monthly coupon is rate / 12 of face: CNY 100 × 2.4 % / 12 = 20 fen a unit. */
const coupon = (units: bigint) => units * 20n;

describe('bond cash down the nominee tiers', () => {
  test('the tiers are omnibus accounts equal to their sub-accounts', () => {
    const t = setUp();
    assert.equal(posted(t, `${CIBM_NOTE}/CCDC/CMU`), 500n);
    assert.equal(posted(t, `${CIBM_NOTE}/CMU/HSBC`), 300n);
    assert.equal(posted(t, `${CIBM_NOTE}/CMU/BOCHK`), 200n);
    assert.equal(posted(t, `${CMU_NOTE}/CMU/SHCH`), 500n);
    assert.equal(t.hub.state.ledger.accounts.get(`${CIBM_NOTE}/CCDC/CMU`)?.owner, 'HKMA');
    t.hub.checkInvariants();
  });

  test('a coupon pays each beneficial owner once; intermediaries pass it on', () => {
    const t = setUp();
    t.now_us = timestampAt('2026-02-05', '08:30'); // before the hub's own 09:00 run (lifecycle.ts)
    const before = (id: string) => posted(t, id);
    const ids = ['MOF/CNY', 'CCDC/CNY', 'HKMA/CNY', 'HSBC/CNY', 'BOCHK/CNY', 'LUJIAZUI/CNY'];
    const was = Object.fromEntries([...ids, 'hk-inst-fund/CNY'].map((id) => [id, before(id)]));
    const result = op(t, { type: 'bonds.pay_coupon', isin: CIBM_NOTE, coupon_date: '2026-02-05' });
    const paid = result.events.find((e) => e.type === 'bond_coupon_paid');
    assert.ok(paid?.type === 'bond_coupon_paid');
    const total = coupon(1000n) + coupon(300n) + coupon(200n);
    assert.equal(paid.total_minor, total);
    assert.equal(paid.holders, 3);
    assert.equal(posted(t, 'MOF/CNY'), (was['MOF/CNY'] as bigint) - total);
    for (const intermediary of ['CCDC/CNY', 'HKMA/CNY', 'HSBC/CNY']) {
      assert.equal(posted(t, intermediary), was[intermediary], intermediary);
    }
    assert.equal(posted(t, 'LUJIAZUI/CNY'), (was['LUJIAZUI/CNY'] as bigint) + coupon(1000n));
    assert.equal(posted(t, 'hk-inst-fund/CNY'), (was['hk-inst-fund/CNY'] as bigint) + coupon(300n));
    assert.equal(posted(t, 'BOCHK/CNY'), (was['BOCHK/CNY'] as bigint) + coupon(200n));
    // The legs: MOF → CCDC, CCDC → LUJIAZUI, CCDC → HKMA (CMU), HKMA → HSBC and → BOCHK, HSBC →
    // its client; BOCHK's own holding under its own tier moves nothing more.
    const batch = result.events.find((e) => e.type === 'transfer_batch_created');
    assert.ok(batch?.type === 'transfer_batch_created');
    const legs = Array.from({ length: batch.batch.count }, (_, k) => {
      const leg = batch.batch.transfer(k);
      return `${leg.debit_account_id}>${leg.credit_account_id}:${leg.amount_minor}`;
    });
    assert.deepEqual(legs, [
      `MOF/CNY>CCDC/CNY:${total}`,
      `CCDC/CNY>HKMA/CNY:${coupon(500n)}`,
      `HKMA/CNY>HSBC/CNY:${coupon(300n)}`,
      `HKMA/CNY>BOCHK/CNY:${coupon(200n)}`,
      `CCDC/CNY>LUJIAZUI/CNY:${coupon(1000n)}`,
      `HSBC/CNY>hk-inst-fund/CNY:${coupon(300n)}`,
    ]);
    t.hub.checkInvariants();
  });

  test('a tier without a cash account refuses the run; opened, it passes the coupon on', () => {
    const t = setUp();
    t.now_us = timestampAt('2026-02-05', '08:30');
    op(t, { type: 'ledger.create_accounts', accounts: [cash('cn-inst-fund', 'HKD')] });
    const pay = wire({ type: 'bonds.pay_coupon', isin: CMU_NOTE, coupon_date: '2026-02-05' });
    assertRefused(t, 'operator', pay, 'BOND_COUPON_CASH_ACCOUNT_MISSING');
    op(t, { type: 'ledger.create_accounts', accounts: [cash('SHCH', 'HKD')] });
    const issuer = posted(t, 'HKSARG/HKD');
    t.accept('operator', pay);
    assert.equal(posted(t, 'cn-inst-fund/HKD'), coupon(500n));
    assert.equal(posted(t, 'SHCH/HKD'), 0n);
    assert.equal(posted(t, 'HKSARG/HKD'), issuer - coupon(500n));
    t.hub.checkInvariants();
  });

  test('redemption pays the face value down the tiers and retires every tier', () => {
    const t = setUp();
    t.now_us = timestampAt('2026-02-05', '08:30');
    op(t, { type: 'bonds.pay_coupon', isin: CIBM_NOTE, coupon_date: '2026-02-05' });
    const fund = posted(t, 'hk-inst-fund/CNY');
    const hsbc = posted(t, 'HSBC/CNY');
    const mof = posted(t, 'MOF/CNY');
    const result = op(t, { type: 'bonds.redeem', isin: CIBM_NOTE });
    const redeemed = result.events.find((e) => e.type === 'bond_redeemed');
    assert.ok(redeemed?.type === 'bond_redeemed');
    assert.equal(redeemed.total_minor, 1500n * 10_000n);
    assert.equal(posted(t, 'MOF/CNY'), mof - 1500n * 10_000n);
    assert.equal(posted(t, 'hk-inst-fund/CNY'), fund + 300n * 10_000n);
    assert.equal(posted(t, 'HSBC/CNY'), hsbc);
    for (const tier of ['CCDC/CMU', 'CMU/HSBC', 'CMU/BOCHK', 'HSBC/hk-inst-fund']) {
      assert.equal(posted(t, `${CIBM_NOTE}/${tier}`), 0n, tier);
    }
    assert.equal(posted(t, `CCDC/${CIBM_NOTE}/issuance`), 0n);
    t.hub.checkInvariants();
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
  });
});
