/**
 * Exposures and concentration by hand: settled holdings from ledger balances, trades captured for
 * settlement as unsettled positions and obligations to the CCPs, delivery moving them, a partial
 * delivery paying its part of the cash, positions revalued when the price moves, the investor
 * classes, a repo pair with leverage and margin, a facility drawing, top holders, turnover shares
 * and the HHI.
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
  repoOpened,
  SH_STOCK,
  status,
  trade,
  transfer,
} from './fixtures.js';
import { RiskMonitor } from './monitor.js';
import type { ExposuresView, ParticipantExposure } from './types.js';

const SH_HK_FUND = `${SH_STOCK}/PEAK/hk-fund`;
const SH_CN_FUND = `${SH_STOCK}/PEARL/cn-fund`;
const HK_HK_FUND = `${HK_STOCK}/PEAK/hk-fund`;
const HK_CN_RETAIL = `${HK_STOCK}/CSDC/cn-retail`;

/** Genesis holdings, then three trades captured for settlement (none settled yet). */
function tradedDay(): Feed {
  const feed = new Feed(new RiskMonitor(), '08:00');
  feed.batch(
    ...referenceEvents(),
    accountCreated(SH_HK_FUND, 'hk-fund', SH_STOCK),
    accountCreated(SH_CN_FUND, 'cn-fund', SH_STOCK),
    accountCreated(`${SH_STOCK}/HKSCC/PEAK`, 'PEAK', SH_STOCK, true),
    accountCreated(`CSDC/${SH_STOCK}/ccp`, 'CSDC', SH_STOCK),
    accountCreated(HK_HK_FUND, 'hk-fund', HK_STOCK),
    accountCreated(HK_CN_RETAIL, 'cn-retail', HK_STOCK),
    accountCreated('hk-fund/CNY', 'hk-fund', 'CNY'),
    // The omnibus tier and the CCP's own account move too, and are not positions.
    balances(
      [SH_HK_FUND, 1_000n],
      [`${SH_STOCK}/HKSCC/PEAK`, 1_000n],
      [`CSDC/${SH_STOCK}/ccp`, 7n],
    ),
    balances([SH_CN_FUND, 5_000n], [HK_HK_FUND, 2_000n], ['hk-fund/CNY', 99_000_000n]),
  );
  // 10:00 Northbound: hk-fund buys 100 at RMB 1,460.00 = 14,600,000 fen, novated to ChinaClear.
  feed.at(DAY, '10:00').batch(
    trade({
      ...{ id: 'T1', instrument: SH_STOCK, price: 146_000, qty: 100 },
      ...{ buyer: 'hk-fund', buyer_participant: 'PEAK', buy_route: 'northbound' },
      ...{ seller: 'cn-fund', seller_participant: 'PEARL' },
    }),
    captured('T1/S', 'T1', 'CSDC'),
    captured('T1/B', 'T1', 'CSDC'),
  );
  // 10:05 Southbound: cn-retail buys 300 at HKD 620.000 = 18,600,000 cents, novated to HKSCC.
  feed.at(DAY, '10:05').batch(
    trade({
      ...{ id: 'T2', instrument: HK_STOCK, price: 620_000, qty: 300 },
      ...{ buyer: 'cn-retail', buyer_participant: 'JADE', buy_route: 'southbound' },
      ...{ seller: 'hk-fund', seller_participant: 'PEAK' },
    }),
    captured('T2/S', 'T2', 'HKSCC'),
    captured('T2/B', 'T2', 'HKSCC'),
  );
  // 10:10 Northbound sell: hk-retail (no holding: a short) sells 50 at 1,461.00 = 7,305,000 fen.
  feed.at(DAY, '10:10').batch(
    trade({
      ...{ id: 'T3', instrument: SH_STOCK, price: 146_100, qty: 50 },
      ...{ buyer: 'cn-fund', buyer_participant: 'PEARL' },
      ...{ seller: 'hk-retail', seller_participant: 'HARBOUR', sell_route: 'northbound' },
    }),
    captured('T3/S', 'T3', 'CSDC'),
    captured('T3/B', 'T3', 'CSDC'),
  );
  return feed;
}

function participant(view: ExposuresView, id: string): ParticipantExposure {
  const found = view.participants.find((p) => p.participant === id);
  assert.ok(found, `no participant ${id}`);
  return found;
}

function values(e: ParticipantExposure): Array<[string, bigint, bigint]> {
  return e.positions.map((p) => [p.currency, p.long_minor, p.short_minor]);
}

