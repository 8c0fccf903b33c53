/**
 * End to end: a Connect trading day (Northbound T+0/T+1 in RMB, Southbound T+2 in RMB at the
 * settlement rate with the FX settled PvP), a tokenized green bond issuance with secondary trading
 * settled DvP in e-HKD, and the shared virtual-asset book, through to final settlement, with a
 * northbound fail and buy-in, a southbound partial settlement, a bond fail retried, a reserve-fund
 * payout and penalties. Every balance at every tier is checked against figures computed by hand
 * (docs/settlement.md §10 walks through them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AccountInput,
  checkLedgerInvariants,
  createTransfers,
  OPERATOR_ACTOR,
} from '../ledger/index.js';
import { accountInputFor, DEFAULT_RESOLVER } from './accounts.js';
import { executeBuyIn } from './buy_in.js';
import { captureTrade } from './capture.js';
import { runCycle } from './cycle.js';
import { setSettlementRate } from './fx.js';
import { checkPosttradeInvariants } from './invariants.js';
import { collectPenalties } from './penalties.js';
import { participantReport } from './reports.js';
import { checkSharedBookOrder, reserveFundStatus, setReserveCap } from './reserve.js';
import {
  balanceOfId,
  createWorld,
  envOf,
  GREEN_HKD,
  MMF_TOKEN,
  MOUTAI,
  mint,
  openAll,
  openInfrastructure,
  TENCENT,
  tradeOf,
  type World,
  withEquityPenalties,
} from './testing.js';
import type { TradeForSettlement } from './types.js';

const DAY_US = 86_400_000_000;
const T0 = 1_767_571_200_000_000; // 2026-01-05 08:00 Hong Kong

function omnibus(owner: string, asset: string, parent_id?: string): AccountInput {
  return {
    id: `${owner}/${asset}/omnibus`,
    owner,
    asset,
    purpose: 'omnibus',
    debits_must_not_exceed_credits: true,
    credits_must_not_exceed_debits: false,
    parent_id,
    omnibus: true,
  };
}

function holding(owner: string, asset: string, parent_owner?: string): AccountInput {
  const parent_id = parent_owner === undefined ? undefined : `${parent_owner}/${asset}/omnibus`;
  return accountInputFor({ owner, asset, role: 'holding', parent_id });
}

/** The demo market's tiers: nominee chains for each security, flat cash. */
function tiers(): AccountInput[] {
  return [
    // Moutai at ChinaClear: HKSCC's northbound omnibus, brokers' omnibus below it
    omnibus('HKSCC', MOUTAI),
    omnibus('HARBOUR', MOUTAI, `HKSCC/${MOUTAI}/omnibus`),
    omnibus('PEAK', MOUTAI, `HKSCC/${MOUTAI}/omnibus`),
    holding('hk-inst-fund', MOUTAI, 'HARBOUR'),
    holding('hk-retail-wong', MOUTAI, 'PEAK'),
    holding('cn-inst-fund', MOUTAI),
    holding('cn-pro-zhao', MOUTAI),
    holding('LUJIAZUI', MOUTAI),
    // Tencent at HKSCC: ChinaClear's southbound omnibus, Mainland brokers below it
    omnibus('CSDC', TENCENT),
    omnibus('BUND', TENCENT, `CSDC/${TENCENT}/omnibus`),
    omnibus('PEARL', TENCENT, `CSDC/${TENCENT}/omnibus`),
    omnibus('HARBOUR', TENCENT),
    omnibus('PEAK', TENCENT),
    holding('cn-retail-zhang', TENCENT, 'BUND'),
    holding('cn-inst-fund', TENCENT, 'PEARL'),
    holding('hk-inst-fund', TENCENT, 'HARBOUR'),
    holding('hk-retail-wong', TENCENT, 'PEAK'),
    // The green bond at CMU: HSBC's custody omnibus, banks and a market maker direct
    accountInputFor({ owner: 'HKSARG', asset: GREEN_HKD, role: 'issuance' }),
    omnibus('HSBC', GREEN_HKD),
    holding('hk-inst-fund', GREEN_HKD, 'HSBC'),
    holding('hk-inst-insurer', GREEN_HKD, 'HSBC'),
    holding('BOCHK', GREEN_HKD),
    holding('LIONROCK', GREEN_HKD),
    // The tokenized fund on the shared book: the HK platform's and its affiliate's omnibus
    omnibus('HDX', MMF_TOKEN),
    omnibus('HDXG', MMF_TOKEN),
    holding('hk-retail-chan', MMF_TOKEN, 'HDX'),
    holding('sg-inst-fund', MMF_TOKEN, 'HDXG'),
    holding('LIONROCK', MMF_TOKEN),
    // Cash
    ...[
      'cn-inst-fund',
      'cn-pro-zhao',
      'cn-retail-zhang',
      'hk-inst-fund',
      'hk-retail-wong',
      'LUJIAZUI',
    ].map((o) => holding(o, 'CNY')),
    ...['hk-retail-wong', 'hk-inst-fund', 'hk-retail-chan', 'sg-inst-fund', 'LIONROCK'].map((o) =>
      holding(o, 'HKD'),
    ),
    ...['hk-inst-fund', 'hk-inst-insurer', 'BOCHK', 'LIONROCK', 'HKSARG'].map((o) =>
      holding(o, 'e-HKD'),
    ),
  ];
}

