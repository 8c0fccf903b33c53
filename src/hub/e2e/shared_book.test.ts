/**
 * End to end through the hub: the shared order book of the Hong Kong platform (HDX) and its
 * overseas affiliate (HDXG) on the demo genesis. Orders are pre-funded by ledger holds that follow
 * them through fills, cancels and replaces; fills settle DvP at once with the released funds; the
 * reserve fund's cap refuses large affiliate orders; refusals leave the state as it was.
 *
 * The token trades at 4 decimals (price_units 100000 = HKD 10.0000); HKD has 2 minor units, so a
 * buy of q units at p price_units holds q × ceil(p / 100) minor units (each fill settles half up).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Account } from '../../ledger/index.js';
import { postedBalance } from '../../ledger/index.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { CommandResult } from '../envelope.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { TestHub } from '../testing.js';

const TOKEN = 'HKHTMMFTK016';
const HDX_TOKENS = `${TOKEN}/HDX/HDX`;
const HDXG_TOKENS = `${TOKEN}/HDXG/HDXG`;
const HDXG_HKD = 'HDXG/HKD';
const TOKEN_ESCROW = `HDX/${TOKEN}/prefund`;
const HKD_ESCROW = 'HDX/HKD/prefund';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  current = t;
  return t;
}

function order(
  t: TestHub,
  platform: 'HDX' | 'HDXG',
  id: string,
  side: 'buy' | 'sell',
  price_units: number,
  quantity_units: number,
): CommandResult {
  return t.submit(
    platform,
    wire({
      type: 'market.submit_order',
      client_order_id: id,
      instrument: TOKEN,
      side,
      order_type: 'limit',
      time_in_force: 'gtc',
      price_units,
      quantity_units,
      owner: platform,
    }),
  );
}

function account(t: TestHub, id: string): Account {
  const found = t.hub.state.ledger.accounts.get(id);
  assert.ok(found, `no account ${id}`);
  return found;
}

/** Accepted, and every hub invariant holds after it (each live order's hold matches what is open). */
let current: TestHub | undefined;
function ok(result: CommandResult): CommandResult {
  assert.equal(result.status, 'accepted', `${result.rejection?.code} ${result.rejection?.message}`);
  current?.hub.checkInvariants();
  return result;
}

function orderIdOf(result: CommandResult): number {
  const accepted = result.events.find((e) => e.type === 'order_accepted');
  assert.ok(accepted && 'order_id' in accepted);
  return accepted.order_id as number;
}

/** A refused command leaves everything but the command counter as it was. */
function refusedUnchanged(t: TestHub, submit: () => CommandResult, code: string): CommandResult {
  const before = t.hub.digest();
  const result = submit();
  assert.equal(result.status, 'rejected');
  assert.equal(result.rejection?.code, code, result.rejection?.message);
  assert.equal(result.events.length, 0);
  const state = snapshotHub(t.hub.state);
  assert.equal(new Hub(restoreHub({ ...state, seq: state.seq - 1 })).digest(), before);
  return result;
}

test('genesis opens the pre-funding accounts of the token and its cash asset', () => {
  const t = genesis();
  assert.equal(account(t, TOKEN_ESCROW).flags.debits_must_not_exceed_credits, false);
  assert.equal(account(t, HKD_ESCROW).asset, 'HKD');
});