test('positions: settled holdings plus unsettled trades, valued at the last price', () => {
  const feed = tradedDay();
  const view = feed.monitor.exposures();
  // SH at the last price RMB 1,461.00: PEAK 1,100 = 160,710,000; PEARL 4,950 = 723,195,000;
  // HARBOUR short 50 = 7,305,000. HK at HKD 620.000: PEAK 1,700 = 105,400,000; JADE 300.
  assert.deepEqual(values(participant(view, 'PEAK')), [
    ['CNY', 160_710_000n, 0n],
    ['HKD', 105_400_000n, 0n],
  ]);
  assert.deepEqual(values(participant(view, 'PEARL')), [['CNY', 723_195_000n, 0n]]);
  assert.deepEqual(values(participant(view, 'HARBOUR')), [['CNY', 0n, 7_305_000n]]);
  assert.deepEqual(values(participant(view, 'JADE')), [['HKD', 18_600_000n, 0n]]);
  const harbour = participant(view, 'HARBOUR').positions[0];
  assert.deepEqual([harbour?.net_minor, harbour?.gross_minor], [-7_305_000n, 7_305_000n]);
  assert.deepEqual(feed.monitor.positions('PEAK'), [
    {
      ...{ instrument: SH_STOCK, currency: 'CNY', quantity_units: 1_100, unsettled_units: 100 },
      ...{ price_units: 146_100, price_scale: 2, value_minor: 160_710_000n },
    },
    {
      ...{ instrument: HK_STOCK, currency: 'HKD', quantity_units: 1_700, unsettled_units: -300 },
      ...{ price_units: 620_000, price_scale: 3, value_minor: 105_400_000n },
    },
  ]);
  assert.equal(
    view.participants.some((p) => p.participant === 'CSDC' || p.participant === 'HKSCC'),
    false,
    "the CCP's and the omnibus tier's balances are not positions",
  );
  assert.deepEqual(feed.monitor.positions('NOBODY'), []);
});

test('a transfer in a security sets the holding; a cash transfer moves none', () => {
  const feed = tradedDay();
  feed.batch(
    transfer(SH_STOCK, [SH_HK_FUND, 1_250n], [`${SH_STOCK}/HKSCC/PEAK`, 1_250n]),
    // A cash transfer naming a holding account (it never does) is not read as one.
    transfer('CNY', [SH_CN_FUND, 1n], ['hk-fund/CNY', 98_000_000n]),
  );
  const lines = feed.monitor.positions('PEAK');
  assert.deepEqual(lines[0]?.quantity_units, 1_350, '1,250 settled + 100 unsettled');
  assert.equal(feed.monitor.positions('PEARL')[0]?.quantity_units, 4_950);
});

test('unsettled obligations to ChinaClear and HKSCC per participant, and the CCP view', () => {
  const view = tradedDay().monitor.exposures();
  assert.deepEqual(participant(view, 'PEAK').obligations, [
    {
      ...{ group: 'CSDC', currency: 'CNY', payable_minor: 14_600_000n, receivable_minor: 0n },
      ...{ net_payable_minor: 14_600_000n, open_instructions: 1 },
    },
    {
      ...{ group: 'HKSCC', currency: 'HKD', payable_minor: 0n, receivable_minor: 18_600_000n },
      ...{ net_payable_minor: -18_600_000n, open_instructions: 1 },
    },
  ]);
  // PEARL: receives 14,600,000 for T1, pays 7,305,000 for T3.
  assert.deepEqual(participant(view, 'PEARL').obligations, [
    {
      ...{
        group: 'CSDC',
        currency: 'CNY',
        payable_minor: 7_305_000n,
        receivable_minor: 14_600_000n,
      },
      ...{ net_payable_minor: -7_295_000n, open_instructions: 2 },
    },
  ]);
  assert.deepEqual(view.ccp, [
    { participant: 'HARBOUR', ccp: 'CSDC', currency: 'CNY', net_payable_minor: -7_305_000n },
    { participant: 'JADE', ccp: 'HKSCC', currency: 'HKD', net_payable_minor: 18_600_000n },
    { participant: 'PEAK', ccp: 'CSDC', currency: 'CNY', net_payable_minor: 14_600_000n },
    { participant: 'PEAK', ccp: 'HKSCC', currency: 'HKD', net_payable_minor: -18_600_000n },
    { participant: 'PEARL', ccp: 'CSDC', currency: 'CNY', net_payable_minor: -7_295_000n },
  ]);
});