const id = (owner: string, asset: string) => `${owner}/${asset}`;

function setUp(): World {
  // The exchange streams have no penalty by default; this day shows the mechanism at 1 bp.
  const w = createWorld(withEquityPenalties());
  w.now_us = T0;
  openAll(w, tiers());
  openInfrastructure(w, {
    cn: [MOUTAI],
    hk: [TENCENT],
    other: [GREEN_HKD, MMF_TOKEN],
    cash: ['HKD', 'CNY', 'e-HKD'],
  });
  const opening: Array<[string, bigint]> = [
    [id('cn-inst-fund', MOUTAI), 1_000n],
    [id('hk-retail-wong', MOUTAI), 100n],
    [id('LUJIAZUI', MOUTAI), 1_000n],
    [id('hk-retail-wong', TENCENT), 400n],
    [id('cn-inst-fund', TENCENT), 1_000n],
    [id('LIONROCK', MMF_TOKEN), 100_000n],
    ...['cn-inst-fund', 'cn-pro-zhao', 'cn-retail-zhang', 'hk-inst-fund', 'hk-retail-wong'].map(
      (o) => [id(o, 'CNY'), 100_000_000n] as [string, bigint],
    ),
    ['CSDC/CNY/ccp', 100_000_000n], // ChinaClear's own liquidity
    [id('hk-inst-fund', 'HKD'), 100_000_000n],
    [id('BOCHK', 'HKD'), 100_000_000n],
    [id('hk-retail-chan', 'HKD'), 10_000_000n],
    [id('sg-inst-fund', 'HKD'), 1_000_000n],
    ['HDX/HKD/reserve_fund', 20_000_000n],
    ...['hk-inst-fund', 'hk-inst-insurer', 'BOCHK', 'LIONROCK'].map(
      (o) => [id(o, 'e-HKD'), 100_000_000n] as [string, bigint],
    ),
  ];
  for (const [account, amount] of opening) mint(w, account, amount);
  // An earlier tap of the bond, held by the market maker
  const tap = createTransfers(
    w.ledger,
    [
      {
        id: 'tap/1',
        debit_account_id: `HKSARG/${GREEN_HKD}/issuance`,
        credit_account_id: id('LIONROCK', GREEN_HKD),
        amount_minor: 100_000n,
      },
    ],
    { actor: OPERATOR_ACTOR, timestamp_us: T0, sink: w.ledger_events },
  );
  assert.ok(tap.ok);
  assert.ok(setReserveCap(w.state, envOf(w), 10_000_000n).ok);
  return w;
}

