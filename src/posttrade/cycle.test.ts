/**
 * Settlement cycles: netting (model 3) per account and asset, northbound T+0/T+1, southbound
 * T+2 in RMB with the FX exchanged PvP, partial settlement and fails, and the cycle rejections.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RESOLVER } from './accounts.js';
import { captureTrade } from './capture.js';
import { runCycle } from './cycle.js';
import { setSettlementRate } from './fx.js';
import { checkPosttradeInvariants } from './invariants.js';
import { participantReport } from './reports.js';
import {
  balance,
  createWorld,
  envOf,
  holders,
  idOf,
  MOUTAI,
  mint,
  openInfrastructure,
  TENCENT,
  tradeOf,
  type World,
  withEquityPenalties,
  worldText,
} from './testing.js';
import type { Instruction } from './types.js';

function world(): World {
  const w = createWorld();
  openInfrastructure(w, { cn: [MOUTAI], hk: [TENCENT], other: [], cash: ['HKD', 'CNY'] });
  holders(w, ['A', 'B', 'C'], { [TENCENT]: 1_000n, HKD: 100_000_000n });
  return w;
}

/** HKSCC's own liquidity, for when a counterparty's failure leaves it to pay. */
function fundCcp(w: World): void {
  mint(w, idOf('HKSCC', 'HKD', 'ccp'), 1_000_000_000n);
}

function capture(
  w: World,
  id: string,
  seller: string,
  buyer: string,
  qty: number,
  price: number,
): void {
  const outcome = captureTrade(
    w.state,
    envOf(w),
    tradeOf({
      trade_id: id,
      seller,
      buyer,
      quantity_units: qty,
      price_units: price,
      timestamp_us: w.now_us,
    }),
  );
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
}

