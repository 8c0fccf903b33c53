/**
 * The shared order book's reserve fund: the cap on unsettled trades with an affiliate's clients,
 * the order check, buy-ins and compensation paid from the fund, and their rejections.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RESOLVER } from './accounts.js';
import { executeBuyIn } from './buy_in.js';
import { captureTrade } from './capture.js';
import { checkPosttradeInvariants } from './invariants.js';
import {
  checkSharedBookOrder,
  commitSharedOrder,
  compensateFromReserveFund,
  reserveFundStatus,
  setReserveCap,
} from './reserve.js';
import {
  balance,
  createWorld,
  envOf,
  holders,
  idOf,
  MMF_TOKEN,
  mint,
  openInfrastructure,
  TENCENT,
  tradeOf,
  type World,
  worldText,
} from './testing.js';

const FUND = idOf('HDX', 'HKD', 'reserve_fund');

function world(): World {
  const w = createWorld();
  openInfrastructure(w, { cn: [], hk: [TENCENT], other: [MMF_TOKEN], cash: ['HKD'] });
  holders(w, ['hk-client', 'aff-client', 'LIONROCK', 'A', 'B'], {
    [MMF_TOKEN]: 0n,
    [TENCENT]: 0n,
    HKD: 0n,
  });
  mint(w, idOf('hk-client', 'HKD'), 50_000_000n);
  mint(w, idOf('LIONROCK', MMF_TOKEN), 1_000_000n);
  mint(w, FUND, 10_000_000n);
  assert.ok(setReserveCap(w.state, envOf(w), 5_000_000n).ok);
  return w;
}

/** An affiliate's client sells tokens it has not delivered yet: HKD 10.0000 × qty. */
function affiliateSale(w: World, id: string, quantity: number) {
  const trade = tradeOf({
    trade_id: id,
    instrument: MMF_TOKEN,
    market: 'VATP',
    price_units: 100_000,
    price_scale: 4,
    quantity_units: quantity,
    seller: 'aff-client',
    seller_participant: 'HDXG',
    sell_route: 'vatp_affiliate',
    buyer: 'hk-client',
    buyer_participant: 'HDX',
    buy_route: 'vatp_local',
  });
  const outcome = captureTrade(w.state, envOf(w), trade);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  return outcome.value[0];
}

test('an unsettled affiliate trade counts against the cap; orders past it are refused', () => {
  const w = world();
  const i = affiliateSale(w, 'v:1', 100_000); // HKD 10.0000 × 100,000 = HKD 1,000,000.00
  assert.equal(i?.status, 'failed');
  assert.equal(i?.fail_reason, 'short_securities');
  assert.equal(i?.failing_party, 'aff-client');
  assert.equal(reserveFundStatus(w.state, envOf(w)).unsettled_minor, 100_000_000n);
  const w2 = world();
  affiliateSale(w2, 'v:1', 1_000); // HKD 10,000.00
  const status = reserveFundStatus(w2.state, envOf(w2));
  assert.equal(status.unsettled_minor, 1_000_000n);
  assert.equal(status.headroom_minor, 4_000_000n);
  assert.ok(checkSharedBookOrder(w2.state, envOf(w2), 4_000_000n).ok);
  const before = worldText(w2);
  const over = checkSharedBookOrder(w2.state, envOf(w2), 4_000_001n);
  assert.equal(over.ok ? '' : over.code, 'RESERVE_CAP_REACHED');
  affiliateSale(w2, 'v:2', 4_000);
  const at_cap = checkSharedBookOrder(w2.state, envOf(w2), 0n);
  assert.equal(
    at_cap.ok ? '' : at_cap.code,
    'RESERVE_CAP_REACHED',
    'refused while the cap is reached',
  );
  assert.notEqual(worldText(w2), before);
  checkPosttradeInvariants(w2.state, w2.ledger, DEFAULT_RESOLVER);
});

test('issue 12 item 20: resting affiliate orders count with unsettled trades; a replace takes its own place', () => {
  const w = world();
  affiliateSale(w, 'v:1', 1_000); // HKD 10,000.00 unsettled
  commitSharedOrder(w.state, 0n, 2_500_000n); // an order resting for HKD 25,000.00
  const status = reserveFundStatus(w.state, envOf(w));
  assert.equal(status.unsettled_minor, 1_000_000n);
  assert.equal(status.resting_minor, 2_500_000n);
  assert.equal(status.committed_minor, 3_500_000n);
  assert.equal(status.headroom_minor, 1_500_000n);
  assert.ok(checkSharedBookOrder(w.state, envOf(w), 1_500_000n).ok);
  const before = worldText(w);
  const over = checkSharedBookOrder(w.state, envOf(w), 1_500_001n);
  assert.equal(over.ok ? '' : over.code, 'RESERVE_CAP_REACHED');
  assert.deepEqual(over.ok ? {} : over.details, {
    unsettled_minor: 1_000_000n,
    resting_minor: 2_500_000n,
    notional_minor: 1_500_001n,
    effective_cap_minor: 5_000_000n,
  });
  assert.equal(worldText(w), before, 'the check reads only');
  // Replacing the resting order: its HKD 25,000.00 gives way to the new notional.
  assert.ok(checkSharedBookOrder(w.state, envOf(w), 4_000_000n, 2_500_000n).ok);
  const raised = checkSharedBookOrder(w.state, envOf(w), 4_000_001n, 2_500_000n);
  assert.equal(raised.ok ? '' : raised.code, 'RESERVE_CAP_REACHED');
  // The order fills in part, then is cancelled: its commitment shrinks, then is gone.
  commitSharedOrder(w.state, 2_500_000n, 1_000_000n);
  assert.equal(reserveFundStatus(w.state, envOf(w)).headroom_minor, 3_000_000n);
  commitSharedOrder(w.state, 1_000_000n, 0n);
  assert.equal(reserveFundStatus(w.state, envOf(w)).committed_minor, 1_000_000n);
  assert.throws(() => commitSharedOrder(w.state, 1n, 0n), /below zero/);
  checkPosttradeInvariants(w.state, w.ledger, DEFAULT_RESOLVER);
});

