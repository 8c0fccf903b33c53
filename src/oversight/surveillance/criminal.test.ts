import assert from 'node:assert/strict';
import { test } from 'node:test';
import { surveillanceConfig } from './config.js';
import { figureOf, MOUTAI, ofKind, Script, TENCENT } from './fixtures.js';

const OWNER = 'cn-pro-zhao';
const OTHER = 'cn-retail-liu';
/** RMB 1,000.00 in A-share price units (RMB 0.01). */
const PRICE = 100_000;

/** A spoofing episode: `spoof_units` bid at RMB 1,000 cancelled right after a 100-share sale. */
function spoofAt(s: Script, base: number, spoof_units: number): void {
  s.order({ id: base, owner: OTHER, side: 'buy', price: PRICE, qty: 100 });
  s.order({ id: base + 1, owner: OWNER, side: 'buy', price: PRICE, qty: spoof_units });
  s.order({ id: base + 2, owner: OWNER, side: 'sell', price: PRICE, qty: 100 });
  s.trade(base, base + 2, PRICE, 100, 'sell');
  s.advance(300);
  s.cancel(base + 1);
  s.advance(60_000);
}

test('alerts when the day’s cancels reach 50 % and exactly RMB 10 million, with a spoofing pattern', () => {
  const s = new Script();
  s.bbo(MOUTAI, PRICE, PRICE + 1);
  spoofAt(s, 100, 5_000); // RMB 5,000,000 cancelled
  assert.deepEqual(ofKind(s.alerts, 'spoofing_criminal_threshold'), []);
  spoofAt(s, 200, 5_000); // RMB 10,000,000.00 in total: the threshold is inclusive
  const [alert] = ofKind(s.alerts, 'spoofing_criminal_threshold');
  assert.ok(alert !== undefined);
  assert.equal(alert.severity, 'critical');
  assert.equal(alert.subtype, 'with_spoofing_pattern');
  assert.equal(figureOf(alert, 'cancelled_value'), '10000000.00');
  assert.equal(figureOf(alert, 'cancelled_today_units'), 10_000);
  assert.equal(figureOf(alert, 'orders_today_units'), 10_200);
  assert.equal(figureOf(alert, 'sold_today_units'), 200);
});

test('does not alert one cent below RMB 10 million', () => {
  const s = new Script();
  s.bbo(MOUTAI, PRICE, PRICE + 1);
  spoofAt(s, 100, 5_000);
  spoofAt(s, 200, 4_999); // RMB 9,999,000.00
  assert.deepEqual(ofKind(s.alerts, 'spoofing_criminal_threshold'), []);
});

test('does not alert when less than half of the day’s order volume was cancelled', () => {
  const s = new Script();
  s.bbo(MOUTAI, PRICE, PRICE + 1);
  s.order({ id: 1, owner: OWNER, side: 'buy', price: PRICE, qty: 12_000 });
  s.order({ id: 2, owner: OTHER, side: 'sell', price: PRICE, qty: 12_000 });
  s.trade(1, 2, PRICE, 12_000, 'sell');
  spoofAt(s, 100, 5_500);
  spoofAt(s, 200, 5_500);
  assert.deepEqual(ofKind(s.alerts, 'spoofing_criminal_threshold'), []);
});

test('standard preset needs a spoofing pattern; the sensitive preset alerts on volume alone', () => {
  for (const preset of ['standard', 'sensitive'] as const) {
    const s = new Script(surveillanceConfig(preset));
    s.order({ id: 1, owner: OWNER, side: 'buy', price: PRICE, qty: 10_000 });
    s.advance(120_000);
    s.cancel(1);
    const alerts = ofKind(s.alerts, 'spoofing_criminal_threshold');
    assert.equal(alerts.length, preset === 'sensitive' ? 1 : 0, preset);
    if (preset === 'sensitive') assert.equal(alerts[0]?.subtype, 'volume_only');
  }
});

test('does not apply to Hong Kong dollar securities', () => {
  const s = new Script(surveillanceConfig('sensitive'));
  s.order({
    id: 1,
    owner: 'hk-pro-lam',
    side: 'buy',
    price: 600_000,
    qty: 100_000,
    instrument: TENCENT,
  });
  s.cancel(1);
  assert.deepEqual(ofKind(s.alerts, 'spoofing_criminal_threshold'), []);
});

test('a second alert at the aggravated tier: RMB 50 million cancelled (unverified figure)', () => {
  const s = new Script();
  s.bbo(MOUTAI, PRICE, PRICE + 1);
  for (let k = 0; k < 9; k += 1) spoofAt(s, 100 + 10 * k, 5_000); // RMB 45,000,000
  const first = ofKind(s.alerts, 'spoofing_criminal_threshold');
  assert.deepEqual(
    first.map((a) => a.subtype),
    ['with_spoofing_pattern'],
  );
  spoofAt(s, 500, 5_000); // RMB 50,000,000.00: inclusive
  const alerts = ofKind(s.alerts, 'spoofing_criminal_threshold');
  assert.deepEqual(
    alerts.map((a) => a.subtype),
    ['with_spoofing_pattern', 'aggravated'],
  );
  assert.equal(figureOf(alerts[1] as (typeof alerts)[number], 'cancelled_value'), '50000000.00');
  spoofAt(s, 600, 5_000);
  assert.equal(ofKind(s.alerts, 'spoofing_criminal_threshold').length, 2, 'once a day');
});
