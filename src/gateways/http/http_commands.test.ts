import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isinCheckDigit } from '../../reference/index.js';
import { contentDigest } from '../../sim/simulate.js';
import {
  type Client,
  type CommandReply,
  type ErrorReply,
  orderBody,
  startTestServer,
  TENCENT,
  type TestServer,
  TRACKER,
} from './testing.js';

const HKEX = `HK038804544${isinCheckDigit('HK038804544')}`;

function types(reply: CommandReply): string[] {
  return reply.events.map((e) => e.type).filter((t) => t !== 'bbo');
}

describe('HTTP commands', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('registers reference data through its routes, and a new party gets an API key', async () => {
    const op = t.client('operator');
    const party = await op.post('/v1/reference/parties', {
      party: {
        id: 'TESTBRK',
        name: 'Test Broker Limited',
        roles: ['broker'],
        jurisdiction: 'HK',
        exchange_participant_of: ['XHKG'],
      },
    });
    assert.equal(party.status, 200, JSON.stringify(party.body));
    assert.deepEqual(types(party.as<CommandReply>()), ['party_registered']);
    assert.ok(t.server.gateway.keys.keyOf('TESTBRK'), 'the new party has a key');
    const investor = await op.post('/v1/reference/investors', {
      investor: {
        id: 'hk-retail-test',
        type: 'retail',
        jurisdiction: 'HK',
        broker: 'TESTBRK',
        id_document_country: 'HK',
      },
    });
    assert.deepEqual(types(investor.as<CommandReply>()), ['investor_registered']);
    const cash = await op.post('/v1/reference/cash-assets', {
      cash_asset: { id: 'HKD.TD.TEST', currency: 'HKD', form: 'tokenized_deposit', issuer: 'HSBC' },
    });
    assert.deepEqual(types(cash.as<CommandReply>()), ['cash_asset_registered']);
    const security = await op.post('/v1/reference/securities', {
      security: {
        id: HKEX,
        symbol: '0388',
        name: 'Hong Kong Exchanges and Clearing',
        market: 'XHKG',
        board: 'main',
        kind: 'stock',
        currency: 'HKD',
        lot_size: 100,
        price_scale: 3,
        tick_table: 'hk_equity',
        listing_date: '2000-06-27',
        previous_close_units: 400_000,
      },
    });
    assert.equal(security.status, 200, JSON.stringify(security.body));
    assert.ok(types(security.as<CommandReply>()).includes('security_registered'));
    const update = await op.post('/v1/reference/securities/update', {
      update: { id: HKEX, name: 'HKEX' },
    });
    assert.deepEqual(types(update.as<CommandReply>()), ['security_updated']);
    const book = await op.get('/v1/instruments/0388/book');
    assert.equal(book.status, 200, 'the new security has a book');
  });

  test('creates accounts, moves money, freezes and unfreezes through the ledger routes', async () => {
    const op = t.client('operator');
    const accounts = await op.post('/v1/ledger/accounts', {
      accounts: [
        {
          id: 'TESTBRK/HKD',
          owner: 'TESTBRK',
          asset: 'HKD',
          purpose: 'available',
          debits_must_not_exceed_credits: true,
          credits_must_not_exceed_debits: false,
        },
      ],
    });
    assert.deepEqual(types(accounts.as<CommandReply>()), ['account_created']);
    const transfer = await t.client('HARBOUR').post('/v1/ledger/transfers', {
      transfers: [
        {
          id: 'pay-1',
          debit_account_id: 'HARBOUR/HKD',
          credit_account_id: 'TESTBRK/HKD',
          amount_minor: '150000',
          code: 'payment',
        },
      ],
    });
    assert.equal(transfer.status, 200, JSON.stringify(transfer.body));
    const created = transfer.as<CommandReply>().events.find((e) => e.type === 'transfer_created');
    const balances = created?.balances as Array<{ account_id: string; credits_posted: string }>;
    assert.deepEqual(
      balances.map((b) => b.account_id),
      ['HARBOUR/HKD'],
      "the payer sees its own balance, not the payee's",
    );
    const payee = await t.client('TESTBRK').get('/v1/accounts/TESTBRK%2FHKD');
    assert.equal(payee.as<{ balance_minor: string }>().balance_minor, '150000');
    const frozen = await op.post('/v1/ledger/accounts/TESTBRK%2FHKD/freeze', {
      frozen: true,
      reason: 'test',
    });
    assert.deepEqual(types(frozen.as<CommandReply>()), ['account_frozen']);
    const again = await t.client('TESTBRK').post('/v1/ledger/transfers', {
      transfers: [
        {
          id: 'pay-2',
          debit_account_id: 'TESTBRK/HKD',
          credit_account_id: 'HARBOUR/HKD',
          amount_minor: '1',
          code: 'payment',
        },
      ],
    });
    assert.equal(again.status, 422);
    assert.equal(again.as<ErrorReply>().error.code, 'ACCOUNT_FROZEN');
    const thawed = await op.post('/v1/ledger/accounts/TESTBRK%2FHKD/freeze', {
      frozen: false,
      reason: 'test over',
    });
    assert.deepEqual(types(thawed.as<CommandReply>()), ['account_unfrozen']);
  });

  test('submits, replaces and cancels orders (by client order id and by DELETE)', async () => {
    const harbour = t.client('HARBOUR');
    const placed = await harbour.post(
      '/v1/orders',
      orderBody({
        client_order_id: 'o-1',
        instrument: TRACKER,
        side: 'buy',
        price_units: 25_000,
        quantity_units: 500,
        owner: 'hk-retail-chan',
      }),
    );
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    const order = placed.as<CommandReply>();
    assert.deepEqual(types(order), ['order_accepted', 'order_rested']);
    assert.equal(typeof order.order_id, 'number');
    const replaced = await harbour.post(`/v1/orders/${order.order_id}/replace`, {
      price_units: 25_020,
      quantity_units: 500,
    });
    assert.equal(types(replaced.as<CommandReply>())[0], 'order_replaced');
    const live = await harbour.get(`/v1/orders/${order.order_id}`);
    assert.equal(live.as<{ price_units: number }>().price_units, 25_020);
    const cancelled = await harbour.post('/v1/orders/cancel', { client_order_id: 'o-1' });
    assert.deepEqual(types(cancelled.as<CommandReply>()), ['order_cancelled']);
    const second = await harbour.post(
      '/v1/orders',
      orderBody({
        client_order_id: 'o-2',
        instrument: TRACKER,
        side: 'sell',
        price_units: 26_000,
        quantity_units: 1_000,
        owner: 'hk-pro-lam',
      }),
    );
    const deleted = await harbour.del(`/v1/orders/${second.as<CommandReply>().order_id}`);
    assert.deepEqual(types(deleted.as<CommandReply>()), ['order_cancelled']);
    const finished = await harbour.get('/v1/orders?status=finished');
    const ids = finished.as<{ orders: Array<{ client_order_id: string; status: string }> }>()
      .orders;
    assert.deepEqual(ids.map((o) => `${o.client_order_id}:${o.status}`).sort(), [
      'o-1:cancelled',
      'o-2:cancelled',
    ]);
  });

  test('the generic route takes any command, and the operator may tick the hub', async () => {
    const op = t.client('operator');
    const generic = await op.post('/v1/commands', { type: 'hub.tick' });
    assert.equal(generic.status, 200);
    const tick = await op.post('/v1/hub/tick', {});
    assert.equal(tick.status, 200);
    const seq = tick.as<CommandReply>().seq;
    const stored = await op.get(`/v1/commands/${seq}`);
    assert.equal(stored.as<{ type: string; status: string }>().type, 'hub.tick');
    const refused = await t.client('HARBOUR').post('/v1/hub/tick', {});
    assert.equal(refused.status, 403);
    assert.equal(refused.as<ErrorReply>().error.code, 'OPERATOR_ONLY');
  });

  test('a bad request is a 400 naming the field and the rule, and nothing is journaled', async () => {
    const harbour = t.client('HARBOUR');
    const seq = t.server.gateway.node.hub.seq;
    const cases = badRequests(harbour);
    for (const [pending, field, rule] of cases) {
      const reply = await pending;
      assert.equal(reply.status, 400, `${field}: ${JSON.stringify(reply.as<unknown>())}`);
      const error = reply.as<ErrorReply>().error;
      assert.equal(error.code, 'INVALID_REQUEST');
      const problem = error.problems?.[0];
      assert.equal(problem?.field, field, JSON.stringify(error));
      assert.equal(problem?.rule, rule, JSON.stringify(error));
    }
    assert.equal(t.server.gateway.node.hub.seq, seq, 'no command was sequenced');
  });

  test('engine rejections keep their codes, get their status, and change nothing', async () => {
    const before_digest = contentDigest(t.server.gateway.node.hub);
    const cases = rejections(t);
    for (const [pending, status, code] of cases) {
      const reply = await pending;
      const body = reply.as<ErrorReply>();
      assert.equal(body.error?.code, code, JSON.stringify(body));
      assert.equal(reply.status, status, code);
      assert.equal(typeof body.error.message, 'string');
      assert.equal(typeof body.seq, 'number', 'the rejected command has its journal position');
    }
    assert.equal(
      contentDigest(t.server.gateway.node.hub),
      before_digest,
      'rejections changed nothing',
    );
  });

  test('an idempotency key replays the original result and refuses a different command', async () => {
    const harbour = t.client('HARBOUR');
    const body = orderBody({
      client_order_id: 'idem-1',
      instrument: TRACKER,
      side: 'buy',
      price_units: 24_000,
      quantity_units: 500,
      owner: 'hk-retail-chan',
    });
    const headers = { 'idempotency-key': 'retry-me-1' };
    const first = (await harbour.post('/v1/orders', body, headers)).as<CommandReply>();
    const second = (await harbour.post('/v1/orders', body, headers)).as<CommandReply>();
    assert.equal(second.duplicate_of, first.seq);
    assert.equal(second.order_id, first.order_id, 'the retry answers with the original order');
    assert.deepEqual(types(second), types(first));
    const live = (await harbour.get(`/v1/orders?instrument=${TRACKER}`)).as<{
      orders: Array<{ client_order_id: string }>;
    }>();
    assert.equal(
      live.orders.filter((o) => o.client_order_id === 'idem-1').length,
      1,
      'one order, not two',
    );
    const other = await harbour.post('/v1/orders', { ...body, quantity_units: 1_000 }, headers);
    assert.equal(other.status, 409);
    assert.equal(other.as<ErrorReply>().error.code, 'IDEMPOTENCY_KEY_REUSED');
    const peak = await t
      .client('PEAK')
      .post('/v1/orders', { ...body, owner: 'hk-retail-wong' }, headers);
    assert.equal(peak.status, 200, 'keys are per participant');
    assert.equal(peak.as<CommandReply>().duplicate_of, null);
  });

  test('live orders come newest first, so a limit keeps the most recent', async () => {
    const harbour = t.client('HARBOUR');
    const placed: number[] = [];
    for (const id of ['order-old', 'order-new']) {
      const body = orderBody({
        client_order_id: id,
        instrument: TRACKER,
        side: 'buy',
        price_units: 24_000,
        quantity_units: 500,
        owner: 'hk-retail-chan',
      });
      const reply = (await harbour.post('/v1/orders', body)).as<CommandReply>();
      assert.equal(typeof reply.order_id, 'number', JSON.stringify(reply));
      placed.push(reply.order_id as number);
    }
    const page = (await harbour.get('/v1/orders?limit=1')).as<{
      orders: Array<{ order_id: number }>;
    }>();
    assert.deepEqual(
      page.orders.map((o) => o.order_id),
      [placed[1]],
    );
    const all = (await harbour.get('/v1/orders')).as<{ orders: Array<{ order_id: number }> }>();
    const ids = all.orders.map((o) => o.order_id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
  });
});

