import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ErrorReply, MOUTAI, startTestServer, TENCENT, type TestServer } from './testing.js';

interface TradableReply {
  participant: string;
  client: string;
  instruments: Array<{
    instrument: string;
    route: string | null;
    bcan: string | null;
    venues: string[];
    buy: { allowed: boolean; code: string | null };
    sell: { allowed: boolean; code: string | null };
  }>;
}

describe('GET /v1/tradable', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('a broker asks for a client: book instruments with routes, the BCAN and venues', async () => {
    const reply = await t.client('HARBOUR').get('/v1/tradable?client=hk-retail-chan');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const body = reply.as<TradableReply>();
    assert.deepEqual([body.participant, body.client], ['HARBOUR', 'hk-retail-chan']);
    const moutai = body.instruments.find((i) => i.instrument === MOUTAI);
    assert.deepEqual(
      [moutai?.route, moutai?.bcan, moutai?.buy.allowed],
      ['northbound', '1000000001', true],
    );
    const token = body.instruments.find((i) => i.route === 'vatp_local');
    assert.deepEqual(token?.venues, ['HDX', 'HDXG']);
    assert.ok(body.instruments.every((i) => i.route !== null || !i.buy.allowed));
  });

  test('an operator names the broker; without one it is told to', async () => {
    const op = t.client('operator');
    const named = (
      await op.get('/v1/tradable?participant=BUND&client=cn-retail-zhang')
    ).as<TradableReply>();
    assert.equal(named.instruments.find((i) => i.instrument === TENCENT)?.route, 'southbound');
    const bare = await op.get('/v1/tradable');
    assert.equal(bare.status, 404);
    assert.equal(bare.as<ErrorReply>().error.code, 'UNKNOWN_PARTY');
  });

  test('refuses another broker’s client, another participant, and unknown fields', async () => {
    const harbour = t.client('HARBOUR');
    const foreign = await harbour.get('/v1/tradable?client=hk-retail-wong');
    assert.equal(foreign.status, 404);
    assert.equal(foreign.as<ErrorReply>().error.code, 'UNKNOWN_CLIENT');
    const other = await harbour.get('/v1/tradable?participant=PEAK');
    assert.equal(other.status, 403);
    assert.equal(other.as<ErrorReply>().error.code, 'NOT_AUTHORIZED');
    assert.equal((await harbour.get('/v1/tradable?owner=x')).status, 400);
  });
});
