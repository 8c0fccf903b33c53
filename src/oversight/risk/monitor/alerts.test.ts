/**
 * Each alert kind raised once, in the batch whose event crossed its threshold, with its figures
 * and the events as evidence; never again while the breach lasts; again only for a new breach.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HubEvent } from '../../../hub/index.js';
import {
  accountCreated,
  balances,
  captured,
  DAY,
  Feed,
  HK_STOCK,
  referenceEvents,
  SH_STOCK,
  trade,
} from './fixtures.js';
import { RiskMonitor } from './monitor.js';
import { type RiskMonitorSettingsInput, riskMonitorSettings } from './settings.js';
import type { RiskAlert } from './types.js';

function feedWith(input: RiskMonitorSettingsInput, clock = '09:30'): Feed {
  const settings = riskMonitorSettings(input);
  assert.ok(settings.ok, settings.ok ? '' : settings.message);
  const feed = new Feed(new RiskMonitor(settings.value), clock);
  feed.batch(...referenceEvents());
  return feed;
}

let trade_number = 0;

/** A Northbound trade in SH: hk-fund (PEAK) buys, or hk-retail (HARBOUR) sells, `value` fen. */
function northbound(side: 'buy' | 'sell', value_minor: number): HubEvent {
  trade_number += 1;
  return trade({
    // At RMB 0.01 a share the quantity is the value in fen.
    ...{ id: `${SH_STOCK}:${trade_number}`, instrument: SH_STOCK, price: 1, qty: value_minor },
    ...(side === 'buy'
      ? { buyer: 'hk-fund', buyer_participant: 'PEAK', buy_route: 'northbound' as const }
      : { buyer: 'cn-fund', buyer_participant: 'PEARL' }),
    ...(side === 'sell'
      ? { seller: 'hk-retail', seller_participant: 'HARBOUR', sell_route: 'northbound' as const }
      : { seller: 'cn-fund', seller_participant: 'PEARL' }),
  });
}

function only(alerts: readonly RiskAlert[]): RiskAlert {
  assert.equal(alerts.length, 1, JSON.stringify(alerts.map((a) => a.alert_id)));
  return alerts[0] as RiskAlert;
}

const SH_NB = { link: 'sh_hk_stock', direction: 'northbound', currency: 'CNY' } as const;

test('an outflow above its level: raised once with figures and evidence, again only after recovery', () => {
  const feed = feedWith({ flow_thresholds: [{ ...SH_NB, outflow_level_minor: 10_000_000n }] });
  const first = feed.at(DAY, '10:00').batch(northbound('sell', 6_000_000));
  assert.deepEqual(first.alerts, []);
  const crossing = feed.at(DAY, '10:01').batch(northbound('sell', 5_000_000));
  const alert = only(crossing.alerts);
  assert.deepEqual(alert, {
    alert_id: `${crossing.first}/risk.flow_outflow/0`,
    kind: 'flow_outflow',
    subject: 'sh_hk_stock/northbound/CNY',
    ...{ participant: null, instrument: null, market: null, currency: 'CNY' },
    event_seq: crossing.first,
    summary:
      'Net selling through sh_hk_stock/northbound/CNY today CNY 110000.00, above CNY 100000.00',
    figures: [
      {
        name: 'net_selling',
        value: 11_000_000n,
        threshold: 10_000_000n,
        comparison: '>',
        unit: 'CNY',
      },
      { name: 'bought', value: 0n, threshold: null, comparison: '', unit: 'CNY' },
      { name: 'sold', value: 11_000_000n, threshold: null, comparison: '', unit: 'CNY' },
    ],
    event_seqs: [first.first, crossing.first],
    market_date: DAY,
    raised_at_us: feed.now_us,
  });
  assert.deepEqual(
    feed.at(DAY, '10:02').batch(northbound('sell', 1_000_000)).alerts,
    [],
    'same breach',
  );
  assert.deepEqual(feed.batch(northbound('buy', 3_000_000)).alerts, [], 'back to -9,000,000');
  const again = feed.batch(northbound('sell', 2_000_000));
  assert.equal(only(again.alerts).alert_id, `${again.first}/risk.flow_outflow/0`, 'a new breach');
  // The next day starts from zero: its own breach is a new alert.
  assert.deepEqual(feed.at('2026-01-06', '10:00').batch(northbound('sell', 10_000_000)).alerts, []);
  const next_day = only(feed.batch(northbound('sell', 1)).alerts);
  assert.equal(next_day.market_date, '2026-01-06');
  assert.deepEqual(feed.monitor.alerts({ kind: 'flow_outflow' }).length, 3);
});

