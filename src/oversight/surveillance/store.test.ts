import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toPlainJson } from '../../kernel/codec.js';
import { alertMessage, getAlert, listAlerts, SurveillanceReader, transitionAlert } from './api.js';
import { MOUTAI, Script } from './fixtures.js';
import { AlertStore } from './store.js';
import type { Alert } from './types.js';

/** Two real alerts from a spoofing episode that also crosses the criminal threshold. */
function alerts(): Alert[] {
  const s = new Script();
  s.bbo(MOUTAI, 100_000, 100_001);
  for (const base of [100, 200]) {
    s.order({ id: base, owner: 'cn-retail-liu', side: 'buy', price: 100_000, qty: 100 });
    s.order({ id: base + 1, owner: 'cn-pro-zhao', side: 'buy', price: 100_000, qty: 5_000 });
    s.order({ id: base + 2, owner: 'cn-pro-zhao', side: 'sell', price: 100_000, qty: 100 });
    s.trade(base, base + 2, 100_000, 100, 'sell');
    s.advance(300);
    s.cancel(base + 1);
    s.advance(60_000);
  }
  assert.equal(s.alerts.length, 3);
  return s.alerts;
}

function withStore(run: (store: AlertStore, path: string) => void): void {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-alerts-'));
  const store = new AlertStore(join(directory, 'projection.sqlite'));
  try {
    run(store, join(directory, 'projection.sqlite'));
  } finally {
    store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

test('stores alerts with their evidence and reads them back unchanged, once per id', () => {
  withStore((store) => {
    const raised = alerts();
    assert.equal(store.save(raised), 3);
    assert.equal(store.save(raised), 0, 'saving again (a replay) adds nothing');
    for (const alert of raised) {
      const record = getAlert(store, alert.alert_id);
      assert.ok(record.ok);
      const { state, close_reason, updated_at_us, version, history, ...stored } = record.value;
      assert.deepEqual(toPlainJson(stored), toPlainJson(alert));
      assert.equal(state, 'open');
      assert.equal(close_reason, null);
      assert.equal(version, 1);
      assert.equal(updated_at_us, alert.raised_at_us);
      assert.deepEqual(
        history.map((h) => [h.from_state, h.to_state, h.actor]),
        [[null, 'open', 'surveillance']],
      );
    }
  });
});

test('lists by state, severity, kind, owner and instrument, newest first, in pages', () => {
  withStore((store) => {
    const raised = alerts();
    store.save(raised);
    assert.deepEqual(
      listAlerts(store).map((a) => a.alert_id),
      [...raised]
        .sort((a, b) => b.event_seq - a.event_seq || (a.alert_id < b.alert_id ? 1 : -1))
        .map((a) => a.alert_id),
    );
    assert.equal(listAlerts(store, { kind: 'spoofing_criminal_threshold' }).length, 1);
    assert.equal(listAlerts(store, { severity: ['high', 'critical'] }).length, 3);
    assert.equal(listAlerts(store, { severity: 'medium' }).length, 0);
    assert.equal(
      listAlerts(store, { owner: 'cn-pro-zhao', instrument: MOUTAI, state: 'open' }).length,
      3,
    );
    assert.equal(listAlerts(store, { owner: 'nobody' }).length, 0);
    const first = listAlerts(store, { limit: 2 });
    const rest = listAlerts(store, { before_event_seq: first[1]?.event_seq ?? 0 });
    assert.equal(first.length + rest.length, 3);
  });
});

test('walks a case open → under review → escalated → closed, with an audit trail', () => {
  withStore((store) => {
    const [alert] = alerts();
    store.save([alert as Alert]);
    const id = (alert as Alert).alert_id;
    const step = (to: 'under_review' | 'escalated' | 'closed', at_us: number, extra = {}) =>
      transitionAlert(store, { alert_id: id, to, actor: 'analyst-1', at_us, ...extra });
    assert.ok(step('under_review', 1).ok);
    assert.ok(step('escalated', 2, { note: 'pattern repeats' }).ok);
    const closed = step('closed', 3, { reason: 'referred_to_regulator' });
    assert.ok(closed.ok);
    assert.equal(closed.value.state, 'closed');
    assert.equal(closed.value.close_reason, 'referred_to_regulator');
    assert.equal(closed.value.version, 4);
    assert.deepEqual(
      closed.value.history.map((h) => `${h.from_state}→${h.to_state}`),
      ['null→open', 'open→under_review', 'under_review→escalated', 'escalated→closed'],
    );
    assert.equal(store.counts().closed, 1);
  });
});

test('refuses illegal changes with a stable code and changes nothing', () => {
  withStore((store) => {
    const [alert] = alerts();
    store.save([alert as Alert]);
    const id = (alert as Alert).alert_id;
    const before = toPlainJson(store.get(id));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ alert_id: 'nope', to: 'under_review' }, 'ALERT_NOT_FOUND'],
      [{ to: 'escalated' }, 'ALERT_TRANSITION_INVALID'],
      [{ to: 'closed', reason: 'false_positive' }, 'ALERT_TRANSITION_INVALID'],
      [{ to: 'under_review', actor: ' ' }, 'ACTOR_REQUIRED'],
      [{ to: 'under_review', expected_version: 7 }, 'ALERT_VERSION_CONFLICT'],
      [{ to: 'under_review', reason: 'duplicate' }, 'CLOSE_REASON_UNEXPECTED'],
      [{ to: 'archived' }, 'CASE_STATE_UNKNOWN'],
    ];
    for (const [fields, code] of cases) {
      const outcome = transitionAlert(store, {
        alert_id: id,
        actor: 'analyst-1',
        at_us: 9,
        ...fields,
      } as never);
      assert.ok(!outcome.ok && outcome.code === code, `${JSON.stringify(fields)} → ${code}`);
    }
    assert.deepEqual(toPlainJson(store.get(id)), before);
    transitionAlert(store, { alert_id: id, to: 'under_review', actor: 'a', at_us: 10 });
    const no_reason = transitionAlert(store, { alert_id: id, to: 'closed', actor: 'a', at_us: 11 });
    assert.ok(!no_reason.ok && no_reason.code === 'CLOSE_REASON_REQUIRED');
    const bad = transitionAlert(store, {
      alert_id: id,
      to: 'closed',
      actor: 'a',
      at_us: 11,
      reason: 'bored' as never,
    });
    assert.ok(!bad.ok && bad.code === 'CLOSE_REASON_INVALID');
    assert.ok(
      transitionAlert(store, {
        alert_id: id,
        to: 'closed',
        actor: 'a',
        at_us: 12,
        reason: 'false_positive',
      }).ok,
    );
    const reopen = transitionAlert(store, {
      alert_id: id,
      to: 'under_review',
      actor: 'a',
      at_us: 13,
    });
    assert.ok(!reopen.ok && reopen.code === 'NOTE_REQUIRED');
    assert.ok(
      transitionAlert(store, {
        alert_id: id,
        to: 'under_review',
        actor: 'a',
        at_us: 14,
        note: 'new evidence',
      }).ok,
    );
  });
});

