import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isinCheckDigit } from '../../reference/index.js';
import {
  type ErrorReply,
  httpClient,
  type Reply,
  startTestServer,
  TENCENT,
  type TestServer,
} from './testing.js';

/** Reliability at the door (issue 12 items 1, 5, 6, 7): the real server, over HTTP. */
describe('HTTP: valid requests never halt the hub', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('an HK lot whose largest order would overflow the book is refused with a code, not a halt', async () => {
    const op = t.client('operator');
    const id = `HK000000001${isinCheckDigit('HK000000001')}`;
    const security = (lot_size: number) => ({
      security: {
        id,
        symbol: '8001',
        name: 'Large Lot Holdings',
        market: 'XHKG',
        board: 'main',
        kind: 'stock',
        currency: 'HKD',
        lot_size,
        price_scale: 3,
        tick_table: 'hk_equity',
        listing_date: '2020-01-02',
      },
    });
    const refused = await op.post('/v1/reference/securities', security(2_863_312));
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.as<ErrorReply>().error.code, 'ORDER_SIZE_MAX_TOO_LARGE');
    assert.deepEqual(t.fatal, []);
    assert.equal((await op.get('/healthz')).status, 200);
    assert.equal((await op.get(`/v1/instruments/${id}`)).status, 404);
    const accepted = await op.post('/v1/reference/securities', security(2_863_311));
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  });

  test('a lot change of a security with an open book is refused; the book and reference agree', async () => {
    const op = t.client('operator');
    const refused = await op.post('/v1/reference/securities/update', {
      update: { id: TENCENT, lot_size: 2 ** 53 - 1 },
    });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.as<ErrorReply>().error.code, 'LOT_SIZE_FIXED');
    const instrument = await op.get(`/v1/instruments/${TENCENT}`);
    assert.equal(instrument.as<{ lot_size: number }>().lot_size, 100);
  });
});

describe('HTTP: requests without a valid key are limited per IP (issue 12 item 5)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ rate_limit: { max: 5, window_ms: 60_000 } });
  });
  after(() => t.close());

  test('past the limit, missing and unknown keys from one IP get 429 RATE_LIMITED; valid keys carry on', async () => {
    const anonymous = httpClient(t.url, null);
    const wrong = httpClient(t.url, 'hk_not_a_key');
    const statuses: number[] = [];
    let last: Reply | null = null;
    for (let i = 0; i < 8; i += 1) {
      last = await (i % 2 === 0 ? anonymous : wrong).get('/v1/whoami');
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
    const body = last?.as<ErrorReply>();
    assert.equal(body?.error.code, 'RATE_LIMITED');
    assert.equal(body?.error.details?.limit, 5);
    assert.ok(Number(last?.headers.get('retry-after')) > 0);
    assert.equal((await t.client('HARBOUR').get('/v1/whoami')).status, 200);
    assert.equal((await anonymous.get('/healthz')).status, 200, 'health is never limited');
  });
});