function capture(w: World, trade: TradeForSettlement): void {
  const outcome = captureTrade(w.state, envOf(w), { ...trade, timestamp_us: w.now_us });
  assert.ok(outcome.ok, outcome.ok ? '' : `${trade.trade_id}: ${outcome.code} ${outcome.message}`);
}

function cycle(w: World, cycle_id: string, date: string, groups?: string[]) {
  const outcome = runCycle(w.state, envOf(w), {
    cycle_id,
    settlement_date: date,
    end_of_day: true,
    groups,
  });
  assert.ok(outcome.ok, outcome.ok ? '' : `${cycle_id}: ${outcome.code} ${outcome.message}`);
  checkLedgerInvariants(w.ledger);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  return outcome.value;
}

const nb = (
  trade_id: string,
  seller: string,
  sp: string,
  buyer: string,
  bp: string,
  qty: number,
  price: number,
  sell_nb: boolean,
) =>
  tradeOf({
    trade_id,
    instrument: MOUTAI,
    market: 'XSHG',
    currency: 'CNY',
    price_scale: 2,
    price_units: price,
    quantity_units: qty,
    seller,
    seller_participant: sp,
    buyer,
    buyer_participant: bp,
    sell_route: sell_nb ? 'northbound' : 'domestic',
    buy_route: sell_nb ? 'domestic' : 'northbound',
  });

const sb = (
  trade_id: string,
  seller: string,
  sp: string,
  buyer: string,
  bp: string,
  qty: number,
  price: number,
  sell_sb: boolean,
) =>
  tradeOf({
    trade_id,
    seller,
    seller_participant: sp,
    buyer,
    buyer_participant: bp,
    quantity_units: qty,
    price_units: price,
    sell_route: sell_sb ? 'southbound' : 'domestic',
    buy_route: sell_sb ? 'domestic' : 'southbound',
  });

const bond = (
  trade_id: string,
  seller: string,
  buyer: string,
  qty: number,
  price: number,
  primary = false,
) =>
  tradeOf({
    trade_id,
    instrument: GREEN_HKD,
    market: 'CMU',
    price_units: price,
    quantity_units: qty,
    face_value_minor: 100n,
    cash_asset: 'e-HKD',
    seller,
    seller_participant: seller === 'HKSARG' ? 'HKMA' : 'HSBC',
    buyer,
    buyer_participant: 'HSBC',
    primary,
  });

const token = (
  trade_id: string,
  seller: string,
  seller_route: 'vatp_affiliate' | 'vatp_local',
  buyer: string,
  qty: number,
  price: number,
) =>
  tradeOf({
    trade_id,
    instrument: MMF_TOKEN,
    market: 'VATP',
    price_scale: 4,
    price_units: price,
    quantity_units: qty,
    seller,
    seller_participant: seller_route === 'vatp_affiliate' ? 'HDXG' : 'HDX',
    sell_route: seller_route,
    buyer,
    buyer_participant: seller_route === 'vatp_affiliate' ? 'HDX' : 'HDXG',
    buy_route: seller_route === 'vatp_affiliate' ? 'vatp_local' : 'vatp_affiliate',
  });

