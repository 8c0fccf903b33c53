/**
 * Fails after the cycle: penalties and their collection, buy-ins, cancellation, settlement-rate
 * rejections, and netting larger than one ledger batch (holds, then posts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LEDGER_LIMITS } from '../ledger/index.js';
import { DEFAULT_RESOLVER } from './accounts.js';
import { executeBuyIn } from './buy_in.js';
import { cancelInstruction } from './cancel.js';
import { captureTrade } from './capture.js';
import { DEFAULT_POSTTRADE_CONFIG, posttradeConfig } from './config.js';
import { runCycle } from './cycle.js';
import { setSettlementRate } from './fx.js';
import { checkPosttradeInvariants } from './invariants.js';
import { POSTTRADE_LIMITS } from './limits.js';
import { collectPenalties } from './penalties.js';
import { pruneFinal } from './prune.js';
import {
  balance,
  createWorld,
  envOf,
  holders,
  idOf,
  mint,
  openInfrastructure,
  TENCENT,
  tradeOf,
  type World,
  withEquityPenalties,
  worldText,
} from './testing.js';

function world(config = withEquityPenalties()): World {
  const w = createWorld(config);
  openInfrastructure(w, { cn: [], hk: [TENCENT], other: [], cash: ['HKD'] });
  holders(w, ['A', 'B', 'C', 'D', 'LIONROCK'], { [TENCENT]: 1_000n, HKD: 100_000_000n });
  mint(w, idOf('HKSCC', 'HKD', 'ccp'), 1_000_000_000n);
  return w;
}

function capture(
  w: World,
  id: string,
  seller: string,
  buyer: string,
  qty = 100,
  price = 620_000,
): void {
  const trade = tradeOf({ trade_id: id, seller, buyer, quantity_units: qty, price_units: price });
  const outcome = captureTrade(w.state, envOf(w), trade);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
}

function cycle(w: World, id: string, date: string, end_of_day = true) {
  const outcome = runCycle(w.state, envOf(w), { cycle_id: id, settlement_date: date, end_of_day });
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.code} ${outcome.message}`);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  return outcome.value;
}

/** D sells 100 Tencent it does not have. */
function failedDelivery(): World {
  const w = world();
  holders(w, ['E'], { [TENCENT]: 0n, HKD: 0n });
  capture(w, 't:1', 'E', 'B');
  return w;
}

test('a failed delivery accrues its penalty once per business day and is listed for buy-in', () => {
  const w = failedDelivery();
  const first = cycle(w, 'c1', '2026-01-07');
  const seller = w.state.instructions.get('t:1/S');
  assert.equal(seller?.fail_reason, 'short_securities');
  assert.equal(seller?.penalty_minor, 620n, '1 bp of HKD 62,000.00');
  assert.equal(first.penalties_accrued, 1, 'the CCP passing the failure on pays nothing');
  assert.deepEqual(first.buy_ins_due, []);
  cycle(w, 'c2', '2026-01-07');
  assert.equal(w.state.instructions.get('t:1/S')?.penalty_days, 1, 'one penalty per day');
  const third = cycle(w, 'c3', '2026-01-08');
  assert.equal(w.state.instructions.get('t:1/S')?.penalty_minor, 1_240n);
  assert.deepEqual(third.buy_ins_due, ['t:1/S']);
});

test('by default a failed ChinaClear or HKSCC delivery accrues no penalty (no rule cited)', () => {
  const w = world(posttradeConfig());
  holders(w, ['E'], { [TENCENT]: 0n, HKD: 0n });
  capture(w, 't:1', 'E', 'B');
  const first = cycle(w, 'c1', '2026-01-07');
  const seller = w.state.instructions.get('t:1/S');
  assert.equal(seller?.fail_reason, 'short_securities');
  assert.equal(seller?.penalty_minor, 0n);
  assert.equal(first.penalties_accrued, 0);
  for (const stream of ['northbound', 'cn_domestic', 'southbound', 'hk_domestic'] as const) {
    assert.equal(DEFAULT_POSTTRADE_CONFIG.streams[stream].penalty_ppm_per_day, 0, stream);
  }
});

