import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HubHaltedError } from './engine.js';
import {
  httpClient,
  MOUTAI,
  orderBody,
  type Reply,
  startTestServer,
  type TestServer,
} from './testing.js';

/**
 * The lean order door (order_door.ts) against the Fastify route it stands in front of: two
 * servers set up alike (one with the door, one without), the same requests in the same order,
 * and the same status, headers that clients rely on and body from both.
 */

const WINDOW_MS = 60_000;
/** Small enough for one key to run out within the test. */
const MAX_PER_WINDOW = 5;

interface Sent {
  readonly name: string;
  readonly participant: string | null;
  /** A key of the caller's own instead of the participant's. */
  readonly key?: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
  readonly path?: string;
  /** What the route answers (both servers are checked against it too). */
  readonly status: number;
  /** Whether the door can take it from its headers (else Fastify answers it on both servers). */
  readonly door: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function order(fields: Record<string, unknown>): string {
  return JSON.stringify(
    orderBody({ instrument: MOUTAI, price_units: 145_000, quantity_units: 100, ...fields }),
  );
}

const BUND_BUY = { side: 'buy', owner: 'cn-retail-zhang' };
const OVER_LIMIT_BYTES = 1024 * 1024 + 1;

/**
 * Every case, in order. The rate limiter counts a request once its body has parsed: BUND sends
 * five counted, PEARL four, LUJIAZUI six (its sixth is refused), HARBOUR one; the two requests
 * without a valid key count against the IP.
 */
const CASES: readonly Sent[] = [
  {
    name: 'valid order (rests after a partial fill)',
    participant: 'BUND',
    body: order({ client_order_id: 'd1', ...BUND_BUY, quantity_units: 200 }),
    status: 200,
    door: true,
  },
  {
    name: 'order filled against another participant (the trade scoped for the seller)',
    participant: 'PEARL',
    body: order({ client_order_id: 'd2', side: 'sell', owner: 'cn-inst-fund' }),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    status: 200,
    door: true,
  },
  {
    name: 'refused by the hub (price beyond the daily limit)',
    participant: 'BUND',
    body: order({ client_order_id: 'd3', ...BUND_BUY, price_units: 200_000 }),
    status: 422,
    door: true,
  },
  {
    name: 'duplicate client order id',
    participant: 'BUND',
    body: order({ client_order_id: 'd1', ...BUND_BUY }),
    status: 409,
    door: true,
  },
  {
    name: "another participant's client",
    participant: 'PEARL',
    body: order({ client_order_id: 'd4', ...BUND_BUY }),
    status: 403,
    door: true,
  },
  {
    name: "invalid order (the protocol's problems)",
    participant: 'LUJIAZUI',
    body: JSON.stringify({ instrument: MOUTAI, side: 'sideways' }),
    status: 400,
    door: true,
  },
  { name: 'body not an object', participant: 'LUJIAZUI', body: '[1,2]', status: 400, door: true },
  {
    name: 'JSON null (an empty order)',
    participant: 'LUJIAZUI',
    body: 'null',
    status: 400,
    door: true,
  },
  {
    name: 'bad JSON (not counted)',
    participant: 'LUJIAZUI',
    body: '{"instrument":',
    status: 400,
    door: true,
  },
  {
    name: 'prototype poisoning (not counted)',
    participant: 'LUJIAZUI',
    body: '{"__proto__":{"x":1}}',
    status: 400,
    door: true,
  },
  {
    name: 'idempotency key too long',
    participant: 'PEARL',
    body: order({ client_order_id: 'd5', side: 'buy', owner: 'cn-inst-fund' }),
    headers: { 'idempotency-key': 'k'.repeat(129) },
    status: 400,
    door: true,
  },
  {
    name: 'a fourth counted request',
    participant: 'LUJIAZUI',
    body: order({ client_order_id: 'd6', side: 'buy', owner: 'LUJIAZUI' }),
    status: 200,
    door: true,
  },
  {
    name: 'a fifth counted request',
    participant: 'LUJIAZUI',
    body: order({ client_order_id: 'd7', side: 'sell', owner: 'LUJIAZUI' }),
    status: 200,
    door: true,
  },
  {
    name: 'rate limited (the sixth)',
    participant: 'LUJIAZUI',
    body: order({ client_order_id: 'd8', side: 'buy', owner: 'LUJIAZUI' }),
    status: 429,
    door: true,
  },
  {
    name: 'with an idempotency key',
    participant: 'BUND',
    body: order({ client_order_id: 'd9', ...BUND_BUY }),
    headers: { 'idempotency-key': 'same-order' },
    status: 200,
    door: true,
  },
  {
    name: 'the same again (the original answer, read back)',
    participant: 'BUND',
    body: order({ client_order_id: 'd9', ...BUND_BUY }),
    headers: { 'idempotency-key': 'same-order' },
    status: 200,
    door: true,
  },
  {
    name: 'wrong content type',
    participant: 'PEARL',
    body: '{}',
    headers: { 'content-type': 'text/plain' },
    status: 400,
    door: false,
  },
  {
    name: 'missing key',
    participant: null,
    body: order({ client_order_id: 'd10' }),
    status: 401,
    door: false,
  },
  {
    name: 'unknown key',
    participant: null,
    key: 'not-a-key',
    body: order({ client_order_id: 'd11' }),
    status: 401,
    door: false,
  },
  {
    name: 'body over the limit',
    participant: 'HARBOUR',
    body: JSON.stringify({ padding: 'x'.repeat(OVER_LIMIT_BYTES) }),
    status: 413,
    door: false,
  },
  {
    name: 'query string',
    participant: 'HARBOUR',
    body: order({ client_order_id: 'd12', ...BUND_BUY }),
    path: '/v1/orders?x=1',
    status: 403,
    door: false,
  },
];

/** Fields that carry the wall clock; the two servers' clocks differ by the time between them. */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, timeless(k, v)]));
}