test('a flow reversal: two windows beyond the level in opposite directions, once per turn', () => {
  // 10-minute windows of two 5-minute buckets; level RMB 50,000.00.
  const feed = feedWith({
    reversal_window_minutes: 10,
    flow_thresholds: [{ ...SH_NB, reversal_level_minor: 5_000_000n }],
  });
  const buy = feed.at(DAY, '10:00').batch(northbound('buy', 6_000_000));
  assert.deepEqual(buy.alerts, []);
  // 10:12: the window 10:05–10:15 sold 7,000,000 after 09:55–10:05 bought 6,000,000.
  const sell = feed.at(DAY, '10:12').batch(northbound('sell', 7_000_000));
  const turn = only(sell.alerts);
  assert.equal(turn.kind, 'flow_reversal');
  assert.equal(turn.alert_id, `${sell.first}/risk.flow_reversal/0`);
  assert.deepEqual(turn.figures, [
    {
      name: 'net_previous_window',
      value: 6_000_000n,
      threshold: 5_000_000n,
      comparison: '>',
      unit: 'CNY',
    },
    {
      name: 'net_current_window',
      value: -7_000_000n,
      threshold: -5_000_000n,
      comparison: '<',
      unit: 'CNY',
    },
    { name: 'window_minutes', value: 10, threshold: null, comparison: '', unit: 'minutes' },
  ]);
  assert.deepEqual(turn.event_seqs, [buy.first, sell.first]);
  assert.match(
    turn.summary,
    /turned from CNY 60000.00 to CNY -70000.00 over two 10-minute windows/,
  );
  assert.deepEqual(
    feed.at(DAY, '10:13').batch(northbound('sell', 1_000_000)).alerts,
    [],
    'same turn',
  );
  // 10:25: 10:20–10:30 bought 1,000,000 after selling 8,000,000: not beyond the level yet.
  assert.deepEqual(feed.at(DAY, '10:25').batch(northbound('buy', 1_000_000)).alerts, []);
  const back = only(feed.at(DAY, '10:26').batch(northbound('buy', 5_000_000)).alerts);
  assert.equal(back.figures[0]?.value, -8_000_000n);
  assert.equal(back.figures[1]?.value, 6_000_000n);
  assert.equal(back.figures[1]?.comparison, '>');
});

test("a participant's gross position above its limit, also when only the price moved", () => {
  const feed = feedWith({
    exposure_limits: [
      { participant: null, currency: 'CNY', measure: 'gross_position', limit_minor: 100_000_000n },
      {
        participant: 'PEAK',
        currency: 'CNY',
        measure: 'gross_position',
        limit_minor: 200_000_000n,
      },
    ],
  });
  const account = `${SH_STOCK}/PEARL/cn-fund`;
  feed.batch(accountCreated(account, 'cn-fund', SH_STOCK), balances([account, 600n]));
  // cn-fund sells 100 of its 600 at RMB 1,460.00: PEARL holds 500 × 1,460.00 = 73,000,000.
  const sale = trade({
    ...{ id: 'S1', instrument: SH_STOCK, price: 146_000, qty: 100 },
    ...{
      buyer: 'hk-fund',
      buyer_participant: 'PEAK',
      seller: 'cn-fund',
      seller_participant: 'PEARL',
    },
  });
  assert.deepEqual(
    feed
      .at(DAY, '10:00')
      .batch(sale, captured('S1/S', 'S1', 'CSDC'), captured('S1/B', 'S1', 'CSDC')).alerts,
    [],
  );
  // Others trade at RMB 2,100.00: PEARL's 500 are now 105,000,000, above the default limit;
  // PEAK's 100 are 21,000,000, below its own limit of 200,000,000.
  const move = feed.at(DAY, '10:05').batch(
    trade({
      ...{ id: 'S2', instrument: SH_STOCK, price: 210_000, qty: 1 },
      ...{
        buyer: 'hk-retail',
        buyer_participant: 'HARBOUR',
        seller: 'cn-retail',
        seller_participant: 'JADE',
      },
    }),
  );
  const alert = only(move.alerts);
  assert.deepEqual(
    [alert.kind, alert.participant, alert.currency, alert.event_seq, alert.alert_id],
    ['exposure_limit', 'PEARL', 'CNY', move.first, `${move.first}/risk.exposure_limit/0`],
  );
  assert.deepEqual(alert.figures, [
    {
      name: 'gross_position',
      value: 105_000_000n,
      threshold: 100_000_000n,
      comparison: '>',
      unit: 'CNY',
    },
  ]);
  assert.equal(alert.event_seqs.at(-1), move.first);
  assert.ok(alert.event_seqs.length >= 2);
  assert.equal(
    alert.summary,
    "PEARL's gross position value CNY 1050000.00 is above its limit CNY 1000000.00",
  );
  // Higher still: the same breach.
  const higher = trade({
    ...{ id: 'S3', instrument: SH_STOCK, price: 220_000, qty: 1 },
    ...{
      buyer: 'hk-retail',
      buyer_participant: 'HARBOUR',
      seller: 'cn-retail',
      seller_participant: 'JADE',
    },
  });
  assert.deepEqual(feed.batch(higher).alerts, []);
  assert.deepEqual(feed.monitor.alerts({ participant: 'PEAK' }), []);
});