test('penalties are collected into the CSD penalty account when the party can pay', () => {
  const w = failedDelivery();
  cycle(w, 'c1', '2026-01-07');
  const short = collectPenalties(w.state, envOf(w));
  assert.ok(short.ok);
  assert.deepEqual(short.value.outstanding, ['t:1/S'], 'E has no HKD yet');
  mint(w, idOf('E', 'HKD'), 10_000n);
  const paid = collectPenalties(w.state, envOf(w));
  assert.ok(paid.ok);
  assert.equal(paid.value.collected, 1);
  assert.equal(balance(w, 'HKSCC', 'HKD', 'penalty'), 620n);
  assert.equal(balance(w, 'E', 'HKD'), 10_000n - 620n);
  const again = collectPenalties(w.state, envOf(w));
  assert.ok(again.ok);
  assert.equal(again.value.collected, 0);
});

test('a buy-in after the deadline closes the failed delivery; the failing seller pays the difference', () => {
  const w = failedDelivery();
  mint(w, idOf('E', 'HKD'), 500_000n);
  cycle(w, 'c1', '2026-01-07');
  const early = executeBuyIn(w.state, envOf(w), {
    instruction_id: 't:1/S',
    agent: 'LIONROCK',
    price_units: 630_000,
    date: '2026-01-07',
  });
  assert.equal(early.ok ? '' : early.code, 'BUY_IN_NOT_DUE');
  const done = executeBuyIn(w.state, envOf(w), {
    instruction_id: 't:1/S',
    agent: 'LIONROCK',
    price_units: 630_000,
    date: '2026-01-08',
  });
  assert.ok(done.ok, done.ok ? '' : done.message);
  assert.equal(done.value.cost_minor, 6_300_000n);
  assert.equal(done.value.difference_minor, 100_000n);
  assert.equal(done.value.paid_by, 'deliverer');
  assert.equal(w.state.instructions.get('t:1/S')?.status, 'cancelled');
  assert.equal(w.state.instructions.get('t:1/S')?.closure, 'bought_in');
  assert.equal(balance(w, 'E', 'HKD'), 400_000n);
  assert.equal(balance(w, 'LIONROCK', TENCENT), 900n);
  assert.equal(balance(w, 'LIONROCK', 'HKD'), 100_000_000n + 6_300_000n);
  // HKSCC now has the shares: the buyer's side settles in the next cycle.
  cycle(w, 'c2', '2026-01-08');
  assert.equal(w.state.instructions.get('t:1/B')?.status, 'settled');
  assert.equal(balance(w, 'B', TENCENT), 1_100n);
  assert.equal(balance(w, 'HKSCC', TENCENT, 'ccp'), 0n);
  assert.equal(balance(w, 'HKSCC', 'HKD', 'ccp'), 1_000_000_000n);
});