test('a resting order holds what it could deliver or pay; a fill releases it before DvP', () => {
  const t = genesis();
  const tokens_before = postedBalance(account(t, HDX_TOKENS));
  const bought_before = postedBalance(account(t, HDXG_TOKENS));
  const hkd_before = postedBalance(account(t, HDXG_HKD));

  // HDX offers 1,000 units at HKD 10.0000: its tokens are held, not moved.
  ok(order(t, 'HDX', 'ask-1', 'sell', 100_000, 1_000));
  assert.equal(account(t, HDX_TOKENS).debits_pending, 1_000n);
  assert.equal(account(t, TOKEN_ESCROW).credits_pending, 1_000n);
  assert.equal(postedBalance(account(t, HDX_TOKENS)), tokens_before);

  // HDXG bids 400 at HKD 10.0500 and trades 400 at 10.0000: its hold (HKD 4,020.00) is voided,
  // the trade settles at once (HKD 4,000.00), HDX's hold shrinks to the 600 still offered.
  const trade = ok(order(t, 'HDXG', 'bid-1', 'buy', 100_500, 400));
  assert.ok(trade.events.some((e) => e.type === 'trade'));
  assert.equal(postedBalance(account(t, HDXG_HKD)), hkd_before - 400_000n);
  assert.equal(account(t, HDXG_HKD).debits_pending, 0n);
  assert.equal(account(t, HKD_ESCROW).credits_pending, 0n);
  assert.equal(postedBalance(account(t, HDX_TOKENS)), tokens_before - 400n);
  assert.equal(account(t, HDX_TOKENS).debits_pending, 600n);
  assert.equal(account(t, TOKEN_ESCROW).credits_pending, 600n);
  assert.equal(postedBalance(account(t, HDXG_TOKENS)), bought_before + 400n);
  const settled = trade.events.filter(
    (e) => e.type === 'instruction_status' && e.status === 'settled',
  );
  assert.equal(settled.length, 1);

  // A resting bid holds what its fills can cost: one unit at HKD 9.9995 settles as 10.00 (half
  // up), so 300 units filled one at a time cost HKD 3,000.00, not 300 × 9.9995 = 2,999.85.
  ok(order(t, 'HDXG', 'bid-2', 'buy', 99_995, 300));
  assert.equal(account(t, HDXG_HKD).debits_pending, 300_000n);
  assert.equal(account(t, HKD_ESCROW).credits_pending, 300_000n);
});

test('cancels and replaces move the hold with the order', () => {
  const t = genesis();
  const id = orderIdOf(ok(order(t, 'HDX', 'ask-1', 'sell', 105_000, 100)));
  assert.equal(account(t, HDX_TOKENS).debits_pending, 100n);

  ok(
    t.submit(
      'HDX',
      wire({
        type: 'market.replace_order',
        order_id: id,
        price_units: 105_000,
        quantity_units: 50,
      }),
    ),
  );
  assert.equal(account(t, HDX_TOKENS).debits_pending, 50n);
  ok(
    t.submit(
      'HDX',
      wire({
        type: 'market.replace_order',
        order_id: id,
        price_units: 106_000,
        quantity_units: 80,
      }),
    ),
  );
  assert.equal(account(t, HDX_TOKENS).debits_pending, 80n);
  assert.equal(account(t, TOKEN_ESCROW).credits_pending, 80n);

  ok(t.submit('HDX', wire({ type: 'market.cancel_order', client_order_id: 'ask-1' })));
  assert.equal(account(t, HDX_TOKENS).debits_pending, 0n);
  assert.equal(account(t, TOKEN_ESCROW).credits_pending, 0n);
  assert.equal(t.hub.state.ledger.pending_count, 0);
});

test('an order that cannot be funded is refused and changes nothing', () => {
  const t = genesis();
  const tokens = Number(postedBalance(account(t, HDX_TOKENS)));
  const sell = refusedUnchanged(
    t,
    () => order(t, 'HDX', 'too-many', 'sell', 100_000, tokens + 1),
    'ORDER_NOT_FUNDED',
  );
  assert.equal(sell.rejection?.details.reason, 'INSUFFICIENT_FUNDS');
  assert.equal(sell.rejection?.details.required_minor, BigInt(tokens + 1));

  // A replace that grows beyond the holdings is refused too, and the order keeps its old hold.
  const id = orderIdOf(ok(order(t, 'HDX', 'ask-1', 'sell', 105_000, tokens)));
  refusedUnchanged(
    t,
    () =>
      t.submit(
        'HDX',
        wire({
          type: 'market.replace_order',
          order_id: id,
          price_units: 106_000,
          quantity_units: tokens + 1,
        }),
      ),
    'ORDER_NOT_FUNDED',
  );
  assert.equal(account(t, HDX_TOKENS).debits_pending, BigInt(tokens));
});

