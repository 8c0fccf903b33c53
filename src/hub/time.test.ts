/**
 * The passage of time between commands: every timed change, hold expiries included, is walked in
 * time order, so a long gap replays exactly as a busy day would.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampAt } from '../kernel/time.js';
import { postedBalance } from '../ledger/index.js';
import { captureTrade } from '../posttrade/index.js';
import { type Command, parseCommand } from '../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import type { EventSink } from './events.js';
import { posttradeEnv, settlementResolver } from './settlement.js';
import { TestHub } from './testing.js';

const TENCENT = 'KYG875721634';
const DISCARD: EventSink = { emit: () => undefined };

function wire(json: unknown): Command {
  const parsed = parseCommand(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

/**
 * LIONROCK sells all its Tencent to HARBOUR on Mon 5 Jan 2026 (settles Wed 7 Jan at the 17:00
 * cycle); at 16:30 on Wed every share is held by a hold that expires at 17:30.
 */
function heldAtTheCycle(): { t: TestHub; seller_account: string } {
  const t = genesis();
  const resolver = settlementResolver(t.hub.state);
  const seller_account = resolver.accountFor('LIONROCK', TENCENT, 'holding') as string;
  const buyer_account = resolver.accountFor('HARBOUR', TENCENT, 'holding') as string;
  const seller = t.hub.state.ledger.accounts.get(seller_account);
  assert.ok(seller && t.hub.state.ledger.accounts.has(buyer_account));
  const units = postedBalance(seller);
  assert.ok(units > 0n);
  const at_us = timestampAt('2026-01-05', '15:00');
  const captured = captureTrade(t.hub.state.posttrade, posttradeEnv(t.hub.state, DISCARD, at_us), {
    trade_id: 'T-held',
    instrument: TENCENT,
    market: 'XHKG',
    price_units: 620_000,
    quantity_units: Number(units),
    buyer: 'HARBOUR',
    seller: 'LIONROCK',
    buyer_participant: 'HARBOUR',
    seller_participant: 'LIONROCK',
    buy_route: 'domestic',
    sell_route: 'domestic',
    buy_venue: 'XHKG',
    sell_venue: 'XHKG',
    timestamp_us: at_us,
    trade_date: '2026-01-05',
    currency: 'HKD',
    price_scale: 3,
  });
  assert.ok(captured.ok, captured.ok ? '' : captured.message);
  t.now_us = timestampAt('2026-01-07', '16:30');
  t.accept(
    'operator',
    wire({
      type: 'ledger.create_transfers',
      transfers: [
        {
          id: 'block-tencent',
          action: 'hold',
          debit_account_id: seller_account,
          credit_account_id: buyer_account,
          amount_minor: units.toString(),
          timeout_s: 3_600,
        },
      ],
    }),
  );
  return { t, seller_account };
}

test('a hold expiring at 17:30 is still in force at the 17:00 cycle, however late the next command', () => {
  const outcomes: string[] = [];
  for (const clock of ['17:01', '18:00']) {
    const { t } = heldAtTheCycle();
    t.now_us = timestampAt('2026-01-07', clock);
    const tick = t.accept('operator', { type: 'hub.tick' });
    const seller_side = t.hub.state.posttrade.instructions.get('T-held/S');
    outcomes.push(`${seller_side?.status} ${seller_side?.fail_reason}`);
    const order = tick.events.map((e) => e.type).filter((type) => type !== 'instruction_status');
    const cycle = order.indexOf('cycle_completed');
    const expired = order.indexOf('hold_expired');
    assert.ok(cycle >= 0, `${clock}: the 17:00 cycle ran`);
    if (clock === '18:00') assert.ok(expired > cycle, 'the hold expires after the cycle');
  }
  assert.deepEqual(outcomes, ['failed short_securities', 'failed short_securities']);
});
