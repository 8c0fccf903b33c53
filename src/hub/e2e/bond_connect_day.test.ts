/**
 * End to end through the hub: a Bond Connect day on Monday 5 January 2026 and what follows.
 * Southbound, a Mainland institution buys USD 1,000,000 face of the USD green bond tranche by
 * RFQ from BOCHK for T+1, consuming the Southbound bond quota, and a second trade with SCBHK is
 * cancelled in settlement, releasing its quota; Northbound, a Hong Kong institution buys a CGB
 * from an onshore maker (no quota), held through the Northbound nominee chain. On
 * Tuesday the bilateral cycle settles both trades DvP; on 5 February a one-month HKSAR note
 * pays its coupon and is redeemed. Every balance is checked, the ledger's invariants hold, and
 * the whole run replays from its envelopes to the same digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CGB_2016_19 } from '../../bonds/index.js';
import { timestampAt } from '../../kernel/time.js';
import { bondQuotaReport } from '../bonds/state.js';
import { GREEN_USD_TERMS, genesis, openBondChain, posted, wire } from '../bonds/testing.js';
import type { HubEvent } from '../events.js';
import { Hub } from '../hub.js';
import type { TestHub } from '../testing.js';

const USD_BOND = 'HKHTGB25USD6';
const NOTE = 'HK0000BILL12';
const CGB = 'CND10000KX14';
const S = 1_000_000;
const DAILY = 2_000_000_000_000n;
const ANNUAL = 50_000_000_000_000n;

const op = (t: TestHub, json: unknown) => t.accept('operator', wire(json));
const limits = (issuance: boolean) => ({
  debits_must_not_exceed_credits: !issuance,
  credits_must_not_exceed_debits: issuance,
});
const account = (id: string, owner: string, asset: string, issuance = false) => ({
  ...{ id, owner, asset, purpose: 'available' },
  ...limits(issuance),
});

function registerBonds(t: TestHub): void {
  op(t, { type: 'bonds.register', terms: GREEN_USD_TERMS });
  const security = (id: string, symbol: string, market: string, currency: string) => ({
    ...{ id, symbol, name: `${symbol} (test)`, market, kind: 'bond', currency },
    ...{ board: 'unlisted', lot_size: 10, price_scale: 3 },
    ...{ tick_table: 'uniform', listing_date: '2016-09-26' },
  });
  op(t, {
    type: 'reference.register_security',
    security: {
      ...security(CGB, '019547', 'CIBM', 'CNY'),
      issuer: 'MOF',
      bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
    },
  });
  const cgb = { ...CGB_2016_19, coupon: { kind: 'fixed', rate_e12: '32700000000' } };
  const cgb_amounts = { face_value_minor: '10000', min_denomination_minor: '10000' };
  op(t, { type: 'bonds.register', terms: { ...cgb, ...cgb_amounts } });
  op(t, {
    type: 'reference.register_security',
    security: {
      ...security(NOTE, 'HKGN2602', 'CMU', 'HKD'),
      issuer: 'HKSARG',
      bond: { coupon_ppm: 24_000, maturity_date: '2026-02-05', face_value_minor: '100' },
    },
  });
  op(t, {
    type: 'bonds.register',
    terms: {
      ...{ isin: NOTE, issuer_kind: 'hkgb', issuer_name: 'Government of the HKSAR' },
      ...{ currency: 'HKD', coupon: { kind: 'fixed', rate_e12: '24000000000' }, frequency: 12 },
      ...{ day_count: 'ACT/365F', business_day_convention: 'following' },
      ...{ yield_convention: 'annual', issue_date: '2026-01-05', maturity_date: '2026-02-05' },
      ...{ face_value_minor: '100', min_denomination_minor: '100' },
    },
  });
  op(t, {
    type: 'ledger.create_accounts',
    accounts: [
      account(`HKMA/${NOTE}/issuance`, 'HKMA', NOTE, true),
      account(`${NOTE}/CMU/hk-inst-fund`, 'hk-inst-fund', NOTE),
      account('cn-inst-fund/USD', 'cn-inst-fund', 'USD'),
      account(`CCDC/${CGB}/issuance`, 'CCDC', CGB, true),
    ],
  });
  openBondChain(t, 'cn-inst-fund', USD_BOND);
  openBondChain(t, 'LUJIAZUI', CGB);
  openBondChain(t, 'hk-inst-fund', CGB);
  const pay = (id: string, from: string, to: string, amount_minor: string) => ({
    ...{ id, debit_account_id: from, credit_account_id: to, amount_minor },
  });
  op(t, {
    type: 'ledger.create_transfers',
    transfers: [
      pay('note-issue', `HKMA/${NOTE}/issuance`, `${NOTE}/CMU/hk-inst-fund`, '5000000'),
      pay('fund-cn', 'HSBC/USD/issuance', 'cn-inst-fund/USD', '300000000'),
      pay('cgb-issue', `CCDC/${CGB}/issuance`, `${CGB}/CCDC/LUJIAZUI`, '100000'),
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
  op(t, { type: 'bonds.set_quota_fx_rates', date: '2026-01-05', rates: { USD: '7.1' } });
}

/** Request, one quote, hit: returns the `bond_trade` event's record. */
function trade(t: TestHub, id: string, o: Record<string, string>) {
  t.accept(
    o.broker as string,
    wire({
      type: 'bonds.request_quote',
      ...{ quote_req_id: id, requester: o.investor, security_id: o.isin, side: 'buy' },
      ...{ order_qty_minor: o.qty, price_type: 'percent_of_par', dealers: [o.dealer] },
      ...{ quote_window_us: 60 * S, settlement_date: '2026-01-06' },
    }),
  );
  t.accept(
    o.dealer as string,
    wire({
      ...{ type: 'bonds.quote', quote_id: 'q', quote_req_id: id, dealer: o.dealer },
      ...{ px_e8: o.px, valid_until_us: t.now_us + 30 * S },
    }),
  );
  const hit = t.accept(
    o.broker as string,
    wire({
      ...{ type: 'bonds.respond', quote_resp_id: `${id}/r`, quote_req_id: id },
      ...{ quote_resp_type: 'hit_lift', quote_id: 'q' },
    }),
  );
  const found = hit.events.find((e: HubEvent) => e.type === 'bond_trade');
  assert.ok(found?.type === 'bond_trade');
  return { trade: found.trade, events: hit.events };
}