test('a missing pre-funding account is a clear refusal', () => {
  const t = genesis();
  t.hub.state.ledger.accounts.delete(TOKEN_ESCROW); // as if the operator never opened it
  const refused = order(t, 'HDX', 'ask-1', 'sell', 100_000, 10);
  assert.equal(refused.rejection?.code, 'PREFUND_ACCOUNT_MISSING');
  assert.equal(refused.rejection?.details.account_id, TOKEN_ESCROW);
  assert.equal(account(t, HDX_TOKENS).debits_pending, 0n);
});

test("the reserve fund's cap refuses large orders entered through the affiliate only", () => {
  const t = genesis();
  // Genesis caps unsettled shared-book trades at HKD 5,000,000. 600,000 units at HKD 10 = 6 M.
  const refused = refusedUnchanged(
    t,
    () => order(t, 'HDXG', 'big', 'buy', 100_000, 600_000),
    'RESERVE_CAP_REACHED',
  );
  assert.equal(refused.rejection?.details.notional_minor, 600_000_000n);
  // The same bid entered on the Hong Kong platform is only subject to its funding.
  ok(order(t, 'HDX', 'big', 'buy', 100_000, 600_000));
  assert.equal(account(t, 'HDX/HKD').debits_pending, 600_000_000n);
});

test('issue 12 item 20: resting affiliate orders count against the cap, so several cannot overshoot it', () => {
  const t = genesis();
  // Cap HKD 5,000,000.00. Each order is well under it; together they would pass it.
  ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 200_000)); // HKD 2,000,000.00 resting
  ok(order(t, 'HDXG', 'ask-1', 'sell', 105_000, 200_000)); // HKD 2,100,000.00 resting (a sell counts too)
  const refused = refusedUnchanged(
    t,
    () => order(t, 'HDXG', 'bid-2', 'buy', 100_000, 100_000), // HKD 1,000,000.00: 5.1 M in all
    'RESERVE_CAP_REACHED',
  );
  assert.equal(refused.rejection?.details.resting_minor, 410_000_000n);
  assert.equal(refused.rejection?.details.unsettled_minor, 0n);
  assert.equal(refused.rejection?.details.notional_minor, 100_000_000n);
  assert.equal(refused.rejection?.details.effective_cap_minor, 500_000_000n);
  // Up to the cap exactly is accepted; then nothing more, not even one unit.
  ok(order(t, 'HDXG', 'bid-2', 'buy', 100_000, 90_000));
  assert.equal(t.hub.state.posttrade.resting_shared_minor, 500_000_000n);
  refusedUnchanged(t, () => order(t, 'HDXG', 'bid-3', 'buy', 100_000, 1), 'RESERVE_CAP_REACHED');
  // Orders entered on the Hong Kong platform are not the affiliate's: they commit nothing.
  ok(order(t, 'HDX', 'bid-1', 'buy', 99_000, 100_000));
  assert.equal(t.hub.state.posttrade.resting_shared_minor, 500_000_000n);
});

function resting(t: TestHub): bigint {
  return t.hub.state.posttrade.resting_shared_minor;
}

function unsettled(t: TestHub): bigint {
  return t.hub.state.posttrade.unsettled_shared_minor;
}

