import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MarketSimulator } from '../../sim/market/simulator.js';
import { type Frame, StreamClient } from './stream_client.js';
import { SLOW_CONSUMER_CLOSE_CODE } from './streams.js';
import { MOUTAI, orderBody, startTestServer, type TestServer, TRACKER } from './testing.js';

const isDepth = (instrument: string) => (f: Frame) =>
  f.channel === 'market' && f.type === 'depth' && f.instrument === instrument;

describe('WebSocket streams', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('a market subscription starts with the committed depth and follows each change', async () => {
    const stream = await StreamClient.open(t.url, `api_key=${t.key('PEAK')}&market=${TRACKER}`);
    const welcome = await stream.next((f) => f.type === 'welcome');
    assert.equal(welcome.participant, 'PEAK');
    const first = await stream.next(isDepth(TRACKER));
    assert.deepEqual(first.bids, []);
    await t.client('HARBOUR').post(
      '/v1/orders',
      orderBody({
        client_order_id: 's-1',
        instrument: TRACKER,
        side: 'buy',
        price_units: 25_500,
        quantity_units: 1_000,
        owner: 'hk-retail-chan',
      }),
    );
    const depth = await stream.next((f) => isDepth(TRACKER)(f) && (f.bids as unknown[]).length > 0);
    assert.deepEqual(depth.bids, [[25_500, 1_000, 1]]);
    const bbo = await stream.next((f) => f.channel === 'market' && f.type === 'bbo');
    assert.equal(bbo.bid_price_units, 25_500);
    await t.client('PEAK').post(
      '/v1/orders',
      orderBody({
        client_order_id: 's-2',
        instrument: TRACKER,
        side: 'sell',
        price_units: 25_500,
        quantity_units: 500,
        owner: 'hk-retail-wong',
      }),
    );
    const trade = await stream.next((f) => f.channel === 'market' && f.type === 'trade');
    assert.equal(trade.quantity_units, 500);
    assert.equal(trade.buyer, undefined, 'market data does not name the parties');
    const after_trade = await stream.next(
      (f) => isDepth(TRACKER)(f) && (f.bids as number[][])[0]?.[1] === 500,
    );
    assert.ok(after_trade);
    assert.ok(
      !stream.frames.some((f) => f.channel === 'market' && f.instrument === MOUTAI),
      'only what was asked for',
    );
    stream.close();
  });

  test('events and orders are scoped to the key', async () => {
    const harbour = await StreamClient.open(
      t.url,
      `api_key=${t.key('HARBOUR')}&channels=events,orders`,
    );
    await harbour.next((f) => f.type === 'subscribed' && f.subscription === 'orders');
    await t.client('BUND').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'e-1',
        instrument: MOUTAI,
        side: 'buy',
        price_units: 145_000,
        quantity_units: 100,
        owner: 'cn-retail-zhang',
      }),
    );
    await t.client('HARBOUR').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'e-2',
        instrument: TRACKER,
        side: 'buy',
        price_units: 25_000,
        quantity_units: 500,
        owner: 'hk-pro-lam',
      }),
    );
    const mine = await harbour.next(
      (f) => f.channel === 'orders' && (f.event as Frame).type === 'order_accepted',
    );
    assert.equal((mine.event as Frame).client_order_id, 'e-2');
    await harbour.next(
      (f) => f.channel === 'events' && (f.event as Frame).client_order_id === 'e-2',
    );
    const participants = harbour.frames
      .filter((f) => f.channel === 'events' || f.channel === 'orders')
      .map((f) => (f.event as Frame).participant)
      .filter((p) => p !== undefined);
    assert.deepEqual(
      [...new Set(participants)],
      ['HARBOUR'],
      'BUND’s order is not shown to HARBOUR',
    );
    const operator = await StreamClient.open(t.url, `api_key=${t.key('operator')}&channels=events`);
    await operator.next((f) => f.type === 'subscribed');
    await t.client('BUND').post('/v1/orders/cancel', { client_order_id: 'e-1' });
    const seen = await operator.next(
      (f) => (f.event as Frame | undefined)?.type === 'order_cancelled',
    );
    assert.equal((seen.event as Frame).participant, 'BUND', 'an operator sees everyone');
    harbour.close();
    operator.close();
  });

  test('a stream needs a key, and bad messages get an error frame without closing it', async () => {
    await assert.rejects(StreamClient.open(t.url, 'market=*'), /upgrade refused: 401/);
    await assert.rejects(StreamClient.open(t.url, 'api_key=hk_wrong'), /upgrade refused: 401/);
    const stream = await StreamClient.open(t.url, `api_key=${t.key('PEAK')}`);
    stream.send('not json');
    stream.send({ op: 'subscribe', channel: 'gossip' });
    stream.send({ op: 'subscribe', channel: 'market', instruments: ['NOPE00000000'] });
    stream.send({ op: 'ping', id: 'p1' });
    const pong = await stream.next((f) => f.type === 'pong');
    assert.equal(pong.id, 'p1');
    const errors = stream.frames.filter((f) => f.type === 'error').map((f) => f.code);
    assert.deepEqual(errors, ['INVALID_MESSAGE', 'INVALID_MESSAGE', 'UNKNOWN_INSTRUMENT']);
    const problem = stream.frames.find((f) => f.type === 'error' && Array.isArray(f.problems));
    const problems = (problem?.problems ?? []) as Array<{ field: string }>;
    assert.equal(problems[0]?.field, 'channel');
    assert.equal(stream.closed, null);
    stream.close();
  });
});

