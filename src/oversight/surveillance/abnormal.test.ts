import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figureOf, PING_AN, Script } from './fixtures.js';
import type { Alert } from './types.js';

const OWNER = 'cn-pro-zhao';
const OTHER = 'cn-retail-liu';

function abnormal(alerts: readonly Alert[], subtype: string): Alert[] {
  return alerts.filter((a) => a.kind === 'abnormal_trading' && a.subtype === subtype);
}

/** `pairs` orders each cancelled `cancel_ms` later, the next order `gap_ms` after the cancel. */
function orderCancel(s: Script, pairs: number, cancel_ms: number, gap_ms: number): void {
  for (let k = 0; k < pairs; k += 1) {
    s.order({ id: 100 + k, owner: OWNER, side: 'buy', price: 140_000, qty: 100 });
    s.advance(cancel_ms);
    s.cancel(100 + k);
    s.advance(gap_ms);
  }
}

test('order burst: alerts at the 100th order or cancel within one second, not at 99', () => {
  const burst = new Script();
  orderCancel(burst, 50, 4, 5);
  const [alert] = abnormal(burst.alerts, 'order_burst');
  assert.equal(figureOf(alert as Alert, 'messages_in_one_second'), 100);
  const short = new Script();
  orderCancel(short, 49, 4, 5);
  short.order({ id: 999, owner: OWNER, side: 'buy', price: 140_000, qty: 100 });
  assert.deepEqual(abnormal(short.alerts, 'order_burst'), []);
});

test('order burst: the same messages spread over two seconds do not alert', () => {
  const s = new Script();
  orderCancel(s, 50, 15, 15);
  assert.deepEqual(abnormal(s.alerts, 'order_burst'), []);
});

test('rapid cancels: alerts on the 50th order cancelled within a second of entry', () => {
  const s = new Script();
  orderCancel(s, 50, 300, 2_000);
  const [alert] = abnormal(s.alerts, 'rapid_cancel');
  assert.equal(figureOf(alert as Alert, 'cancelled_within_1s_today'), 50);
  assert.equal(figureOf(alert as Alert, 'cancel_ratio_bps'), 10_000);
  const slow = new Script();
  orderCancel(slow, 50, 1_500, 2_000);
  assert.deepEqual(abnormal(slow.alerts, 'rapid_cancel'), []);
});

/** A minute in which the owner lifts the price three ticks with three aggressive orders. */
function push(s: Script, id: number, from: number, direction: 1 | -1): number {
  s.order({ id, owner: OTHER, side: 'buy', price: from, qty: 100, instrument: PING_AN });
  s.order({
    id: id + 1,
    owner: 'hk-retail-chan',
    side: 'sell',
    price: from,
    qty: 100,
    instrument: PING_AN,
  });
  s.trade(id, id + 1, from, 100, 'sell');
  for (let k = 1; k <= 3; k += 1) {
    const price = from + direction * k;
    const mine = direction > 0 ? 'buy' : 'sell';
    s.advance(5_000);
    s.order({
      id: id + 2 * k,
      owner: OTHER,
      side: mine === 'buy' ? 'sell' : 'buy',
      price,
      qty: 300,
      instrument: PING_AN,
    });
    s.order({ id: id + 2 * k + 1, owner: OWNER, side: mine, price, qty: 300, instrument: PING_AN });
    if (mine === 'buy') s.trade(id + 2 * k + 1, id + 2 * k, price, 300, 'buy');
    else s.trade(id + 2 * k, id + 2 * k + 1, price, 300, 'sell');
  }
  s.advance(60_000);
  return from + direction * 3;
}

/** Two minutes of trading at an unchanged price between other accounts. */
function quiet(s: Script, id: number, price: number): void {
  for (let k = 0; k < 2; k += 1) {
    s.order({ id: id + 2 * k, owner: OTHER, side: 'buy', price, qty: 100, instrument: PING_AN });
    s.order({
      id: id + 2 * k + 1,
      owner: 'hk-retail-chan',
      side: 'sell',
      price,
      qty: 100,
      instrument: PING_AN,
    });
    s.trade(id + 2 * k, id + 2 * k + 1, price, 100, 'sell');
    s.advance(60_000);
  }
}

test('repeated pushes: alerts on the third one-minute push in the same direction', () => {
  const s = new Script();
  s.at('10:00:01');
  let price = 5_800;
  for (let minute = 0; minute < 3; minute += 1) {
    price = push(s, 100 + minute * 20, price, 1);
    quiet(s, 500 + minute * 10, price);
  }
  const [alert] = abnormal(s.alerts, 'repeated_push');
  assert.ok(alert !== undefined);
  assert.equal(figureOf(alert, 'push_minutes_today'), 3);
});

test('repeated pushes: up, down, up is not a pattern', () => {
  const s = new Script();
  s.at('10:00:01');
  let price = 5_800;
  for (const [minute, direction] of [1, -1, 1].entries()) {
    price = push(s, 100 + minute * 20, price, direction as 1 | -1);
    quiet(s, 500 + minute * 10, price);
  }
  assert.deepEqual(abnormal(s.alerts, 'repeated_push'), []);
});

/** Two aggressive buys of `qty` Ping An shares in a minute, lifting it from RMB 58.00 to 58.12. */
function largeBuys(s: Script, qty: number): void {
  s.at('10:00:01');
  s.order({ id: 1, owner: OTHER, side: 'buy', price: 5_800, qty: 100, instrument: PING_AN });
  s.order({
    id: 2,
    owner: 'hk-retail-chan',
    side: 'sell',
    price: 5_800,
    qty: 100,
    instrument: PING_AN,
  });
  s.trade(1, 2, 5_800, 100, 'sell');
  for (const [k, price] of [5_810, 5_812].entries()) {
    s.advance(10_000);
    s.order({ id: 10 + k * 2, owner: OTHER, side: 'sell', price, qty, instrument: PING_AN });
    s.order({ id: 11 + k * 2, owner: OWNER, side: 'buy', price, qty, instrument: PING_AN });
    s.trade(11 + k * 2, 10 + k * 2, price, qty, 'buy');
  }
}

test('large trades: alerts when RMB 10 million bought aggressively in a minute moves it 20 bps', () => {
  const s = new Script();
  largeBuys(s, 90_000); // RMB 10,459,800
  const [alert] = abnormal(s.alerts, 'large_trade_move');
  assert.ok(alert !== undefined);
  assert.equal(figureOf(alert, 'aggressive_value_in_minute'), '10459800.00');
  assert.equal(figureOf(alert, 'minute_move_bps'), 20);
  const small = new Script();
  largeBuys(small, 80_000); // RMB 9,297,600
  assert.deepEqual(abnormal(small.alerts, 'large_trade_move'), []);
});
