import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surveillanceConfig } from './config.js';
import { figureOf, ofKind, Script } from './fixtures.js';

const WASHER = 'cn-retail-zhang';
const GROUP = {
  group_id: 'g1',
  owners: ['cn-pro-zhao', 'cn-retail-liu'],
  basis: 'same controller',
};

/** One wash pair: `seller` posts, `buyer` takes it `gap_ms` later with `buy_qty`. */
function pair(
  s: Script,
  id: number,
  seller: string,
  buyer: string,
  gap_ms = 500,
  buy_qty = 500,
): void {
  s.order({ id, owner: seller, side: 'sell', price: 145_995, qty: 500 });
  s.advance(gap_ms);
  s.order({ id: id + 1, owner: buyer, side: 'buy', price: 145_995, qty: buy_qty });
  s.trade(id + 1, id, 145_995, Math.min(500, buy_qty), 'buy');
  s.advance(20_000);
}

test('alerts on the third wash trade of one beneficial owner within the window', () => {
  const s = new Script();
  pair(s, 10, WASHER, WASHER);
  pair(s, 20, WASHER, WASHER);
  assert.deepEqual(ofKind(s.alerts, 'wash_trade'), []);
  pair(s, 30, WASHER, WASHER);
  const [alert] = ofKind(s.alerts, 'wash_trade');
  assert.ok(alert !== undefined);
  assert.equal(alert.subtype, 'same_owner');
  assert.deepEqual(alert.owners, [WASHER]);
  assert.equal(figureOf(alert, 'wash_trades'), 3);
  assert.equal(alert.evidence.trades.length, 3);
  assert.equal(alert.evidence.orders.length, 6);
});

test('alerts on matched orders between accounts of one linked group, and only with the group known', () => {
  const linked = new Script(surveillanceConfig('standard', { linked_groups: [GROUP] }));
  const unlinked = new Script();
  for (const s of [linked, unlinked]) {
    pair(s, 10, 'cn-pro-zhao', 'cn-retail-liu');
    pair(s, 20, 'cn-retail-liu', 'cn-pro-zhao');
    pair(s, 30, 'cn-pro-zhao', 'cn-retail-liu');
  }
  const [alert] = ofKind(linked.alerts, 'wash_trade');
  assert.equal(alert?.subtype, 'linked_accounts');
  assert.deepEqual([...(alert?.owners ?? [])].sort(), ['cn-pro-zhao', 'cn-retail-liu']);
  assert.deepEqual(ofKind(unlinked.alerts, 'wash_trade'), []);
});

test('does not alert on accidental self-matches: old resting orders or different sizes', () => {
  const old = new Script();
  for (const id of [10, 20, 30]) pair(old, id, WASHER, WASHER, 60_000);
  assert.deepEqual(ofKind(old.alerts, 'wash_trade'), []);
  const sizes = new Script();
  for (const id of [10, 20, 30]) pair(sizes, id, WASHER, WASHER, 500, 900);
  assert.deepEqual(ofKind(sizes.alerts, 'wash_trade'), []);
});

test('does not alert when the wash trades are spread beyond the window', () => {
  const s = new Script();
  pair(s, 10, WASHER, WASHER);
  s.advance(20 * 60_000);
  pair(s, 20, WASHER, WASHER);
  s.advance(20 * 60_000);
  pair(s, 30, WASHER, WASHER);
  assert.deepEqual(ofKind(s.alerts, 'wash_trade'), []);
});

test('the sensitive preset alerts on a single paired self-trade', () => {
  const s = new Script(surveillanceConfig('sensitive'));
  pair(s, 10, WASHER, WASHER, 60_000);
  assert.equal(ofKind(s.alerts, 'wash_trade').length, 1);
});
