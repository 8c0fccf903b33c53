import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { type Command, parseCommand } from '../../protocol/index.js';
import type { Security, SecurityInput } from '../../reference/index.js';
import { registerSecurity } from '../../reference/index.js';
import { demoState, expectRefused } from '../../reference/testing.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import type { HubEvent } from '../events.js';
import { TestHub } from '../testing.js';
import { paramsFor } from './params.js';

const TENCENT = 'KYG875721634';
const BUYER: [string, string] = ['HARBOUR', 'hk-retail-chan'];
const SELLER: [string, string] = ['LIONROCK', 'LIONROCK'];
const DAY = '2026-01-05';
let next_id = 0;

function order(who: [string, string], side: string, price_units: number): Command {
  next_id += 1;
  const parsed = parseCommand({
    type: 'market.submit_order',
    order_type: 'limit',
    time_in_force: 'day',
    client_order_id: `v${next_id}`,
    owner: who[1],
    instrument: TENCENT,
    side,
    price_units,
    quantity_units: 100,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.command;
}

function genesis(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

/** The sell rests at `price_units`, then the buy takes it; the buy's events. */
function cross(t: TestHub, clock: string, price_units: number): readonly HubEvent[] {
  t.now_us = timestampAt(DAY, clock);
  t.accept(SELLER[0], order(SELLER, 'sell', price_units));
  return t.accept(BUYER[0], order(BUYER, 'buy', price_units)).events;
}

const traded = (events: readonly HubEvent[]) => events.some((e) => e.type === 'trade');
const vcmCancel = (events: readonly HubEvent[]) =>
  events.some((e) => e.type === 'order_cancelled' && e.reason === 'vcm');

describe('HK VCM: only in its windows and only for the securities the rules name', () => {
  test('no VCM in the first 15 minutes of the morning session', () => {
    const t = genesis();
    assert.ok(traded(cross(t, '09:31', 620_000)));
    const jump = cross(t, '09:37', 690_000); // +11 % on the trade 6 minutes earlier
    assert.ok(traded(jump), 'the trade is done');
    assert.ok(!vcmCancel(jump));
  });

  test('from 09:45 an HSI constituent moving more than 10 % in 5 minutes triggers the VCM', () => {
    const t = genesis();
    assert.ok(traded(cross(t, '09:50', 620_000)));
    const jump = cross(t, '09:56', 690_000);
    assert.ok(!traded(jump), 'the trade is not done');
    assert.ok(vcmCancel(jump));
  });

  test('no VCM in the last 15 minutes before the closing auction', () => {
    const t = genesis();
    assert.ok(traded(cross(t, '15:45:30', 620_000)));
    const jump = cross(t, '15:51', 690_000);
    assert.ok(traded(jump));
    assert.ok(!vcmCancel(jump));
  });

  test('the trigger follows the index tier, and securities outside the VCM indices have none', () => {
    const tencent = demoState().securities.get(TENCENT) as Security;
    assert.equal(paramsFor(tencent).vcm_trigger_bps, 1_000);
    assert.equal(paramsFor({ ...tencent, vcm_index: 'hsci_midcap' }).vcm_trigger_bps, 1_500);
    assert.equal(paramsFor({ ...tencent, vcm_index: 'hsci_smallcap' }).vcm_trigger_bps, 2_000);
    const { vcm_index: _, ...unlisted } = tencent;
    assert.equal(paramsFor(unlisted).vcm_trigger_bps, 0);
  });

  test('a VCM index on a Mainland security is refused and changes nothing', () => {
    const state = demoState();
    const input: SecurityInput = {
      id: 'CNE100000296',
      symbol: '603999',
      name: 'Ping An',
      market: 'XSHG',
      board: 'main',
      kind: 'stock',
      currency: 'CNY',
      lot_size: 100,
      price_scale: 2,
      tick_table: 'cn_a_share',
      listing_date: '2007-03-01',
      vcm_index: 'hsi',
    };
    expectRefused(state, 'VCM_INDEX_INVALID', (s) => registerSecurity(s, input));
  });
});
