/**
 * End to end through the hub: a Bond Connect day on Monday 5 January 2026 and what follows
 * (issue 14's "done when", docs/bonds.md §8.7).
 *
 * Southbound, a Mainland institution buys by RFQ, consuming the Southbound bond quota: USD
 * 1,000,000 face of the USD green bond tranche from BOCHK for T+1 (settled in USD), a second USD
 * trade with SCBHK that is cancelled in settlement (its quota released), and HKD 500,000 face of
 * a one-month HKSAR note from BOCHK for T+1 settled in RMB at the requester's rate (the 2025
 * multi-currency settlement); its bonds are held through SHCH's nominee account in CMU.
 * Northbound, a Hong Kong institution buys a CGB (T+1) and a one-month MOF note (T+3) from an
 * onshore maker, no quota, held through the nominee chain CCDC → CMU → HSBC → investor.
 * The 17:00 bilateral cycles settle every trade DvP on its date; on 5 February both notes pay
 * their coupon and mature, cash going down every tier. Every balance at every tier is checked,
 * the ledger's invariants hold, and the run replays from its envelopes to the same digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CGB_2016_19 } from '../../bonds/index.js';
import { timestampAt } from '../../kernel/time.js';
import { bondQuotaReport } from '../bonds/state.js';
import { GREEN_USD_TERMS, genesis, openBondChain, posted, wire } from '../bonds/testing.js';
import type { BondTrade } from '../bonds/trade.js';
import type { HubEvent } from '../events.js';
import { Hub } from '../hub.js';
import type { TestHub } from '../testing.js';

const USD_BOND = 'HKHTGB25USD6';
const HK_NOTE = 'HK0000BILL12';
const CN_NOTE = 'CND1000MOF19';
const CGB = 'CND10000KX14';
const S = 1_000_000;
const DAILY = 2_000_000_000_000n;
const ANNUAL = 50_000_000_000_000n;

const op = (t: TestHub, json: unknown) => t.accept('operator', wire(json));
const account = (id: string, owner: string, asset: string, issuance = false) => ({
  ...{ id, owner, asset, purpose: issuance ? 'issuance' : 'available' },
  ...{ debits_must_not_exceed_credits: !issuance, credits_must_not_exceed_debits: issuance },
});
const pay = (id: string, from: string, to: string, amount_minor: string) => ({
  ...{ id, debit_account_id: from, credit_account_id: to, amount_minor },
});
const security = (id: string, symbol: string, market: string, currency: string) => ({
  ...{ id, symbol, name: `${symbol} (test)`, market, kind: 'bond', currency },
  ...{ board: 'unlisted', lot_size: 10, price_scale: 3, tick_table: 'uniform' },
});

/** A one-month note issued 5 Jan 2026, 2.4 %, monthly, ACT/365F, face 100.00 a unit. */
function registerNote(t: TestHub, isin: string, market: string, currency: string, issuer: string) {
  op(t, {
    type: 'reference.register_security',
    security: {
      ...security(isin, `N${isin.slice(-5)}`, market, currency),
      ...{ issuer, listing_date: '2026-01-05' },
      bond: { coupon_ppm: 24_000, maturity_date: '2026-02-05', face_value_minor: '10000' },
    },
  });
  op(t, {
    type: 'bonds.register',
    terms: {
      ...{ isin, issuer_kind: market === 'CMU' ? 'hkgb' : 'cgb', issuer_name: issuer },
      ...{ currency, coupon: { kind: 'fixed', rate_e12: '24000000000' }, frequency: 12 },
      ...{ day_count: 'ACT/365F', business_day_convention: 'following' },
      ...{ yield_convention: 'annual', issue_date: '2026-01-05', maturity_date: '2026-02-05' },
      ...{ face_value_minor: '10000', min_denomination_minor: '10000' },
    },
  });
}

function registerBonds(t: TestHub): void {
  op(t, { type: 'bonds.register', terms: GREEN_USD_TERMS });
  op(t, {
    type: 'reference.register_security',
    security: {
      ...security(CGB, '019547', 'CIBM', 'CNY'),
      ...{ issuer: 'MOF', listing_date: '2016-09-26' },
      bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
    },
  });
  const cgb = { ...CGB_2016_19, coupon: { kind: 'fixed', rate_e12: '32700000000' } };
  const cgb_amounts = { face_value_minor: '10000', min_denomination_minor: '10000' };
  op(t, { type: 'bonds.register', terms: { ...cgb, ...cgb_amounts } });
  registerNote(t, HK_NOTE, 'CMU', 'HKD', 'HKSARG');
  registerNote(t, CN_NOTE, 'CIBM', 'CNY', 'MOF');
}

