/**
 * The monitor fed by a real hub beyond Stock Connect: a Northbound Bond Connect trade settled
 * bilaterally on its agreed date, a Northbound repo with a margin call and its close, and
 * Payment Connect both ways with a recall turned into a return. The monitor is rebuilt from the
 * hub's journal (its envelopes applied to a scratch hub, as the server does at start) at each
 * check, and its figures are compared with the hub's own events and ledger.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { posted, wire } from '../../../hub/bonds/testing.js';
import { CGB, lifeMarket, openRepoCommand } from '../../../hub/financing/life_testing.js';
import type { HubEvent } from '../../../hub/index.js';
import { Hub } from '../../../hub/index.js';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  northbound,
  paymentsHub,
  southbound,
  WANG,
} from '../../../hub/payments/testing.js';
import type { TestHub } from '../../../hub/testing.js';
import { timestampAt } from '../../../kernel/time.js';
import { RiskMonitor } from './monitor.js';
import type { ExposuresView, FlowsView } from './types.js';

const S = 1_000_000;

/** A monitor that has read the hub's whole journal. */
function monitorOf(t: TestHub): RiskMonitor {
  const monitor = new RiskMonitor();
  const scratch = new Hub();
  for (const envelope of t.envelopes) {
    const result = scratch.apply(envelope);
    monitor.consume(result.events, result.first_event_seq, envelope.timestamp_us);
  }
  return monitor;
}

function eventOf<T extends HubEvent['type']>(events: readonly HubEvent[], type: T) {
  const found = events.find((e) => e.type === type);
  assert.ok(found, `no ${type}`);
  return found as Extract<HubEvent, { type: T }>;
}

function flow(view: FlowsView, key: string) {
  const found = view.series.find((s) => `${s.link}/${s.direction}/${s.currency}` === key);
  assert.ok(found, `no series ${key}`);
  return found;
}

function participant(view: ExposuresView, id: string) {
  return view.participants.find((p) => p.participant === id);
}

/** hk-inst-fund asks LUJIAZUI for CNY 100,000 of face of the CGB at 105.12, for Tuesday. */
function buyCgb(t: TestHub) {
  const id = 'nb-1';
  t.accept(
    'HARBOUR',
    wire({
      type: 'bonds.request_quote',
      ...{ quote_req_id: id, requester: 'hk-inst-fund', security_id: CGB, side: 'buy' },
      ...{ order_qty_minor: '10000000', price_type: 'percent_of_par', dealers: ['LUJIAZUI'] },
      ...{ quote_window_us: 60 * S, settlement_date: '2026-01-06' },
    }),
  );
  t.accept(
    'LUJIAZUI',
    wire({
      ...{ type: 'bonds.quote', quote_id: 'q', quote_req_id: id, dealer: 'LUJIAZUI' },
      ...{ px_e8: '10512000000', valid_until_us: t.now_us + 30 * S },
    }),
  );
  const hit = t.accept(
    'HARBOUR',
    wire({
      type: 'bonds.respond',
      quote_resp_id: `${id}/r`,
      quote_req_id: id,
      quote_resp_type: 'hit_lift',
      quote_id: 'q',
    }),
  );
  return eventOf(hit.events, 'bond_trade').trade;
}

function tick(t: TestHub, date: string, clock: string): void {
  t.now_us = timestampAt(date, clock);
  t.accept('operator', wire({ type: 'hub.tick' }));
}