test('issue 12 item 20: a cancel, an expiry or a smaller replace releases the commitment', () => {
  const t = genesis();
  const id = orderIdOf(ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 300_000))); // HKD 3 M
  ok(order(t, 'HDXG', 'bid-2', 'buy', 100_000, 200_000)); // HKD 2 M: at the cap
  refusedUnchanged(t, () => order(t, 'HDXG', 'bid-3', 'buy', 100_000, 1), 'RESERVE_CAP_REACHED');

  // A replace that lowers the order's notional frees the difference, even at the cap.
  ok(
    t.submit(
      'HDXG',
      wire({
        type: 'market.replace_order',
        order_id: id,
        price_units: 100_000,
        quantity_units: 250_000,
      }),
    ),
  );
  assert.equal(resting(t), 450_000_000n);
  ok(order(t, 'HDXG', 'bid-3', 'buy', 100_000, 50_000));
  assert.equal(resting(t), 500_000_000n);
  // A replace that raises it takes the old notional's place and is checked like a new order.
  const raise = refusedUnchanged(
    t,
    () =>
      t.submit(
        'HDXG',
        wire({
          type: 'market.replace_order',
          order_id: id,
          price_units: 100_010,
          quantity_units: 250_000,
        }),
      ),
    'RESERVE_CAP_REACHED',
  );
  assert.equal(raise.rejection?.details.resting_minor, 250_000_000n);
  assert.equal(raise.rejection?.details.notional_minor, 250_025_000n);

  // A cancel releases the whole order's commitment; the released room is usable at once.
  ok(t.submit('HDXG', wire({ type: 'market.cancel_order', client_order_id: 'bid-2' })));
  assert.equal(resting(t), 300_000_000n);
  ok(order(t, 'HDXG', 'bid-4', 'buy', 100_000, 200_000));
  assert.equal(resting(t), 500_000_000n);

  // An order that expires unfilled (IOC) commits nothing afterwards.
  ok(t.submit('HDXG', wire({ type: 'market.cancel_order', client_order_id: 'bid-4' })));
  ok(
    t.submit(
      'HDXG',
      wire({
        type: 'market.submit_order',
        client_order_id: 'ioc-1',
        instrument: TOKEN,
        side: 'buy',
        order_type: 'limit',
        time_in_force: 'ioc',
        price_units: 100_000,
        quantity_units: 200_000,
        owner: 'HDXG',
      }),
    ),
  );
  assert.equal(resting(t), 300_000_000n);
  assert.equal(t.hub.state.markets.markets.orders.size, 2);
});

test('issue 12 item 20: a fill moves the commitment to the trade, which releases it when it settles', () => {
  const t = genesis();
  ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 450_000)); // HKD 4.5 M resting
  refusedUnchanged(
    t,
    () => order(t, 'HDXG', 'bid-2', 'buy', 100_000, 60_000),
    'RESERVE_CAP_REACHED',
  );
  // HDX sells 150,000 into it: the trade settles at once (DvP), the bid still commits 300,000.
  const fill = ok(order(t, 'HDX', 'ask-1', 'sell', 100_000, 150_000));
  assert.ok(fill.events.some((e) => e.type === 'instruction_status' && e.status === 'settled'));
  assert.equal(resting(t), 300_000_000n);
  assert.equal(unsettled(t), 0n);
  ok(order(t, 'HDXG', 'bid-2', 'buy', 100_000, 200_000));
  assert.equal(resting(t), 500_000_000n);
});

test('issue 12 item 20: a failed trade keeps counting until a later cycle settles it', () => {
  const t = genesis();
  ok(order(t, 'HDX', 'ask-1', 'sell', 100_000, 100_000));
  // The seller's token account is frozen after its offer rests: the affiliate's buy trades, but
  // DvP fails, so the HKD 1 M trade stays unsettled.
  const frozen = (frozen: boolean) =>
    wire({ type: 'ledger.set_frozen', account_id: HDX_TOKENS, frozen, reason: 'test' });
  ok(t.submit('operator', frozen(true)));
  const fill = ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 100_000));
  assert.ok(fill.events.some((e) => e.type === 'instruction_status' && e.status === 'failed'));
  assert.equal(resting(t), 0n);
  assert.equal(unsettled(t), 100_000_000n);
  // Unsettled trades and resting orders count together: HKD 1 M + 3 M + 1.5 M > 5 M.
  ok(order(t, 'HDXG', 'bid-2', 'buy', 99_000, 300_000)); // HKD 2,970,000.00
  const refused = refusedUnchanged(
    t,
    () => order(t, 'HDXG', 'bid-3', 'buy', 99_000, 150_000),
    'RESERVE_CAP_REACHED',
  );
  assert.equal(refused.rejection?.details.unsettled_minor, 100_000_000n);
  assert.equal(refused.rejection?.details.resting_minor, 297_000_000n);
  // Unfrozen, the 17:00 cycle of Monday 5 January settles the trade and releases its HKD 1 M.
  ok(t.submit('operator', frozen(false)));
  t.now_us = Date.UTC(2026, 0, 5, 9, 5) * 1_000; // 17:05 Hong Kong time
  ok(t.submit('operator', wire({ type: 'hub.advance_time', to_us: t.now_us })));
  assert.equal(unsettled(t), 0n);
  ok(order(t, 'HDXG', 'bid-3', 'buy', 99_000, 150_000));
  assert.equal(resting(t), 445_500_000n);
});

