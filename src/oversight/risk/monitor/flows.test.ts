/**
 * Flows on a small sequence of events computed by hand: a Northbound buy and sell, a Southbound
 * buy, Bond Connect both ways, a repo opened and closed, a payment each way (one returned), the
 * quota figures beside them, the intraday buckets, and the day rolling at HK midnight.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../../kernel/time.js';
import {
  bondTrade,
  DAY,
  dayEnded,
  dayStarted,
  Feed,
  HK_STOCK,
  payment,
  referenceEvents,
  repoClosed,
  repoOpened,
  SH_STOCK,
  SZ_STOCK,
  trade,
} from './fixtures.js';
import { RiskMonitor } from './monitor.js';
import { riskMonitorSettings } from './settings.js';
import type { FlowSeriesView, FlowsView } from './types.js';

const NB_QUOTA = 5_200_000_000_000n; // RMB 52 bn in fen
const SB_QUOTA = 4_200_000_000_000n;

function series(view: FlowsView, key: string): FlowSeriesView {
  const found = view.series.find((s) => `${s.link}/${s.direction}/${s.currency}` === key);
  assert.ok(found, `no series ${key}`);
  return found;
}

/** The day of the scenario; returns the feed and the first sequence number of each batch. */
function tradingDay(): { feed: Feed; seq: Record<string, number> } {
  const feed = new Feed(new RiskMonitor(), '08:30');
  const seq: Record<string, number> = {};
  feed.batch(...referenceEvents(), dayStarted(DAY, [NB_QUOTA, NB_QUOTA, SB_QUOTA, SB_QUOTA]));
  // 09:31 Northbound buy: hk-fund buys 100 × RMB 1,460.00 = 14,600,000 fen (bucket 09:30).
  feed.at(DAY, '09:31');
  seq.nb_buy = feed.batch(
    trade({
      ...{ id: `${SH_STOCK}:1`, instrument: SH_STOCK, price: 146_000, qty: 100 },
      ...{ buyer: 'hk-fund', buyer_participant: 'PEAK', buy_route: 'northbound' },
      ...{ seller: 'cn-fund', seller_participant: 'PEARL' },
    }),
  ).first;
  // 09:47 Northbound sell in Shenzhen: 50 × RMB 152.35 = 761,750 fen (bucket 09:45).
  feed.at(DAY, '09:47');
  seq.nb_sell = feed.batch(
    trade({
      ...{ id: `${SZ_STOCK}:1`, instrument: SZ_STOCK, price: 15_235, qty: 50 },
      ...{ buyer: 'cn-retail', buyer_participant: 'JADE' },
      ...{ seller: 'hk-retail', seller_participant: 'HARBOUR', sell_route: 'northbound' },
    }),
  ).first;
  // 10:02 Southbound buy through JADE (SZSE only: the Shenzhen link): 101 × HKD 620.125 =
  // HKD 62,632.625 = 6,263,262.5 cents, half up 6,263,263.
  feed.at(DAY, '10:02');
  seq.sb_buy = feed.batch(
    trade({
      ...{ id: `${HK_STOCK}:1`, instrument: HK_STOCK, price: 620_125, qty: 101 },
      ...{ buyer: 'cn-retail', buyer_participant: 'JADE', buy_route: 'southbound' },
      ...{ seller: 'hk-fund', seller_participant: 'PEAK' },
    }),
  ).first;
  return afternoon(feed, seq);
}

/** Bonds, a repo, payments, and the day's end report. */
function afternoon(
  feed: Feed,
  seq: Record<string, number>,
): { feed: Feed; seq: Record<string, number> } {
  // 10:10 Northbound Bond Connect: hk-fund buys CNY 1 m of face at 101.50: 101,500,000 fen.
  // Southbound: cn-fund buys USD 10,000.00 of a bond, RMB 71,000.00 of quota.
  feed.at(DAY, '10:10');
  seq.bonds = feed.batch(
    bondTrade({
      ...{ id: 'BOND:1', direction: 'northbound', buyer: 'hk-fund', seller: 'PEARL' },
      ...{ requester: 'hk-fund', face_minor: 100_000_000n, px_e8: 10_150_000_000n },
      amount_minor: 101_500_000n,
    }),
    bondTrade({
      ...{ id: 'BOND:2', direction: 'southbound', buyer: 'cn-fund', seller: 'BANKHK' },
      ...{ requester: 'cn-fund', face_minor: 1_000_000n, px_e8: 10_000_000_000n },
      ...{ amount_minor: 1_000_000n, currency: 'USD', quota_rmb_minor: 7_100_000n },
    }),
  ).first;
  // 10:20 a Northbound repo: BANKCN borrows CNH 9.8 m from BANKHK against CNH 10 m of bonds.
  feed.at(DAY, '10:20');
  feed.batch(repoOpened('R1', 'BANKCN', 'BANKHK', 980_000_000n, 1_000_000_000n));
  // 10:40 Payment Connect: HKD 1,000.01 Northbound, RMB 1,000.00 Southbound (settled, credited).
  feed.at(DAY, '10:40');
  feed.batch(
    payment('payment_settled', 'northbound', 100_001n, 'HKD'),
    payment('payment_credited', 'northbound', 100_001n, 'HKD'),
    payment('payment_credited', 'southbound', 100_000n, 'CNY'),
  );
  // 11:00 the Southbound payment returned; the repo closed at 980,347,699; the USD bond trade's
  // settlement cancelled: its quota released.
  feed.at(DAY, '11:00');
  feed.batch(
    payment('payment_returned', 'southbound', 100_000n, 'CNY'),
    repoClosed('R1', 'BANKCN', 'BANKHK', 980_347_699n),
    { type: 'bond_quota_released', trade_id: 'BOND:2', rmb_minor: 7_100_000n },
  );
  // 16:00 the day's end report: SSE Northbound used exactly the day's net buying.
  feed.at(DAY, '16:00');
  seq.day_end = feed.batch(
    dayEnded(DAY, [
      ['sh_northbound', NB_QUOTA, NB_QUOTA - 14_600_000n],
      ['sz_northbound', NB_QUOTA, NB_QUOTA + 761_750n],
    ]),
  ).first;
  return { feed, seq };
}