test('a Northbound bond trade and a repo: flows, bilateral obligations, positions and leverage', () => {
  const t = lifeMarket();
  const bond = buyCgb(t);
  const opened = eventOf(t.accept('operator', openRepoCommand()).events, 'repo_opened');
  let monitor = monitorOf(t);
  const flows = monitor.flows();
  assert.deepEqual(
    [
      flow(flows, 'bond_connect/northbound/CNY').buy_minor,
      flow(flows, 'repo/northbound/CNH').buy_minor,
    ],
    [bond.settlement_currency_amount_minor, opened.purchase_price_minor],
  );
  // The bond trade settles on Tuesday, bilaterally: HARBOUR (for the fund) owes LUJIAZUI.
  let view = monitor.exposures();
  assert.deepEqual(
    participant(view, 'HARBOUR')?.obligations.map((o) => [o.group, o.currency, o.payable_minor]),
    [['BILATERAL', 'CNY', bond.settlement_currency_amount_minor]],
  );
  assert.equal(
    participant(view, 'LUJIAZUI')?.obligations[0]?.receivable_minor,
    bond.settlement_currency_amount_minor,
  );
  // The fund held 20,000 units, delivered 10,000 to HSBC in the repo, and bought 1,000 more.
  const fund = `${CGB}/HSBC/hk-inst-fund`;
  assert.equal(posted(t, fund), 10_000n);
  const line = monitor.positions('HARBOUR').find((l) => l.instrument === CGB);
  // Valued at the trade's clean price: 11,000 units × CNY 100.00 × 105.12 % = 115,632,000 fen.
  assert.deepEqual(
    [
      line?.quantity_units,
      line?.unsettled_units,
      line?.price_units,
      line?.price_scale,
      line?.value_minor,
    ],
    [11_000, 1_000, 10_512_000_000, 8, 115_632_000n],
  );
  // The fund borrowed the purchase price from HSBC against the bonds' market value.
  assert.deepEqual(view.bilateral_repo, [
    {
      ...{ lender: 'HSBC', borrower: 'hk-inst-fund', currency: 'CNH' },
      cash_lent_minor: opened.purchase_price_minor,
      collateral_value_minor: opened.market_value_minor,
      cash_margin_minor: 0n,
      net_exposure_minor: opened.purchase_price_minor - opened.market_value_minor,
      open_repos: 1,
    },
  ]);
  assert.equal(
    participant(view, 'HARBOUR')?.financing[0]?.borrowed_minor,
    opened.purchase_price_minor,
  );
  assert.equal(participant(view, 'HSBC')?.financing[0]?.lent_minor, opened.purchase_price_minor);
  // Tuesday 17:30: the bilateral cycle delivers the bonds against the cash.
  tick(t, '2026-01-06', '17:30');
  monitor = monitorOf(t);
  view = monitor.exposures();
  assert.deepEqual(participant(view, 'HARBOUR')?.obligations, []);
  assert.equal(posted(t, fund), 11_000n);
  const settled = monitor.positions('HARBOUR').find((l) => l.instrument === CGB);
  assert.deepEqual([settled?.quantity_units, settled?.unsettled_units], [11_000, 0]);
  // Wednesday: at 100.00 the fund (the seller) owes margin and pays it; the repo's market value
  // and the cash margin HSBC holds follow the hub's figures.
  tick(t, '2026-01-07', '10:00');
  const called = eventOf(
    t.accept(
      'HARBOUR',
      wire({ type: 'financing.call_margin', repo_id: 'repo-1', px_e8: '10000000000' }),
    ).events,
    'margin_called',
  );
  view = monitorOf(t).exposures();
  assert.deepEqual(
    [view.bilateral_repo[0]?.collateral_value_minor, view.bilateral_repo[0]?.cash_margin_minor],
    [called.market_value_minor, called.cash_margin_minor],
  );
  // Closed on its repurchase date: the repurchase price flows back, the financing is gone.
  tick(t, '2026-01-12', '10:00');
  const closed = eventOf(
    t.accept('HARBOUR', wire({ type: 'financing.close_repo', repo_id: 'repo-1' })).events,
    'repo_closed',
  );
  monitor = monitorOf(t);
  assert.equal(
    flow(monitor.flows(), 'repo/northbound/CNH').sell_minor,
    closed.repurchase_price_minor,
  );
  assert.deepEqual(monitor.exposures().bilateral_repo, []);
  assert.equal(monitor.stats().open_repos, 0);
});

test('Payment Connect: credited payments are flows each way; a return takes one back', () => {
  const t = paymentsHub();
  t.accept(HK_BANK, northbound('NB-1', ALICE, WANG.mobile, 1_000_00n));
  t.accept(HK_BANK, northbound('NB-P', ALICE, WANG.mobile, 200_00n, { credit: false }));
  t.accept(CN_BANK, southbound('SB-1', WANG, ALICE.mobile, 500_00n));
  t.accept(HK_BANK, northbound('NB-C', ALICE, WANG.mobile, 300_00n));
  t.accept(HK_BANK, wire({ type: 'payments.recall', end_to_end_id: 'NB-C', reason: 'FRAD' }));
  t.accept(CN_BANK, wire({ type: 'payments.return', end_to_end_id: 'NB-C', reason: 'FOCR' }));
  const view = monitorOf(t).flows();
  // Northbound: 1,000.00 + 300.00 credited, 300.00 returned; the 200.00 only settled so far.
  const nb = flow(view, 'payment_connect/northbound/CNY');
  assert.deepEqual(
    [nb.buy_minor, nb.sell_minor, nb.net_buy_minor, nb.count],
    [130_000n, 30_000n, 100_000n, 3],
  );
  const sb = flow(view, 'payment_connect/southbound/CNY');
  assert.deepEqual([sb.buy_minor, sb.sell_minor], [50_000n, 0n]);
  assert.equal(view.series.length, 2);
});