describe('WebSocket back-pressure', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({
      stream_limits: { buffered_bytes_max: 64 * 1024, close_grace_ms: 30_000 },
      simulator: {
        factory: (seed) => new MarketSimulator({ seed }),
        seed: 7,
        running: false,
        steps_per_second: 500,
      },
    });
  });
  after(() => t.close());

  test('a reader that stops reading is dropped with its reason; the others carry on', async () => {
    const query = `api_key=${t.key('operator')}&channels=events&market=*`;
    const slow = await StreamClient.open(t.url, query);
    const fast = await StreamClient.open(t.url, query);
    await slow.next((f) => f.type === 'subscribed' && f.subscription === 'events');
    slow.raw_socket?.pause();
    t.server.gateway.sim?.start();
    const streams = t.server.gateway.streams;
    for (let i = 0; i < 600 && streams.stats.dropped_slow === 0; i += 1) await sleep(50);
    t.server.gateway.sim?.stop();
    assert.equal(streams.stats.dropped_slow, 1, 'exactly the slow reader was dropped');
    slow.raw_socket?.resume();
    const closed = await slow.whenClosed();
    assert.equal(closed.code, SLOW_CONSUMER_CLOSE_CODE);
    assert.match(closed.reason, /^slow consumer: \d+ bytes unsent, limit 65536$/);
    assert.equal(fast.closed, null, 'the reader that kept up is still connected');
    const frames = fast.frames.length;
    await t.client('HARBOUR').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'bp',
        instrument: TRACKER,
        side: 'buy',
        price_units: 25_000,
        quantity_units: 500,
        owner: 'hk-retail-chan',
      }),
    );
    await fast.next((f) => (f.event as Frame | undefined)?.client_order_id === 'bp');
    assert.ok(fast.frames.length > frames);
    assert.equal(streams.clients.size, 1);
    fast.close();
  });

  test('shutdown closes every stream with a reason', async () => {
    const stream = await StreamClient.open(t.url, `api_key=${t.key('PEAK')}&channels=status`);
    await stream.next((f) => f.channel === 'status');
    await t.close();
    const closed = await stream.whenClosed();
    assert.equal(closed.code, 1001);
    assert.equal(closed.reason, 'The server is shutting down');
  });
});
