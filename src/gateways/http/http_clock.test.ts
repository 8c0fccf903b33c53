import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { parseMoment } from './routes_clock.js';
import { type CommandReply, type ErrorReply, startTestServer, type TestServer } from './testing.js';

interface ClockReply {
  readonly kind: string;
  readonly now_us: number;
  readonly time: string;
  readonly hub_now_us: number;
  readonly adjustable: boolean;
}

describe('HTTP clock', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('the operator moves hub time to the close and the night; status shows the clock', async () => {
    const op = t.client('operator');
    const clock = (await op.get('/v1/clock')).as<ClockReply>();
    assert.equal(clock.adjustable, true);
    const reply = await op.post('/v1/clock/advance', { to: '2026-01-05 16:30' });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const body = reply.as<CommandReply & { clock: ClockReply }>();
    assert.ok(body.events.some((e) => e.type === 'connect_day_ended'));
    assert.equal(body.clock.hub_now_us, timestampAt('2026-01-05', '16:30'));
    assert.ok(body.clock.now_us >= timestampAt('2026-01-05', '16:30'));
    const status = (await op.get('/v1/status')).as<{ clock_now_us: number; now_us: number }>();
    assert.ok(status.clock_now_us >= status.now_us);
  });

  test('refuses going backwards (TIME_BACKWARDS), a participant, and a malformed moment', async () => {
    const op = t.client('operator');
    const seq = (await op.get('/v1/status')).as<{ seq: number }>().seq;
    const back = await op.post('/v1/clock/advance', { to: '2026-01-05 09:00' });
    assert.equal(back.status, 422);
    assert.equal(back.as<ErrorReply>().error.code, 'TIME_BACKWARDS');
    const hub_now_us = t.server.gateway.node.hub.state.now_us;
    assert.ok(hub_now_us >= timestampAt('2026-01-05', '16:30'), 'hub time unchanged');
    const broker = await t.client('HARBOUR').post('/v1/clock/advance', { to: '2026-01-09 10:00' });
    assert.equal(broker.status, 403);
    assert.equal(broker.as<ErrorReply>().error.code, 'OPERATOR_ONLY');
    const bad = await op.post('/v1/clock/advance', { to: 'tomorrow' });
    assert.equal(bad.status, 400);
    const after_seq = (await op.get('/v1/status')).as<{ seq: number }>().seq;
    assert.equal(after_seq, seq + 1, 'only the refused advance was journaled');
  });

  test('hub.advance_time sent as a plain command moves the clock too', async () => {
    const op = t.client('operator');
    const to_us = timestampAt('2026-01-07', '10:00');
    const reply = await op.post('/v1/commands', { type: 'hub.advance_time', to_us });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    await op.post('/v1/hub/tick', {});
    const clock = (await op.get('/v1/clock')).as<ClockReply>();
    assert.ok(clock.hub_now_us >= to_us && clock.now_us >= to_us);
  });

  test('reads moments in Hong Kong time unless they name a zone', () => {
    assert.equal(parseMoment('2026-01-05 16:00'), timestampAt('2026-01-05', '16:00'));
    assert.equal(parseMoment('2026-01-05T08:00:00Z'), timestampAt('2026-01-05', '16:00'));
    assert.equal(parseMoment('2026-01-05T16:00+08:00'), timestampAt('2026-01-05', '16:00'));
    assert.equal(parseMoment(12_345), 12_345);
    assert.throws(() => parseMoment('2026-13-05 16:00'));
    assert.throws(() => parseMoment('2026-01-05 25:00'));
  });
});

describe('HTTP clock on the system clock', () => {
  test('refuses to move the machine clock with CLOCK_NOT_ADJUSTABLE', async () => {
    const t = await startTestServer({ clock: 'system' });
    try {
      const reply = await t
        .client('operator')
        .post('/v1/clock/advance', { to: '2026-12-31 10:00' });
      assert.equal(reply.status, 409);
      assert.equal(reply.as<ErrorReply>().error.code, 'CLOCK_NOT_ADJUSTABLE');
    } finally {
      await t.close();
    }
  });
});