test('buy-in rejections leave everything as it was', () => {
  const w = failedDelivery();
  capture(w, 't:2', 'A', 'C');
  cycle(w, 'c1', '2026-01-07');
  const before = worldText(w);
  const cases: Array<[Parameters<typeof executeBuyIn>[2], string]> = [
    [
      { instruction_id: 'nope', agent: 'LIONROCK', price_units: 1, date: '2026-01-08' },
      'UNKNOWN_INSTRUCTION',
    ],
    [
      { instruction_id: 't:1/B', agent: 'LIONROCK', price_units: 1, date: '2026-01-08' },
      'SETTLEMENT_ALREADY_FINAL',
    ],
    // HKSCC delivered A's shares to B (the earlier trade) and could not deliver to C.
    [
      { instruction_id: 't:2/B', agent: 'LIONROCK', price_units: 1, date: '2026-01-08' },
      'BUY_IN_NOT_APPLICABLE',
    ],
    [
      { instruction_id: 't:1/S', agent: 'LIONROCK', price_units: 0, date: '2026-01-08' },
      'BUY_IN_NOT_APPLICABLE',
    ],
    [
      { instruction_id: 't:1/S', agent: 'LIONROCK', price_units: 1, date: '2026-01-07' },
      'BUY_IN_NOT_DUE',
    ],
    [
      { instruction_id: 't:1/S', agent: 'nobody', price_units: 1, date: '2026-01-08' },
      'ACCOUNT_UNRESOLVED',
    ],
    [
      { instruction_id: 't:1/S', agent: 'E', price_units: 630_000, date: '2026-01-08' },
      'BUY_IN_FAILED',
    ],
  ];
  for (const [input, code] of cases) {
    const outcome = executeBuyIn(w.state, envOf(w), input);
    assert.equal(outcome.ok ? '' : outcome.code, code, `${input.instruction_id} ${input.agent}`);
    assert.equal(worldText(w), before);
  }
  const limits = POSTTRADE_LIMITS as { buy_ins_max: number };
  const saved = limits.buy_ins_max;
  try {
    limits.buy_ins_max = 0;
    const full = executeBuyIn(w.state, envOf(w), {
      instruction_id: 't:1/S',
      agent: 'LIONROCK',
      price_units: 630_000,
      date: '2026-01-08',
    });
    assert.equal(full.ok ? '' : full.code, 'BUY_INS_FULL');
    assert.equal(worldText(w), before);
  } finally {
    limits.buy_ins_max = saved;
  }
});

test('cancelling a novated trade cancels both sides; settled is irrevocable', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B');
  capture(w, 't:2', 'A', 'C');
  holders(w, ['E'], { [TENCENT]: 30n, HKD: 0n });
  capture(w, 't:3', 'E', 'B');
  const cancelled = cancelInstruction(w.state, envOf(w), { instruction_id: 't:1/B' });
  assert.ok(cancelled.ok);
  assert.deepEqual(cancelled.value, ['t:1/S', 't:1/B']);
  cycle(w, 'c1', '2026-01-07');
  const before = worldText(w);
  const cases: Array<[string, string]> = [
    ['nope', 'UNKNOWN_INSTRUCTION'],
    ['t:1/S', 'INSTRUCTION_CLOSED'],
    ['t:2/S', 'SETTLEMENT_ALREADY_FINAL'],
    ['t:3/S', 'INSTRUCTION_PARTIALLY_SETTLED'],
  ];
  for (const [instruction_id, code] of cases) {
    const outcome = cancelInstruction(w.state, envOf(w), { instruction_id });
    assert.equal(outcome.ok ? '' : outcome.code, code);
    assert.equal(worldText(w), before);
  }
  assert.equal(balance(w, 'B', TENCENT), 1_030n, 'only the partial delivery of t:3 reached B');
});

test('settlement rates are refused when malformed, inverted, repeated or too many', () => {
  const w = world();
  assert.ok(
    setSettlementRate(w.state, { trade_date: '2026-01-05', buy_rate: '0.92', sell_rate: '0.91' })
      .ok,
  );
  const before = worldText(w);
  const cases: Array<[Parameters<typeof setSettlementRate>[1], string]> = [
    [{ trade_date: '2026-13-01', buy_rate: '0.92', sell_rate: '0.91' }, 'SETTLEMENT_RATE_INVALID'],
    [{ trade_date: '2026-01-06', buy_rate: 'abc', sell_rate: '0.91' }, 'SETTLEMENT_RATE_INVALID'],
    [{ trade_date: '2026-01-06', buy_rate: '0.92', sell_rate: '0' }, 'SETTLEMENT_RATE_INVALID'],
    [{ trade_date: '2026-01-06', buy_rate: '0.90', sell_rate: '0.91' }, 'SETTLEMENT_RATE_INVALID'],
    [
      { trade_date: '2026-01-05', buy_rate: '0.93', sell_rate: '0.91' },
      'SETTLEMENT_RATE_ALREADY_SET',
    ],
  ];
  for (const [input, code] of cases) {
    const outcome = setSettlementRate(w.state, input);
    assert.equal(outcome.ok ? '' : outcome.code, code);
    assert.equal(worldText(w), before);
  }
  const limits = POSTTRADE_LIMITS as { settlement_rates_max: number };
  const saved = limits.settlement_rates_max;
  try {
    limits.settlement_rates_max = 1;
    const full = setSettlementRate(w.state, {
      trade_date: '2026-01-06',
      buy_rate: '0.92',
      sell_rate: '0.91',
    });
    assert.equal(full.ok ? '' : full.code, 'SETTLEMENT_RATES_FULL');
    assert.equal(worldText(w), before);
  } finally {
    limits.settlement_rates_max = saved;
  }
});