test('the cap may not exceed the fund (RESERVE_FUND_BELOW_CAP)', () => {
  const w = world();
  const before = worldText(w);
  const outcome = setReserveCap(w.state, envOf(w), 10_000_001n);
  assert.equal(outcome.ok ? '' : outcome.code, 'RESERVE_FUND_BELOW_CAP');
  assert.equal(worldText(w), before);
});

test("an affiliate's failed delivery is bought in and the loss paid from the fund", () => {
  const w = world();
  affiliateSale(w, 'v:1', 1_000);
  const record = executeBuyIn(w.state, envOf(w), {
    instruction_id: 'v:1',
    agent: 'LIONROCK',
    price_units: 105_000,
    date: '2026-01-05',
  });
  assert.ok(record.ok, record.ok ? '' : record.message);
  assert.equal(record.value.paid_by, 'reserve_fund');
  assert.equal(record.value.difference_minor, 50_000n);
  assert.equal(balance(w, 'hk-client', MMF_TOKEN), 1_000n);
  assert.equal(balance(w, 'hk-client', 'HKD'), 50_000_000n - 1_000_000n);
  assert.equal(balance(w, 'LIONROCK', 'HKD'), 1_050_000n);
  assert.equal(reserveFundStatus(w.state, envOf(w)).fund_minor, 10_000_000n - 50_000n);
  assert.equal(reserveFundStatus(w.state, envOf(w)).unsettled_minor, 0n);
  assert.equal(w.state.reserve_fund_paid_minor, 50_000n);
});

test('a payout that leaves the fund below the cap lowers the cap in force', () => {
  const w = world();
  affiliateSale(w, 'v:1', 1_000);
  const paid = compensateFromReserveFund(w.state, envOf(w), {
    instruction_id: 'v:1',
    amount_minor: 6_000_000n,
  });
  assert.ok(paid.ok);
  const status = reserveFundStatus(w.state, envOf(w));
  assert.equal(status.fund_minor, 4_000_000n);
  assert.equal(status.effective_cap_minor, 4_000_000n);
  assert.equal(status.fund_below_cap, true);
  assert.equal(balance(w, 'hk-client', 'HKD'), 56_000_000n);
  assert.equal(w.state.instructions.get('v:1')?.closure, 'compensated');
  const refused = checkSharedBookOrder(w.state, envOf(w), 4_000_001n);
  assert.equal(refused.ok ? '' : refused.code, 'RESERVE_CAP_REACHED');
});

test('compensation is only for an affiliate failure, and only what the fund holds', () => {
  const w = world();
  affiliateSale(w, 'v:1', 1_000);
  const local = tradeOf({ trade_id: 't:1', seller: 'A', buyer: 'B' });
  assert.ok(captureTrade(w.state, envOf(w), local).ok);
  const before = worldText(w);
  const cases: Array<[Parameters<typeof compensateFromReserveFund>[2], string]> = [
    [{ instruction_id: 'nope', amount_minor: 1n }, 'UNKNOWN_INSTRUCTION'],
    [{ instruction_id: 't:1/S', amount_minor: 1n }, 'COMPENSATION_NOT_APPLICABLE'],
    [{ instruction_id: 'v:1', amount_minor: 0n }, 'COMPENSATION_NOT_APPLICABLE'],
    [{ instruction_id: 'v:1', amount_minor: 10_000_001n }, 'RESERVE_FUND_INSUFFICIENT'],
  ];
  for (const [input, code] of cases) {
    const outcome = compensateFromReserveFund(w.state, envOf(w), input);
    assert.equal(outcome.ok ? '' : outcome.code, code);
    assert.equal(worldText(w), before);
  }
});

test('a buy-in the fund cannot pay for is refused (RESERVE_FUND_INSUFFICIENT)', () => {
  const w = world();
  affiliateSale(w, 'v:1', 1_000);
  // Drain the fund to HKD 100.00 through a compensation of another failure.
  affiliateSale(w, 'v:2', 1);
  assert.ok(
    compensateFromReserveFund(w.state, envOf(w), {
      instruction_id: 'v:2',
      amount_minor: 9_990_000n,
    }).ok,
  );
  const before = worldText(w);
  const outcome = executeBuyIn(w.state, envOf(w), {
    instruction_id: 'v:1',
    agent: 'LIONROCK',
    price_units: 200_000,
    date: '2026-01-05',
  });
  assert.equal(outcome.ok ? '' : outcome.code, 'RESERVE_FUND_INSUFFICIENT');
  assert.equal(worldText(w), before);
});