test('Connect trades are flows of their link, direction and currency, by hand', () => {
  const { feed, seq } = tradingDay();
  const view = feed.monitor.flows();
  assert.equal(view.market_date, DAY);
  assert.equal(view.bucket_minutes, 5);
  const sh = series(view, 'sh_hk_stock/northbound/CNY');
  assert.deepEqual(
    {
      buy: sh.buy_minor,
      sell: sh.sell_minor,
      net: sh.net_buy_minor,
      count: sh.count,
      last: sh.last_event_seq,
    },
    { buy: 14_600_000n, sell: 0n, net: 14_600_000n, count: 1, last: seq.nb_buy },
  );
  assert.deepEqual(sh.buckets, [
    {
      start_us: timestampAt(DAY, '09:30'),
      ...{ buy_minor: 14_600_000n, sell_minor: 0n, net_buy_minor: 14_600_000n, count: 1 },
    },
  ]);
  const sz = series(view, 'sz_hk_stock/northbound/CNY');
  assert.deepEqual([sz.buy_minor, sz.sell_minor, sz.net_buy_minor], [0n, 761_750n, -761_750n]);
  assert.equal(sz.buckets[0]?.start_us, timestampAt(DAY, '09:45'));
  const sb = series(view, 'sz_hk_stock/southbound/HKD');
  assert.deepEqual([sb.buy_minor, sb.net_buy_minor, sb.count], [6_263_263n, 6_263_263n, 1]);
  assert.equal(
    view.series.some((s) => s.link === 'sh_hk_stock' && s.direction === 'southbound'),
    false,
    'JADE is an SZSE participant: its Southbound trade is on the Shenzhen link',
  );
});

test('Bond Connect, repo and Payment Connect flows, by hand', () => {
  const { feed } = tradingDay();
  const view = feed.monitor.flows();
  const nb_bond = series(view, 'bond_connect/northbound/CNY');
  assert.deepEqual([nb_bond.buy_minor, nb_bond.sell_minor], [101_500_000n, 0n]);
  const sb_bond = series(view, 'bond_connect/southbound/USD');
  assert.deepEqual([sb_bond.buy_minor, sb_bond.count], [1_000_000n, 1]);
  // The quota figure follows the release; the concluded trade stays a flow of the day.
  assert.deepEqual(view.bond_connect_southbound_quota.used_rmb_minor, 0n);
  const repo = series(view, 'repo/northbound/CNH');
  assert.deepEqual(
    [repo.buy_minor, repo.sell_minor, repo.net_buy_minor, repo.count],
    [980_000_000n, 980_347_699n, -347_699n, 2],
  );
  // 10:20 to 11:00: nine 5-minute buckets, the seven between them empty.
  assert.equal(repo.buckets.length, 9);
  assert.deepEqual(
    repo.buckets.map((b) => b.net_buy_minor),
    [980_000_000n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, -980_347_699n],
  );
  const nb_pay = series(view, 'payment_connect/northbound/HKD');
  assert.deepEqual([nb_pay.buy_minor, nb_pay.count], [100_001n, 1], 'settled is not yet a flow');
  const sb_pay = series(view, 'payment_connect/southbound/CNY');
  assert.deepEqual(
    [sb_pay.buy_minor, sb_pay.sell_minor, sb_pay.net_buy_minor],
    [100_000n, 100_000n, 0n],
  );
  assert.equal(view.series.length, 8);
});