function timeless(key: string, value: unknown): unknown {
  if (key.endsWith('_us')) return '(time)';
  // What is left of the key's window: milliseconds apart between the two servers.
  if (key === 'retry_after_ms') return typeof value === 'number' && value > 0 && value <= WINDOW_MS;
  return withoutTimes(value);
}

function shown(reply: Reply): Record<string, unknown> {
  const reset = reply.headers.get('x-ratelimit-reset');
  return {
    status: reply.status,
    body: withoutTimes(reply.body),
    'content-type': reply.headers.get('content-type'),
    'x-ratelimit-limit': reply.headers.get('x-ratelimit-limit'),
    'x-ratelimit-remaining': reply.headers.get('x-ratelimit-remaining'),
    // Seconds left in the key's window: the same unless a second boundary fell between the two.
    'x-ratelimit-reset': reset === null ? null : Number(reset) > 0 && Number(reset) <= 60,
    'retry-after': reply.headers.get('retry-after') === null ? null : 'present',
    connection: reply.headers.get('connection'),
  };
}

async function send(t: TestServer, sent: Sent): Promise<Reply> {
  const key = sent.key ?? (sent.participant === null ? null : t.key(sent.participant));
  const client = httpClient(t.url, key);
  return client.raw('POST', sent.path ?? '/v1/orders', sent.body, {
    ...JSON_TYPE,
    ...sent.headers,
  });
}

describe('the lean order door answers as the Fastify route does', () => {
  let door: TestServer;
  let route: TestServer;
  const options = { rate_limit: { max: MAX_PER_WINDOW, window_ms: WINDOW_MS } };
  before(async () => {
    door = await startTestServer(options);
    route = await startTestServer({ ...options, order_door: false });
  });
  after(async () => {
    await door.close();
    await route.close();
  });

  /** The door's answers by case name, for the second test. */
  const answers = new Map<string, Reply>();

  test('the same status, headers and body for every case', async () => {
    for (const sent of CASES) {
      const through_route = await send(route, sent);
      const through_door = await send(door, sent);
      answers.set(sent.name, through_door);
      assert.deepEqual(shown(through_door), shown(through_route), sent.name);
      assert.equal(
        through_route.status,
        sent.status,
        `${sent.name}: ${JSON.stringify(through_route.body)}`,
      );
    }
    assert.equal(route.server.order_door, null);
    const taken = CASES.filter((c) => c.door).length;
    assert.equal(door.server.order_door?.taken, taken, 'the door took the orders it could');
  });

  test('what the door answered: a fill scoped for the seller, the original answer again, the 429', () => {
    const answer = (name: string) => {
      const reply = answers.get(name);
      assert.ok(reply !== undefined, name);
      return reply;
    };
    const sold = answer(
      'order filled against another participant (the trade scoped for the seller)',
    );
    const sale = sold.as<{
      status: string;
      order_id: number;
      events: Array<Record<string, unknown>>;
    }>();
    assert.equal(sale.status, 'accepted');
    const trade = sale.events.find((e) => e.type === 'trade');
    assert.ok(trade !== undefined, JSON.stringify(sale.events));
    assert.equal(
      JSON.stringify(trade).includes('cn-retail-zhang'),
      false,
      'the buyer is not shown',
    );
    const first = answer('with an idempotency key').as<{ seq: number; events: unknown[] }>();
    const again = answer('the same again (the original answer, read back)').as<{
      duplicate_of: number;
      events: unknown[];
    }>();
    assert.equal(again.duplicate_of, first.seq);
    // The original's events as the journal's reads keep them (the book's bbo is not kept).
    const kept = (events: unknown[]) =>
      events.filter((e) => (e as { type: string }).type !== 'bbo');
    assert.deepEqual(again.events, kept(first.events));
    assert.ok(again.events.length > 0);
    const limited = answer('rate limited (the sixth)');
    const error = limited.as<{ error: { code: string; details: Record<string, unknown> } }>().error;
    assert.equal(error.code, 'RATE_LIMITED');
    assert.deepEqual([error.details.limit, error.details.window_ms], [MAX_PER_WINDOW, WINDOW_MS]);
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  test('a halted hub: the same 503 HUB_HALTED with a request id from both', async () => {
    const sent: Sent = {
      name: 'after a halt',
      participant: 'HARBOUR',
      body: order({ client_order_id: 'h1', ...BUND_BUY }),
      status: 503,
      door: true,
    };
    const halt = new HubHaltedError(new Error('the disk failed'));
    const answers: Array<Record<string, unknown>> = [];
    for (const t of [route, door]) {
      const engine = t.server.gateway.engine;
      engine.halted = halt;
      try {
        const reply = await send(t, sent);
        const error = reply.as<{ error: { code: string; request_id: string } }>().error;
        assert.match(error.request_id, /^req-[0-9a-z]+$/);
        const body = reply.as<{ error: Record<string, unknown> }>();
        // Each server numbers its own requests.
        const numbered = { ...body, error: { ...body.error, request_id: '(id)' } };
        answers.push({ ...shown(reply), body: numbered });
      } finally {
        engine.halted = null; // so the server closes as usual
      }
    }
    assert.deepEqual(answers[1], answers[0]);
    const taken = CASES.filter((c) => c.door).length + 1;
    assert.equal(door.server.order_door?.taken, taken, 'the door answered it');
    const [first] = answers;
    assert.ok(first !== undefined);
    assert.equal(first.status, 503);
    assert.equal((first.body as { error: { code: string } }).error.code, 'HUB_HALTED');
  });
});