test('a cycle larger than one ledger batch settles as holds and posts, all or nothing', () => {
  const w = world(withEquityPenalties({ net_batch_transfers_max: 2 }));
  holders(w, ['E'], { [TENCENT]: 30n, HKD: 0n });
  capture(w, 't:1', 'A', 'B', 100, 620_000);
  capture(w, 't:2', 'B', 'C', 100, 621_000);
  capture(w, 't:3', 'C', 'A', 50, 622_000);
  capture(w, 't:4', 'E', 'D', 100, 620_000);
  const result = cycle(w, 'c1', '2026-01-07');
  assert.equal(result.reports[0]?.batch, 'holds');
  assert.ok((result.reports[0]?.attempts ?? 0) >= 2, 'the short seller was found and taken out');
  assert.equal(balance(w, 'A', TENCENT), 950n);
  assert.equal(balance(w, 'C', TENCENT), 1_050n);
  assert.equal(balance(w, 'E', TENCENT), 0n, 'E delivered what it had (partial)');
  assert.equal(balance(w, 'D', TENCENT), 1_030n);
  assert.equal(w.ledger.pending_count, 0, 'every hold was posted or voided');
  assert.equal(w.state.instructions.get('t:4/S')?.settled_quantity_units, 30n);
});

test('refuses a cycle the ledger has no room for (LEDGER_CAPACITY)', () => {
  const w = world();
  capture(w, 't:1', 'A', 'B');
  const before = worldText(w);
  const limits = LEDGER_LIMITS as { transfers_retained_max: number };
  const saved = limits.transfers_retained_max;
  try {
    limits.transfers_retained_max = 10;
    const outcome = runCycle(w.state, envOf(w), { cycle_id: 'c1', settlement_date: '2026-01-07' });
    assert.equal(outcome.ok ? '' : outcome.code, 'LEDGER_CAPACITY');
    assert.equal(worldText(w), before);
  } finally {
    limits.transfers_retained_max = saved;
  }
});

test('final trades are forgotten together, never one side of a novated trade alone', () => {
  const w = world();
  holders(w, ['E'], { [TENCENT]: 0n, HKD: 0n });
  capture(w, 't:1', 'A', 'C');
  capture(w, 't:2', 'E', 'B');
  cycle(w, 'c1', '2026-01-07');
  // t:1 settled on both sides; t:2/S failed (and owes a penalty), t:2/B failed.
  w.now_us += 1;
  assert.equal(pruneFinal(w.state, w.now_us), 2);
  assert.deepEqual([...w.state.instructions.keys()], ['t:2/S', 't:2/B']);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  const cancelled = cancelInstruction(w.state, envOf(w), { instruction_id: 't:2/B' });
  assert.ok(cancelled.ok);
  assert.deepEqual(cancelled.value, ['t:2/S', 't:2/B']);
  assert.equal(pruneFinal(w.state, w.now_us + 1), 0, 't:2/S still owes its penalty');
});