function cycle(w: World, id: string, date: string, end_of_day = false) {
  const outcome = runCycle(w.state, envOf(w), { cycle_id: id, settlement_date: date, end_of_day });
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.code} ${outcome.message}`);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  assertCompacted(w);
  return outcome.value;
}

/** After a cycle every open list holds exactly its group's instructions that are not final. */
function assertCompacted(w: World): void {
  const open = (i: Instruction) => i.status !== 'settled' && i.status !== 'cancelled';
  const groups = new Set([...w.state.instructions.values()].map((i) => i.group));
  for (const group of groups) {
    const expected = [...w.state.instructions.values()].filter((i) => i.group === group && open(i));
    assert.deepEqual(
      (w.state.open.get(group) ?? []).map((i) => i.id),
      expected.map((i) => i.id),
      `open list of ${group}`,
    );
  }
}

test('nets each account per asset and settles the nets as one batch on T+2', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  capture(w, 't:2', 'B', 'C', 100, 621_000);
  capture(w, 't:3', 'C', 'A', 50, 622_000);
  const early = cycle(w, 'c1', '2026-01-06');
  assert.equal(early.reports[0]?.positions.length, 0, 'nothing is due before T+2');
  const result = cycle(w, 'c2', '2026-01-07');
  const report = result.reports[0];
  assert.equal(report?.batch, 'single');
  assert.equal(report?.net_settled, 6);
  assert.equal(balance(w, 'A', TENCENT), 950n);
  assert.equal(balance(w, 'B', TENCENT), 1_000n);
  assert.equal(balance(w, 'C', TENCENT), 1_050n);
  assert.equal(balance(w, 'A', 'HKD'), 100_000_000n + 6_200_000n - 3_110_000n);
  assert.equal(balance(w, 'B', 'HKD'), 100_000_000n - 6_200_000n + 6_210_000n);
  assert.equal(balance(w, 'C', 'HKD'), 100_000_000n - 6_210_000n + 3_110_000n);
  assert.equal(balance(w, 'HKSCC', TENCENT, 'ccp'), 0n);
  assert.equal(balance(w, 'HKSCC', 'HKD', 'ccp'), 0n);
  for (const i of w.state.instructions.values()) assert.equal(i.status, 'settled');
  const a = participantReport(w.state, 'c2', 'HKSCC', 'BROKER_S');
  assert.ok(a !== undefined);
  // The report's nets are what the ledger moved.
  for (const line of report?.positions ?? []) {
    const moved = line.net_minor;
    const account = w.ledger.accounts.get(line.account_id);
    assert.ok(account !== undefined);
    assert.equal(line.credit_minor - line.debit_minor, moved);
  }
  const hkscc_tencent = report?.positions.find(
    (p) => p.account_id === idOf('HKSCC', TENCENT, 'ccp'),
  );
  assert.equal(hkscc_tencent?.net_minor, 0n, 'the CCP nets to zero');
  assert.equal(hkscc_tencent?.credit_minor, 250n, 'but sees every gross delivery');
});

test('settles what a short seller has where partial settlement is allowed, and fails the rest', () => {
  const w = world();
  holders(w, ['D'], { [TENCENT]: 30n, HKD: 0n });
  capture(w, 't:1', 'D', 'B', 100, 620_000);
  const result = cycle(w, 'c1', '2026-01-07');
  const seller = w.state.instructions.get('t:1/S');
  const buyer = w.state.instructions.get('t:1/B');
  assert.equal(seller?.status, 'failed');
  assert.equal(seller?.fail_reason, 'short_securities');
  assert.equal(seller?.settled_quantity_units, 30n);
  assert.equal(seller?.remaining_quantity_units, 70n);
  assert.equal(buyer?.status, 'failed');
  assert.equal(buyer?.fail_reason, 'counterparty_failed');
  assert.equal(buyer?.settled_quantity_units, 30n);
  assert.equal(balance(w, 'D', TENCENT), 0n);
  assert.equal(balance(w, 'D', 'HKD'), 1_860_000n);
  assert.equal(balance(w, 'B', TENCENT), 1_030n);
  assert.equal(result.reports[0]?.net_partial, 2);
  // The seller gets the rest; the next cycle settles it.
  mint(w, idOf('D', TENCENT), 70n);
  cycle(w, 'c2', '2026-01-08');
  assert.equal(w.state.instructions.get('t:1/S')?.status, 'settled');
  assert.equal(w.state.instructions.get('t:1/B')?.status, 'settled');
  assert.equal(balance(w, 'D', 'HKD'), 6_200_000n);
  assert.equal(balance(w, 'B', TENCENT), 1_100n);
});

test('a frozen account fails every instruction touching it; the rest settle', () => {
  const w = world();
  fundCcp(w);
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  capture(w, 't:2', 'C', 'A', 100, 620_000);
  const frozen = w.ledger.accounts.get(idOf('B', TENCENT));
  assert.ok(frozen);
  frozen.frozen = true;
  cycle(w, 'c1', '2026-01-07');
  assert.equal(w.state.instructions.get('t:1/B')?.fail_reason, 'account_frozen');
  assert.equal(w.state.instructions.get('t:1/B')?.failing_party, 'B');
  assert.equal(w.state.instructions.get('t:2/S')?.status, 'settled');
  assert.equal(w.state.instructions.get('t:2/B')?.status, 'settled');
  // The CCP received A's shares but could not deliver them to B: it holds them until it can.
  assert.equal(w.state.instructions.get('t:1/S')?.status, 'settled');
  assert.equal(balance(w, 'HKSCC', TENCENT, 'ccp'), 100n);
  assert.equal(balance(w, 'HKSCC', 'HKD', 'ccp'), 1_000_000_000n - 6_200_000n);
});

test('without liquidity of its own, a CCP passes a failure on to the side it cannot pay', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  capture(w, 't:2', 'C', 'A', 100, 620_000);
  freezeAccount(w, idOf('B', TENCENT));
  cycle(w, 'c1', '2026-01-07');
  assert.equal(w.state.instructions.get('t:1/B')?.fail_reason, 'account_frozen');
  const passed_on = [...w.state.instructions.values()].filter(
    (i) => i.fail_reason === 'counterparty_failed',
  );
  assert.ok(passed_on.length > 0);
  assert.equal(balance(w, 'HKSCC', 'HKD', 'ccp'), 0n);
});

test('northbound: securities settle on T, the instruction is pending, money settles on T+1', () => {
  const w = world();
  holders(w, ['nb', 'cn'], { [MOUTAI]: 500n, CNY: 100_000_000n });
  const trade = tradeOf({
    trade_id: 'nb:1',
    instrument: MOUTAI,
    market: 'XSHG',
    currency: 'CNY',
    price_units: 146_000,
    price_scale: 2,
    buyer: 'nb',
    seller: 'cn',
    buy_route: 'northbound',
  });
  assert.ok(captureTrade(w.state, envOf(w), trade).ok);
  cycle(w, 'c1', '2026-01-05');
  assert.equal(w.state.instructions.get('nb:1/B')?.status, 'pending');
  assert.equal(balance(w, 'nb', MOUTAI), 600n);
  assert.equal(balance(w, 'nb', 'CNY'), 100_000_000n);
  cycle(w, 'c2', '2026-01-06');
  assert.equal(w.state.instructions.get('nb:1/B')?.status, 'settled');
  assert.equal(w.state.instructions.get('nb:1/S')?.status, 'settled');
  assert.equal(balance(w, 'nb', 'CNY'), 100_000_000n - 14_600_000n);
  assert.equal(balance(w, 'cn', 'CNY'), 100_000_000n + 14_600_000n);
});

function southboundWorld(): World {
  const w = world();
  holders(w, ['sb'], { CNY: 100_000_000n, [TENCENT]: 0n });
  holders(w, ['BOCHK'], { HKD: 50_000_000n, CNY: 0n });
  const trade = tradeOf({ trade_id: 'sb:1', buyer: 'sb', buy_route: 'southbound', seller: 'A' });
  assert.ok(captureTrade(w.state, envOf(w), trade).ok);
  return w;
}

test('southbound: the investor pays RMB at the settlement rate and the FX settles PvP in the batch', () => {
  const w = southboundWorld();
  assert.ok(
    setSettlementRate(w.state, {
      trade_date: '2026-01-05',
      buy_rate: '0.91234',
      sell_rate: '0.91000',
    }).ok,
  );
  const result = cycle(w, 'c1', '2026-01-07');
  // HKD 62,000.00 × 0.91234 = RMB 56,565.08, rounded up for the investor (exact here)
  assert.equal(balance(w, 'sb', 'CNY'), 100_000_000n - 5_656_508n);
  assert.equal(balance(w, 'sb', TENCENT), 100n);
  assert.equal(balance(w, 'A', 'HKD'), 100_000_000n + 6_200_000n);
  assert.equal(balance(w, 'BOCHK', 'HKD'), 50_000_000n - 6_200_000n);
  assert.equal(balance(w, 'BOCHK', 'CNY'), 5_656_508n);
  assert.equal(balance(w, 'CSDC', 'HKD', 'agent'), 0n);
  assert.equal(balance(w, 'CSDC', 'CNY', 'agent'), 0n);
  assert.deepEqual(result.reports[0]?.fx, [
    {
      trade_date: '2026-01-05',
      direction: 'buy_hkd',
      hkd_minor: 6_200_000n,
      rmb_minor: 5_656_508n,
      rate: '0.91234',
    },
  ]);
});

test('southbound: if the FX bank cannot deliver, neither FX leg settles and the southbound side fails', () => {
  const w = southboundWorld();
  freezeAccount(w, idOf('BOCHK', 'HKD'));
  assert.ok(
    setSettlementRate(w.state, { trade_date: '2026-01-05', buy_rate: '0.91234', sell_rate: '0.91' })
      .ok,
  );
  cycle(w, 'c1', '2026-01-07');
  assert.equal(w.state.instructions.get('sb:1/B')?.fail_reason, 'fx_failed');
  assert.equal(balance(w, 'BOCHK', 'CNY'), 0n);
  assert.equal(balance(w, 'BOCHK', 'HKD'), 50_000_000n);
  assert.equal(balance(w, 'sb', 'CNY'), 100_000_000n);
  assert.equal(balance(w, 'sb', TENCENT), 0n);
});

function freezeAccount(w: World, id: string): void {
  const account = w.ledger.accounts.get(id);
  assert.ok(account);
  account.frozen = true;
}

test('refuses a cycle whose southbound rates are not published (SETTLEMENT_RATE_MISSING)', () => {
  const w = southboundWorld();
  const before = worldText(w);
  const outcome = runCycle(w.state, envOf(w), { cycle_id: 'c1', settlement_date: '2026-01-07' });
  assert.equal(outcome.ok ? '' : outcome.code, 'SETTLEMENT_RATE_MISSING');
  assert.equal(worldText(w), before);
});

test('refuses bad cycles and changes nothing', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  cycle(w, 'c1', '2026-01-07');
  const before = worldText(w);
  const cases: Array<[Parameters<typeof runCycle>[2], string]> = [
    [{ cycle_id: 'c1', settlement_date: '2026-01-08' }, 'CYCLE_EXISTS'],
    [{ cycle_id: 'bad id', settlement_date: '2026-01-08' }, 'CYCLE_ID_INVALID'],
    [{ cycle_id: 'c2', settlement_date: '08/01/2026' }, 'CYCLE_DATE_INVALID'],
    [{ cycle_id: 'c2', settlement_date: '2026-01-08', cutoff_us: -1 }, 'CYCLE_DATE_INVALID'],
    [{ cycle_id: 'c2', settlement_date: '2026-01-06' }, 'CYCLE_DATE_BEFORE_LAST'],
    [{ cycle_id: 'c2', settlement_date: '2026-01-08', groups: ['NOPE'] }, 'UNKNOWN_GROUP'],
    [
      { cycle_id: 'c2', settlement_date: '2026-01-08', groups: ['HKSCC', 'HKSCC'] },
      'CYCLE_GROUP_REPEATED',
    ],
    [
      { cycle_id: 'c2', settlement_date: '2026-01-10', groups: ['HKSCC'] },
      'CYCLE_NOT_A_SETTLEMENT_DAY',
    ],
    [
      { cycle_id: 'c2', settlement_date: '2026-04-03', groups: ['CSDC', 'HKSCC'] },
      'CYCLE_NOT_A_SETTLEMENT_DAY',
    ],
  ];
  for (const [input, code] of cases) {
    const outcome = runCycle(w.state, envOf(w), input);
    assert.equal(outcome.ok ? '' : outcome.code, code);
    assert.equal(worldText(w), before);
  }
});

test('a group named twice with instructions due is refused, not a halt (CYCLE_GROUP_REPEATED)', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  const before = worldText(w);
  const outcome = runCycle(w.state, envOf(w), {
    cycle_id: 'c1',
    settlement_date: '2026-01-07',
    groups: ['HKSCC', 'HKSCC'],
  });
  assert.equal(outcome.ok ? '' : outcome.code, 'CYCLE_GROUP_REPEATED');
  assert.equal(worldText(w), before);
});

test('a failed instruction waits over a weekend: no cycle, no penalty, state unchanged', () => {
  const w = createWorld(withEquityPenalties());
  openInfrastructure(w, { cn: [MOUTAI], hk: [TENCENT], other: [], cash: ['HKD', 'CNY'] });
  holders(w, ['A', 'B'], { [TENCENT]: 1_000n, HKD: 100_000_000n });
  holders(w, ['E'], { [TENCENT]: 0n, HKD: 0n });
  capture(w, 't:1', 'E', 'B', 100, 620_000); // Mon 5 Jan 2026, settles Wed 7 Jan
  const eod = (cycle_id: string, settlement_date: string) =>
    runCycle(w.state, envOf(w), { cycle_id, settlement_date, end_of_day: true });
  assert.ok(eod('c1', '2026-01-09').ok); // Friday
  const seller = w.state.instructions.get('t:1/S');
  assert.equal(seller?.status, 'failed');
  assert.equal(seller?.penalty_days, 1);
  const before = worldText(w);
  const saturday = eod('c2', '2026-01-10');
  assert.equal(saturday.ok ? '' : saturday.code, 'CYCLE_NOT_A_SETTLEMENT_DAY');
  assert.equal(worldText(w), before);
  assert.ok(eod('c3', '2026-01-12').ok); // Monday
  assert.equal(seller?.penalty_days, 2);
});

test('a cycle takes only instructions captured by its cut-off', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  w.now_us += 1_000_000;
  capture(w, 't:2', 'A', 'C', 100, 620_000);
  const cutoff_us = w.now_us - 1;
  const outcome = runCycle(w.state, envOf(w), {
    cycle_id: 'c1',
    settlement_date: '2026-01-07',
    cutoff_us,
  });
  assert.ok(outcome.ok);
  assert.equal(w.state.instructions.get('t:1/S')?.status, 'settled');
  assert.equal(w.state.instructions.get('t:2/S')?.status, 'matched');
});
