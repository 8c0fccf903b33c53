/**
 * The hub's daily settlement cycles run only on business days of each stream's calendar: a fail
 * accrues penalties and is retried on those days only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../kernel/time.js';
import { postedBalance } from '../ledger/index.js';
import {
  CSDR_LIQUID_SHARES_PENALTY_PPM,
  captureTrade,
  DEFAULT_POSTTRADE_CONFIG,
  posttradeConfig,
} from '../posttrade/index.js';
import { type Command, parseCommand } from '../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { csdOf, issuanceAccountId, securitiesAccountId } from './accounts.js';
import type { EventSink } from './events.js';
import { Hub } from './hub.js';
import { posttradeEnv, settlementResolver } from './settlement.js';
import { restoreHub, snapshotHub } from './state.js';
import { TestHub } from './testing.js';

const MOUTAI = 'CNE0000018R8';
const TENCENT = 'KYG875721634';

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}
const DISCARD: EventSink = { emit: () => undefined };

/** The demo hub with a CSDR-shaped 1 bp a day on the Mainland domestic stream (none by default). */
function genesisWithPenalty(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  const streams = { ...DEFAULT_POSTTRADE_CONFIG.streams };
  streams.cn_domestic = {
    ...streams.cn_domestic,
    penalty_ppm_per_day: CSDR_LIQUID_SHARES_PENALTY_PPM,
  };
  t.hub.state.posttrade.config = posttradeConfig({ streams });
  return t;
}

/** cn-pro-zhao sells more Moutai than it holds to cn-retail-zhang on `date` (SSE, domestic). */
function failingSell(t: TestHub, date: string): void {
  const resolver = settlementResolver(t.hub.state);
  const held = t.hub.state.ledger.accounts.get(
    resolver.accountFor('cn-pro-zhao', MOUTAI, 'holding') as string,
  );
  assert.ok(held);
  const at_us = timestampAt(date, '10:00');
  const captured = captureTrade(t.hub.state.posttrade, posttradeEnv(t.hub.state, DISCARD, at_us), {
    trade_id: 'T-fail',
    instrument: MOUTAI,
    market: 'XSHG',
    price_units: 146_000,
    quantity_units: Number(postedBalance(held)) + 100,
    buyer: 'cn-retail-zhang',
    seller: 'cn-pro-zhao',
    buyer_participant: 'BUND',
    seller_participant: 'BUND',
    buy_route: 'domestic',
    sell_route: 'domestic',
    buy_venue: 'XSHG',
    sell_venue: 'XSHG',
    timestamp_us: at_us,
    trade_date: date,
    currency: 'CNY',
    price_scale: 2,
  });
  assert.ok(captured.ok, captured.ok ? '' : captured.message);
}

test('a Moutai sell failing on Friday accrues Friday and Monday, not the weekend', () => {
  const t = genesisWithPenalty();
  t.now_us = timestampAt('2026-01-09', '09:00');
  t.accept('operator', { type: 'hub.tick' });
  failingSell(t, '2026-01-09');
  t.now_us = timestampAt('2026-01-12', '18:00');
  const tick = t.accept('operator', { type: 'hub.tick' });
  const seller_side = t.hub.state.posttrade.instructions.get('T-fail/S');
  assert.equal(seller_side?.status, 'failed');
  assert.equal(seller_side?.fail_reason, 'short_securities');
  assert.equal(seller_side?.penalty_days, 2);
  const cycles = tick.events.filter((e) => e.type === 'cycle_completed');
  assert.deepEqual(
    cycles.map((e) => ('settlement_date' in e ? e.settlement_date : '')),
    ['2026-01-09', '2026-01-12'],
  );
  assert.ok(!tick.events.some((e) => e.type === 'settlement_cycle_refused'));
});

test('a venue refuses an order whose trade could not be settled (SETTLEMENT_DATE_UNAVAILABLE)', () => {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  t.now_us = timestampAt('2026-01-05', '10:00');
  t.accept('operator', { type: 'hub.tick' });
  const sell = wire({
    type: 'market.submit_order',
    client_order_id: 'ye-1',
    instrument: TENCENT,
    side: 'sell',
    order_type: 'limit',
    time_in_force: 'day',
    price_units: 700_000,
    quantity_units: 100,
    owner: 'LIONROCK',
  });
  // As if it were the end of the calendar's data: T+600 business days is beyond it.
  const streams = { ...DEFAULT_POSTTRADE_CONFIG.streams };
  streams.hk_domestic = { ...streams.hk_domestic, securities_lag_days: 600, cash_lag_days: 600 };
  t.hub.state.posttrade.config = posttradeConfig({ streams });
  const before = t.hub.digest();
  const refused = t.submit('LIONROCK', sell);
  assert.equal(refused.status, 'rejected');
  assert.equal(refused.rejection?.code, 'SETTLEMENT_DATE_UNAVAILABLE');
  assert.ok(refused.rejection?.message.length);
  assert.equal(refused.events.length, 0);
  const state = snapshotHub(t.hub.state);
  assert.equal(new Hub(restoreHub({ ...state, seq: state.seq - 1 })).digest(), before);
  t.hub.state.posttrade.config = DEFAULT_POSTTRADE_CONFIG;
  assert.equal(t.submit('LIONROCK', sell).status, 'accepted');
});

test('a Southbound channel changed between two orders: the second trade settles where the resolver now says', () => {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  const state = t.hub.state;
  const tencent = state.reference.securities.get(TENCENT);
  const seller_account = tencent && securitiesAccountId(state.reference, 'cn-pro-zhao', tencent);
  assert.ok(tencent !== undefined && seller_account !== undefined);
  t.accept('operator', {
    type: 'ledger.create_transfers',
    transfers: [
      {
        id: 'allot-zhao',
        debit_account_id: issuanceAccountId(csdOf(tencent), TENCENT),
        credit_account_id: seller_account,
        amount_minor: 1_000n,
      },
    ],
  });
  t.now_us = timestampAt('2026-01-05', '10:00');
  t.accept('operator', { type: 'hub.tick' });
  const resolver = settlementResolver(state);
  const trade = (n: number): string | undefined => {
    const order = (side: 'buy' | 'sell', owner: string): Command => ({
      type: 'market.submit_order',
      client_order_id: `sb-${n}-${side}`,
      instrument: TENCENT,
      side,
      order_type: 'enhanced_limit',
      time_in_force: 'day',
      post_only: false,
      price_units: 620_000,
      quantity_units: 100,
      owner,
    });
    t.accept('PEARL', order('buy', 'cn-inst-fund'));
    const filled = t.accept('BUND', order('sell', 'cn-pro-zhao'));
    const failed = filled.events.find((e) => e.type === 'settlement_capture_failed');
    if (failed !== undefined) return undefined;
    const captured = [...state.posttrade.instructions.values()].at(-1);
    assert.ok(captured !== undefined && captured.receiver === 'cn-inst-fund');
    return state.posttrade.accounts.ids[captured.sec_to];
  };
  const before = resolver.accountFor('cn-inst-fund', TENCENT, 'holding');
  assert.equal(trade(1), before);
  t.accept('operator', {
    type: 'rules.set_southbound_channel',
    investor: 'cn-inst-fund',
    channel: 'XSHE',
  });
  const after = resolver.accountFor('cn-inst-fund', TENCENT, 'holding');
  assert.notEqual(after, before, 'the channel moves the holding account');
  // Settled where the resolver now says, or refused for want of that account: never the old one.
  const second = trade(2);
  assert.ok(second === undefined || second === after, `captured on ${second}`);
  assert.notEqual(second, before);
});
