import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encode } from '../kernel/codec.js';
import { sha256Hex } from '../kernel/digest.js';
import { timestampAt } from '../kernel/time.js';
import { ADVANCE_TIME_MAX_US } from '../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { Hub } from './hub.js';
import { snapshotHub } from './state.js';
import { TestHub } from './testing.js';

function demoHub(): TestHub {
  const t = new TestHub(DEMO_START_US);
  for (const s of genesisSubmissions()) t.accept(s.participant, s.command);
  return t;
}

/** Everything a rejection must leave alone: the state without its command counter and clock. */
function content(t: TestHub): string {
  return sha256Hex(encode({ ...snapshotHub(t.hub.state), seq: 0, now_us: 0 }));
}

describe('hub.advance_time', () => {
  test('walks a day forward: sessions close, the 17:00 cycles run, the next day opens', () => {
    const t = demoHub();
    const to_us = timestampAt('2026-01-06', '09:35');
    const result = t.accept('operator', { type: 'hub.advance_time', to_us });
    assert.equal(t.hub.now_us, to_us);
    const types = new Set(result.events.map((e) => e.type));
    assert.ok(types.has('phase_changed'), [...types].join(' '));
    assert.ok(types.has('connect_day_ended'), 'the Connect day of 5 January closed');
    assert.ok(types.has('connect_day_started'));
    // the next command is stamped no earlier than the moment the operator moved to
    const tick = t.accept('operator', { type: 'hub.tick' });
    assert.ok(tick.seq > result.seq && t.hub.now_us === to_us);
  });

  test('replay of the journal reaches the same moment and digest', () => {
    const t = demoHub();
    t.accept('operator', { type: 'hub.advance_time', to_us: timestampAt('2026-01-05', '16:30') });
    t.accept('operator', { type: 'hub.advance_time', to_us: timestampAt('2026-01-07', '10:00') });
    const replay = new Hub();
    for (const envelope of t.envelopes) replay.apply(envelope);
    assert.equal(replay.digest(), t.hub.digest());
    assert.equal(replay.now_us, timestampAt('2026-01-07', '10:00'));
  });

  test('refuses going backwards with TIME_BACKWARDS and changes nothing', () => {
    const t = demoHub();
    t.accept('operator', { type: 'hub.advance_time', to_us: timestampAt('2026-01-05', '10:00') });
    const before = content(t);
    const result = t.submit('operator', {
      type: 'hub.advance_time',
      to_us: timestampAt('2026-01-05', '09:59'),
    });
    assert.equal(result.rejection?.code, 'TIME_BACKWARDS');
    assert.equal(result.events.length, 0);
    assert.equal(t.hub.now_us, timestampAt('2026-01-05', '10:00'));
    assert.equal(content(t), before);
  });

  test('refuses more than 31 days at once with TIME_ADVANCE_TOO_FAR and changes nothing', () => {
    const t = demoHub();
    const now_us = t.hub.now_us;
    const before = content(t);
    const result = t.submit('operator', {
      type: 'hub.advance_time',
      to_us: now_us + ADVANCE_TIME_MAX_US + 1,
    });
    assert.equal(result.rejection?.code, 'TIME_ADVANCE_TOO_FAR');
    assert.equal(t.hub.now_us, now_us);
    assert.equal(content(t), before);
  });

  test('refuses a participant with NOT_AUTHORIZED and changes nothing', () => {
    const t = demoHub();
    const before = content(t);
    const result = t.submit('HARBOUR', {
      type: 'hub.advance_time',
      to_us: timestampAt('2026-01-05', '16:30'),
    });
    assert.equal(result.rejection?.code, 'NOT_AUTHORIZED');
    assert.equal(content(t), before);
  });
});