/** Issuance, the chains, the makers' inventories, and the cash accounts Hong Kong notes need. */
function openAccounts(t: TestHub): void {
  op(t, {
    type: 'ledger.create_accounts',
    accounts: [
      account(`HKMA/${HK_NOTE}/issuance`, 'HKMA', HK_NOTE, true),
      account(`CCDC/${CGB}/issuance`, 'CCDC', CGB, true),
      account(`CCDC/${CN_NOTE}/issuance`, 'CCDC', CN_NOTE, true),
      account('cn-inst-fund/USD', 'cn-inst-fund', 'USD'),
      account('cn-inst-fund/HKD', 'cn-inst-fund', 'HKD'),
      account('SHCH/HKD', 'SHCH', 'HKD'),
    ],
  });
  openBondChain(t, 'cn-inst-fund', USD_BOND);
  openBondChain(t, 'cn-inst-fund', HK_NOTE);
  openBondChain(t, 'BOCHK', HK_NOTE);
  for (const isin of [CGB, CN_NOTE]) {
    openBondChain(t, 'LUJIAZUI', isin);
    openBondChain(t, 'hk-inst-fund', isin);
  }
  op(t, {
    type: 'ledger.create_transfers',
    transfers: [
      pay('fund-cn', 'HSBC/USD/issuance', 'cn-inst-fund/USD', '300000000'),
      pay('cgb-issue', `CCDC/${CGB}/issuance`, `${CGB}/CCDC/LUJIAZUI`, '100000'),
      pay('cn-note', `CCDC/${CN_NOTE}/issuance`, `${CN_NOTE}/CCDC/LUJIAZUI`, '5000'),
      pay('hk-note', `HKMA/${HK_NOTE}/issuance`, `${HK_NOTE}/CMU/BOCHK`, '50000'),
    ],
  });
}

function setUpParticipants(t: TestHub): void {
  for (const dealer of ['BOCHK', 'SCBHK']) {
    op(t, { type: 'bonds.register_maker', dealer, direction: 'southbound' });
  }
  op(t, { type: 'bonds.register_maker', dealer: 'LUJIAZUI', direction: 'northbound' });
  const access = (investor: string, northbound: boolean, channel: string | null) => ({
    ...{ type: 'bonds.set_investor_access', investor, northbound, southbound_channel: channel },
  });
  op(t, access('cn-inst-fund', false, 'bond_connect'));
  op(t, access('hk-inst-fund', true, null));
  const rates = { USD: '7.1', HKD: '0.91' };
  op(t, { type: 'bonds.set_quota_fx_rates', date: '2026-01-05', rates });
}

/** Request, one quote, hit: returns the `bond_trade` event's record and the events. */
function trade(t: TestHub, id: string, o: Record<string, string>) {
  const currency = o.currency === undefined ? {} : { settlement_currency: o.currency };
  t.accept(
    o.broker as string,
    wire({
      type: 'bonds.request_quote',
      ...{ quote_req_id: id, requester: o.investor, security_id: o.isin, side: 'buy' },
      ...{ order_qty_minor: o.qty, price_type: 'percent_of_par', dealers: [o.dealer] },
      ...{ quote_window_us: 60 * S, settlement_date: o.date ?? '2026-01-06', ...currency },
    }),
  );
  t.accept(
    o.dealer as string,
    wire({
      ...{ type: 'bonds.quote', quote_id: 'q', quote_req_id: id, dealer: o.dealer },
      ...{ px_e8: o.px, valid_until_us: t.now_us + 30 * S },
    }),
  );
  const rate = o.fx === undefined ? {} : { fx_rate_e8: o.fx };
  const hit = t.accept(
    o.broker as string,
    wire({
      ...{ type: 'bonds.respond', quote_resp_id: `${id}/r`, quote_req_id: id },
      ...{ quote_resp_type: 'hit_lift', quote_id: 'q', ...rate },
    }),
  );
  const found = hit.events.find((e: HubEvent) => e.type === 'bond_trade');
  assert.ok(found?.type === 'bond_trade');
  assert.ok(!hit.events.some((e) => e.type === 'settlement_capture_failed'), id);
  return found.trade;
}

/** Balances of accounts by id, to compare later. */
function balances(t: TestHub, ids: readonly string[]): Map<string, bigint> {
  return new Map(ids.map((id) => [id, posted(t, id)]));
}

function changed(t: TestHub, before: Map<string, bigint>, id: string): bigint {
  return posted(t, id) - (before.get(id) as bigint);
}

