import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  instruction,
  setUpPayments,
  submitBody,
  WANG,
} from './payments_testing.js';
import { type Frame, StreamClient } from './stream_client.js';
import { startTestServer, type TestServer } from './testing.js';

type EventFrame = Frame & { event: { type: string; payment?: { end_to_end_id: string } } };

/** What a stream got on the payments channel: event type and payment. */
function seen(stream: StreamClient): string[] {
  return stream.frames
    .filter((f) => f.channel === 'payments')
    .map((f) => {
      const { event } = f as EventFrame;
      return `${event.type}:${event.payment?.end_to_end_id ?? ''}`;
    });
}

async function drained(stream: StreamClient, id: string): Promise<void> {
  stream.send({ op: 'ping', id });
  await stream.next((f) => f.type === 'pong' && f.id === id);
}

describe('WebSocket payments channel', () => {
  let t: TestServer;
  const streams = new Map<string, StreamClient>();
  before(async () => {
    t = await startTestServer();
    await setUpPayments(t);
  });
  after(async () => {
    for (const s of streams.values()) s.close();
    await t.close();
  });

  test("a payment's life reaches its banks, HKICL, CNCC and operators; not another bank", async () => {
    for (const who of [HK_BANK, CN_BANK, 'BOCHK', 'HKICL', 'CNCC', 'operator', 'SCBHK']) {
      const stream = await StreamClient.open(t.url, `api_key=${t.key(who)}&channels=payments`);
      await stream.next((f) => f.type === 'subscribed' && f.subscription === 'payments');
      streams.set(who, stream);
    }
    const held = instruction('SB-S1', 'southbound', WANG, ALICE.mobile, 20_00n);
    const sent = await t.client(CN_BANK).post('/v1/commands', submitBody(held, { credit: false }));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const recall = { type: 'payments.recall', end_to_end_id: 'SB-S1', reason: 'DUPL' };
    assert.equal((await t.client(CN_BANK).post('/v1/commands', recall)).status, 200);
    for (const [who, stream] of streams) await drained(stream, who);

    const life = ['payment_settled:SB-S1', 'payment_recalled:SB-S1'];
    for (const who of [HK_BANK, CN_BANK, 'BOCHK', 'HKICL', 'CNCC', 'operator'])
      assert.deepEqual(seen(streams.get(who) as StreamClient), life, who);
    assert.deepEqual(seen(streams.get('SCBHK') as StreamClient), []);
  });
});
