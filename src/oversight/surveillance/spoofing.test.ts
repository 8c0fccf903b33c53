import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { surveillanceConfig } from './config.js';
import { figureOf, MOUTAI, ofKind, Script } from './fixtures.js';

const SPOOFER = 'cn-retail-zhang';
const OTHER = 'cn-retail-liu';

/** Best bid 1459.90, best ask 1460.00 (price units are RMB 0.01). */
function market(s: Script): void {
  s.bbo(MOUTAI, 145_990, 146_000);
  s.order({ id: 1, owner: OTHER, side: 'buy', price: 145_990, qty: 10_000 });
  s.advance(100);
}

test('alerts when a large bid is cancelled right after the same owner sold on the other side', () => {
  const s = new Script();
  market(s);
  s.order({ id: 10, owner: SPOOFER, side: 'buy', price: 145_990, qty: 4_000 });
  s.advance(500);
  s.order({ id: 11, owner: SPOOFER, side: 'sell', price: 145_990, qty: 200 });
  s.trade(1, 11, 145_990, 200, 'sell');
  s.advance(800);
  const raised = s.cancel(10);
  const [alert] = ofKind(raised, 'spoofing_layering');
  assert.ok(alert !== undefined, 'the cancel completes the pattern and raises the alert');
  assert.equal(alert.subtype, 'spoofing');
  assert.deepEqual(alert.owners, [SPOOFER]);
  assert.equal(alert.instrument, MOUTAI);
  assert.equal(alert.event_seq, s.next_seq - 1, 'raised by the cancel event itself');
  assert.equal(figureOf(alert, 'spoof_cancelled_units'), 4_000);
  assert.equal(figureOf(alert, 'genuine_order_units'), 200);
  assert.equal(figureOf(alert, 'cancel_after_execution_ms'), 800);
  const roles = alert.evidence.orders.map((o) => `${o.order_id}:${o.role}`);
  assert.deepEqual(roles, ['11:genuine', '10:spoof']);
  assert.equal(alert.evidence.trades.length, 1);
  const events = alert.evidence.timeline.map((t) => t.event);
  assert.deepEqual(events, ['order_accepted', 'order_accepted', 'trade', 'order_cancelled']);
});

test('calls it layering when the cancelled orders sit on three or more price levels', () => {
  const s = new Script();
  market(s);
  for (let level = 0; level < 3; level += 1) {
    s.order({ id: 20 + level, owner: SPOOFER, side: 'buy', price: 145_980 - level, qty: 1_500 });
  }
  s.advance(300);
  s.order({ id: 30, owner: SPOOFER, side: 'sell', price: 145_990, qty: 100 });
  s.trade(1, 30, 145_990, 100, 'sell');
  s.advance(400);
  const raised = s.cancel(20);
  s.cancel(21);
  s.cancel(22);
  const alerts = ofKind(s.alerts, 'spoofing_layering');
  assert.equal(alerts.length, 1, 'one alert for the episode, at the first cancel that crosses');
  assert.equal(ofKind(raised, 'spoofing_layering')[0]?.subtype, 'layering');
  assert.equal(figureOf(alerts[0] as never, 'price_levels'), 3);
});

test('does not alert on a market maker requoting: cancelled bid as large as the executed ask', () => {
  const s = new Script();
  market(s);
  s.order({
    id: 40,
    owner: 'LUJIAZUI',
    participant: 'LUJIAZUI',
    side: 'buy',
    price: 145_980,
    qty: 1_000,
  });
  s.order({
    id: 41,
    owner: 'LUJIAZUI',
    participant: 'LUJIAZUI',
    side: 'sell',
    price: 146_000,
    qty: 1_000,
  });
  s.advance(2_000);
  s.order({ id: 42, owner: OTHER, side: 'buy', price: 146_000, qty: 1_000 });
  s.trade(42, 41, 146_000, 1_000, 'buy');
  s.advance(500);
  s.cancel(40);
  assert.deepEqual(ofKind(s.alerts, 'spoofing_layering'), []);
});

test('does not alert when the cancel comes after the window or the order came after the trade', () => {
  const late = new Script();
  market(late);
  late.order({ id: 10, owner: SPOOFER, side: 'buy', price: 145_990, qty: 4_000 });
  late.order({ id: 11, owner: SPOOFER, side: 'sell', price: 145_990, qty: 200 });
  late.trade(1, 11, 145_990, 200, 'sell');
  late.advance(6_000);
  late.cancel(10);
  assert.deepEqual(ofKind(late.alerts, 'spoofing_layering'), []);
  const after = new Script();
  market(after);
  after.order({ id: 11, owner: SPOOFER, side: 'sell', price: 145_990, qty: 200 });
  after.trade(1, 11, 145_990, 200, 'sell');
  after.order({ id: 10, owner: SPOOFER, side: 'buy', price: 145_990, qty: 4_000 });
  after.advance(500);
  after.cancel(10);
  assert.deepEqual(ofKind(after.alerts, 'spoofing_layering'), []);
});

test('does not count orders entered far from the touch or orders that mostly filled', () => {
  const far = new Script();
  market(far);
  far.order({ id: 10, owner: SPOOFER, side: 'buy', price: 140_000, qty: 4_000 });
  far.order({ id: 11, owner: SPOOFER, side: 'sell', price: 145_990, qty: 200 });
  far.trade(1, 11, 145_990, 200, 'sell');
  far.advance(500);
  far.cancel(10);
  assert.deepEqual(ofKind(far.alerts, 'spoofing_layering'), []);
});

test('sensitive preset flags the market maker that the standard preset lets through', () => {
  const s = new Script(surveillanceConfig('sensitive'));
  market(s);
  s.order({
    id: 40,
    owner: 'LUJIAZUI',
    participant: 'LUJIAZUI',
    side: 'buy',
    price: 145_980,
    qty: 1_000,
  });
  s.order({
    id: 41,
    owner: 'LUJIAZUI',
    participant: 'LUJIAZUI',
    side: 'sell',
    price: 146_000,
    qty: 1_000,
  });
  s.order({ id: 42, owner: OTHER, side: 'buy', price: 146_000, qty: 1_000 });
  s.trade(42, 41, 146_000, 1_000, 'buy');
  s.advance(500);
  s.cancel(40);
  assert.equal(ofKind(s.alerts, 'spoofing_layering').length, 1);
});

test('property: alerts exactly when the cancelled size reaches three times the genuine order', () => {
  // Seeded so a failure replays.
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 5, max: 60 }),
      (genuine_lots, spoof_lots) => {
        const s = new Script();
        market(s);
        s.order({ id: 10, owner: SPOOFER, side: 'buy', price: 145_990, qty: spoof_lots * 100 });
        s.order({ id: 11, owner: SPOOFER, side: 'sell', price: 145_990, qty: genuine_lots * 100 });
        s.trade(1, 11, 145_990, genuine_lots * 100, 'sell');
        s.advance(200);
        s.cancel(10);
        const alerted = ofKind(s.alerts, 'spoofing_layering').length === 1;
        assert.equal(alerted, spoof_lots >= 3 * genuine_lots);
      },
    ),
    { seed: 7, numRuns: 40 },
  );
});