test('issue 12 item 20: the commitments are in the snapshot and the digest, and replay alike', () => {
  const t = genesis();
  ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 200_000));
  ok(order(t, 'HDXG', 'ask-1', 'sell', 105_000, 100_000));
  ok(order(t, 'HDX', 'ask-2', 'sell', 100_000, 50_000)); // fills bid-1 in part
  ok(t.submit('HDXG', wire({ type: 'market.cancel_order', client_order_id: 'ask-1' })));
  ok(order(t, 'HDXG', 'ask-3', 'sell', 106_000, 10_000));
  const expected = 150_000_000n + 10_600_000n;
  assert.equal(resting(t), expected);
  const snapshot = snapshotHub(t.hub.state);
  assert.equal(snapshot.posttrade.resting_shared_minor, expected);
  assert.deepEqual(
    snapshot.markets.orders.map((o) => o.reserve_minor),
    [150_000_000n, 10_600_000n],
  );
  // Replay from the envelopes and restore from the snapshot give the same digest.
  const replay = new Hub();
  for (const envelope of t.envelopes) replay.apply(envelope);
  assert.equal(replay.digest(), t.hub.digest());
  const restored = new Hub(restoreHub(snapshot));
  assert.equal(restored.digest(), t.hub.digest());
  restored.checkInvariants();
  // The counter is part of the digest: a state that differs only there digests differently.
  const drifted = restoreHub(snapshot);
  drifted.posttrade.resting_shared_minor += 1n;
  assert.notEqual(new Hub(drifted).digest(), t.hub.digest());
  // A snapshot from before issue 12 item 20 has neither: they are rebuilt from the orders.
  const { resting_shared_minor: _dropped, ...posttrade } = snapshot.posttrade;
  const orders = snapshot.markets.orders.map(({ reserve_minor: _r, ...o }) => o);
  const old = { ...snapshot, posttrade, markets: { ...snapshot.markets, orders } };
  const upgraded = new Hub(restoreHub(old));
  assert.equal(upgraded.digest(), t.hub.digest());
  upgraded.checkInvariants();
});

test('the day replays from its envelopes to the same digest', () => {
  const t = genesis();
  ok(order(t, 'HDX', 'ask-1', 'sell', 100_000, 1_000));
  ok(order(t, 'HDXG', 'bid-1', 'buy', 100_500, 400));
  ok(order(t, 'HDXG', 'bid-2', 'buy', 99_995, 300));
  ok(t.submit('HDX', wire({ type: 'market.cancel_order', client_order_id: 'ask-1' })));
  const replay = new Hub();
  for (const envelope of t.envelopes) replay.apply(envelope);
  assert.equal(replay.digest(), t.hub.digest());
  const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
  assert.equal(restored.digest(), t.hub.digest());
});

/** Leaves HDXG exactly `amount_minor` of HKD, the rest moved to HDX by the operator. */
function leaveHdxg(t: TestHub, amount_minor: bigint): void {
  const excess = postedBalance(account(t, HDXG_HKD)) - amount_minor;
  ok(
    t.submit(
      'operator',
      wire({
        type: 'ledger.create_transfers',
        transfers: [
          {
            id: 'trim-hdxg',
            debit_account_id: HDXG_HKD,
            credit_account_id: 'HDX/HKD',
            amount_minor: excess.toString(),
          },
        ],
      }),
    ),
  );
  assert.equal(postedBalance(account(t, HDXG_HKD)), amount_minor);
}