type Pending = Promise<{ status: number; as<T>(): T }>;

/** Requests that do not parse, with the field and rule each must be refused for. */
function badRequests(harbour: Client): Array<[Pending, string, string]> {
  return [
    [
      harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: 'x',
          instrument: TENCENT,
          side: 'buy',
          price_units: 600_000,
          owner: 'hk-retail-chan',
        }),
      ),
      'quantity_units',
      'invalid_type',
    ],
    [
      harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: 'x',
          instrument: TENCENT,
          side: 'buy',
          price_units: -1,
          quantity_units: 100,
          owner: 'hk-retail-chan',
        }),
      ),
      'price_units',
      'too_small',
    ],
    [
      harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: 'x',
          instrument: TENCENT,
          side: 'up',
          price_units: 1,
          quantity_units: 100,
          owner: 'hk-retail-chan',
        }),
      ),
      'side',
      'invalid_value',
    ],
    [
      harbour.post('/v1/ledger/transfers', { transfers: [{ id: 'p', amount_minor: '1.5' }] }),
      'transfers.0.amount_minor',
      'invalid_format',
    ],
    [harbour.post('/v1/orders', [1, 2]), '(body)', 'invalid_type'],
    [
      harbour.raw('POST', '/v1/orders', '{"client_order_id":', {
        'content-type': 'application/json',
      }),
      '(body)',
      'FST_ERR_CTP_INVALID_JSON_BODY',
    ],
    [harbour.del('/v1/orders/abc'), 'order_id', 'invalid_format'],
    [harbour.get('/v1/events?limit=0'), 'limit', 'too_small'],
    [harbour.post('/v1/orders/cancel', {}), '(body)', 'custom'],
    [harbour.post('/v1/commands', { type: 'market.explode' }), 'type', 'invalid_union'],
    [
      harbour.post('/v1/orders/cancel', { order_id: 1 }, { 'idempotency-key': 'k'.repeat(129) }),
      'Idempotency-Key',
      'invalid_length',
    ],
  ];
}