test('net unsettled cash payable above a limit', () => {
  const feed = feedWith({
    exposure_limits: [
      { participant: 'JADE', currency: 'HKD', measure: 'net_payable', limit_minor: 10_000_000n },
    ],
  });
  // cn-retail buys 300 Tencent at HKD 620.000 through JADE: 18,600,000 cents owed to HKSCC.
  const buy = feed.at(DAY, '10:05').batch(
    trade({
      ...{ id: 'T2', instrument: HK_STOCK, price: 620_000, qty: 300 },
      ...{ buyer: 'cn-retail', buyer_participant: 'JADE', buy_route: 'southbound' },
      ...{ seller: 'hk-fund', seller_participant: 'PEAK' },
    }),
    captured('T2/S', 'T2', 'HKSCC'),
    captured('T2/B', 'T2', 'HKSCC'),
  );
  const alert = only(buy.alerts);
  assert.equal(alert.event_seq, buy.first + 2, 'the capture that created the obligation');
  assert.deepEqual(alert.figures, [
    {
      name: 'net_payable',
      value: 18_600_000n,
      threshold: 10_000_000n,
      comparison: '>',
      unit: 'HKD',
    },
  ]);
  assert.match(alert.summary, /JADE's net unsettled cash payable HKD 186000.00 is above its limit/);
});

test("a holder's share of an instrument above the level", () => {
  const feed = feedWith({ holding_share: '0.05' });
  const account = `${SH_STOCK}/PEARL/cn-fund`;
  // 40,000 of the 1,000,000 units in issue: 4 %.
  assert.deepEqual(
    feed.batch(accountCreated(account, 'cn-fund', SH_STOCK), balances([account, 40_000n])).alerts,
    [],
  );
  // cn-fund buys 20,000 more: 60,000 = 6 % (unsettled units count).
  const buy = feed.at(DAY, '10:00').batch(
    trade({
      ...{ id: 'H1', instrument: SH_STOCK, price: 146_000, qty: 20_000 },
      ...{
        buyer: 'cn-fund',
        buyer_participant: 'PEARL',
        seller: 'hk-fund',
        seller_participant: 'PEAK',
      },
    }),
    captured('H1/S', 'H1', 'CSDC'),
    captured('H1/B', 'H1', 'CSDC'),
  );
  const alert = only(buy.alerts);
  assert.deepEqual(
    [alert.kind, alert.subject, alert.instrument, alert.event_seq, alert.event_seqs],
    ['holding_concentration', `cn-fund@${SH_STOCK}`, SH_STOCK, buy.first + 2, [buy.first + 2]],
  );
  assert.deepEqual(alert.figures, [
    { name: 'share', value: 6_000_000, threshold: 5_000_000, comparison: '>', unit: 'e8' },
    { name: 'units', value: 60_000, threshold: null, comparison: '', unit: 'units' },
    { name: 'issued_units', value: 1_000_000, threshold: null, comparison: '', unit: 'units' },
  ]);
  assert.equal(
    alert.summary,
    `cn-fund holds 60000 units of ${SH_STOCK}, 6.00 % of the units in issue`,
  );
  const more = trade({
    ...{ id: 'H2', instrument: SH_STOCK, price: 146_000, qty: 1_000 },
    ...{
      buyer: 'cn-fund',
      buyer_participant: 'PEARL',
      seller: 'hk-fund',
      seller_participant: 'PEAK',
    },
  });
  assert.deepEqual(feed.batch(more, captured('H2/B', 'H2', 'CSDC')).alerts, [], 'same breach');
});

test("a participant's share of a market's turnover above the level, once enough trades", () => {
  const feed = feedWith({ turnover_share: '0.4', turnover_trades_min: 3 });
  const xshg = (id: string, buyer_participant: string, seller_participant: string) =>
    trade({
      ...{ id, instrument: SH_STOCK, price: 100_000, qty: 100 },
      ...{ buyer: 'hk-fund', buyer_participant, seller: 'cn-fund', seller_participant },
    });
  // PEAK is on one side of every trade: 50 % of both sides, but only from the third trade on.
  assert.deepEqual(feed.batch(xshg('X1', 'PEAK', 'PEARL')).alerts, []);
  assert.deepEqual(feed.batch(xshg('X2', 'PEAK', 'HARBOUR')).alerts, []);
  const third = feed.batch(xshg('X3', 'JADE', 'PEAK'));
  const alert = only(third.alerts);
  assert.deepEqual(
    [alert.kind, alert.participant, alert.market, alert.currency, alert.subject],
    ['turnover_concentration', 'PEAK', 'XSHG', 'CNY', 'PEAK@XSHG/CNY'],
  );
  assert.deepEqual(alert.figures, [
    { name: 'share', value: 50_000_000, threshold: 40_000_000, comparison: '>', unit: 'e8' },
    { name: 'turnover', value: 30_000_000n, threshold: null, comparison: '', unit: 'CNY' },
    {
      name: 'market_turnover_both_sides',
      value: 60_000_000n,
      threshold: null,
      comparison: '',
      unit: 'CNY',
    },
    { name: 'market_trades', value: 3, threshold: 3, comparison: '', unit: 'trades' },
  ]);
  assert.deepEqual(alert.event_seqs, [third.first - 2, third.first - 1, third.first]);
  assert.equal(alert.summary, "PEAK has 50.00 % of XSHG's CNY turnover today");
  assert.deepEqual(feed.batch(xshg('X4', 'PEAK', 'PEARL')).alerts, [], 'same breach (4 of 8)');
});

test('several alerts of one event are numbered; the kept list is bounded and filterable', () => {
  const feed = feedWith({
    alerts_kept: 2,
    exposure_limits: [
      { participant: null, currency: 'CNY', measure: 'gross_position', limit_minor: 0n },
    ],
  });
  // One trade puts both sides above a zero limit: two alerts of the same event and kind.
  const both = feed.at(DAY, '10:00').batch(
    trade({
      ...{ id: 'B1', instrument: SH_STOCK, price: 100, qty: 1 },
      ...{
        buyer: 'hk-fund',
        buyer_participant: 'PEAK',
        seller: 'cn-fund',
        seller_participant: 'PEARL',
      },
    }),
    captured('B1/S', 'B1', 'CSDC'),
    captured('B1/B', 'B1', 'CSDC'),
  );
  assert.deepEqual(
    both.alerts.map((a) => [a.alert_id, a.participant]),
    [
      [`${both.first + 1}/risk.exposure_limit/0`, 'PEARL'],
      [`${both.first + 2}/risk.exposure_limit/0`, 'PEAK'],
    ],
  );
  feed.batch(
    trade({
      ...{ id: 'B2', instrument: SH_STOCK, price: 100, qty: 1 },
      ...{
        buyer: 'hk-retail',
        buyer_participant: 'HARBOUR',
        seller: 'cn-fund',
        seller_participant: 'PEARL',
      },
    }),
    captured('B2/B', 'B2', 'CSDC'),
  );
  assert.deepEqual(
    feed.monitor.alerts().map((a) => a.participant),
    ['PEAK', 'HARBOUR'],
    'the oldest dropped',
  );
  assert.equal(feed.monitor.stats().alerts, 3);
  assert.deepEqual(feed.monitor.alerts({ since_event_seq: feed.next_seq }), []);
});
