import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Mulberry32 } from '../../kernel/random.js';
import {
  type CommandReply,
  type ErrorReply,
  httpClient,
  orderBody,
  startTestServer,
  type TestServer,
  TRACKER,
} from './testing.js';

interface Account {
  readonly account_id: string;
  readonly owner: string;
}

describe('HTTP access: authentication, scoping, rate limits, the OpenAPI document', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    const bund = t.client('BUND');
    await bund.post(
      '/v1/orders',
      orderBody({
        client_order_id: 'b-1',
        instrument: 'CNE0000018R8',
        side: 'buy',
        price_units: 145_000,
        quantity_units: 100,
        owner: 'cn-retail-zhang',
      }),
    );
    const harbour = t.client('HARBOUR');
    await harbour.post(
      '/v1/orders',
      orderBody({
        client_order_id: 'h-1',
        instrument: TRACKER,
        side: 'buy',
        price_units: 25_000,
        quantity_units: 500,
        owner: 'hk-retail-chan',
      }),
    );
  });
  after(() => t.close());

  test('no key, or an unknown key, is a 401; public routes need none', async () => {
    const anonymous = httpClient(t.url, null);
    for (const path of ['/v1/status', '/v1/balances', '/v1/orders']) {
      const reply = await anonymous.get(path);
      assert.equal(reply.status, 401, path);
      assert.equal(reply.as<ErrorReply>().error.code, 'UNAUTHENTICATED');
    }
    const forged = await httpClient(t.url, 'hk_not-a-real-key-000000000000000000').post(
      '/v1/orders',
      {},
    );
    assert.equal(forged.status, 401);
    const by_header = await anonymous.raw('GET', '/v1/whoami', undefined, {
      'x-api-key': t.key('PEAK'),
    });
    assert.equal(by_header.as<{ participant: string }>().participant, 'PEAK');
    assert.equal((await anonymous.get('/healthz')).status, 200);
    assert.equal((await anonymous.get('/openapi.json')).status, 200);
    assert.equal((await anonymous.get('/console/')).status, 200);
  });

  test('a participant sees only its own and its clients’ accounts; an operator sees all', async () => {
    const mine = (await t.client('HARBOUR').get('/v1/balances')).as<{ accounts: Account[] }>()
      .accounts;
    const clients = new Set([
      'HARBOUR',
      'hk-retail-chan',
      'hk-pro-lam',
      'hk-inst-fund',
      'sg-inst-fund',
      'hk-retail-li',
    ]);
    assert.ok(mine.length > 0);
    for (const account of mine)
      assert.ok(clients.has(account.owner), `HARBOUR sees ${account.account_id}`);
    const all = (await t.client('operator').get('/v1/balances')).as<{ accounts: Account[] }>()
      .accounts;
    assert.ok(all.some((a) => a.owner === 'BUND') && all.length > mine.length);
    const foreign = await t.client('HARBOUR').get('/v1/accounts/BUND%2FCNY');
    assert.equal(foreign.status, 403);
    assert.equal(foreign.as<ErrorReply>().error.code, 'NOT_AUTHORIZED');
    const transfers = await t.client('HARBOUR').get('/v1/accounts/BUND%2FCNY/transfers');
    assert.equal(transfers.status, 403);
    const investors = (await t.client('PEAK').get('/v1/reference/investors')).as<{
      investors: Array<{ broker: string }>;
    }>();
    assert.ok(
      investors.investors.length > 0 && investors.investors.every((i) => i.broker === 'PEAK'),
    );
  });

  test('orders and events are scoped to the participant; market data is public', async () => {
    const harbour = t.client('HARBOUR');
    const orders = (await harbour.get('/v1/orders')).as<{
      orders: Array<{ participant: string }>;
    }>().orders;
    assert.deepEqual([...new Set(orders.map((o) => o.participant))], ['HARBOUR']);
    const bund_orders = (await t.client('BUND').get('/v1/orders')).as<{
      orders: Array<{ client_order_id: string }>;
    }>();
    assert.deepEqual(
      bund_orders.orders.map((o) => o.client_order_id),
      ['b-1'],
    );
    const foreign = (await harbour.get('/v1/orders')).as<{ orders: Array<{ order_id: number }> }>();
    const bund_id = (await t.client('operator').get('/v1/orders'))
      .as<{ orders: Array<{ order_id: number; participant: string }> }>()
      .orders.find((o) => o.participant === 'BUND')?.order_id;
    assert.ok(bund_id !== undefined && !foreign.orders.some((o) => o.order_id === bund_id));
    assert.equal(
      (await harbour.get(`/v1/orders/${bund_id}`)).status,
      404,
      "another participant's order does not exist for you",
    );
    const events = (await harbour.get('/v1/events?limit=1000')).as<{
      events: Array<{ event: Record<string, unknown> }>;
    }>().events;
    const order_events = events.map((e) => e.event).filter((e) => e.type === 'order_accepted');
    assert.ok(order_events.length > 0);
    assert.ok(
      order_events.every((e) => e.participant === 'HARBOUR'),
      'no other participant’s orders',
    );
    assert.ok(
      !events.some(
        (e) => e.event.type === 'account_created' && (e.event.account as Account).owner === 'BUND',
      ),
    );
    const all = (await t.client('operator').get('/v1/events?limit=1000&type=order_accepted')).as<{
      events: unknown[];
    }>();
    assert.equal(all.events.length, 2, 'the operator sees both orders');
    const book = (await harbour.get('/v1/instruments/600519/book')).as<{
      bids: Array<{ price_units: number }>;
    }>();
    assert.equal(book.bids[0]?.price_units, 145_000, 'everyone sees the book');
  });

  test('each side of a trade sees its own side; the counterparty stays anonymous', async () => {
    const sold = await t.client('PEAK').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'p-1',
        instrument: TRACKER,
        side: 'sell',
        price_units: 25_000,
        quantity_units: 500,
        owner: 'hk-retail-wong',
      }),
    );
    const own = sold.as<CommandReply>().events.find((e) => e.type === 'trade');
    assert.equal(own?.seller, 'hk-retail-wong');
    assert.equal(own?.buyer, undefined, 'the seller does not learn who bought');
    assert.equal(own?.buy_order_id, undefined);
    const trades = (who: string) =>
      t
        .client(who)
        .get('/v1/events?type=trade')
        .then((r) =>
          r.as<{ events: Array<{ event: Record<string, unknown> }> }>().events.map((e) => e.event),
        );
    const [buyer_view] = await trades('HARBOUR');
    assert.equal(buyer_view?.buyer, 'hk-retail-chan');
    assert.equal(buyer_view?.buyer_participant, 'HARBOUR');
    assert.ok(!('seller' in (buyer_view ?? {})) && !('seller_participant' in (buyer_view ?? {})));
    const [operator_view] = await trades('operator');
    assert.equal(operator_view?.seller, 'hk-retail-wong');
    assert.equal(operator_view?.buyer, 'hk-retail-chan');
    assert.deepEqual(await trades('BUND'), [], 'a third party sees no trade event');
    const print = (await t.client('BUND').get(`/v1/instruments/${TRACKER}/trades`)).as<{
      trades: Array<Record<string, unknown>>;
    }>();
    assert.equal(print.trades[0]?.quantity_units, 500);
    assert.ok(
      !('buyer' in (print.trades[0] ?? {})) && !('seller' in (print.trades[0] ?? {})),
      'a print names nobody',
    );
  });

  test('operators see the Connect quotas in figures; participants see what is disclosed', async () => {
    interface Quota {
      link: string;
      direction: string;
      status: string;
      daily_quota_minor: string | null;
      balance_minor: string | null;
    }
    const operator = (await t.client('operator').get('/v1/quotas')).as<{ quotas: Quota[] }>();
    assert.deepEqual(
      operator.quotas.map((q) => q.link),
      ['sh_northbound', 'sz_northbound', 'sh_southbound', 'sz_southbound'],
    );
    const sh = operator.quotas[0];
    assert.equal(sh?.direction, 'northbound');
    assert.ok(BigInt(sh?.daily_quota_minor ?? '0') > 0n && sh?.balance_minor !== null);
    const disclosed = (await t.client('HARBOUR').get('/v1/quotas')).as<{ quotas: Quota[] }>();
    for (const q of disclosed.quotas) {
      assert.equal(q.status, 'sufficient', 'a full quota is disclosed as sufficient');
      assert.equal(q.balance_minor, null);
    }
  });

  test('only an operator may drive the simulator or list keys', async () => {
    for (const path of ['/v1/sim/start', '/v1/sim/stop']) {
      const reply = await t.client('HARBOUR').post(path, {});
      assert.equal(reply.status, 403);
      assert.equal(reply.as<ErrorReply>().error.code, 'OPERATOR_ONLY');
    }
    assert.equal((await t.client('HARBOUR').get('/v1/keys')).status, 403);
    const keys = (await t.client('operator').get('/v1/keys')).as<{
      keys: Array<{ participant: string; key_prefix: string }>;
    }>();
    assert.ok(keys.keys.some((k) => k.participant === 'HARBOUR'));
    assert.ok(
      keys.keys.every((k) => k.key_prefix.length < 12),
      'the list does not reveal keys',
    );
  });

  test('the OpenAPI document describes every route', async () => {
    const doc = (await httpClient(t.url, null).get('/openapi.json')).as<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/v1/orders',
      '/v1/orders/{order_id}',
      '/v1/ledger/transfers',
      '/v1/reference/securities',
      '/v1/balances',
      '/v1/events',
      '/v1/instruments/{instrument}/book',
      '/v1/stream',
      '/v1/quotas',
      '/v1/settlement',
      '/v1/sim/speed',
    ])
      assert.ok(path in doc.paths, `${path} is documented`);
  });

  test('random bodies to every route never crash the server or change state', async () => {
    const routes = (await httpClient(t.url, null).get('/openapi.json')).as<{
      paths: Record<string, Record<string, unknown>>;
    }>().paths;
    const rng = new Mulberry32(6);
    const before_seq = t.server.gateway.node.hub.seq;
    const accepted = async () =>
      (await t.client('operator').get('/v1/events?after=0&limit=1000&type=order_accepted')).as<{
        events: unknown[];
      }>().events.length;
    const orders_before = await accepted();
    const clients = [t.client('HARBOUR'), t.client('operator'), httpClient(t.url, null)];
    let requests = 0;
    for (const [template, methods] of Object.entries(routes)) {
      if (template === '/v1/stream') continue;
      for (const method of Object.keys(methods)) {
        for (let i = 0; i < 12; i += 1) {
          const path = template.replace(/\{[a-z_]+\}/g, () => encodeURIComponent(randomText(rng)));
          const body =
            method === 'get' || method === 'delete'
              ? undefined
              : JSON.stringify(randomJson(rng, 3));
          const headers: Record<string, string> =
            body === undefined ? {} : { 'content-type': 'application/json' };
          const reply = await rng.pick(clients).raw(method.toUpperCase(), path, body, headers);
          requests += 1;
          assert.ok(
            reply.status < 500 || reply.status === 501,
            `${method} ${path} ${body}: ${reply.status} ${JSON.stringify(reply.body)}`,
          );
          assert.ok(typeof reply.body === 'object', 'every answer is JSON');
        }
      }
    }
    assert.ok(requests > 300);
    assert.equal((await httpClient(t.url, null).get('/healthz')).status, 200);
    const after_seq = t.server.gateway.node.hub.seq;
    // Random bodies may happen to be valid ticks; none can be an accepted order or transfer.
    assert.equal(await accepted(), orders_before, 'no random body became an order');
    assert.ok(after_seq >= before_seq);
    assert.deepEqual(t.fatal, []);
  });
});