test('a Bond Connect day: RFQs both ways, quota used and released, DvP, coupon, maturity', () => {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  registerBonds(t);
  setUpParticipants(t);
  const sb = { broker: 'PEARL', investor: 'cn-inst-fund', isin: USD_BOND, qty: '100000000' };
  const first = trade(t, 'sb-1', { ...sb, dealer: 'BOCHK', px: '9960000000' }).trade;
  const second = trade(t, 'sb-2', { ...sb, dealer: 'SCBHK', px: '9950000000' }).trade;
  const consumed = first.quota_rmb_minor + second.quota_rmb_minor;
  assert.equal(bondQuotaReport(t.hub.state.bonds).daily_balance_minor, DAILY - consumed);
  const cancel = {
    type: 'posttrade.cancel_instruction',
    instruction_id: second.settlement_trade_id,
  };
  op(t, cancel);
  assert.equal(
    bondQuotaReport(t.hub.state.bonds).daily_balance_minor,
    DAILY - first.quota_rmb_minor,
  );
  const nb = { broker: 'HARBOUR', investor: 'hk-inst-fund', isin: CGB, qty: '100000000' };
  const northbound = trade(t, 'nb-1', { ...nb, dealer: 'LUJIAZUI', px: '10512000000' });
  assert.equal(northbound.trade.quota_rmb_minor, 0n);
  assert.ok(!northbound.events.some((e) => e.type === 'settlement_capture_failed'));
  const hk_cny = posted(t, 'hk-inst-fund/CNY');
  const lujiazui_cny = posted(t, 'LUJIAZUI/CNY');
  // Tuesday after the 17:00 bilateral cycle: the first trade has settled, DvP.
  const bochk_usd = posted(t, 'BOCHK/USD');
  t.now_us = timestampAt('2026-01-06', '17:30');
  op(t, { type: 'hub.tick' });
  assert.equal(posted(t, `${USD_BOND}/SHCH/cn-inst-fund`), 1_000_000n);
  assert.equal(posted(t, `${USD_BOND}/CMU/SHCH`), 1_000_000n);
  // Northbound DvP through the chain: CCDC → CMU's nominee account → HSBC → the investor.
  const nb_amount = northbound.trade.settlement_amount_minor;
  // CNY 1,000,000 face in units of CNY 100
  assert.equal(posted(t, `${CGB}/HSBC/hk-inst-fund`), 10_000n);
  assert.equal(posted(t, `${CGB}/CMU/HSBC`), 10_000n);
  assert.equal(posted(t, `${CGB}/CCDC/CMU`), 10_000n);
  assert.equal(posted(t, `${CGB}/CCDC/LUJIAZUI`), 90_000n);
  assert.equal(posted(t, 'hk-inst-fund/CNY'), hk_cny - nb_amount);
  assert.equal(posted(t, 'LUJIAZUI/CNY'), lujiazui_cny + nb_amount);
  assert.equal(posted(t, 'cn-inst-fund/USD'), 300_000_000n - first.settlement_amount_minor);
  assert.equal(posted(t, 'BOCHK/USD'), bochk_usd + first.settlement_amount_minor);
  const tuesday = bondQuotaReport(t.hub.state.bonds);
  assert.equal(tuesday.daily_balance_minor, DAILY);
  assert.equal(tuesday.annual_balance_minor, ANNUAL - first.quota_rmb_minor);
  // 5 February: the note's coupon (2.4 % / 12 on HKD 5,000,000 face: HKD 10,000) and redemption.
  const hkd_before = posted(t, 'hk-inst-fund/HKD');
  t.now_us = timestampAt('2026-02-05', '08:00');
  op(t, { type: 'bonds.pay_coupon', isin: NOTE, coupon_date: '2026-02-05' });
  op(t, { type: 'bonds.redeem', isin: NOTE });
  assert.equal(posted(t, 'hk-inst-fund/HKD'), hkd_before + 1_000_000n + 500_000_000n);
  assert.equal(posted(t, `${NOTE}/CMU/hk-inst-fund`), 0n);
  t.hub.checkInvariants();
  const replayed = new Hub();
  for (const envelope of t.envelopes) replayed.apply(envelope);
  assert.equal(replayed.digest(), t.hub.digest());
});