const CNY_TIERS = ['MOF/CNY', 'CCDC/CNY', 'HKMA/CNY', 'HSBC/CNY', 'hk-inst-fund/CNY'];
const HKD_TIERS = ['HKSARG/HKD', 'HKMA/HKD', 'SHCH/HKD', 'cn-inst-fund/HKD', 'BOCHK/HKD'];
const CASH = [...CNY_TIERS, ...HKD_TIERS, 'LUJIAZUI/CNY', 'cn-inst-fund/CNY', 'BOCHK/CNY'];

function tradeDay(t: TestHub): { [k in 'sb1' | 'sb3' | 'nb1' | 'nb2']: BondTrade } {
  const sb = { broker: 'PEARL', investor: 'cn-inst-fund', isin: USD_BOND, qty: '100000000' };
  const sb1 = trade(t, 'sb-1', { ...sb, dealer: 'BOCHK', px: '9960000000' });
  const sb2 = trade(t, 'sb-2', { ...sb, dealer: 'SCBHK', px: '9950000000' });
  const note = { ...sb, isin: HK_NOTE, qty: '50000000', dealer: 'BOCHK', px: '10000000000' };
  const sb3 = trade(t, 'sb-3', { ...note, currency: 'CNY', fx: '91000000' });
  const consumed = sb1.quota_rmb_minor + sb2.quota_rmb_minor + sb3.quota_rmb_minor;
  assert.equal(bondQuotaReport(t.hub.state.bonds).daily_balance_minor, DAILY - consumed);
  op(t, { type: 'posttrade.cancel_instruction', instruction_id: sb2.settlement_trade_id });
  assert.equal(
    bondQuotaReport(t.hub.state.bonds).daily_balance_minor,
    DAILY - sb1.quota_rmb_minor - sb3.quota_rmb_minor,
  );
  const nb = { broker: 'HARBOUR', investor: 'hk-inst-fund', dealer: 'LUJIAZUI', px: '10000000000' };
  const nb1 = trade(t, 'nb-1', { ...nb, isin: CGB, qty: '100000000', px: '10512000000' });
  const nb2 = trade(t, 'nb-2', { ...nb, isin: CN_NOTE, qty: '30000000', date: '2026-01-08' });
  assert.equal(nb1.quota_rmb_minor + nb2.quota_rmb_minor, 0n);
  return { sb1, sb3, nb1, nb2 };
}

test('a Bond Connect day: RFQs both ways, quota used and released, DvP, coupons, maturities', () => {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  registerBonds(t);
  setUpParticipants(t);
  openAccounts(t);
  const cash = balances(t, CASH);
  const { sb1, sb3, nb1, nb2 } = tradeDay(t);
  // sb-3: HKD 500,000 + 1 day's accrued (2.4 % × 500,000 / 365 = 32.88) in RMB at 0.91.
  assert.equal(sb3.settlement_amount_minor, 50_003_288n);
  assert.equal(sb3.settlement_currency_amount_minor, 45_502_992n);
  // Tuesday after the 17:00 bilateral cycle: sb-1, sb-3 and nb-1 have settled, DvP.
  t.now_us = timestampAt('2026-01-06', '17:30');
  op(t, { type: 'hub.tick' });
  assert.equal(posted(t, `${USD_BOND}/SHCH/cn-inst-fund`), 1_000_000n);
  assert.equal(posted(t, `${USD_BOND}/CMU/SHCH`), 1_000_000n);
  assert.equal(posted(t, 'cn-inst-fund/USD'), 300_000_000n - sb1.settlement_amount_minor);
  assert.equal(posted(t, `${HK_NOTE}/SHCH/cn-inst-fund`), 5_000n);
  assert.equal(posted(t, `${HK_NOTE}/CMU/SHCH`), 5_000n);
  assert.equal(posted(t, `${HK_NOTE}/CMU/BOCHK`), 45_000n);
  assert.equal(changed(t, cash, 'cn-inst-fund/CNY'), -sb3.settlement_currency_amount_minor);
  assert.equal(changed(t, cash, 'BOCHK/CNY'), sb3.settlement_currency_amount_minor);
  // Northbound: CCDC → CMU's nominee account → HSBC → the investor; CNY 1,000,000 of the CGB.
  assert.equal(posted(t, `${CGB}/HSBC/hk-inst-fund`), 10_000n);
  assert.equal(posted(t, `${CGB}/CMU/HSBC`), 10_000n);
  assert.equal(posted(t, `${CGB}/CCDC/CMU`), 10_000n);
  assert.equal(posted(t, `${CGB}/CCDC/LUJIAZUI`), 90_000n);
  assert.equal(posted(t, `${CN_NOTE}/HSBC/hk-inst-fund`), 0n, 'nb-2 settles T+3');
  const tuesday = bondQuotaReport(t.hub.state.bonds);
  assert.equal(tuesday.daily_balance_minor, DAILY);
  assert.equal(tuesday.annual_balance_minor, ANNUAL - sb1.quota_rmb_minor - sb3.quota_rmb_minor);
  // Thursday: the T+3 note trade settles through the chain.
  t.now_us = timestampAt('2026-01-08', '17:30');
  op(t, { type: 'hub.tick' });
  assert.equal(posted(t, `${CN_NOTE}/HSBC/hk-inst-fund`), 3_000n);
  assert.equal(posted(t, `${CN_NOTE}/CCDC/CMU`), 3_000n);
  assert.equal(posted(t, `${CN_NOTE}/CCDC/LUJIAZUI`), 2_000n);
  const nb_paid = nb1.settlement_amount_minor + nb2.settlement_amount_minor;
  assert.equal(changed(t, cash, 'hk-inst-fund/CNY'), -nb_paid);
  assert.equal(changed(t, cash, 'LUJIAZUI/CNY'), nb_paid);
  maturities(t);
  t.hub.checkInvariants();
  const replayed = new Hub();
  for (const envelope of t.envelopes) replayed.apply(envelope);
  assert.equal(replayed.digest(), t.hub.digest());
});

