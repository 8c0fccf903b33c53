import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildSchedule, yieldFromCleanPrice } from '../../bonds/index.js';
import { dayNumber } from '../../kernel/index.js';
import { accept, command, GREEN_TRANCHES, requestAndQuote, setUpBondDesk } from './bond_testing.js';
import { type ErrorReply, startTestServer, type TestServer } from './testing.js';

interface QuoteJson {
  readonly quote_id: string;
  readonly dealer: string;
  readonly state: string;
  readonly quote_req_id?: string;
}
interface RfqJson {
  readonly quote_req_id: string;
  readonly status: string;
  readonly expires_at_us: number;
  readonly quotes: readonly QuoteJson[];
  readonly trade_id: string | null;
  readonly settlement_date: string;
}
interface TradeJson {
  readonly trade_id: string;
  readonly px_e8: string;
  readonly quantity_minor: string;
  readonly clean_consideration_minor: string;
  readonly accrued_minor: string;
  readonly settlement_amount_minor: string;
}
interface CouponJson {
  readonly isin: string;
  readonly coupon_date: string;
  readonly payment_date: string;
  readonly coupon_per_100_e8: string | null;
  readonly status: string;
}

const USD = 'HKHTGB25USD6';
const HKD = 'HKHTGB25HKD0';

