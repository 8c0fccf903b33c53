import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figureOf, ofKind, PING_AN, Script } from './fixtures.js';

const IGNITER = 'cn-pro-zhao';
const OTHERS = ['cn-retail-liu', 'hk-retail-chan'] as const;
const START = 5_800; // RMB 58.00

/** A last trade at START, then `orders` aggressive buys each lifting the price one tick. */
function burst(s: Script, orders: number): number {
  s.order({ id: 1, owner: OTHERS[0], side: 'buy', price: START, qty: 100, instrument: PING_AN });
  s.order({ id: 2, owner: OTHERS[1], side: 'sell', price: START, qty: 100, instrument: PING_AN });
  s.trade(1, 2, START, 100, 'sell');
  for (let k = 1; k <= orders; k += 1) {
    s.advance(3_000);
    s.order({
      id: 10 + k * 2,
      owner: OTHERS[1],
      side: 'sell',
      price: START + k,
      qty: 1_000,
      instrument: PING_AN,
    });
    s.order({
      id: 11 + k * 2,
      owner: IGNITER,
      side: 'buy',
      price: START + k,
      qty: 1_000,
      instrument: PING_AN,
    });
    s.trade(11 + k * 2, 10 + k * 2, START + k, 1_000, 'buy');
  }
  return 100;
}

/** The igniter sells `qty` back at `price` to a passive bid of another account. */
function sellBack(s: Script, id: number, price: number, qty: number): ReturnType<Script['emit']> {
  s.advance(20_000);
  s.order({ id, owner: OTHERS[0], side: 'buy', price, qty, instrument: PING_AN });
  s.order({ id: id + 1, owner: IGNITER, side: 'sell', price, qty, instrument: PING_AN });
  return s.trade(id, id + 1, price, qty, 'sell');
}

test('alerts when an aggressive burst moves the price and the owner trades back at a better price', () => {
  const s = new Script();
  const id = burst(s, 4);
  const raised = sellBack(s, id, START + 2, 1_000);
  const [alert] = ofKind(raised, 'momentum_ignition');
  assert.ok(alert !== undefined, 'the reversing trade completes the pattern');
  assert.deepEqual(alert.owners, [IGNITER]);
  assert.equal(figureOf(alert, 'aggressive_orders'), 4);
  assert.equal(figureOf(alert, 'burst_move_ticks'), 4);
  assert.equal(figureOf(alert, 'reversal_pct'), 25);
  assert.equal(alert.evidence.trades.length, 5);
  // Symbols and prices as the market quotes them, not ISINs and price units.
  assert.match(alert.summary, / in 601318, moving it 4 ticks from 58\.\d\d,/);
});

test('does not alert on a burst that is kept, or on too few aggressive orders', () => {
  const kept = new Script();
  burst(kept, 5);
  assert.deepEqual(ofKind(kept.alerts, 'momentum_ignition'), []);
  const short = new Script();
  const id = burst(short, 3);
  sellBack(short, id, START + 2, 3_000);
  assert.deepEqual(ofKind(short.alerts, 'momentum_ignition'), []);
});

test('does not alert when the way back is at a worse price than before the burst', () => {
  const s = new Script();
  const id = burst(s, 4);
  sellBack(s, id, START - 1, 4_000);
  assert.deepEqual(ofKind(s.alerts, 'momentum_ignition'), []);
});

test('does not alert when the owner trades back after the reversal window', () => {
  const s = new Script();
  const id = burst(s, 4);
  s.advance(200_000);
  sellBack(s, id, START + 2, 4_000);
  assert.deepEqual(ofKind(s.alerts, 'momentum_ignition'), []);
});