test('the reader stores and streams alerts in the batch that raised them, and survives a replay', () => {
  withStore((store, path) => {
    const streamed: string[] = [];
    const s = new Script();
    const reader = new SurveillanceReader(s.surveillance, store, (raised) => {
      for (const a of raised) streamed.push(alertMessage(a).alert_id);
    });
    s.bbo(MOUTAI, 100_000, 100_001);
    s.order({ id: 1, owner: 'cn-retail-liu', side: 'buy', price: 100_000, qty: 100 });
    s.order({ id: 2, owner: 'cn-pro-zhao', side: 'buy', price: 100_000, qty: 5_000 });
    s.order({ id: 3, owner: 'cn-pro-zhao', side: 'sell', price: 100_000, qty: 100 });
    s.trade(1, 3, 100_000, 100, 'sell');
    const cancel = {
      seq: 1,
      status: 'accepted' as const,
      rejection: null,
      events: [
        {
          type: 'order_cancelled' as const,
          order_id: 2,
          instrument: MOUTAI,
          owner: 'cn-pro-zhao',
          participant: 'BUND',
          side: 'buy' as const,
          price_units: 100_000,
          reason: 'user_cancel',
          cancelled_units: 5_000,
          remaining_units: 0,
        },
      ],
      first_event_seq: s.next_seq,
      duplicate_of: null,
    };
    const raised = reader.onResult(cancel, s.now_us + 300_000);
    assert.equal(raised.length, 1);
    assert.deepEqual(streamed, [raised[0]?.alert_id]);
    assert.equal(store.list().length, 1);
    const other = new AlertStore(path);
    assert.equal(other.list().length, 1, 'another connection to the same file sees it');
    other.close();
  });
});
