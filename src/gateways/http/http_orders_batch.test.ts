/**
 * `POST /v1/orders/batch` (issue 19): several orders in one request, each answered as the
 * single-order route would answer it, in order, after one group commit; bad bodies refused whole.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hubState } from './gateway.js';
import { ORDER_BATCH_MAX } from './routes_order_batch.js';
import { MOUTAI, orderBody, startTestServer, type TestServer } from './testing.js';

interface Item {
  index: number;
  status: string;
  http_status: number;
  seq: number | null;
  order_id?: number;
  duplicate_of?: number | null;
  events?: Array<{ type: string }>;
  error?: { code: string; message: string };
}

describe('POST /v1/orders/batch', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const order = (fields: Record<string, unknown>) =>
    orderBody({ instrument: MOUTAI, price_units: 146_000, quantity_units: 100, ...fields });

  test('each order answered in order: accepted, filled, invalid, refused by the hub', async () => {
    const before_seq = hubState(t.server.gateway).seq;
    const reply = await t.client('BUND').post('/v1/orders/batch', {
      orders: [
        order({ client_order_id: 'bt-s1', side: 'sell', owner: 'cn-retail-zhang' }),
        order({ client_order_id: 'bt-b1', side: 'buy', owner: 'cn-pro-zhao' }),
        order({ client_order_id: 'bt-x1', side: 'buy', owner: 'cn-pro-zhao', quantity_units: -5 }),
        // Another broker's client: BUND may not act for it.
        order({ client_order_id: 'bt-h1', side: 'sell', owner: 'hk-inst-fund' }),
      ],
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { accepted, results } = reply.body as { accepted: number; results: Item[] };
    assert.deepEqual(
      results.map((r) => [r.index, r.status, r.http_status]),
      [
        [0, 'accepted', 200],
        [1, 'accepted', 200],
        [2, 'invalid', 400],
        [3, 'rejected', 403],
      ],
    );
    assert.equal(accepted, 2);
    // The second order filled the first; each accepted order has its own id and seq, in order.
    assert.ok(
      results[1]?.events?.some((e) => e.type === 'trade'),
      JSON.stringify(results[1]),
    );
    assert.ok(results[0]?.order_id !== undefined && results[1]?.order_id !== undefined);
    assert.equal(results[0]?.seq, before_seq + 1);
    assert.equal(results[1]?.seq, before_seq + 2);
    assert.equal(results[2]?.seq, null, 'an order that does not parse is never sequenced');
    assert.equal(results[2]?.error?.code, 'INVALID_REQUEST');
    assert.equal(results[3]?.error?.code, 'NOT_AUTHORIZED');
    // A refusal is journaled with its seq, as the single-order route's is.
    assert.equal(results[3]?.seq, before_seq + 3);
    assert.equal(hubState(t.server.gateway).seq, before_seq + 3);
  });

  test('an idempotency key per order: a retried batch answers the original seqs', async () => {
    const orders = [
      order({
        client_order_id: 'bt-k1',
        side: 'sell',
        owner: 'cn-retail-zhang',
        idempotency_key: 'k-1',
      }),
      order({
        client_order_id: 'bt-k2',
        side: 'sell',
        owner: 'cn-retail-zhang',
        idempotency_key: 'k-2',
      }),
    ];
    const first = (await t.client('BUND').post('/v1/orders/batch', { orders })).body as {
      results: Item[];
    };
    const again = (await t.client('BUND').post('/v1/orders/batch', { orders })).body as {
      results: Item[];
    };
    assert.deepEqual(
      again.results.map((r) => r.duplicate_of),
      first.results.map((r) => r.seq),
    );
    assert.deepEqual(
      again.results.map((r) => r.order_id),
      first.results.map((r) => r.order_id),
    );
  });

  test('a body that is not 1 to 1,000 orders is refused whole, and nothing happens', async () => {
    const before_seq = hubState(t.server.gateway).seq;
    const many = Array.from({ length: ORDER_BATCH_MAX + 1 }, (_, i) =>
      order({ client_order_id: `bt-m${i}`, side: 'sell', owner: 'cn-retail-zhang' }),
    );
    for (const body of [
      {},
      { orders: [] },
      { orders: 'x' },
      { orders: many },
      { orders: [order({})], more: 1 },
    ]) {
      const reply = await t.client('BUND').post('/v1/orders/batch', body);
      assert.equal(reply.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal((reply.body as { error: { code: string } }).error.code, 'INVALID_REQUEST');
    }
    assert.equal(hubState(t.server.gateway).seq, before_seq);
    const anonymous = await t.client(null).post('/v1/orders/batch', { orders: [order({})] });
    assert.equal(anonymous.status, 401);
  });
});
