import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CGB_2016_19 } from '../../bonds/index.js';
import { priceDifferentialMinor } from '../../financing/index.js';
import { timestampAt } from '../../kernel/index.js';
import {
  assertRefused,
  northboundCgbMarket,
  openBondChain,
  posted,
  wire,
} from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';

const CGB = CGB_2016_19.isin;

/** The CGB market, HSBC and BOCHK named PLPs, and hk-inst-fund holding CNY 2 m of the CGB. */
function market(): { t: TestHub; fund: string; hsbc: string } {
  const t = northboundCgbMarket();
  t.accept('operator', wire({ type: 'financing.set_plps', parties: ['HSBC', 'BOCHK'] }));
  const fund = openBondChain(t, 'hk-inst-fund', CGB);
  const hsbc = openBondChain(t, 'HSBC', CGB);
  const issue = {
    id: 'cgb-fund',
    debit_account_id: `CCDC/${CGB}/issuance`,
    credit_account_id: fund,
  };
  // The fund's CNH account, and CNH from BOCHK's CNH issuance: 50 m for the lender.
  const cnh = {
    ...{ id: 'hk-inst-fund/CNH', owner: 'hk-inst-fund', asset: 'CNH', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts: [cnh] }));
  const lend = { id: 'cnh-hsbc', debit_account_id: 'BOCHK/CNH/issuance' };
  const transfers = [
    { ...issue, amount_minor: '20000' },
    { ...lend, credit_account_id: 'HSBC/CNH', amount_minor: '5000000000' },
    // The fund's own CNH 100,000, for the interest it will owe.
    { ...lend, id: 'cnh-fund', credit_account_id: cnh.id, amount_minor: '10000000' },
  ];
  t.accept('operator', wire({ type: 'ledger.create_transfers', transfers }));
  return { t, fund, hsbc };
}

/** hk-inst-fund repos CNY 1 m of face (10,000 units of CNY 100) to HSBC for 7 days at 1.85 %. */
const open = (extra: object = {}) =>
  wire({
    type: 'financing.open_repo',
    ...{ repo_id: 'repo-1', seller: 'hk-inst-fund', buyer: 'HSBC', isin: CGB },
    ...{ face_minor: '100000000', px_e8: '10512000000', currency: 'CNH' },
    ...{ repurchase_date: '2026-01-12', rate_e12: '18500000000', day_count: 'ACT/365F' },
    haircut_ppm: 20_000,
    ...extra,
  });

