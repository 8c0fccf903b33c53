import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CGB_2016_19 } from '../../bonds/index.js';
import { timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { bondQuotaReport } from './state.js';
import { assertRefused, GREEN_USD_TERMS, genesis, wire } from './testing.js';

const MONDAY_10 = timestampAt('2026-01-05', '10:00');
const DEALERS = ['LIONROCK', 'BOCHK', 'SCBHK'];
const S = 1_000_000;

/** Genesis, the USD green bond tranche, three HK makers, a Mainland institution on Bond Connect. */
function southbound(fx = true): TestHub {
  const t = genesis();
  t.now_us = MONDAY_10;
  t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_USD_TERMS }));
  for (const dealer of DEALERS) {
    t.accept('operator', wire({ type: 'bonds.register_maker', dealer, direction: 'southbound' }));
  }
  t.accept(
    'operator',
    wire({
      type: 'bonds.set_investor_access',
      investor: 'cn-inst-fund',
      northbound: false,
      southbound_channel: 'bond_connect',
    }),
  );
  if (fx) setUsdRate(t);
  return t;
}

function setUsdRate(t: TestHub): void {
  t.accept(
    'operator',
    wire({ type: 'bonds.set_quota_fx_rates', date: '2026-01-05', rates: { USD: '7.1' } }),
  );
}

const rfq = (id: string, patch: Record<string, unknown> = {}) =>
  wire({
    type: 'bonds.request_quote',
    quote_req_id: id,
    requester: 'cn-inst-fund',
    security_id: 'HKHTGB25USD6',
    side: 'buy',
    order_qty_minor: '100000000', // USD 1,000,000 face
    price_type: 'percent_of_par',
    dealers: DEALERS,
    quote_window_us: 60 * S,
    settlement_date: '2026-01-06',
    ...patch,
  });

const quote = (t: TestHub, req: string, id: string, dealer: string, px: string, valid_s = 50) =>
  wire({
    type: 'bonds.quote',
    quote_id: id,
    quote_req_id: req,
    dealer,
    px_e8: px,
    valid_until_us: t.now_us + valid_s * S,
  });

const hit = (req: string, quote_id: string) =>
  wire({
    type: 'bonds.respond',
    quote_resp_id: `${req}/r`,
    quote_req_id: req,
    quote_resp_type: 'hit_lift',
    quote_id,
  });

function threeQuotes(t: TestHub, req: string): void {
  t.accept('PEARL', rfq(req));
  t.accept('LIONROCK', quote(t, req, 'q1', 'LIONROCK', '9950000000'));
  t.accept('BOCHK', quote(t, req, 'q2', 'BOCHK', '9960000000'));
  t.accept('SCBHK', quote(t, req, 'q3', 'SCBHK', '9955000000'));
}