/** Commands the engine refuses, with the status and code each must get. */
function rejections(t: TestServer): Array<[Pending, number, string]> {
  const harbour = t.client('HARBOUR');
  return [
    [
      harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: 'r1',
          instrument: TENCENT,
          side: 'buy',
          price_units: 600_001,
          quantity_units: 100,
          owner: 'hk-retail-chan',
        }),
      ),
      422,
      'PRICE_OFF_TICK',
    ],
    [
      harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: 'r2',
          instrument: TENCENT,
          side: 'buy',
          price_units: 600_000,
          quantity_units: 100,
          owner: 'cn-retail-zhang',
        }),
      ),
      403,
      'NOT_AUTHORIZED',
    ],
    [
      harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: 'r3',
          instrument: 'US0378331005',
          side: 'buy',
          price_units: 1,
          quantity_units: 1,
          owner: 'hk-retail-chan',
        }),
      ),
      404,
      'UNKNOWN_INSTRUMENT',
    ],
    [harbour.del('/v1/orders/999999'), 404, 'UNKNOWN_ORDER'],
    [
      harbour.post('/v1/ledger/transfers', {
        transfers: [
          {
            id: 'big',
            debit_account_id: 'HARBOUR/HKD',
            credit_account_id: 'PEAK/HKD',
            amount_minor: '999999999999999999',
            code: 'payment',
          },
        ],
      }),
      422,
      'INSUFFICIENT_FUNDS',
    ],
    [
      harbour.post('/v1/ledger/transfers', {
        transfers: [
          {
            id: 'theft',
            debit_account_id: 'PEAK/HKD',
            credit_account_id: 'HARBOUR/HKD',
            amount_minor: '1',
            code: 'payment',
          },
        ],
      }),
      403,
      'NOT_AUTHORIZED',
    ],
    [
      harbour.post('/v1/reference/parties', {
        party: { id: 'ROGUE', name: 'Rogue', roles: ['operator'], jurisdiction: 'HK' },
      }),
      403,
      'NOT_AUTHORIZED',
    ],
    [
      t.client('operator').post('/v1/reference/parties', {
        party: { id: 'HARBOUR', name: 'Again', roles: ['broker'], jurisdiction: 'HK' },
      }),
      409,
      'PARTY_EXISTS',
    ],
  ];
}
