/**
 * Gross DvP (model 1) through ledger transfer batches: consecutive instructions share a batch, a
 * refusal in the middle fails only its instruction, and each settled leg is a transfer of a batch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkLedgerInvariants,
  findTransfer,
  LEDGER_LIMITS,
  retainedCount,
} from '../ledger/index.js';
import { DEFAULT_RESOLVER } from './accounts.js';
import { captureTrade } from './capture.js';
import { checkedPosttradeConfig, DEFAULT_POSTTRADE_CONFIG, posttradeConfig } from './config.js';
import { runCycle } from './cycle.js';
import { checkPosttradeInvariants } from './invariants.js';
import {
  balance,
  createWorld,
  envOf,
  GREEN_HKD,
  holders,
  openInfrastructure,
  tradeOf,
  type World,
} from './testing.js';

/** Tokenized bonds settling T+1 (so capture does not settle them), in chunks of `chunk`. */
function world(chunk: number): World {
  const streams = { ...DEFAULT_POSTTRADE_CONFIG.streams };
  streams.tokenized = { ...streams.tokenized, securities_lag_days: 1, cash_lag_days: 1 };
  const w = createWorld(posttradeConfig({ streams, gross_batch_instructions_max: chunk }));
  openInfrastructure(w, { cn: [], hk: [], other: [GREEN_HKD], cash: ['e-HKD'] });
  // b0 has no bonds to deliver; the others have plenty of both.
  holders(w, ['b0'], { [GREEN_HKD]: 0n, 'e-HKD': 10_000_000n });
  holders(w, ['b1', 'b2', 'b3'], { [GREEN_HKD]: 10_000n, 'e-HKD': 10_000_000n });
  return w;
}

/** Seller delivers 100 units at 100.000 (face 100 minor): 10,000 e-HKD minor. */
function sell(w: World, id: string, seller: string, buyer: string): void {
  const trade = tradeOf({
    trade_id: id,
    instrument: GREEN_HKD,
    market: 'CMU',
    seller,
    buyer,
    quantity_units: 100,
    price_units: 100_000,
    face_value_minor: 100n,
    cash_asset: 'e-HKD',
    currency: 'HKD',
    buy_venue: 'CMU',
    sell_venue: 'CMU',
  });
  const outcome = captureTrade(w.state, envOf(w), trade);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
}

for (const chunk of [1, 2, 2_048]) {
  test(`a refused instruction in the middle fails alone (chunks of ${chunk})`, () => {
    const w = world(chunk);
    sell(w, 'g1', 'b1', 'b2');
    sell(w, 'g2', 'b0', 'b3'); // b0 is short of bonds
    sell(w, 'g3', 'b3', 'b1');
    const outcome = runCycle(w.state, envOf(w), { cycle_id: 'c1', settlement_date: '2026-01-06' });
    assert.ok(outcome.ok);
    const report = outcome.value.reports[0];
    assert.equal(report?.gross_settled, 2);
    assert.equal(report?.gross_failed, 1);
    const status = (id: string) =>
      [...w.state.instructions.values()].find((i) => i.trade_id === id)?.status;
    assert.equal(status('g1'), 'settled');
    assert.equal(status('g2'), 'failed');
    assert.equal(status('g3'), 'settled');
    const failed = [...w.state.instructions.values()].find((i) => i.trade_id === 'g2');
    assert.equal(failed?.fail_reason, 'short_securities');
    assert.equal(balance(w, 'b0', GREEN_HKD), 0n);
    assert.equal(balance(w, 'b0', 'e-HKD'), 10_000_000n, 'no cash leg moved without its bonds');
    assert.equal(balance(w, 'b1', GREEN_HKD), 10_000n);
    assert.equal(balance(w, 'b2', GREEN_HKD), 10_100n);
    assert.equal(balance(w, 'b3', 'e-HKD'), 10_010_000n, 'paid for g3, not charged for g2');
    checkLedgerInvariants(w.ledger);
    checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
  });
}

test('each settled leg is a transfer of a batch named after its first instruction', () => {
  const w = world(2_048);
  sell(w, 'g1', 'b1', 'b2');
  sell(w, 'g3', 'b3', 'b1');
  assert.ok(runCycle(w.state, envOf(w), { cycle_id: 'c1', settlement_date: '2026-01-06' }).ok);
  const first = [...w.state.instructions.values()].find((i) => i.trade_id === 'g1');
  assert.ok(first);
  const batch_id = `${first.id}/1/g`;
  const legs = [0, 1, 2, 3].map((k) => findTransfer(w.ledger, `${batch_id}#${k}`));
  assert.deepEqual(
    legs.map((t) => [t?.code, t?.debit_account_id, t?.amount_minor]),
    [
      ['dvp_securities', `b1/${GREEN_HKD}`, 100n],
      ['dvp_cash', 'b2/e-HKD', 10_000n],
      ['dvp_securities', `b3/${GREEN_HKD}`, 100n],
      ['dvp_cash', 'b1/e-HKD', 10_000n],
    ],
  );
  assert.equal(legs[0]?.reference, first.id);
  assert.equal(findTransfer(w.ledger, `${batch_id}#4`), undefined);
});

test('on a full ledger, settling at capture fails the instruction instead of stopping the hub', () => {
  const w = world(2_048);
  const streams = { ...w.state.config.streams };
  streams.tokenized = { ...streams.tokenized, securities_lag_days: 0, cash_lag_days: 0 };
  w.state.config = { ...w.state.config, streams };
  const limits = LEDGER_LIMITS as { transfers_retained_max: number };
  const saved = limits.transfers_retained_max;
  try {
    limits.transfers_retained_max = retainedCount(w.ledger) + 1;
    sell(w, 'g1', 'b1', 'b2');
  } finally {
    limits.transfers_retained_max = saved;
  }
  const instruction = [...w.state.instructions.values()].find((i) => i.trade_id === 'g1');
  assert.equal(instruction?.status, 'failed');
  assert.equal(instruction?.fail_reason, 'ledger_refused');
  assert.equal(balance(w, 'b1', GREEN_HKD), 10_000n, 'nothing moved');
  assert.equal(balance(w, 'b2', 'e-HKD'), 10_000_000n);
  checkLedgerInvariants(w.ledger);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
});

test('a gross batch beyond the ledger bound is refused as CONFIG_INVALID, not a later halt', () => {
  const limit = Math.floor(LEDGER_LIMITS.transfers_per_batch_max / 2);
  assert.ok(checkedPosttradeConfig({ gross_batch_instructions_max: limit }).ok);
  for (const bad of [limit + 1, 0, 1.5, Number.NaN]) {
    const outcome = checkedPosttradeConfig({ gross_batch_instructions_max: bad });
    assert.ok(!outcome.ok, `${bad} accepted`);
    assert.equal(outcome.code, 'CONFIG_INVALID');
    assert.equal(outcome.details.field, 'gross_batch_instructions_max');
    assert.ok(outcome.message.length > 0);
  }
  assert.throws(() => posttradeConfig({ gross_batch_instructions_max: limit + 1 }));
});