function tradingDay(w: World): void {
  // T = Monday 5 January 2026. Northbound (Moutai, RMB, securities T+0, money T+1)
  capture(w, nb('N1', 'cn-inst-fund', 'PEARL', 'hk-inst-fund', 'HARBOUR', 200, 146_000, false));
  capture(w, nb('N2', 'hk-retail-wong', 'PEAK', 'cn-pro-zhao', 'BUND', 100, 146_150, true));
  capture(w, nb('N3', 'cn-pro-zhao', 'BUND', 'hk-inst-fund', 'HARBOUR', 300, 145_900, false));
  // Southbound (Tencent, HKD trade, RMB settlement T+2)
  capture(w, sb('S1', 'hk-retail-wong', 'PEAK', 'cn-retail-zhang', 'BUND', 100, 620_000, false));
  capture(w, sb('S2', 'cn-inst-fund', 'PEARL', 'hk-inst-fund', 'HARBOUR', 200, 621_000, true));
  capture(w, sb('S3', 'hk-retail-wong', 'PEAK', 'cn-inst-fund', 'PEARL', 500, 619_500, false));
  // The green bond: primary allocations at 100.000, then secondary trades, T+0 DvP in e-HKD
  capture(w, bond('P1', 'HKSARG', 'hk-inst-fund', 50_000, 100_000, true));
  capture(w, bond('P2', 'HKSARG', 'hk-inst-insurer', 30_000, 100_000, true));
  capture(w, bond('P3', 'HKSARG', 'BOCHK', 20_000, 100_000, true));
  capture(w, bond('B1', 'BOCHK', 'hk-inst-insurer', 10_000, 100_250));
  capture(w, bond('B2', 'hk-inst-fund', 'BOCHK', 60_000, 100_125)); // short 10,000: fails
  // The shared book: an affiliate's client sells tokens still held overseas (fails)
  capture(w, token('V1', 'sg-inst-fund', 'vatp_affiliate', 'hk-retail-chan', 5_000, 100_000));
}

test('a Connect day, a tokenized bond issuance and the shared book settle to the expected figures', () => {
  const w = setUp();
  tradingDay(w);
  const env = () => envOf(w);
  assert.equal(w.state.instructions.get('B2')?.fail_reason, 'short_securities');
  assert.equal(w.state.instructions.get('V1')?.fail_reason, 'short_securities');
  // Reserve fund: HKD 50,000.00 unsettled against a cap of HKD 100,000.00
  assert.equal(reserveFundStatus(w.state, env()).unsettled_minor, 5_000_000n);
  assert.ok(checkSharedBookOrder(w.state, env(), 5_000_000n).ok);
  const refused = checkSharedBookOrder(w.state, env(), 6_000_000n);
  assert.equal(refused.ok ? '' : refused.code, 'RESERVE_CAP_REACHED');
  // The affiliate cannot deliver: bought in at HKD 10.2000, the HKD 1,000.00 loss paid by the fund
  const v1 = executeBuyIn(w.state, env(), {
    instruction_id: 'V1',
    agent: 'LIONROCK',
    price_units: 102_000,
    date: '2026-01-05',
  });
  assert.ok(v1.ok);
  assert.equal(v1.value.paid_by, 'reserve_fund');
  assert.equal(v1.value.difference_minor, 100_000n);
  // A local client sells to an affiliate's client who has the cash: settles at once
  capture(w, token('V2', 'hk-retail-chan', 'vatp_local', 'sg-inst-fund', 500, 101_000));
  // Close of 5 January: ChinaClear's cycle (northbound securities), CMU retries, rates published
  w.now_us = T0 + 10 * 3_600_000_000;
  const cn0105 = cycle(w, 'CSDC-0105', '2026-01-05', ['CSDC']);
  assert.deepEqual(cn0105.buy_ins_due, []);
  assert.equal(w.state.instructions.get('N3/S')?.fail_reason, 'short_securities');
  assert.equal(w.state.instructions.get('N3/B')?.fail_reason, 'counterparty_failed');
  assert.equal(w.state.instructions.get('N1/B')?.status, 'pending');
  cycle(w, 'CMU-0105', '2026-01-05', ['BILATERAL']);
  assert.equal(w.state.instructions.get('B2')?.penalty_minor, 60n);
  assert.equal(w.state.instructions.get('N3/S')?.penalty_minor, 4_377n);
  assert.ok(
    setSettlementRate(w.state, {
      trade_date: '2026-01-05',
      buy_rate: '0.91234',
      sell_rate: '0.91000',
    }).ok,
  );
  // 6 January: buy-in of the northbound fail, a bond purchase that lets B2 settle, the day's cycle
  w.now_us = T0 + DAY_US;
  const n3 = executeBuyIn(w.state, env(), {
    instruction_id: 'N3/S',
    agent: 'LUJIAZUI',
    price_units: 146_500,
    date: '2026-01-06',
  });
  assert.ok(n3.ok, n3.ok ? '' : n3.message);
  assert.equal(n3.value.difference_minor, 180_000n);
  capture(w, {
    ...bond('B3', 'LIONROCK', 'hk-inst-fund', 10_000, 100_000),
    trade_date: '2026-01-06',
  });
  cycle(w, 'ALL-0106', '2026-01-06');
  assert.equal(w.state.instructions.get('B2')?.status, 'settled');
  // 7 January: southbound T+2, wong is 200 Tencent short: partial settlement
  w.now_us = T0 + 2 * DAY_US;
  const before = balancesOf(w);
  const hk0107 = cycle(w, 'ALL-0107', '2026-01-07');
  checkReportAgainstLedger(w, before, 'ALL-0107', 'HKSCC');
  const hkscc = hk0107.reports.find((r) => r.group === 'HKSCC');
  assert.equal(hkscc?.net_partial, 2);
  assert.deepEqual(hkscc?.fx, [
    {
      trade_date: '2026-01-05',
      direction: 'buy_hkd',
      hkd_minor: 12_365_000n,
      rmb_minor: 11_281_084n,
      rate: '0.91234',
    },
  ]);
  const peak = participantReport(w.state, 'ALL-0107', 'HKSCC', 'PEAK');
  assert.deepEqual(
    peak?.positions.map((p) => [p.account_id, p.net_minor]),
    [
      [id('hk-retail-wong', TENCENT), -400n],
      [id('hk-retail-wong', 'HKD'), 24_785_000n],
    ],
  );
  assert.equal(w.state.instructions.get('S3/S')?.penalty_minor, 1_239n);
  // 8 January: the rest of wong's shares arrive; everything settles; penalties are collected
  w.now_us = T0 + 3 * DAY_US;
  mint(w, id('hk-retail-wong', TENCENT), 200n);
  cycle(w, 'ALL-0108', '2026-01-08');
  const collected = collectPenalties(w.state, env());
  assert.ok(collected.ok);
  assert.equal(collected.value.collected, 3);
  assert.deepEqual(collected.value.outstanding, []);
  for (const i of w.state.instructions.values()) {
    assert.ok(i.status === 'settled' || i.status === 'cancelled', `${i.id} is ${i.status}`);
  }
  checkExpectedBalances(w);
  checkLedgerInvariants(w.ledger);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
});

