import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MOUTAI, PING_AN, Script } from './fixtures.js';
import type { Alert } from './types.js';

const PRICE = 146_000; // RMB 1,460.00

function focus(alerts: readonly Alert[], subtype: string): string[] {
  return alerts
    .filter((a) => a.kind === 'focus_list' && a.subtype === subtype)
    .flatMap((a) => a.owners);
}

function trade(s: Script, id: number, buyer: string, seller: string, qty: number): void {
  s.order({ id, owner: seller, side: 'sell', price: PRICE, qty, instrument: MOUTAI });
  s.order({ id: id + 1, owner: buyer, side: 'buy', price: PRICE, qty, instrument: MOUTAI });
  s.trade(id + 1, id, PRICE, qty, 'buy');
}

test('lists the largest accounts by value traded today and flags those above the bar', () => {
  const s = new Script();
  trade(s, 1, 'cn-pro-zhao', 'cn-retail-liu', 9_000); // RMB 13,140,000 each side
  trade(s, 3, 'hk-retail-chan', 'cn-retail-liu', 100);
  const list = s.surveillance.focusList('XSHG');
  assert.equal(list.currency, 'CNY');
  assert.deepEqual(
    list.largest.map((e) => e.owner),
    ['cn-retail-liu', 'cn-pro-zhao', 'hk-retail-chan'],
  );
  assert.equal(list.largest[1]?.value, '13140000.00');
  assert.deepEqual(focus(s.alerts, 'largest'), ['cn-pro-zhao', 'cn-retail-liu']);
});

test('flags an account whose trading jumps against its earlier pace today', () => {
  const s = new Script(undefined, '10:00');
  trade(s, 1, 'cn-pro-zhao', 'cn-retail-liu', 300); // RMB 438,000 in the 10:00 window
  s.at('11:05');
  trade(s, 3, 'cn-pro-zhao', 'hk-retail-chan', 4_000); // RMB 5,840,000 two windows later
  assert.ok(focus(s.alerts, 'fastest_growing').includes('cn-pro-zhao'));
  const growing = s.surveillance.focusList('XSHG').fastest_growing;
  assert.equal(growing[0]?.owner, 'cn-pro-zhao');
  assert.equal(growing[0]?.growth_pct, 1168, '5.84 m × 2 windows / max(0.438 m, 1 m floor)');
});

test('a new day starts the lists afresh', () => {
  const s = new Script();
  trade(s, 1, 'cn-pro-zhao', 'cn-retail-liu', 9_000);
  s.at('10:00', '2026-01-06');
  trade(s, 3, 'hk-retail-chan', 'cn-retail-liu', 100);
  assert.deepEqual(
    s.surveillance.focusList('XSHG').largest.map((e) => e.owner),
    ['cn-retail-liu', 'hk-retail-chan'],
  );
});

test('keeps a hot-instrument list: the market’s most traded instruments today, by value', () => {
  const s = new Script();
  trade(s, 1, 'cn-pro-zhao', 'cn-retail-liu', 100); // Moutai: RMB 146,000
  s.order({
    id: 10,
    owner: 'cn-retail-liu',
    side: 'sell',
    price: 5_800,
    qty: 5_000,
    instrument: PING_AN,
  });
  s.order({
    id: 11,
    owner: 'cn-pro-zhao',
    side: 'buy',
    price: 5_800,
    qty: 5_000,
    instrument: PING_AN,
  });
  s.trade(11, 10, 5_800, 5_000, 'buy'); // Ping An: RMB 290,000
  const hot = s.surveillance.focusList('XSHG').hot_instruments;
  assert.deepEqual(
    hot.map((h) => [h.instrument, h.value, h.trades]),
    [
      [PING_AN, '290000.00', 1],
      [MOUTAI, '146000.00', 1],
    ],
  );
  assert.equal(hot[0]?.share_bps, 6_651); // 290,000 / 436,000
});