test('a pre-funded bid covers fills one unit at a time: each settles, none fails by a cent', () => {
  // 2 @ HKD 10.0050 filled one unit at a time costs 2 × 10.01 (each trade rounded half up) =
  // HKD 20.02, one cent more than the whole order rounded once. HDXG holding exactly 20.01 is
  // refused up front instead of failing DvP on a fill.
  const short = genesis();
  leaveHdxg(short, 2_001n);
  const refused = refusedUnchanged(
    short,
    () => order(short, 'HDXG', 'bid', 'buy', 100_050, 2),
    'ORDER_NOT_FUNDED',
  );
  assert.equal(refused.rejection?.details.required_minor, 2_002n);

  const t = genesis();
  leaveHdxg(t, 2_002n);
  ok(order(t, 'HDXG', 'bid', 'buy', 100_050, 2));
  assert.equal(account(t, HDXG_HKD).debits_pending, 2_002n);
  for (const [n, id] of ['ask-1', 'ask-2'].entries()) {
    const fill = ok(order(t, 'HDX', id, 'sell', 100_050, 1));
    const settled = fill.events.filter(
      (e) => e.type === 'instruction_status' && e.status === 'settled',
    );
    assert.equal(settled.length, 1, `fill ${n + 1} settles`);
    assert.equal(account(t, HDXG_HKD).debits_pending, n === 0 ? 1_001n : 0n);
  }
  assert.equal(postedBalance(account(t, HDXG_HKD)), 0n);
});

/** The operator freezes (or lifts the freeze of) a ledger account. */
function setFrozen(t: TestHub, account_id: string, frozen: boolean): CommandResult {
  return ok(
    t.submit('operator', wire({ type: 'ledger.set_frozen', account_id, frozen, reason: 'test' })),
  );
}

/** Replay from the envelopes and restore from the snapshot give the hub's digest. */
function replaysAlike(t: TestHub): void {
  const replay = new Hub();
  for (const envelope of t.envelopes) replay.apply(envelope);
  assert.equal(replay.digest(), t.hub.digest());
  const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
  assert.equal(restored.digest(), t.hub.digest());
  restored.checkInvariants();
}

test('issue 12 item 1: a partial fill of an order whose account is frozen narrows its hold, and the hub keeps running', () => {
  const t = genesis();
  ok(order(t, 'HDX', 'ask-1', 'sell', 100_000, 1_000));
  setFrozen(t, HDX_TOKENS, true);
  // HDXG buys 400 of the 1,000 offered. The trade stands (the book matched it); DvP fails on the
  // frozen account; the offer's reservation narrows to the 600 still open, on the same account.
  // Until the fix, re-holding the 600 was refused ACCOUNT_FROZEN and the hub threw.
  const fill = ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 400));
  assert.ok(fill.events.some((e) => e.type === 'trade'));
  assert.ok(fill.events.some((e) => e.type === 'instruction_status' && e.status === 'failed'));
  assert.equal(account(t, HDX_TOKENS).debits_pending, 600n);
  assert.equal(account(t, TOKEN_ESCROW).credits_pending, 600n);
  // The buyer's cash was released for DvP and, DvP having failed, is free again.
  assert.equal(account(t, HDXG_HKD).debits_pending, 0n);
  // A second partial fill while still frozen narrows it again; a full fill voids it.
  ok(order(t, 'HDXG', 'bid-2', 'buy', 100_000, 100));
  assert.equal(account(t, HDX_TOKENS).debits_pending, 500n);
  replaysAlike(t);
  // The freeze still stops everything else: the frozen holder cannot offer more.
  refusedUnchanged(t, () => order(t, 'HDX', 'ask-2', 'sell', 100_000, 1), 'ORDER_NOT_FUNDED');
  // Lifted, the offer trades and settles as usual; the failed trades settle at the next cycle.
  setFrozen(t, HDX_TOKENS, false);
  const after = ok(order(t, 'HDXG', 'bid-3', 'buy', 100_000, 500));
  assert.ok(after.events.some((e) => e.type === 'instruction_status' && e.status === 'settled'));
  assert.equal(account(t, HDX_TOKENS).debits_pending, 0n);
  assert.equal(t.hub.state.ledger.pending_count, 0);
  t.now_us = Date.UTC(2026, 0, 5, 9, 5) * 1_000; // 17:05 Hong Kong time, Monday 5 January
  ok(t.submit('operator', wire({ type: 'hub.advance_time', to_us: t.now_us })));
  assert.equal(unsettled(t), 0n);
  replaysAlike(t);
});