/**
 * 5 February: both notes pay their coupon (2.4 % / 12 = 20 fen or cents a unit of 100) and
 * mature on the hub's own clock; the issuer pays, the beneficial owners receive, every tier in between passes it on.
 */
function maturities(t: TestHub): void {
  const before = balances(t, CASH);
  // Nobody asks: the hub pays the coupons and redeems at 09:00 of the payment date (§8.12).
  t.now_us = timestampAt('2026-02-05', '10:00');
  const events = op(t, { type: 'hub.tick' }).events.flatMap((e) =>
    e.type === 'bond_coupon_paid' || e.type === 'bond_redeemed' ? [`${e.type} ${e.isin}`] : [],
  );
  const expected = [CN_NOTE, HK_NOTE].flatMap((i) => [
    `bond_coupon_paid ${i}`,
    `bond_redeemed ${i}`,
  ]);
  assert.deepEqual(events.sort(), expected.sort());
  // MOF's note: LUJIAZUI 2,000 units directly, hk-inst-fund 3,000 through CMU and HSBC.
  assert.equal(changed(t, before, 'MOF/CNY'), -(5_000n * 20n + 5_000n * 10_000n));
  assert.equal(changed(t, before, 'LUJIAZUI/CNY'), 2_000n * 10_020n);
  assert.equal(changed(t, before, 'hk-inst-fund/CNY'), 3_000n * 10_020n);
  for (const tier of ['CCDC/CNY', 'HKMA/CNY', 'HSBC/CNY']) {
    assert.equal(changed(t, before, tier), 0n, tier);
  }
  // The HKSAR note: BOCHK 45,000 units in CMU, cn-inst-fund 5,000 through SHCH's account.
  assert.equal(changed(t, before, 'HKSARG/HKD'), -(50_000n * 10_020n));
  assert.equal(changed(t, before, 'BOCHK/HKD'), 45_000n * 10_020n);
  assert.equal(changed(t, before, 'cn-inst-fund/HKD'), 5_000n * 10_020n);
  assert.equal(changed(t, before, 'HKMA/HKD'), 0n);
  assert.equal(changed(t, before, 'SHCH/HKD'), 0n);
  const retired = [
    `${CN_NOTE}/CCDC/CMU`,
    `${CN_NOTE}/CMU/HSBC`,
    `${CN_NOTE}/HSBC/hk-inst-fund`,
    `${CN_NOTE}/CCDC/LUJIAZUI`,
    `${HK_NOTE}/CMU/SHCH`,
    `${HK_NOTE}/SHCH/cn-inst-fund`,
    `${HK_NOTE}/CMU/BOCHK`,
    `CCDC/${CN_NOTE}/issuance`,
    `HKMA/${HK_NOTE}/issuance`,
  ];
  for (const id of retired) assert.equal(posted(t, id), 0n, id);
  // The USD tranche and the CGB are still held at every tier.
  assert.equal(posted(t, `${USD_BOND}/CMU/SHCH`), 1_000_000n);
  assert.equal(posted(t, `${CGB}/CCDC/CMU`), 10_000n);
}
