import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MOUTAI, ofKind, Script, WULIANGYE } from './fixtures.js';
import { HFT_REPORT_TO_BE_SUPPLIED } from './hft.js';

/** `pairs` order + cancel pairs by `owner`, every message `step_ms` apart. */
function messages(s: Script, owner: string, pairs: number, step_ms: number, first_id = 1): void {
  for (let k = 0; k < pairs; k += 1) {
    s.order({
      id: first_id + k,
      owner,
      side: 'sell',
      price: 150_000,
      qty: 100,
      participant: 'HARBOUR',
      route: 'northbound',
    });
    s.advance(step_ms);
    s.cancel(first_id + k);
    s.advance(step_ms);
  }
}

test('classifies an account at 300 orders and cancels in one second, with the reporting record', () => {
  const s = new Script();
  messages(s, 'hk-retail-chan', 150, 3);
  const [alert] = ofKind(s.alerts, 'hft_classification');
  assert.ok(alert !== undefined);
  assert.equal(alert.subtype, 'per_second');
  const record = alert.evidence.report;
  assert.ok(record !== null);
  assert.equal(record.account, 'hk-retail-chan');
  assert.equal(record.bcan, '1000000001');
  assert.equal(record.investor_type, 'retail');
  assert.equal(record.northbound, true);
  assert.equal(record.peak_messages_per_second, 300);
  assert.equal(record.criterion, 'per_second');
  assert.deepEqual(record.to_be_supplied, HFT_REPORT_TO_BE_SUPPLIED);
  assert.deepEqual(record.participants, ['HARBOUR']);
  assert.equal(s.surveillance.hftRecords()[0]?.account, 'hk-retail-chan');
});

test('299 messages in a second is not high-frequency', () => {
  const s = new Script();
  messages(s, 'hk-retail-chan', 149, 3);
  s.order({ id: 9_999, owner: 'hk-retail-chan', side: 'sell', price: 150_000, qty: 100 });
  assert.deepEqual(ofKind(s.alerts, 'hft_classification'), []);
});

test('classifies at 20,000 messages in a day, not at 19,999', () => {
  const s = new Script(undefined, '09:00');
  messages(s, 'cn-pro-zhao', 9_999, 500);
  s.order({ id: 50_000, owner: 'cn-pro-zhao', side: 'sell', price: 150_000, qty: 100 });
  s.advance(500);
  s.order({ id: 50_001, owner: 'cn-pro-zhao', side: 'sell', price: 150_000, qty: 100 });
  const alerts = ofKind(s.alerts, 'hft_classification');
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.subtype, 'per_day');
  assert.equal(alerts[0]?.event_seq, s.next_seq - 1, 'the 20,000th message');
});

test('the daily count starts again on a new market date', () => {
  const s = new Script(undefined, '09:00');
  messages(s, 'cn-pro-zhao', 7_500, 500);
  s.at('09:00', '2026-01-06');
  messages(s, 'cn-pro-zhao', 7_500, 500, 100_000);
  assert.deepEqual(ofKind(s.alerts, 'hft_classification'), []);
});

test('counts per exchange: 150 messages a second on SSE and 150 on SZSE is not high-frequency', () => {
  const s = new Script();
  for (let k = 0; k < 150; k += 1) {
    const instrument = k % 2 === 0 ? MOUTAI : WULIANGYE;
    s.order({
      id: 1 + k,
      owner: 'hk-retail-chan',
      side: 'sell',
      price: 150_000,
      qty: 100,
      instrument,
    });
    s.advance(3);
    s.cancel(1 + k);
    s.advance(3);
  }
  assert.deepEqual(ofKind(s.alerts, 'hft_classification'), []);
  // 300 more on SZSE alone within a second: classified, and the record names the exchange.
  for (let k = 0; k < 150; k += 1) {
    s.order({
      id: 1_000 + k,
      owner: 'hk-retail-chan',
      side: 'sell',
      price: 150_000,
      qty: 100,
      instrument: WULIANGYE,
    });
    s.advance(1);
    s.cancel(1_000 + k);
    s.advance(1);
  }
  const [alert] = ofKind(s.alerts, 'hft_classification');
  assert.equal(alert?.market, 'XSHE');
  assert.equal(alert?.evidence.report?.market, 'XSHE');
});
