import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { MarketSimulator } from '../../sim/market/simulator.js';
import { documentOnlyResponses, ERROR_SCHEMA_REF, jsonSchemaOf } from './openapi.js';
import { ERROR_BODY } from './response_docs.js';
import { type Client, orderBody, startTestServer, TENCENT, type TestServer } from './testing.js';

type Json = Record<string, unknown>;

interface Operation {
  readonly responses: Record<
    string,
    { description: string; content?: Record<string, { schema?: Json }> }
  >;
}

interface Document {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Json> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(doc: Document): Array<[string, Operation]> {
  const out: Array<[string, Operation]> = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS)
      if (item[method] !== undefined)
        out.push([`${method.toUpperCase()} ${path}`, item[method] as Operation]);
  return out;
}

/**
 * A small JSON-schema check of what zod's converter emits (type, enum/const, pattern, anyOf,
 * properties, required, additionalProperties, items, $ref to components). Stricter than JSON
 * Schema on one point: an object schema without `additionalProperties` is closed, so a field
 * the route returns but the document does not name is a problem.
 */
function problemsOf(doc: Document, schema: Json, value: unknown, at: string): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return problemsOf(doc, doc.components.schemas[name] ?? {}, value, at);
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Json[]).map((s) => problemsOf(doc, s, value, at));
    return branches.some((p) => p.length === 0)
      ? []
      : [`${at}: matches no branch: ${branches.flat().join('; ')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in ${schema.enum}`];
  if ('const' in schema && schema.const !== value) return [`${at}: not ${schema.const}`];
  const types = schema.type as string | string[] | undefined;
  if (types === undefined) return [];
  const type = [types].flat().find((t) => typeMatches(t, value));
  if (type === undefined) return [`${at}: ${JSON.stringify(value)} is not ${types}`];
  if (
    type === 'string' &&
    typeof schema.pattern === 'string' &&
    !new RegExp(schema.pattern).test(value as string)
  )
    return [`${at}: ${value} does not match ${schema.pattern}`];
  if (type === 'array')
    return (value as unknown[]).flatMap((v, i) =>
      problemsOf(doc, (schema.items ?? {}) as Json, v, `${at}[${i}]`),
    );
  if (type === 'object') return objectProblems(doc, schema, value as Json, at);
  return [];
}

function typeMatches(type: string, value: unknown): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object')
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}

function objectProblems(doc: Document, schema: Json, value: Json, at: string): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const problems: string[] = [];
  for (const field of (schema.required ?? []) as string[])
    if (!(field in value)) problems.push(`${at}.${field}: missing`);
  for (const [field, v] of Object.entries(value)) {
    const documented = properties[field];
    if (documented !== undefined)
      problems.push(...problemsOf(doc, documented, v, `${at}.${field}`));
    else if (schema.additionalProperties === undefined)
      problems.push(`${at}.${field}: not documented`);
    else
      problems.push(...problemsOf(doc, schema.additionalProperties as Json, v, `${at}.${field}`));
  }
  return problems;
}

/** The documented schema of a status of an operation, as JSON. */
function documented(doc: Document, operation: string, status: number): Json {
  const [method = '', path = ''] = operation.split(' ');
  const response = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  assert.ok(response, `${operation} documents ${status}`);
  const schema = response.content?.['application/json']?.schema as Json | undefined;
  assert.ok(schema, `${operation} ${status} has a JSON schema`);
  return schema;
}