describe('Northbound repo through the hub', () => {
  test('refusals change nothing', () => {
    const { t } = market();
    assertRefused(
      t,
      'HARBOUR',
      wire({ type: 'financing.set_plps', parties: ['HSBC'] }),
      'NOT_AUTHORIZED',
    );
    const nobody = wire({ type: 'financing.set_plps', parties: ['NOBODY'] });
    assertRefused(t, 'operator', nobody, 'REPO_PARTY_UNKNOWN');
    assertRefused(t, 'PEARL', open(), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', open({ buyer: 'LUJIAZUI' }), 'REPO_NO_PLP');
    assertRefused(t, 'operator', open({ isin: 'HKHTGB25USD6' }), 'REPO_BOND_NOT_NORTHBOUND');
    assertRefused(t, 'operator', open({ repurchase_date: '2026-01-05' }), 'REPO_DATES_INVALID');
    assertRefused(t, 'operator', open({ repurchase_date: '2026-02-30' }), 'REPO_DATES_INVALID');
    assertRefused(t, 'operator', open({ rate_e12: '1000000000001' }), 'REPO_RATE_INVALID');
    assertRefused(t, 'operator', open({ currency: 'USD' }), 'REPO_FX_RATE_REQUIRED');
    assertRefused(
      t,
      'operator',
      wire({ type: 'financing.close_repo', repo_id: 'none' }),
      'REPO_UNKNOWN',
    );
  });

  test('the start leg DvP at once, the end leg on its date at the repurchase price; replays', () => {
    const { t, fund, hsbc } = market();
    const cash = (owner: string) => posted(t, `${owner}/CNH`);
    const [fund_cash, hsbc_cash] = [cash('hk-inst-fund'), cash('HSBC')];
    const opened = t.accept('operator', open()).events.find((e) => e.type === 'repo_opened');
    assert.ok(opened?.type === 'repo_opened');
    // Purchase price: the dirty value less 2 %, rounded down.
    const pp = opened.purchase_price_minor;
    assert.equal(pp, (opened.market_value_minor * 980_000n) / 1_000_000n);
    assert.equal(posted(t, fund), 10_000n);
    assert.equal(posted(t, hsbc), 10_000n);
    assert.equal(cash('hk-inst-fund') - fund_cash, pp);
    assertRefused(t, 'operator', open(), 'REPO_EXISTS');
    const close = wire({ type: 'financing.close_repo', repo_id: 'repo-1' });
    assertRefused(t, 'operator', close, 'REPO_NOT_DUE');
    t.now_us = timestampAt('2026-01-12', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    const closed = t.accept('HARBOUR', close).events.find((e) => e.type === 'repo_closed');
    assert.ok(closed?.type === 'repo_closed');
    const interest = priceDifferentialMinor(pp, 18_500_000_000n, 7, 'ACT/365F');
    assert.equal(closed.repurchase_price_minor, pp + interest);
    assert.equal(posted(t, fund), 20_000n);
    assert.equal(posted(t, hsbc), 0n);
    assert.equal(fund_cash - cash('hk-inst-fund'), interest, 'the seller paid the interest');
    assert.equal(cash('HSBC') - hsbc_cash, interest, 'the buyer earned it');
    t.hub.checkInvariants();
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });

  test('a price shock: margin called from the seller, held, and netted at the close', () => {
    const { t, fund } = market();
    const cash = (owner: string) => posted(t, `${owner}/CNH`);
    const [fund_cash, hsbc_cash] = [cash('hk-inst-fund'), cash('HSBC')];
    const terms = { minimum_transfer_minor: '1000000', rounding_minor: '100000' };
    const opened = t.accept('operator', open(terms)).events.find((e) => e.type === 'repo_opened');
    assert.ok(opened?.type === 'repo_opened');
    const pp = opened.purchase_price_minor;
    const call = (px: string) =>
      wire({ type: 'financing.call_margin', repo_id: 'repo-1', px_e8: px });
    assertRefused(t, 'PEARL', call('10000000000'), 'NOT_AUTHORIZED');
    // Unchanged price on the day: the exposure is nil, below RMB 10,000.
    assertRefused(t, 'HARBOUR', call('10512000000'), 'MARGIN_BELOW_MINIMUM');
    // The CGB falls from 105.12 to 100.00: the fund owes margin, in whole RMB 1,000.
    t.now_us = timestampAt('2026-01-07', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    const events = t.accept('HARBOUR', call('10000000000')).events;
    const shock = events.find((e) => e.type === 'margin_called');
    assert.ok(shock?.type === 'margin_called');
    assert.equal(shock.from, 'seller');
    const interest2 = priceDifferentialMinor(pp, 18_500_000_000n, 2, 'ACT/365F');
    const exposure = pp + interest2 - (shock.market_value_minor * 980_000n) / 1_000_000n;
    assert.ok(shock.amount_minor >= exposure && shock.amount_minor < exposure + 100_000n);
    assert.equal(shock.amount_minor % 100_000n, 0n);
    assert.equal(cash('hk-inst-fund') - fund_cash, pp - shock.amount_minor);
    // Called again at the same price: the margin held covers it.
    assertRefused(t, 'HARBOUR', call('10000000000'), 'MARGIN_BELOW_MINIMUM');
    // At the close the buyer keeps what it holds off the repurchase price: the fund has paid
    // the interest and nothing else, HSBC earned it.
    t.now_us = timestampAt('2026-01-12', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    t.accept('HARBOUR', wire({ type: 'financing.close_repo', repo_id: 'repo-1' }));
    const interest = priceDifferentialMinor(pp, 18_500_000_000n, 7, 'ACT/365F');
    assert.equal(fund_cash - cash('hk-inst-fund'), interest);
    assert.equal(cash('HSBC') - hsbc_cash, interest);
    assert.equal(posted(t, fund), 20_000n);
    t.hub.checkInvariants();
  });

  test("cross-currency: HKD cash against the CGB at the parties' rate", () => {
    const { t } = market();
    // 1.0850 HKD per RMB: the HKD value is the RMB value × 1.085, half up.
    const hkd = open({ repo_id: 'repo-hkd', currency: 'HKD', fx_rate_e8: '108500000' });
    const cny = t.submit('operator', open({ repo_id: 'probe' }));
    assert.equal(cny.rejection?.code, undefined);
    const rmb = cny.events.find((e) => e.type === 'repo_opened');
    assert.ok(rmb?.type === 'repo_opened');
    const opened = t.submit('operator', hkd).events.find((e) => e.type === 'repo_opened');
    assert.ok(opened?.type === 'repo_opened');
    const expected = (rmb.market_value_minor * 108_500_000n + 50_000_000n) / 100_000_000n;
    assert.equal(opened.market_value_minor, expected);
    assert.equal(opened.terms.currency, 'HKD');
  });
});