function balancesOf(w: World): Map<string, bigint> {
  const map = new Map<string, bigint>();
  for (const a of w.ledger.accounts.values()) map.set(a.id, a.credits_posted - a.debits_posted);
  return map;
}

/** Every position's net in the report is what the ledger moved on that account in the cycle. */
function checkReportAgainstLedger(
  w: World,
  before: Map<string, bigint>,
  cycle_id: string,
  group: string,
): void {
  const report = w.state.reports.get(`${cycle_id}/${group}`);
  assert.ok(report !== undefined);
  for (const line of report.positions) {
    const moved = balanceOfId(w, line.account_id) - (before.get(line.account_id) ?? 0n);
    assert.equal(moved, line.net_minor, `report line ${line.account_id}`);
  }
}

function checkExpectedBalances(w: World): void {
  const expected: Array<[string, bigint]> = [
    // Moutai, every tier
    [id('cn-inst-fund', MOUTAI), 800n],
    [id('cn-pro-zhao', MOUTAI), 100n],
    [id('hk-retail-wong', MOUTAI), 0n],
    [id('hk-inst-fund', MOUTAI), 500n],
    [id('LUJIAZUI', MOUTAI), 700n],
    [`CSDC/${MOUTAI}/ccp`, 0n],
    [`PEAK/${MOUTAI}/omnibus`, 0n],
    [`HARBOUR/${MOUTAI}/omnibus`, 500n],
    [`HKSCC/${MOUTAI}/omnibus`, 500n],
    // Tencent, every tier
    [id('hk-retail-wong', TENCENT), 0n],
    [id('cn-retail-zhang', TENCENT), 100n],
    [id('cn-inst-fund', TENCENT), 1_300n],
    [id('hk-inst-fund', TENCENT), 200n],
    [`HKSCC/${TENCENT}/ccp`, 0n],
    [`PEAK/${TENCENT}/omnibus`, 0n],
    [`HARBOUR/${TENCENT}/omnibus`, 200n],
    [`BUND/${TENCENT}/omnibus`, 100n],
    [`PEARL/${TENCENT}/omnibus`, 1_300n],
    [`CSDC/${TENCENT}/omnibus`, 1_400n],
    // RMB
    [id('cn-inst-fund', 'CNY'), 112_242_468n],
    [id('cn-pro-zhao', 'CNY'), 85_200_623n],
    [id('cn-retail-zhang', 'CNY'), 94_343_492n],
    [id('hk-inst-fund', 'CNY'), 27_030_000n],
    [id('hk-retail-wong', 'CNY'), 114_615_000n],
    [id('LUJIAZUI', 'CNY'), 43_950_000n],
    ['CSDC/CNY/ccp', 100_000_000n],
    ['CSDC/CNY/agent', 29_064n],
    [id('BOCHK', 'CNY'), 22_584_976n],
    ['CSDC/CNY/penalty', 4_377n],
    // HKD
    [id('hk-retail-wong', 'HKD'), 37_173_761n],
    [id('hk-inst-fund', 'HKD'), 87_580_000n],
    [id('BOCHK', 'HKD'), 75_245_000n],
    ['HKSCC/HKD/ccp', 0n],
    ['CSDC/HKD/agent', 0n],
    ['HKSCC/HKD/penalty', 1_239n],
    [id('hk-retail-chan', 'HKD'), 5_505_000n],
    [id('sg-inst-fund', 'HKD'), 495_000n],
    [id('LIONROCK', 'HKD'), 5_100_000n],
    ['HDX/HKD/reserve_fund', 19_900_000n],
    // The tokenized fund on the shared book
    [id('LIONROCK', MMF_TOKEN), 95_000n],
    [id('hk-retail-chan', MMF_TOKEN), 4_500n],
    [id('sg-inst-fund', MMF_TOKEN), 500n],
    [`HDX/${MMF_TOKEN}/omnibus`, 4_500n],
    [`HDXG/${MMF_TOKEN}/omnibus`, 500n],
    // The green bond
    [`HKSARG/${GREEN_HKD}/issuance`, -200_000n],
    [id('hk-inst-fund', GREEN_HKD), 0n],
    [id('hk-inst-insurer', GREEN_HKD), 40_000n],
    [`HSBC/${GREEN_HKD}/omnibus`, 40_000n],
    [id('BOCHK', GREEN_HKD), 70_000n],
    [id('LIONROCK', GREEN_HKD), 90_000n],
    // e-HKD
    [id('hk-inst-fund', 'e-HKD'), 100_007_440n],
    [id('hk-inst-insurer', 'e-HKD'), 95_997_500n],
    [id('BOCHK', 'e-HKD'), 92_995_000n],
    [id('LIONROCK', 'e-HKD'), 101_000_000n],
    [id('HKSARG', 'e-HKD'), 10_000_000n],
    ['HUTONG/e-HKD/penalty', 60n],
  ];
  for (const [account, amount] of expected) assert.equal(balanceOfId(w, account), amount, account);
  for (const account of w.ledger.accounts.values()) {
    if (
      account.owner === 'HUTONG' &&
      account.purpose === 'settlement' &&
      account.id.endsWith('/transit')
    ) {
      assert.equal(
        account.credits_posted - account.debits_posted,
        0n,
        `${account.id} back to zero`,
      );
    }
  }
}