describe('bond RFQ through the hub', () => {
  test('request, three quotes, accept: a Southbound trade that consumes the quota', () => {
    const t = southbound();
    threeQuotes(t, 'rfq-1');
    const result = t.accept('PEARL', hit('rfq-1', 'q1'));
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade !== undefined && trade.type === 'bond_trade');
    // 1,000,000 USD face at 99.50: USD 995,000.00 clean. Accrued at 3.633 % / 2 for 48 of the
    // 181 days from 19 Nov 2025 to 19 May 2026 (settling 6 Jan 2026):
    // 100,000,000 × 0.018165 × 48/181 = 87,192,000/181 = 481,723.76… → 481,724 cents, half up.
    assert.equal(trade.trade.clean_consideration_minor, 99_500_000n);
    assert.equal(trade.trade.accrued_minor, 481_724n);
    assert.equal(trade.trade.settlement_amount_minor, 99_981_724n);
    assert.equal(trade.trade.buyer, 'cn-inst-fund');
    assert.equal(trade.trade.seller, 'LIONROCK');
    assert.equal(trade.trade.direction, 'southbound');
    // USD 999,817.24 × 7.1 = RMB 7,098,702.404 → 709,870,241 fen, rounded up for a buy.
    assert.equal(trade.trade.quota_rmb_minor, 709_870_241n);
    const report = bondQuotaReport(t.hub.state.bonds);
    assert.equal(report.date, '2026-01-05');
    assert.equal(report.daily_balance_minor, 2_000_000_000_000n - 709_870_241n);
    assert.equal(report.annual_balance_minor, 50_000_000_000_000n - 709_870_241n);
    const states = result.events.flatMap((e) => (e.type === 'rfq_status' ? [e.report] : []));
    assert.deepEqual(
      states.map((r) => [r.quote_id, r.quote_state, r.rfq_status]),
      [
        ['q1', 'accepted', 'accepted'],
        ['q2', 'not_taken', 'accepted'],
        ['q3', 'not_taken', 'accepted'],
      ],
    );
    t.hub.checkInvariants();
  });

  test('the day replays; a snapshot with an open RFQ restores and goes on the same', () => {
    const t = southbound();
    threeQuotes(t, 'rfq-1');
    t.accept('PEARL', hit('rfq-1', 'q2'));
    threeQuotes(t, 'rfq-2');
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    const at = t.envelopes.length;
    assert.equal(restored.digest(), t.hub.digest());
    t.advance(30);
    t.accept('PEARL', hit('rfq-2', 'q3'));
    t.accept('PEARL', rfq('rfq-3'));
    t.advance(3_600);
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(t.hub.state.bonds.rfq.rfqs.get('rfq-3')?.status, 'expired');
    t.now_us = timestampAt('2026-01-06', '09:00'); // a new quota day after the restore
    t.accept('operator', wire({ type: 'hub.tick' }));
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
    // The restored hub, fed the commands after its snapshot, arrives at the same state.
    for (const envelope of t.envelopes.slice(at)) restored.apply(envelope);
    assert.equal(restored.digest(), t.hub.digest());
  });

  test('quotes expire as hub time passes; accepting an expired quote is refused', () => {
    const t = southbound();
    threeQuotes(t, 'rfq-1');
    t.advance(55); // q1..q3 were valid for 50 s; the RFQ's window is 60 s
    const tick = t.accept('operator', wire({ type: 'hub.tick' }));
    const expired = tick.events.flatMap((e) => (e.type === 'rfq_status' ? [e.report] : []));
    assert.deepEqual(
      expired.map((r) => [r.quote_id, r.quote_state]),
      [
        ['q1', 'expired'],
        ['q2', 'expired'],
        ['q3', 'expired'],
      ],
    );
    assertRefused(t, 'PEARL', hit('rfq-1', 'q1'), 'RFQ_QUOTE_EXPIRED');
    assert.equal(bondQuotaReport(t.hub.state.bonds).daily_balance_minor, 2_000_000_000_000n);
  });

  test('refusals: a non-maker quotes, an ineligible investor, others; nothing changes', () => {
    const t = southbound();
    t.accept('PEARL', rfq('rfq-1'));
    assertRefused(t, 'HSBC', quote(t, 'rfq-1', 'x', 'HSBC', '9950000000'), 'RFQ_QUOTE_NOT_MAKER');
    assertRefused(t, 'BOCHK', quote(t, 'rfq-1', 'x', 'LIONROCK', '1'), 'NOT_AUTHORIZED');
    assertRefused(
      t,
      'HARBOUR',
      rfq('rfq-2', { requester: 'hk-inst-fund' }),
      'BOND_INVESTOR_NOT_ELIGIBLE',
    );
    assertRefused(
      t,
      'BUND',
      rfq('rfq-2', { requester: 'cn-pro-zhao' }),
      'BOND_INVESTOR_NOT_ELIGIBLE',
    );
    assertRefused(t, 'HARBOUR', rfq('rfq-2'), 'NOT_AUTHORIZED');
    assertRefused(t, 'PEARL', rfq('rfq-2', { dealers: ['HSBC'] }), 'RFQ_DEALER_NOT_MAKER');
    assertRefused(t, 'PEARL', rfq('rfq-2', { order_qty_minor: '150' }), 'BOND_QUANTITY_INVALID');
    assertRefused(t, 'PEARL', rfq('rfq-2', { security_id: 'HKHTGB25EUR6' }), 'BOND_UNKNOWN');
    assertRefused(
      t,
      'PEARL',
      rfq('rfq-2', { settlement_date: '2026-01-10' }),
      'BOND_SETTLEMENT_NOT_BUSINESS_DAY',
    );
    assertRefused(
      t,
      'PEARL',
      rfq('rfq-2', { settlement_date: '2026-01-09' }),
      'BOND_SETTLEMENT_DATE_INVALID',
    );
    // T+2 and T+3 only with an overseas investor (Northbound): a Southbound T+2 is refused.
    assertRefused(
      t,
      'PEARL',
      rfq('rfq-2', { settlement_date: '2026-01-07' }),
      'BOND_SETTLEMENT_CYCLE_NOT_ALLOWED',
    );
    assertRefused(
      t,
      'PEARL',
      rfq('rfq-2', { price_type: 'spread_bps' }),
      'RFQ_PRICE_TYPE_UNSUPPORTED',
    );
    assertRefused(t, 'PEARL', rfq('rfq-1'), 'RFQ_ID_DUPLICATE');
    t.accept('LIONROCK', quote(t, 'rfq-1', 'q1', 'LIONROCK', '9950000000'));
    assertRefused(t, 'LIONROCK', hit('rfq-1', 'q1'), 'NOT_AUTHORIZED');
    assertRefused(t, 'PEARL', hit('rfq-1', 'q9'), 'RFQ_QUOTE_UNKNOWN');
  });

  test('a quota refusal leaves the RFQ open; cancel ends it', () => {
    const t = southbound(false);
    threeQuotes(t, 'rfq-1');
    assertRefused(t, 'PEARL', hit('rfq-1', 'q1'), 'SB_BOND_FX_RATE_MISSING');
    assert.equal(t.hub.state.bonds.rfq.rfqs.get('rfq-1')?.status, 'quoted');
    setUsdRate(t);
    t.accept('PEARL', hit('rfq-1', 'q1'));
    t.accept('PEARL', rfq('rfq-2'));
    const cancelled = t.accept('PEARL', wire({ type: 'bonds.cancel_rfq', quote_req_id: 'rfq-2' }));
    assert.equal(cancelled.events.length, 1);
    assert.equal(t.hub.state.bonds.rfq.rfqs.get('rfq-2')?.status, 'cancelled');
  });

  test('finished RFQs are forgotten when the market day changes', () => {
    const t = southbound();
    threeQuotes(t, 'rfq-1');
    t.accept('PEARL', hit('rfq-1', 'q1'));
    t.now_us = timestampAt('2026-01-06', '09:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(t.hub.state.bonds.rfq.rfqs.size, 0);
    assert.equal(t.hub.state.bonds.rfq_meta.size, 0);
    const report = bondQuotaReport(t.hub.state.bonds);
    assert.equal(report.date, '2026-01-06');
    assert.equal(report.daily_balance_minor, 2_000_000_000_000n);
    assert.equal(report.annual_balance_minor, 50_000_000_000_000n - 709_870_241n);
  });

  test('Northbound: an overseas institution buys a CGB from an onshore maker; no quota', () => {
    const t = genesis();
    t.now_us = MONDAY_10;
    t.accept(
      'operator',
      wire({
        type: 'reference.register_security',
        security: {
          id: 'CND10000KX14',
          symbol: '019547',
          name: '2016 book-entry CGB no. 19',
          market: 'XSHG',
          board: 'main',
          kind: 'bond',
          currency: 'CNY',
          lot_size: 10,
          price_scale: 3,
          tick_table: 'uniform',
          listing_date: '2016-09-26',
          bond: { coupon_ppm: 32_700, maturity_date: '2046-08-22', face_value_minor: '10000' },
        },
      }),
    );
    const terms = { ...CGB_2016_19, coupon: { kind: 'fixed', rate_e12: '32700000000' } };
    t.accept(
      'operator',
      wire({
        type: 'bonds.register',
        terms: { ...terms, face_value_minor: '10000', min_denomination_minor: '10000' },
      }),
    );
    const maker = (dealer: string, direction: string) =>
      wire({ type: 'bonds.register_maker', dealer, direction });
    assertRefused(t, 'operator', maker('LUJIAZUI', 'southbound'), 'BOND_MAKER_INVALID');
    t.accept('operator', maker('LUJIAZUI', 'northbound'));
    t.accept('operator', maker('LIONROCK', 'southbound'));
    const access = (investor: string, northbound: boolean) =>
      wire({ type: 'bonds.set_investor_access', investor, northbound, southbound_channel: null });
    assertRefused(t, 'operator', access('cn-inst-fund', true), 'BOND_ACCESS_INVALID');
    assertRefused(t, 'operator', access('hk-retail-chan', true), 'BOND_ACCESS_INVALID');
    t.accept('operator', access('hk-inst-fund', true));
    const request = (dealers: string[]) =>
      rfq('nb-1', {
        requester: 'hk-inst-fund',
        security_id: 'CND10000KX14',
        dealers,
      });
    assertRefused(t, 'HARBOUR', request(['LIONROCK']), 'RFQ_DEALER_NOT_MAKER');
    t.accept('HARBOUR', request(['LUJIAZUI']));
    t.accept('LUJIAZUI', quote(t, 'nb-1', 'q1', 'LUJIAZUI', '10512000000'));
    const result = t.accept('HARBOUR', hit('nb-1', 'q1'));
    const trade = result.events.find((e) => e.type === 'bond_trade');
    assert.ok(trade?.type === 'bond_trade');
    assert.equal(trade.trade.direction, 'northbound');
    assert.equal(trade.trade.seller, 'LUJIAZUI');
    assert.equal(trade.trade.quota_rmb_minor, 0n);
    // CNY 1,000,000 face at 105.12; accrued 3.27 % / 2 for 137 of the 184 days from
    // 22 Aug 2025 to 22 Feb 2026: 1,635,000 × 137/184 = 1,217,364.13… → 1,217,364 fen.
    assert.equal(trade.trade.clean_consideration_minor, 105_120_000n);
    assert.equal(trade.trade.accrued_minor, 1_217_364n);
    assert.equal(bondQuotaReport(t.hub.state.bonds).daily_balance_minor, 2_000_000_000_000n);
    const failed = result.events.find((e) => e.type === 'settlement_capture_failed');
    assert.equal(
      failed?.type === 'settlement_capture_failed' && failed.code,
      'BOND_SETTLEMENT_UNSUPPORTED',
    );
  });
});
