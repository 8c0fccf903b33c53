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
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import type { EventSink } from './events.js';
import { posttradeEnv, settlementResolver } from './settlement.js';
import { TestHub } from './testing.js';

const MOUTAI = 'CNE0000018R8';
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