describe('The OpenAPI document', () => {
  let t: TestServer;
  let doc: Document;
  before(async () => {
    t = await startTestServer({
      simulator: {
        factory: (seed) => new MarketSimulator({ seed }),
        seed: 3,
        running: false,
        steps_per_second: 10,
      },
    });
    const served = await fetch(`${t.url}/openapi.json`);
    assert.equal(served.status, 200);
    doc = (await served.json()) as Document;
  });
  after(() => t.close());

  test('every operation documents its 2xx answer with a schema and its errors with the error body', () => {
    assert.deepEqual(doc.components.schemas.ErrorBody, jsonSchemaOf(ERROR_BODY));
    const operations = operationsOf(doc);
    assert.ok(operations.length >= 40, `${operations.length} operations`);
    for (const [name, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      const is_error_body = (status: string) =>
        Number(status) >= 400 &&
        operation.responses[status]?.content?.['application/json']?.schema?.$ref ===
          ERROR_SCHEMA_REF;
      assert.ok(
        statuses.some((s) => s.startsWith('4') && is_error_body(s)),
        `${name}: a 4xx with the error body`,
      );
      for (const status of statuses.filter((s) => Number(s) >= 400 && s !== '503'))
        assert.ok(is_error_body(status), `${name} ${status}: the error body`);
      if (name === 'GET /v1/stream') {
        assert.ok(statuses.includes('101'), 'the WebSocket upgrade');
        continue;
      }
      const ok = statuses.filter((s) => s.startsWith('2'));
      assert.deepEqual(ok, ['200'], `${name}: one 2xx answer`);
      const answer = operation.responses['200'];
      assert.notEqual(answer?.description, 'Default Response', name);
      const media = Object.values(answer?.content ?? {});
      assert.ok(
        media.length > 0 && media.every((m) => m.schema !== undefined),
        `${name}: a schema`,
      );
    }
  });

  test('what the routes answer matches what the document says, field for field', async () => {
    const op = t.client('operator');
    const harbour = t.client('HARBOUR');
    const trade = await tradeTencent(harbour);
    const order_id = (trade.body as { order_id: number }).order_id;
    const owned = (await op.get('/v1/balances?owner=hk-retail-chan&limit=1')).body as {
      accounts: Array<{ account_id: string }>;
    };
    const account = owned.accounts[0]?.account_id ?? 'none';
    const alerts = (await op.get('/v1/surveillance/alerts')).body as {
      alerts: Array<{ alert_id: string }>;
    };
    const alert_id = encodeURIComponent(alerts.alerts[0]?.alert_id ?? 'none');
    const checks: Array<[string, Client, string, number]> = [
      ['GET /healthz', op, '/healthz', 200],
      ['GET /v1/status', op, '/v1/status', 200],
      ['GET /v1/whoami', harbour, '/v1/whoami', 200],
      ['GET /v1/sim', op, '/v1/sim', 200],
      ['GET /v1/keys', op, '/v1/keys', 200],
      ['GET /v1/keys', harbour, '/v1/keys', 403],
      ['GET /v1/demo/keys', op, '/v1/demo/keys', 200],
      ['GET /v1/clock', op, '/v1/clock', 200],
      ['GET /v1/markets', op, '/v1/markets', 200],
      ['GET /v1/instruments', op, '/v1/instruments', 200],
      ['GET /v1/instruments/{instrument}', op, '/v1/instruments/0700', 200],
      ['GET /v1/instruments/{instrument}', op, '/v1/instruments/NOPE', 404],
      ['GET /v1/instruments/{instrument}/book', op, `/v1/instruments/${TENCENT}/book`, 200],
      [
        'GET /v1/instruments/{instrument}/trades',
        harbour,
        `/v1/instruments/${TENCENT}/trades`,
        200,
      ],
      [
        'GET /v1/instruments/{instrument}/trades',
        t.client('PEAK'),
        `/v1/instruments/${TENCENT}/trades`,
        200,
      ],
      ['GET /v1/orders', harbour, '/v1/orders?status=finished', 200],
      ['GET /v1/orders/{order_id}', harbour, `/v1/orders/${order_id}`, 200],
      ['GET /v1/balances', harbour, '/v1/balances?limit=50', 200],
      ['GET /v1/accounts/{account_id}', op, `/v1/accounts/${encodeURIComponent(account)}`, 200],
      [
        'GET /v1/accounts/{account_id}/transfers',
        op,
        `/v1/accounts/${encodeURIComponent(account)}/transfers`,
        200,
      ],
      ['GET /v1/events', harbour, '/v1/events?limit=200', 200],
      ['GET /v1/commands/{seq}', op, '/v1/commands/1', 200],
      ['GET /v1/reference/parties', op, '/v1/reference/parties', 200],
      ['GET /v1/reference/cash-assets', op, '/v1/reference/cash-assets', 200],
      ['GET /v1/reference/investors', op, '/v1/reference/investors', 200],
      ['GET /v1/quotas', harbour, '/v1/quotas', 200],
      ['GET /v1/quotas', op, '/v1/quotas', 200],
      ['GET /v1/bonds/rfqs', harbour, '/v1/bonds/rfqs?status=open', 200],
      ['GET /v1/bonds/rfqs/{quote_req_id}', op, '/v1/bonds/rfqs/none', 404],
      ['GET /v1/bonds/quotes', op, '/v1/bonds/quotes', 200],
      ['GET /v1/bonds/trades', op, '/v1/bonds/trades', 200],
      ['GET /v1/bonds/coupons', op, '/v1/bonds/coupons', 200],
      ['GET /v1/bonds/yields', op, '/v1/bonds/yields', 200],
      ['GET /v1/bonds/makers', op, '/v1/bonds/makers', 200],
      ['GET /v1/financing/repos', op, '/v1/financing/repos', 200],
      ['GET /v1/financing/repos/{repo_id}', op, '/v1/financing/repos/none', 404],
      ['GET /v1/financing/margin-calls', harbour, '/v1/financing/margin-calls', 200],
      ['GET /v1/financing/plps', harbour, '/v1/financing/plps', 200],
      ['GET /v1/settlement', op, '/v1/settlement', 200],
      ['GET /v1/settlement/instructions', op, '/v1/settlement/instructions', 200],
      ['GET /v1/surveillance/alerts', op, '/v1/surveillance/alerts', 200],
      ['GET /v1/surveillance/alerts/{id}', op, `/v1/surveillance/alerts/${alert_id}`, 200],
      ['GET /v1/surveillance/focus/{market}', op, '/v1/surveillance/focus/XHKG', 200],
      ['GET /v1/surveillance/hft', op, '/v1/surveillance/hft', 200],
    ];
    for (const [operation, client, path, status] of checks) {
      const reply = await client.get(path);
      assert.equal(reply.status, status, `${path}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      const problems = problemsOf(doc, documented(doc, operation, status), reply.body, path);
      assert.deepEqual(problems, [], path);
    }
    assert.deepEqual(
      problemsOf(doc, documented(doc, 'POST /v1/orders', 200), trade.body, 'trade'),
      [],
    );
    const instructions = (await op.get('/v1/settlement/instructions')).body as {
      instructions: unknown[];
    };
    assert.ok(instructions.instructions.length > 0, 'the trade made settlement instructions');
    assert.ok(alerts.alerts.length > 0, 'the wash trades raised an alert');
  });

  test('the checker refuses a field the document does not name, and a wrong type', () => {
    const schema = documented(doc, 'GET /healthz', 200);
    assert.deepEqual(problemsOf(doc, schema, { ok: true, seq: 1 }, 'h'), []);
    assert.deepEqual(problemsOf(doc, schema, { ok: true, seq: 1, extra: 1 }, 'h'), [
      'h.extra: not documented',
    ]);
    assert.deepEqual(problemsOf(doc, schema, { ok: 'yes', seq: 1 }, 'h'), [
      'h.ok: "yes" is not boolean',
    ]);
  });
});

/** The same HARBOUR client on both sides of Tencent: a trade, settlement instructions, a wash alert. */
async function tradeTencent(harbour: Client) {
  let last = null;
  for (let i = 0; i < 3; i += 1) {
    for (const side of ['sell', 'buy']) {
      last = await harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: `oa-${side}-${i}`,
          instrument: TENCENT,
          side,
          ...(side === 'buy' ? { order_type: 'enhanced_limit' } : {}),
          price_units: 620_000,
          quantity_units: 100,
          owner: 'hk-retail-chan',
        }),
      );
      assert.equal(last.status, 200, JSON.stringify(last.body));
    }
  }
  return last as NonNullable<typeof last>;
}

describe('Response schemas are documentation only', () => {
  test('a reply keeps the fields its documented schema leaves out, bigints as decimal strings', async () => {
    const app = Fastify();
    documentOnlyResponses(app);
    app.get(
      '/x',
      { schema: { response: { 200: { type: 'object', properties: { a: { type: 'integer' } } } } } },
      async () => ({ a: 1, b: 2n, c: 'kept' }),
    );
    const reply = await app.inject({ method: 'GET', url: '/x' });
    assert.equal(reply.body, '{"a":1,"b":"2","c":"kept"}');
    await app.close();
  });
});
