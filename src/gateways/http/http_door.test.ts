import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isinCheckDigit } from '../../reference/index.js';
import {
  type CommandReply,
  type ErrorReply,
  httpClient,
  orderBody,
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

describe('HTTP: smaller door fixes (issue 12 item 7)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('a request line and headers past 16 KiB get 431 in the API error shape', async () => {
    const reply = await rawHttp(
      t.url,
      `GET /${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    assert.match(reply.head, /^HTTP\/1\.1 431 /);
    assert.equal(JSON.parse(reply.body).error.code, 'HEADERS_TOO_LARGE');
    const garbage = await rawHttp(t.url, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(garbage.head, /^HTTP\/1\.1 400 /);
    assert.equal(JSON.parse(garbage.body).error.code, 'INVALID_REQUEST');
    assert.equal((await httpClient(t.url, null).get('/healthz')).status, 200);
  });

  test('a URL past 8,192 characters gets 414 URI_TOO_LONG; a 404 does not echo a long path', async () => {
    const anonymous = httpClient(t.url, null);
    const long = await anonymous.get(`/v1/${'a'.repeat(9_000)}`);
    assert.equal(long.status, 414);
    assert.equal(long.as<ErrorReply>().error.code, 'URI_TOO_LONG');
    const missing = await t.client('HARBOUR').get(`/v1/${'b'.repeat(5_000)}`);
    assert.equal(missing.status, 404);
    assert.ok(missing.as<ErrorReply>().error.message.length < 300);
  });

  test("cancelling another participant's order answers exactly as an unknown id: 404 UNKNOWN_ORDER", async () => {
    const placed = await t.client('HARBOUR').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'mine',
        instrument: TENCENT,
        side: 'buy',
        price_units: 600_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      }),
    );
    const order_id = placed.as<CommandReply>().order_id;
    assert.ok(order_id !== undefined, JSON.stringify(placed.body));
    const peak = t.client('PEAK');
    const theirs = await peak.del(`/v1/orders/${order_id}`);
    const unknown = await peak.del('/v1/orders/987654321');
    assert.equal(theirs.status, 404);
    assert.equal(unknown.status, 404);
    const [a, b] = [theirs.as<ErrorReply>().error, unknown.as<ErrorReply>().error];
    assert.deepEqual([a.code, a.message], [b.code, b.message]);
    assert.equal(a.code, 'UNKNOWN_ORDER');
    const replace = await peak.post(`/v1/orders/${order_id}/replace`, {
      price_units: 600_000,
      quantity_units: 100,
    });
    assert.equal(replace.status, 404);
    assert.equal(replace.as<ErrorReply>().error.code, 'UNKNOWN_ORDER');
  });

  test('the Authorization scheme is case-insensitive (RFC 9110 §11.1)', async () => {
    const key = t.key('HARBOUR');
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const reply = await httpClient(t.url, null).raw('GET', '/v1/whoami', undefined, {
        authorization: `${scheme} ${key}`,
      });
      assert.equal(reply.status, 200, scheme);
    }
    const basic = await httpClient(t.url, null).raw('GET', '/v1/whoami', undefined, {
      authorization: `Basic ${key}`,
    });
    assert.equal(basic.status, 401);
  });
});

/** One request written on a socket as is, for what a fetch client cannot send. */
function rawHttp(url: string, request: string): Promise<{ head: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const at = data.indexOf('\r\n\r\n');
      resolve({ head: data.slice(0, at), body: data.slice(at + 4) });
    });
  });
}

describe('HTTP: fields are checked, not ignored (issue 12 item 6)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const tencent = (fields: Record<string, unknown>) =>
    orderBody({
      instrument: TENCENT,
      side: 'buy',
      price_units: 600_000,
      quantity_units: 100,
      owner: 'hk-retail-chan',
      ...fields,
    });

  test('an HK order naming another venue, a channel or a malformed BCAN is refused', async () => {
    const harbour = t.client('HARBOUR');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ client_order_id: 'v1', venue: 'XNYS' }, 422, 'VENUE_MISMATCH'],
      [{ client_order_id: 'v2', channel: 'XSHG' }, 422, 'CHANNEL_NOT_APPLICABLE'],
      [{ client_order_id: 'v3', bcan: '' }, 422, 'INVALID_BCAN'],
      [{ client_order_id: 'v4', bcan: '\ud800' }, 422, 'INVALID_BCAN'],
      [{ client_order_id: 'v5', bcan: '١٢٣' }, 422, 'INVALID_BCAN'],
      [{ client_order_id: 'v6', bcan: '0123456789' }, 422, 'INVALID_BCAN'],
    ];
    for (const [fields, status, code] of cases) {
      const reply = await harbour.post('/v1/orders', tencent(fields));
      assert.equal(reply.status, status, JSON.stringify(fields));
      assert.equal(reply.as<ErrorReply>().error.code, code, JSON.stringify(fields));
    }
    const live = await harbour.get('/v1/orders?status=live');
    assert.equal(JSON.stringify(live.body).includes('"v1"'), false);
    const right_venue = await harbour.post(
      '/v1/orders',
      tencent({ client_order_id: 'v7', venue: 'XHKG' }),
    );
    assert.equal(right_venue.status, 200, JSON.stringify(right_venue.body));
  });

  test('a transfer reference with ESC, an RTL override or a lone surrogate is refused; other text reads back as sent', async () => {
    const harbour = t.client('HARBOUR');
    const transfer = (id: string, reference: string) =>
      harbour.post('/v1/ledger/transfers', {
        transfers: [
          {
            id,
            debit_account_id: 'HARBOUR/HKD',
            credit_account_id: 'PEAK/HKD',
            amount_minor: '1',
            code: 'payment',
            reference,
          },
        ],
      });
    for (const [i, reference] of ['\u001b[2J', 'pay \u202eevil', 'x\ud800'].entries()) {
      const reply = await transfer(`bad-${i}`, reference);
      assert.equal(reply.status, 400, JSON.stringify(reference));
      const error = reply.as<ErrorReply>().error;
      assert.equal(error.code, 'INVALID_REQUEST');
      assert.equal(error.problems?.[0]?.field, 'transfers.0.reference');
    }
    const text = 'Invoice 42 付款 😀';
    assert.equal((await transfer('good-1', text)).status, 200);
    const history = await harbour.get('/v1/accounts/HARBOUR%2FHKD/transfers?limit=5');
    const found = history.as<{ transfers: { id: string; reference?: string }[] }>().transfers;
    assert.equal(found.find((x) => x.id === 'good-1')?.reference, text);
  });

  test('names and freeze reasons share the character set', async () => {
    const op = t.client('operator');
    const party = await op.post('/v1/reference/parties', {
      party: { id: 'BIDI', name: 'Good \u202eBroker', roles: ['broker'], jurisdiction: 'HK' },
    });
    assert.equal(party.status, 400);
    assert.equal(party.as<ErrorReply>().error.problems?.[0]?.field, 'party.name');
    const freeze = await op.post('/v1/ledger/accounts/PEAK%2FHKD/freeze', {
      frozen: true,
      reason: 'court order\u0007',
    });
    assert.equal(freeze.status, 400);
  });
});