test('delivery moves units from unsettled to settled; cash leaves when paid, a partial pro rata', () => {
  const feed = tradedDay();
  // 17:00: T1's securities delivered (money follows T+1): the ledger shows it, status pending.
  feed
    .at(DAY, '17:00')
    .batch(
      balances([SH_HK_FUND, 1_100n], [SH_CN_FUND, 4_900n]),
      status('T1/S', 'pending', 100n, 0n),
      status('T1/B', 'pending', 100n, 0n),
    );
  let view = feed.monitor.exposures();
  assert.equal(feed.monitor.positions('PEAK')[0]?.unsettled_units, 0);
  assert.deepEqual(values(participant(view, 'PEAK'))[0], ['CNY', 160_710_000n, 0n]);
  assert.equal(participant(view, 'PEAK').obligations[0]?.payable_minor, 14_600_000n);
  // Next day: T1's cash settles; T2 delivers 200 of 300 (partial): 18,600,000 × 200 / 300 =
  // 12,400,000 paid, 6,200,000 still due each way.
  feed
    .at('2026-01-06', '17:00')
    .batch(
      status('T1/S', 'settled', 100n, 0n),
      status('T1/B', 'settled', 100n, 0n),
      balances([HK_CN_RETAIL, 200n], [HK_HK_FUND, 1_800n]),
      status('T2/S', 'failed', 200n, 100n),
      status('T2/B', 'failed', 200n, 100n),
    );
  view = feed.monitor.exposures();
  assert.deepEqual(participant(view, 'PEAK').obligations, [
    {
      ...{ group: 'HKSCC', currency: 'HKD', payable_minor: 0n, receivable_minor: 6_200_000n },
      ...{ net_payable_minor: -6_200_000n, open_instructions: 1 },
    },
  ]);
  assert.equal(participant(view, 'JADE').obligations[0]?.payable_minor, 6_200_000n);
  assert.deepEqual(
    feed.monitor.positions('JADE').map((l) => [l.quantity_units, l.unsettled_units]),
    [[300, 100]],
  );
  assert.deepEqual(
    feed.monitor.positions('PEAK').map((l) => [l.instrument, l.quantity_units, l.unsettled_units]),
    [
      [SH_STOCK, 1_100, 0],
      [HK_STOCK, 1_700, -100],
    ],
  );
  // The rest delivered, then cancelled ones close: nothing open remains.
  feed.batch(
    status('T2/S', 'settled', 300n, 0n),
    status('T2/B', 'settled', 300n, 0n),
    status('T3/S', 'cancelled', 0n, 50n),
    status('T3/B', 'cancelled', 0n, 50n),
  );
  view = feed.monitor.exposures();
  assert.deepEqual(
    view.participants.flatMap((p) => p.obligations),
    [],
  );
  assert.equal(feed.monitor.stats().open_instructions, 0);
});

test('investor classes: positions and obligations per type of investor', () => {
  const view = tradedDay().monitor.exposures();
  const institutional = view.investor_classes.find((c) => c.investor_class === 'institutional');
  // hk-fund 1,100 + cn-fund 4,950 = 6,050 × 1,461.00; hk-fund 1,700 × HKD 620.000.
  assert.deepEqual(
    institutional?.positions.map((p) => [p.currency, p.long_minor]),
    [
      ['CNY', 883_905_000n],
      ['HKD', 105_400_000n],
    ],
  );
  const retail = view.investor_classes.find((c) => c.investor_class === 'retail');
  assert.deepEqual(
    retail?.positions.map((p) => [p.currency, p.long_minor, p.short_minor]),
    [
      ['CNY', 0n, 7_305_000n],
      ['HKD', 18_600_000n, 0n],
    ],
  );
  assert.deepEqual(
    retail?.obligations.map((o) => [o.group, o.currency, o.payable_minor, o.receivable_minor]),
    [
      ['CSDC', 'CNY', 0n, 7_305_000n],
      ['HKSCC', 'HKD', 18_600_000n, 0n],
    ],
  );
  assert.deepEqual(
    view.investor_classes.map((c) => c.investor_class),
    ['retail', 'professional', 'institutional', 'qfii', 'house'],
  );
});