describe('HTTP access: rate limits per key', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ rate_limit: { max: 5, window_ms: 60_000 } });
  });
  after(() => t.close());

  test('past its limit a key gets 429 with a clear body while other keys carry on', async () => {
    const harbour = t.client('HARBOUR');
    const statuses: number[] = [];
    let last: ErrorReply | null = null;
    for (let i = 0; i < 7; i += 1) {
      const reply = await harbour.get('/v1/whoami');
      statuses.push(reply.status);
      if (reply.status === 429) last = reply.as<ErrorReply>();
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert.equal(last?.error.code, 'RATE_LIMITED');
    assert.equal(last?.error.details?.limit, 5);
    assert.match(last?.error.message ?? '', /retry in/);
    assert.equal(
      (await t.client('PEAK').get('/v1/whoami')).status,
      200,
      'another key is not limited',
    );
    const order = await t.client('PEAK').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'p',
        instrument: TRACKER,
        side: 'buy',
        price_units: 25_000,
        quantity_units: 500,
        owner: 'hk-retail-wong',
      }),
    );
    assert.equal(order.as<CommandReply>().status, 'accepted');
  });
});

function randomText(rng: Mulberry32): string {
  const alphabet = [
    'a',
    'Z',
    '0',
    '9',
    '-',
    '/',
    '%',
    ' ',
    '"',
    '\u00e9',
    '\u4e92',
    '.',
    '_',
    '\\',
    '{',
  ];
  let text = '';
  for (let i = rng.int(0, 12); i > 0; i -= 1) text += rng.pick(alphabet);
  return text;
}

function randomJson(rng: Mulberry32, depth: number): unknown {
  const kind = rng.int(0, depth > 0 ? 7 : 4);
  if (kind === 0) return null;
  if (kind === 1) return rng.chance(0.5);
  if (kind === 2) return rng.pick([0, -1, 1.5, 2 ** 60, 1e308, Number.MAX_SAFE_INTEGER]);
  if (kind === 3) return randomText(rng);
  if (kind === 4)
    return rng.pick(['market.submit_order', 'ledger.create_transfers', 'hub.tick', 'buy', '100']);
  if (kind === 5) return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth - 1));
  const keys = [
    'type',
    'instrument',
    'price_units',
    'quantity_units',
    'owner',
    'transfers',
    'accounts',
    'party',
    'id',
    'side',
    '__proto__',
    'constructor',
    'frozen',
    'steps_per_second',
  ];
  const object: Record<string, unknown> = {};
  for (let i = rng.int(0, 5); i > 0; i -= 1) object[rng.pick(keys)] = randomJson(rng, depth - 1);
  return object;
}