test("the quota figures sit beside the flows: SSE Northbound used the day's net buying", () => {
  const { feed, seq } = tradingDay();
  const view = feed.monitor.flows();
  const sh = view.stock_connect_quotas.find((q) => q.quota_link === 'sh_northbound');
  assert.deepEqual(sh, {
    ...{ quota_link: 'sh_northbound', link: 'sh_hk_stock', direction: 'northbound', date: DAY },
    ...{ daily_quota_minor: NB_QUOTA, balance_minor: NB_QUOTA - 14_600_000n },
    used_minor: 14_600_000n,
    as_of_event_seq: seq.day_end,
  });
  assert.equal(sh.used_minor, series(view, 'sh_hk_stock/northbound/CNY').net_buy_minor);
  const sz = view.stock_connect_quotas.find((q) => q.quota_link === 'sz_northbound');
  assert.equal(sz?.used_minor, -761_750n);
  // The Southbound links had only the day-start report: no balance yet.
  const sb = view.stock_connect_quotas.find((q) => q.quota_link === 'sh_southbound');
  assert.deepEqual(
    [sb?.daily_quota_minor, sb?.balance_minor, sb?.used_minor],
    [SB_QUOTA, null, null],
  );
});

test('the day rolls at HK midnight: 23:59 is still today, 00:00 starts a day with its own flows', () => {
  const { feed } = tradingDay();
  const late = () =>
    trade({
      ...{ id: `${SH_STOCK}:${feed.next_seq}`, instrument: SH_STOCK, price: 146_100, qty: 100 },
      ...{ buyer: 'hk-fund', buyer_participant: 'PEAK', buy_route: 'northbound' },
      ...{ seller: 'cn-fund', seller_participant: 'PEARL' },
    });
  feed.at(DAY, '23:59:59').batch(late());
  let view = feed.monitor.flows();
  assert.equal(view.market_date, DAY);
  assert.equal(series(view, 'sh_hk_stock/northbound/CNY').buy_minor, 14_600_000n + 14_610_000n);
  assert.deepEqual(feed.monitor.flowHistory(), []);
  feed.at('2026-01-06', '00:00').batch(late());
  view = feed.monitor.flows();
  assert.equal(view.market_date, '2026-01-06');
  assert.deepEqual(
    view.series.map((s) => [s.link, s.direction, s.currency, s.buy_minor, s.count]),
    [['sh_hk_stock', 'northbound', 'CNY', 14_610_000n, 1]],
  );
  assert.equal(
    series(view, 'sh_hk_stock/northbound/CNY').buckets[0]?.start_us,
    timestampAt('2026-01-06', '00:00'),
  );
  const history = feed.monitor.flowHistory();
  assert.equal(history.length, 1);
  assert.equal(history[0]?.market_date, DAY);
  const closed = history[0]?.series.find(
    (s) => s.link === 'sh_hk_stock' && s.direction === 'northbound',
  );
  assert.deepEqual(closed, {
    ...{ link: 'sh_hk_stock', direction: 'northbound', currency: 'CNY' },
    ...{ buy_minor: 29_210_000n, sell_minor: 0n, net_buy_minor: 29_210_000n, count: 2 },
  });
  assert.equal(history[0]?.series.length, 8);
  assert.equal(view.bond_connect_southbound_quota.used_rmb_minor, 0n);
});

test('closed days kept are bounded by days_kept, oldest dropped first', () => {
  const settings = riskMonitorSettings({ days_kept: 2 });
  assert.ok(settings.ok);
  const feed = new Feed(new RiskMonitor(settings.value));
  feed.batch(...referenceEvents());
  for (const date of ['2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09']) {
    feed.at(date, '10:00').batch(
      trade({
        ...{ id: `${SH_STOCK}:${date}`, instrument: SH_STOCK, price: 100, qty: 1 },
        ...{ buyer: 'hk-fund', buyer_participant: 'PEAK', buy_route: 'northbound' },
        ...{ seller: 'cn-fund', seller_participant: 'PEARL' },
      }),
    );
  }
  assert.deepEqual(
    feed.monitor.flowHistory().map((d) => d.market_date),
    ['2026-01-07', '2026-01-08'],
  );
});

test('a batch already consumed is ignored; a gap or time going backwards crashes', () => {
  const { feed } = tradingDay();
  const before = feed.monitor.flows();
  const again = feed.batches[2];
  assert.ok(again);
  assert.deepEqual(
    feed.monitor.consume(again.events, again.first_event_seq, again.timestamp_us),
    [],
  );
  assert.deepEqual(feed.monitor.flows(), before);
  assert.throws(
    () => feed.monitor.consume(referenceEvents(), feed.next_seq + 1, feed.now_us),
    /out of sequence/,
  );
  assert.throws(
    () => feed.monitor.consume(referenceEvents(), feed.next_seq, feed.now_us - 1),
    /backwards/,
  );
});
