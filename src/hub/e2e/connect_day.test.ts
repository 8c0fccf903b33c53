/**
 * End to end through the hub: a Connect trading day on Monday 5 January 2026, from the pre-open
 * through both auctions, continuous trading and the quota running out, to the close, the
 * settlement cycles of Monday (Northbound securities T+0), Tuesday (Northbound money T+1) and
 * Wednesday (Southbound T+2 in RMB at ChinaClear's settlement rate), with every figure computed by
 * hand in the comments. The whole run replays from its envelopes to the same digest.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { postedBalance } from '../../ledger/index.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import { quotaReport } from '../../rules/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { CommandResult } from '../envelope.js';
import { Hub } from '../hub.js';
import { TestHub } from '../testing.js';

const MOUTAI = 'CNE0000018R8';
const TENCENT = 'KYG875721634';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function at(t: TestHub, date: string, clock: string): void {
  t.now_us = timestampAt(date, clock);
}

interface OrderArgs {
  id: string;
  owner: string;
  side: 'buy' | 'sell';
  price: number;
  qty: number;
  instrument?: string;
  bcan?: string;
  type?: string;
}

function order(t: TestHub, participant: string, a: OrderArgs): CommandResult {
  return t.submit(
    participant,
    wire({
      type: 'market.submit_order',
      client_order_id: a.id,
      instrument: a.instrument ?? MOUTAI,
      side: a.side,
      order_type: a.type ?? 'limit',
      time_in_force: 'day',
      price_units: a.price,
      quantity_units: a.qty,
      owner: a.owner,
      ...(a.bcan === undefined ? {} : { bcan: a.bcan }),
    }),
  );
}

function cancel(t: TestHub, participant: string, client_order_id: string): CommandResult {
  return t.submit(participant, wire({ type: 'market.cancel_order', client_order_id }));
}

function balance(t: TestHub, account_id: string): bigint {
  const account = t.hub.state.ledger.accounts.get(account_id);
  assert.ok(account, `no account ${account_id}`);
  return postedBalance(account);
}

function shQuota(t: TestHub): bigint {
  const quota = t.hub.state.rules.quotas[0];
  assert.ok(quota);
  return quotaReport(quota).balance_minor;
}

function ok(result: CommandResult, what: string): CommandResult {
  assert.equal(
    result.status,
    'accepted',
    `${what}: ${result.rejection?.code} ${result.rejection?.message}`,
  );
  return result;
}

function refused(result: CommandResult, code: string): void {
  assert.equal(result.status, 'rejected');
  assert.equal(result.rejection?.code, code);
}

/** The accounts whose balances the day moves, at every tier. */
const WATCHED = [
  `${MOUTAI}/PEAK/hk-inst-insurer`,
  `${MOUTAI}/HKSCC/PEAK`,
  `${MOUTAI}/HARBOUR/hk-inst-fund`,
  `${MOUTAI}/HKSCC/HARBOUR`,
  `${MOUTAI}/CSDC/HKSCC`,
  `${MOUTAI}/CSDC/cn-retail-zhang`,
  `${MOUTAI}/CSDC/cn-retail-liu`,
  `${MOUTAI}/CSDC/cn-pro-zhao`,
  'hk-inst-insurer/CNY',
  'hk-inst-fund/CNY',
  'cn-retail-zhang/CNY',
  'cn-retail-liu/CNY',
  'cn-pro-zhao/CNY',
  `${TENCENT}/PEARL.SH/cn-inst-fund`,
  `${TENCENT}/CSDC.SH/PEARL`,
  `${TENCENT}/HKSCC/CSDC.SH`,
  `${TENCENT}/LIONROCK/LIONROCK`,
  `${TENCENT}/HKSCC/LIONROCK`,
  'cn-inst-fund/CNY',
  'LIONROCK/HKD',
] as const;

function snapshot(t: TestHub): Map<string, bigint> {
  return new Map(WATCHED.map((id) => [id, balance(t, id)]));
}

function moved(t: TestHub, before: Map<string, bigint>): Record<string, bigint> {
  const changes: Record<string, bigint> = {};
  for (const id of WATCHED) {
    const delta = balance(t, id) - (before.get(id) ?? 0n);
    if (delta !== 0n) changes[id] = delta;
  }
  return changes;
}

