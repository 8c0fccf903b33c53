import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { command, openRepo, setUpRepoMarket } from './financing_testing.js';
import { type Frame, StreamClient } from './stream_client.js';
import { startTestServer, type TestServer } from './testing.js';

type EventFrame = Frame & { event: { type: string; repo_id?: string } };

/** What a stream got on a channel: event type and repo. */
function seen(stream: StreamClient, channel: string): string[] {
  return stream.frames
    .filter((f) => f.channel === channel)
    .map((f) => {
      const { event } = f as EventFrame;
      return `${event.type}:${event.repo_id ?? ''}`;
    });
}

async function drained(stream: StreamClient, id: string): Promise<void> {
  stream.send({ op: 'ping', id });
  await stream.next((f) => f.type === 'pong' && f.id === id);
}

describe('WebSocket financing channels', () => {
  let t: TestServer;
  const streams = new Map<string, StreamClient>();
  const open = async (who: string, channels: string) => {
    const stream = await StreamClient.open(t.url, `api_key=${t.key(who)}&channels=${channels}`);
    const last = channels.split(',').at(-1);
    await stream.next((f) => f.type === 'subscribed' && f.subscription === last);
    streams.set(who, stream);
    return stream;
  };
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    for (const s of streams.values()) s.close();
    await t.close();
  });

  test('repo events and margin calls reach the repo parties and the operator only', async () => {
    await setUpRepoMarket(t);
    const harbour = await open('HARBOUR', 'repos,margin_calls');
    const hsbc = await open('HSBC', 'repos,margin_calls');
    const peak = await open('PEAK', 'repos,margin_calls');
    const op = await open('operator', 'margin_calls');
    const repo = { seller: 'hk-inst-fund', buyer: 'HSBC', by: 'HARBOUR', face_minor: '1000000000' };
    await openRepo(t, { ...repo, repo_id: 'W1', repurchase_date: null });
    // At 95.00, well below the 105.12 agreed: HSBC calls margin from the fund.
    await command(t, 'HSBC', { type: 'financing.call_margin', repo_id: 'W1', px_e8: '9500000000' });
    await command(t, 'HSBC', { type: 'financing.close_repo', repo_id: 'W1' });
    for (const [who, stream] of streams) await drained(stream, who);

    const repos = ['repo_opened:W1', 'margin_called:W1', 'repo_closed:W1'];
    assert.deepEqual(seen(harbour, 'repos'), repos);
    assert.deepEqual(seen(hsbc, 'repos'), repos);
    assert.deepEqual(seen(harbour, 'margin_calls'), ['margin_called:W1']);
    assert.deepEqual(seen(op, 'margin_calls'), ['margin_called:W1']);
    assert.deepEqual(seen(op, 'repos'), [], 'the operator asked for margin calls only');
    assert.deepEqual(
      peak.frames.filter((f) => f.channel !== undefined),
      [],
      'PEAK acts for no party of the repo',
    );
  });

  test('unsubscribing stops a channel', async () => {
    const hsbc = streams.get('HSBC');
    assert.ok(hsbc !== undefined);
    hsbc.send({ op: 'unsubscribe', channel: 'repos' });
    await hsbc.next((f) => f.type === 'unsubscribed' && f.subscription === 'repos');
    const before_count = seen(hsbc, 'repos').length;
    const repo = { seller: 'hk-inst-fund', buyer: 'HSBC', by: 'HARBOUR', face_minor: '100000000' };
    await openRepo(t, { ...repo, repo_id: 'W2', repurchase_date: null });
    await drained(hsbc, 'again');
    assert.equal(seen(hsbc, 'repos').length, before_count);
  });
});