test('issue 12 item 1: a frozen buyer or a frozen pre-funding account does not halt the hub on a partial fill', () => {
  // Which account is frozen, and which resting order a new order of the other platform fills in
  // part: HDXG's bid (funded from HDXG/HKD into the HKD escrow) or HDX's offer (tokens).
  const cases = [
    { frozen: HDXG_HKD, filled: 'bid' },
    { frozen: HKD_ESCROW, filled: 'bid' },
    { frozen: TOKEN_ESCROW, filled: 'ask' },
  ] as const;
  for (const { frozen, filled } of cases) {
    const t = genesis();
    ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 1_000)); // holds HKD 10,000.00
    ok(order(t, 'HDX', 'ask-1', 'sell', 101_000, 1_000)); // rests above: holds 1,000 tokens
    setFrozen(t, frozen, true);
    if (filled === 'bid') {
      ok(order(t, 'HDX', 'ask-2', 'sell', 100_000, 300));
      assert.equal(account(t, HDXG_HKD).debits_pending, 700_000n, frozen);
      assert.equal(account(t, HKD_ESCROW).credits_pending, 700_000n, frozen);
    } else {
      ok(order(t, 'HDXG', 'bid-2', 'buy', 101_000, 200));
      assert.equal(account(t, HDX_TOKENS).debits_pending, 800n, frozen);
      assert.equal(account(t, TOKEN_ESCROW).credits_pending, 800n, frozen);
    }
    // A cancel voids what is left, frozen or not.
    ok(t.submit('HDXG', wire({ type: 'market.cancel_order', client_order_id: 'bid-1' })));
    ok(t.submit('HDX', wire({ type: 'market.cancel_order', client_order_id: 'ask-1' })));
    assert.equal(t.hub.state.ledger.pending_count, 0, frozen);
    replaysAlike(t);
  }
});

test('issue 12 item 1: pre-funding transfer ids, holds and code are the hub’s own: a request using them is refused at the door', () => {
  const t = genesis();
  const id = orderIdOf(ok(order(t, 'HDX', 'ask-1', 'sell', 100_000, 1_000)));
  const transfer = (fields: Record<string, unknown>) =>
    wire({ type: 'ledger.create_transfers', transfers: [fields] });
  const cash = { debit_account_id: HDXG_HKD, credit_account_id: 'HDX/HKD', amount_minor: '1' };
  // Taking the id of the order's next hold, or of its hold's void, would make the release fail
  // after a fill or a cancel (TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS): until the fix, a halt.
  for (const squat of [`prefund/${id}/2`, `prefund/${id}/1/void`, `prefund/${id + 1}/1`]) {
    const refused = refusedUnchanged(
      t,
      () => t.submit('HDXG', transfer({ id: squat, ...cash })),
      'TRANSFER_ID_RESERVED',
    );
    assert.equal(refused.rejection?.details.index, 0);
    refusedUnchanged(
      t,
      () => t.submit('operator', transfer({ id: squat, ...cash })),
      'TRANSFER_ID_RESERVED',
    );
  }
  // Voiding or posting an order's hold by hand would leave the order unfunded: refused too.
  for (const action of ['void', 'post']) {
    refusedUnchanged(
      t,
      () =>
        t.submit(
          'operator',
          transfer({ id: `by-hand-${action}`, action, pending_id: `prefund/${id}/1` }),
        ),
      'HOLD_RESERVED',
    );
  }
  // A hold coded `prefund` that no order owns would break the escrow's bookkeeping.
  refusedUnchanged(
    t,
    () =>
      t.submit(
        'HDXG',
        transfer({
          id: 'fake',
          action: 'hold',
          ...cash,
          credit_account_id: HKD_ESCROW,
          code: 'prefund',
        }),
      ),
    'TRANSFER_CODE_RESERVED',
  );
  // The order trades and is cancelled as usual.
  ok(order(t, 'HDXG', 'bid-1', 'buy', 100_000, 400));
  ok(t.submit('HDX', wire({ type: 'market.cancel_order', client_order_id: 'ask-1' })));
  assert.equal(t.hub.state.ledger.pending_count, 0);
  replaysAlike(t);
});