test('repo leverage, margin and the bilateral view; a facility drawing', () => {
  const feed = tradedDay();
  const margin_called: HubEvent = {
    type: 'margin_called',
    ...{ repo_id: 'R1', seller: 'BANKCN', buyer: 'BANKHK', from: 'seller' },
    ...{
      amount_minor: 10_000_000n,
      market_value_minor: 990_000_000n,
      cash_margin_minor: 10_000_000n,
    },
  };
  feed
    .at(DAY, '11:00')
    .batch(repoOpened('R1', 'BANKCN', 'BANKHK', 980_000_000n, 1_000_000_000n), margin_called, {
      type: 'facility_drawn',
      bank: 'BANKHK',
      drawing: {
        ...{
          drawing_id: 'D1',
          bank: 'BANKHK',
          facility: 'rmb_lf',
          tenor: 'overnight',
          form: 'repo',
        },
        ...{ purpose: null, plp_line: false, amount_minor: 50_000_000n, rate_e12: 0n },
        ...{ trade_date: DAY, value_date: DAY, maturity_date: '2026-01-06', collateral: [] },
        ...{ hkd: null, rolled_overnight: false },
      },
    });
  const view = feed.monitor.exposures();
  // BANKCN borrowed 980,000,000 against bonds now worth 990,000,000: 9,898 bp; it gave 10 m margin.
  assert.deepEqual(participant(view, 'BANKCN').financing, [
    {
      ...{
        currency: 'CNH',
        borrowed_minor: 980_000_000n,
        collateral_delivered_minor: 990_000_000n,
      },
      ...{ lent_minor: 0n, collateral_received_minor: 0n, cash_margin_held_minor: -10_000_000n },
      ...{ borrowed_to_collateral_bps: 9_898, open_repos: 1 },
    },
  ]);
  assert.equal(participant(view, 'BANKHK').financing[0]?.lent_minor, 980_000_000n);
  assert.equal(participant(view, 'BANKHK').facility_drawn_minor, 50_000_000n);
  assert.deepEqual(view.bilateral_repo, [
    {
      ...{ lender: 'BANKHK', borrower: 'BANKCN', currency: 'CNH', cash_lent_minor: 980_000_000n },
      ...{ collateral_value_minor: 990_000_000n, cash_margin_minor: 10_000_000n },
      ...{ net_exposure_minor: -20_000_000n, open_repos: 1 },
    },
  ]);
  feed.batch(
    {
      type: 'repo_terminated',
      repo_id: 'R1',
      seller: 'BANKCN',
      buyer: 'BANKHK',
      termination_date: DAY,
      days: 0,
      repurchase_price_minor: 980_000_000n,
      settlement_trade_id: 'REPO:9:E',
    },
    {
      type: 'facility_repaid',
      ...{ drawing_id: 'D1', bank: 'BANKHK', facility: 'rmb_lf', days: 1 },
      ...{
        principal_minor: 50_000_000n,
        interest_minor: 0n,
        hkd_returned_minor: 0n,
        hkd_interest_minor: 0n,
      },
    },
  );
  const after = feed.monitor.exposures();
  assert.deepEqual(after.bilateral_repo, []);
  assert.equal(
    after.participants.some((p) => p.participant === 'BANKHK'),
    false,
  );
  assert.equal(feed.monitor.stats().open_repos, 0);
});

test('concentration: top holders of an instrument, turnover shares and the HHI', () => {
  const monitor = tradedDay().monitor;
  // SH states 1,000,000 units in issue: cn-fund 4,950 = 49 bp, hk-fund 1,100 = 11 bp.
  assert.deepEqual(monitor.holders(SH_STOCK), {
    ...{ instrument: SH_STOCK, base: 'issued', base_units: 1_000_000, holders: 2 },
    top: [
      { holder: 'cn-fund', quantity_units: 4_950, share_bps: 49 },
      { holder: 'hk-fund', quantity_units: 1_100, share_bps: 11 },
    ],
  });
  // HK states none: of the 2,000 long units seen, hk-fund 1,700 = 85 %, cn-retail 300 = 15 %.
  assert.deepEqual(monitor.holders(HK_STOCK)?.top, [
    { holder: 'hk-fund', quantity_units: 1_700, share_bps: 8_500 },
    { holder: 'cn-retail', quantity_units: 300, share_bps: 1_500 },
  ]);
  assert.equal(monitor.holders('NOPE'), null);
  const view = monitor.concentration();
  assert.deepEqual(
    view.instruments.map((i) => i.instrument),
    [HK_STOCK, SH_STOCK],
  );
  // XSHG today: 14,600,000 + 7,305,000 = 21,905,000, both sides 43,810,000. PEARL 21,905,000
  // (5,000 bp), PEAK 14,600,000 (3,332 bp), HARBOUR 7,305,000 (1,667 bp).
  // HHI = 10,000 × (21,905,000² + 14,600,000² + 7,305,000²) / 43,810,000² = 3,888.6…
  const xshg = view.markets.find((m) => m.market === 'XSHG');
  assert.deepEqual(xshg, {
    ...{ market: 'XSHG', currency: 'CNY', turnover_minor: 21_905_000n, trades: 2, hhi: 3_888 },
    top: [
      { participant: 'PEARL', turnover_minor: 21_905_000n, share_bps: 5_000 },
      { participant: 'PEAK', turnover_minor: 14_600_000n, share_bps: 3_332 },
      { participant: 'HARBOUR', turnover_minor: 7_305_000n, share_bps: 1_667 },
    ],
  });
  const xhkg = view.markets.find((m) => m.market === 'XHKG');
  assert.deepEqual([xhkg?.currency, xhkg?.hhi, xhkg?.top.length], ['HKD', 5_000, 2]);
  assert.equal(monitor.concentration(1).markets[0]?.top.length, 1);
});