describe('HTTP bond reads: RFQs, quotes, trades, coupons, yields', () => {
  let t: TestServer;
  let date = '';
  const clientOf = (p: string) => t.client(p);
  const get = async <T>(participant: string, path: string, status = 200): Promise<T> => {
    const reply = await t.client(participant).get(path);
    assert.equal(reply.status, status, `${path}: ${JSON.stringify(reply.body)}`);
    return reply.as<T>();
  };
  const rfqs = async (participant: string, query = '') =>
    (await get<{ rfqs: RfqJson[] }>(participant, `/v1/bonds/rfqs${query}`)).rfqs;

  before(async () => {
    t = await startTestServer();
    date = await setUpBondDesk(clientOf);
    const now_us = t.server.gateway.node.hub.state.now_us;
    const usd = { BOCHK: '9950000000', SCBHK: '9940000000' };
    await requestAndQuote(clientOf, { id: 'rd-usd-1', isin: USD, date, now_us, quotes: usd });
    await requestAndQuote(clientOf, {
      id: 'rd-hkd-1',
      isin: HKD,
      date,
      now_us,
      quotes: { SCBHK: '10010000000' },
    });
    await accept(clientOf, 'rd-usd-1', 'SCBHK');
  });
  after(() => t.close());

  test('the requester side sees every quote; a dealer its own; others nothing', async () => {
    const pearl = await rfqs('PEARL');
    assert.deepEqual(
      pearl.map((r) => [r.quote_req_id, r.status]),
      [
        ['rd-hkd-1', 'quoted'],
        ['rd-usd-1', 'accepted'],
      ],
    );
    const usd = pearl[1] as RfqJson;
    assert.deepEqual(
      usd.quotes.map((q) => [q.dealer, q.state]),
      [
        ['BOCHK', 'not_taken'],
        ['SCBHK', 'accepted'],
      ],
    );
    assert.equal(usd.trade_id, 'rd-usd-1/rd-usd-1-SCBHK');
    assert.equal(usd.settlement_date, date);
    const bochk = await rfqs('BOCHK');
    assert.deepEqual(
      bochk.map((r) => [r.quote_req_id, r.quotes.map((q) => q.dealer), r.trade_id]),
      [['rd-usd-1', ['BOCHK'], null]],
    );
    assert.deepEqual(await rfqs('LIONROCK'), []);
    assert.deepEqual(await rfqs('HARBOUR'), []);
    assert.equal((await rfqs('operator')).length, 2);
  });

  test('filters: open, by status, bond and party; a bad filter is a 400', async () => {
    const ids = (list: RfqJson[]) => list.map((r) => r.quote_req_id);
    assert.deepEqual(ids(await rfqs('operator', '?status=open')), ['rd-hkd-1']);
    assert.deepEqual(ids(await rfqs('operator', '?status=accepted')), ['rd-usd-1']);
    assert.deepEqual(ids(await rfqs('operator', `?isin=${HKD}`)), ['rd-hkd-1']);
    assert.deepEqual(ids(await rfqs('operator', '?party=BOCHK')), ['rd-usd-1']);
    assert.deepEqual(ids(await rfqs('operator', '?limit=1')), ['rd-hkd-1']);
    const bad = await get<ErrorReply>('operator', '/v1/bonds/rfqs?status=done', 400);
    assert.equal(bad.error.code, 'INVALID_REQUEST');
    assert.equal(bad.error.problems?.[0]?.field, 'status');
    const extra = await get<ErrorReply>('operator', '/v1/bonds/rfqs?colour=red', 400);
    assert.equal(extra.error.code, 'INVALID_REQUEST');
  });

  test('one RFQ: seen by its parties, 404 UNKNOWN_RFQ to others and for no such RFQ', async () => {
    const one = await get<RfqJson>('PEARL', '/v1/bonds/rfqs/rd-hkd-1');
    assert.equal(one.status, 'quoted');
    assert.ok(one.expires_at_us > 0);
    const scb = await get<RfqJson>('SCBHK', '/v1/bonds/rfqs/rd-hkd-1');
    assert.deepEqual(
      scb.quotes.map((q) => q.quote_id),
      ['rd-hkd-1-SCBHK'],
    );
    const hidden = await get<ErrorReply>('BOCHK', '/v1/bonds/rfqs/rd-hkd-1', 404);
    const missing = await get<ErrorReply>('operator', '/v1/bonds/rfqs/nope', 404);
    assert.equal(hidden.error.code, 'UNKNOWN_RFQ');
    assert.equal(missing.error.code, 'UNKNOWN_RFQ');
    assert.equal(
      hidden.error.message.replace('rd-hkd-1', 'X'),
      missing.error.message.replace('nope', 'X'),
    );
  });

  test('quotes: flat, filtered by bond, RFQ and state, scoped to the dealer', async () => {
    const q = async (who: string, query: string) =>
      (await get<{ quotes: QuoteJson[] }>(who, `/v1/bonds/quotes${query}`)).quotes.map(
        (x) => x.quote_id,
      );
    assert.deepEqual(await q('PEARL', `?isin=${USD}`), ['rd-usd-1-SCBHK', 'rd-usd-1-BOCHK']);
    assert.deepEqual(await q('PEARL', '?state=active'), ['rd-hkd-1-SCBHK']);
    assert.deepEqual(await q('SCBHK', ''), ['rd-hkd-1-SCBHK', 'rd-usd-1-SCBHK']);
    assert.deepEqual(await q('BOCHK', '?quote_req_id=rd-usd-1'), ['rd-usd-1-BOCHK']);
    assert.deepEqual(await q('LIONROCK', ''), []);
  });

  test('trades: both sides and the operator, with exact money; others none', async () => {
    const trades = async (who: string) =>
      (await get<{ trades: TradeJson[] }>(who, '/v1/bonds/trades')).trades;
    const [trade] = await trades('PEARL');
    assert.ok(trade !== undefined);
    assert.equal(trade.trade_id, 'rd-usd-1/rd-usd-1-SCBHK');
    assert.equal(trade.px_e8, '9940000000');
    // 1,000,000.00 USD face × 99.40 / 100 = 994,000.00 USD.
    assert.equal(trade.clean_consideration_minor, '99400000');
    const sum = BigInt(trade.clean_consideration_minor) + BigInt(trade.accrued_minor);
    assert.equal(trade.settlement_amount_minor, sum.toString());
    assert.ok(BigInt(trade.accrued_minor) > 0n);
    assert.deepEqual(
      (await trades('SCBHK')).map((x) => x.trade_id),
      [trade.trade_id],
    );
    assert.deepEqual(await trades('BOCHK'), []);
    assert.deepEqual(await trades('HARBOUR'), []);
    assert.equal((await trades('operator')).length, 1);
    assert.deepEqual(
      (await get<{ trades: TradeJson[] }>('operator', `/v1/bonds/trades?isin=${HKD}`)).trades,
      [],
    );
  });

  test('a decline: the requester sees who declined, another dealer asked does not', async () => {
    await command(t.client('PEARL'), {
      type: 'bonds.request_quote',
      quote_req_id: 'rd-dec-1',
      requester: 'cn-inst-fund',
      security_id: USD,
      side: 'sell',
      order_qty_minor: '100000000',
      price_type: 'percent_of_par',
      dealers: ['BOCHK', 'LIONROCK'],
      quote_window_us: 600_000_000,
      settlement_date: date,
    });
    await command(t.client('LIONROCK'), {
      type: 'bonds.decline_quote_request',
      quote_req_id: 'rd-dec-1',
      dealer: 'LIONROCK',
      reason: 'exceeds_limit',
    });
    type Declined = { declined: string[]; status: string };
    const pearl = await get<Declined>('PEARL', '/v1/bonds/rfqs/rd-dec-1');
    assert.deepEqual(pearl.declined, ['LIONROCK']);
    assert.equal(pearl.status, 'requested', 'BOCHK may still quote');
    assert.deepEqual((await get<Declined>('BOCHK', '/v1/bonds/rfqs/rd-dec-1')).declined, []);
    assert.deepEqual((await get<Declined>('LIONROCK', '/v1/bonds/rfqs/rd-dec-1')).declined, [
      'LIONROCK',
    ]);
  });

  test('makers: public, in registration order', async () => {
    const body = await get<{ makers: Array<{ dealer: string; directions: string[] }> }>(
      'HARBOUR',
      '/v1/bonds/makers',
    );
    assert.deepEqual(body.makers, [
      { dealer: 'BOCHK', directions: ['southbound'] },
      { dealer: 'SCBHK', directions: ['southbound'] },
      { dealer: 'LIONROCK', directions: ['southbound'] },
    ]);
  });

  test('coupons: the schedule with paid, due and upcoming; unknown bond 404', async () => {
    const body = await get<{ date: string; coupons: CouponJson[] }>(
      'HARBOUR',
      `/v1/bonds/coupons?isin=${USD}`,
    );
    assert.equal(body.date, date);
    assert.deepEqual(
      body.coupons.map((c) => c.coupon_date),
      ['2026-05-19', '2026-11-19', '2027-05-19', '2027-11-19', '2028-05-19', '2028-11-19'],
    );
    // 3.633 % a year, two coupons: 1.8165 per 100 of face.
    assert.ok(body.coupons.every((c) => c.coupon_per_100_e8 === '181650000'));
    for (const c of body.coupons)
      assert.equal(c.status, c.payment_date <= date ? 'due' : 'upcoming', c.coupon_date);
    const all = await get<{ coupons: CouponJson[] }>('operator', '/v1/bonds/coupons');
    assert.equal(new Set(all.coupons.map((c) => c.isin)).size, GREEN_TRANCHES.length);
    const upcoming = await get<{ coupons: CouponJson[] }>(
      'operator',
      '/v1/bonds/coupons?status=upcoming',
    );
    assert.ok(upcoming.coupons.every((c) => c.status === 'upcoming' && c.payment_date > date));
    const unknown = await get<ErrorReply>('operator', '/v1/bonds/coupons?isin=HK0000000000', 404);
    assert.equal(unknown.error.code, 'UNKNOWN_BOND');
  });

  test('yields: the last trade per bond, exact, to its sides and the operator', async () => {
    type Points = { points: Array<{ isin: string; yield_e12: string; days_to_maturity: number }> };
    const op = await get<Points>('operator', '/v1/bonds/yields');
    assert.equal(op.points.length, 1);
    const point = op.points[0];
    const terms = t.server.gateway.node.hub.state.bonds.bonds.get(USD)?.terms;
    assert.ok(terms !== undefined);
    const schedule = buildSchedule(terms);
    const expected = yieldFromCleanPrice(schedule, dayNumber(date), 9_940_000_000n);
    assert.ok(expected.ok);
    assert.equal(point?.yield_e12, expected.value.toString());
    assert.equal(point?.days_to_maturity, dayNumber('2028-11-19') - dayNumber(date));
    assert.equal((await get<Points>('PEARL', '/v1/bonds/yields')).points.length, 1);
    assert.deepEqual((await get<Points>('HARBOUR', '/v1/bonds/yields')).points, []);
  });
});