test('a Connect trading day: quotas, rules, auctions and settlement at every tier, replayed', () => {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  // Sunday evening: a small Shanghai Northbound quota for Monday, RMB 500,000.00, so it runs out.
  ok(
    t.submit(
      'operator',
      wire({ type: 'rules.set_daily_quota', link: 'sh_northbound', daily_quota_minor: '50000000' }),
    ),
    'quota',
  );
  const start = snapshot(t);

  // 09:12 — SEHK takes Northbound orders from 09:10 and holds them until SSE opens at 09:15.
  at(t, '2026-01-05', '09:12');
  const held = ok(
    order(t, 'HARBOUR', {
      id: 'nb-fund-1',
      owner: 'hk-inst-fund',
      side: 'buy',
      price: 146_000,
      qty: 100,
      bcan: '1000000003',
    }),
    'held',
  );
  assert.deepEqual(held.events.filter((e) => e.type === 'order_held').length, 1);
  // Quota 50,000,000 − 100 × RMB 1,460.00 (14,600,000 fen) = 35,400,000
  assert.equal(shQuota(t), 35_400_000n);

  // 09:16 — the opening call auction.
  at(t, '2026-01-05', '09:16');
  ok(
    order(t, 'BUND', {
      id: 'zhang-s1',
      owner: 'cn-retail-zhang',
      side: 'sell',
      price: 146_000,
      qty: 100,
    }),
    'domestic sell',
  );
  ok(
    order(t, 'PEAK', {
      id: 'nb-ins-1',
      owner: 'hk-inst-insurer',
      side: 'buy',
      price: 146_000,
      qty: 200,
      bcan: '2000000002',
    }),
    'nb buy 200',
  );
  assert.equal(shQuota(t), 6_200_000n); // − 29,200,000
  at(t, '2026-01-05', '09:17');
  ok(
    order(t, 'HARBOUR', {
      id: 'nb-chan-1',
      owner: 'hk-retail-chan',
      side: 'buy',
      price: 146_000,
      qty: 100,
      bcan: '1000000001',
    }),
    'overshoot',
  );
  assert.equal(shQuota(t), -8_400_000n); // an order that overshoots is accepted whole
  at(t, '2026-01-05', '09:18');
  refused(
    order(t, 'HARBOUR', {
      id: 'nb-lam-1',
      owner: 'hk-pro-lam',
      side: 'buy',
      price: 146_000,
      qty: 100,
      bcan: '1000000002',
    }),
    'QUOTA_EXHAUSTED',
  );
  ok(cancel(t, 'HARBOUR', 'nb-chan-1'), 'cancel restores');
  assert.equal(shQuota(t), 6_200_000n);
  ok(
    order(t, 'HARBOUR', {
      id: 'nb-lam-2',
      owner: 'hk-pro-lam',
      side: 'buy',
      price: 145_000,
      qty: 100,
      bcan: '1000000002',
    }),
    'positive again: accepted',
  );
  ok(cancel(t, 'HARBOUR', 'nb-lam-2'), 'and cancelled');
  assert.equal(shQuota(t), 6_200_000n);
  at(t, '2026-01-05', '09:21');
  refused(cancel(t, 'PEAK', 'nb-ins-1'), 'CANCEL_NOT_ALLOWED_NOW'); // 09:20–09:25: no cancels

  // 09:25 — uncross at RMB 1,460.00: the held order (first in time) buys zhang's 100.
  at(t, '2026-01-05', '09:26');
  const uncross = t.accept('operator', { type: 'hub.tick' });
  const auction = uncross.events.filter((e) => e.type === 'trade');
  assert.equal(auction.length, 1);
  assert.ok(
    auction[0]?.type === 'trade' &&
      auction[0].buyer === 'hk-inst-fund' &&
      auction[0].quantity_units === 100,
  );

  // Continuous trading: liu sells 300 at 1,459.00 into the insurer's 200 resting at 1,460.00.
  at(t, '2026-01-05', '10:00');
  const liu = ok(
    order(t, 'PEARL', {
      id: 'liu-s1',
      owner: 'cn-retail-liu',
      side: 'sell',
      price: 145_900,
      qty: 300,
    }),
    'liu sells',
  );
  assert.deepEqual(
    liu.events
      .filter((e) => e.type === 'trade')
      .map((e) => e.type === 'trade' && [e.price_units, e.quantity_units]),
    [[146_000, 200]],
  );
  // A Northbound sell from the fund's morning holdings rests behind liu's remaining 100.
  ok(
    order(t, 'HARBOUR', {
      id: 'nb-fund-s1',
      owner: 'hk-inst-fund',
      side: 'sell',
      price: 145_900,
      qty: 100,
      bcan: '1000000003',
    }),
    'nb sell',
  );
  ok(
    order(t, 'BUND', {
      id: 'zhao-b1',
      owner: 'cn-pro-zhao',
      side: 'buy',
      price: 145_900,
      qty: 200,
    }),
    'zhao buys both',
  );
  // The Northbound sell trade gives its value back: 6,200,000 + 14,590,000
  assert.equal(shQuota(t), 20_790_000n);

  // The quota runs out in the continuous session: buying closes for the rest of the day.
  at(t, '2026-01-05', '10:20');
  ok(
    order(t, 'HARBOUR', {
      id: 'nb-fund-2',
      owner: 'hk-inst-fund',
      side: 'buy',
      price: 145_900,
      qty: 200,
      bcan: '1000000003',
    }),
    'exhausts',
  );
  assert.equal(shQuota(t), -8_390_000n);
  ok(cancel(t, 'HARBOUR', 'nb-fund-2'), 'cancel');
  assert.equal(shQuota(t), 20_790_000n);
  refused(
    order(t, 'PEAK', {
      id: 'nb-ins-2',
      owner: 'hk-inst-insurer',
      side: 'buy',
      price: 145_900,
      qty: 100,
      bcan: '2000000002',
    }),
    'QUOTA_CLOSED_FOR_DAY',
  );
  // Sells are always accepted; but not of shares bought today (no Northbound day trading).
  refused(
    order(t, 'PEAK', {
      id: 'nb-ins-s1',
      owner: 'hk-inst-insurer',
      side: 'sell',
      price: 150_000,
      qty: 100_100,
      bcan: '2000000002',
    }),
    'DAY_TRADING_NOT_ALLOWED',
  );
  ok(
    order(t, 'PEAK', {
      id: 'nb-ins-s2',
      owner: 'hk-inst-insurer',
      side: 'sell',
      price: 150_000,
      qty: 100,
      bcan: '2000000002',
    }),
    'sell of morning holdings',
  );
  refused(
    order(t, 'HARBOUR', {
      id: 'nb-x',
      owner: 'hk-inst-fund',
      side: 'buy',
      price: 145_900,
      qty: 100,
    }),
    'INVESTOR_ID_MISSING',
  );

  // Southbound: a Mainland fund buys Tencent from Lion Rock's house account.
  at(t, '2026-01-05', '10:30');
  ok(
    order(t, 'LIONROCK', {
      id: 'lr-s1',
      owner: 'LIONROCK',
      side: 'sell',
      price: 620_000,
      qty: 100,
      instrument: TENCENT,
    }),
    'hk sell',
  );
  const sb_before = t.hub.state.rules.quotas[2];
  assert.ok(sb_before);
  const sb_balance = quotaReport(sb_before).balance_minor;
  ok(
    order(t, 'PEARL', {
      id: 'sb-fund-1',
      owner: 'cn-inst-fund',
      side: 'buy',
      price: 620_000,
      qty: 100,
      instrument: TENCENT,
      type: 'enhanced_limit',
    }),
    'sb buy',
  );
  // HKD 62,000.00 at the reference rate for buys 0.9322 = RMB 57,796.40
  assert.equal(sb_balance - quotaReport(sb_before).balance_minor, 5_779_640n);

  // After the close, ChinaClear publishes the day's settlement rates.
  at(t, '2026-01-05', '16:30');
  ok(
    t.submit(
      'operator',
      wire({
        type: 'rules.set_fx_settlement_rates',
        date: '2026-01-05',
        rate_for_buys: '0.9300',
        rate_for_sells: '0.9100',
      }),
    ),
    'rates',
  );

  // 17:00 Monday: ChinaClear settles A-share securities (T+0); money follows on Tuesday.
  at(t, '2026-01-05', '17:01');
  t.accept('operator', { type: 'hub.tick' });
  assert.deepEqual(moved(t, start), {
    [`${MOUTAI}/PEAK/hk-inst-insurer`]: 200n,
    [`${MOUTAI}/HKSCC/PEAK`]: 200n,
    [`${MOUTAI}/CSDC/HKSCC`]: 200n,
    [`${MOUTAI}/CSDC/cn-retail-zhang`]: -100n,
    [`${MOUTAI}/CSDC/cn-retail-liu`]: -300n,
    [`${MOUTAI}/CSDC/cn-pro-zhao`]: 200n,
  });

  // 17:00 Tuesday: the RMB of Monday's A-share trades.
  at(t, '2026-01-06', '17:01');
  t.accept('operator', { type: 'hub.tick' });
  const tuesday = moved(t, start);
  assert.equal(tuesday['hk-inst-insurer/CNY'], -29_200_000n); // 200 × 1,460.00
  assert.equal(tuesday['hk-inst-fund/CNY'], -10_000n); // paid 146,000.00, received 145,900.00
  assert.equal(tuesday['cn-retail-zhang/CNY'], 14_600_000n);
  assert.equal(tuesday['cn-retail-liu/CNY'], 43_790_000n); // 29,200,000 + 14,590,000
  assert.equal(tuesday['cn-pro-zhao/CNY'], -29_180_000n);

  // 17:00 Wednesday: Southbound T+2; the fund pays HKD 62,000.00 × 0.9300 = RMB 57,660.00.
  at(t, '2026-01-07', '17:01');
  t.accept('operator', { type: 'hub.tick' });
  const wednesday = moved(t, start);
  assert.equal(wednesday[`${TENCENT}/PEARL.SH/cn-inst-fund`], 100n);
  assert.equal(wednesday[`${TENCENT}/CSDC.SH/PEARL`], 100n);
  assert.equal(wednesday[`${TENCENT}/HKSCC/CSDC.SH`], 100n);
  assert.equal(wednesday[`${TENCENT}/LIONROCK/LIONROCK`], -100n);
  assert.equal(wednesday[`${TENCENT}/HKSCC/LIONROCK`], -100n);
  assert.equal(wednesday['cn-inst-fund/CNY'], -5_766_000n);
  assert.equal(wednesday['LIONROCK/HKD'], 6_200_000n);

  t.hub.checkInvariants();
  const replay = new Hub();
  for (const e of t.envelopes) replay.apply(e);
  assert.equal(replay.digest(), t.hub.digest());
});