describe('HTTP bond reads against the OpenAPI document', () => {
  test('every field of a real answer is documented, and every documented field is there', async () => {
    const t = await startTestServer();
    try {
      const clientOf = (p: string) => t.client(p);
      const date = await setUpBondDesk(clientOf);
      const now_us = t.server.gateway.node.hub.state.now_us;
      await requestAndQuote(clientOf, {
        id: 'doc-1',
        isin: USD,
        date,
        now_us,
        quotes: { BOCHK: '9950000000' },
      });
      await accept(clientOf, 'doc-1', 'BOCHK');
      const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as OpenApi;
      const op = t.client('operator');
      const checks: Array<[string, string, string]> = [
        ['/v1/bonds/rfqs', '/v1/bonds/rfqs', 'rfqs'],
        ['/v1/bonds/quotes', '/v1/bonds/quotes', 'quotes'],
        ['/v1/bonds/trades', '/v1/bonds/trades', 'trades'],
        ['/v1/bonds/coupons', `/v1/bonds/coupons?isin=${USD}`, 'coupons'],
        ['/v1/bonds/yields', '/v1/bonds/yields', 'points'],
        ['/v1/bonds/makers', '/v1/bonds/makers', 'makers'],
      ];
      for (const [route, path, list] of checks) {
        const body = (await op.get(path)).body as Record<string, Array<Record<string, unknown>>>;
        const first = body[list]?.[0];
        assert.ok(first !== undefined, `${path} has a ${list} row`);
        const schema = doc.paths[route]?.get.responses['200'].content['application/json'].schema;
        const row = schema?.properties[list]?.items?.properties ?? {};
        assert.deepEqual(Object.keys(first).sort(), Object.keys(row).sort(), route);
      }
      const one = (await op.get('/v1/bonds/rfqs/doc-1')).body as Record<string, unknown>;
      const schema =
        doc.paths['/v1/bonds/rfqs/{quote_req_id}']?.get.responses['200'].content['application/json']
          .schema;
      assert.deepEqual(Object.keys(one).sort(), Object.keys(schema?.properties ?? {}).sort());
    } finally {
      await t.close();
    }
  });
});

interface SchemaJson {
  readonly properties: Record<string, SchemaJson & { items?: SchemaJson }>;
}
interface OpenApi {
  readonly paths: Record<
    string,
    { get: { responses: { 200: { content: { 'application/json': { schema: SchemaJson } } } } } }
  >;
}
