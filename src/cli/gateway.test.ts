import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';
import pg from 'pg';
import { NatsCluster, Replica, readStreamRange, streamLastSeq } from '../cluster/index.js';
import { answerApiRequests, startRelay } from '../gateways/http/index.js';
import { StreamClient } from '../gateways/http/stream_client.js';
import type { CommandResult, Envelope } from '../hub/index.js';
import { PgProjection } from '../projection/index.js';
import { freePort, HutongProcess, MAIN } from './process_testing.js';

const PG_URL = process.env.HUTONG_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/test';
const SCHEMA = `gateway_test_${process.pid}`;
const TRACKER = 'HK2800008867';

interface Reply {
  readonly status: number;
  readonly source: string | null;
  readonly retry_after: string | null;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

async function call(
  url: string,
  key: string | null,
  init: { method?: string; body?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the test looks at text.
  }
  return {
    status: response.status,
    source: response.headers.get('x-hutong-source'),
    retry_after: response.headers.get('retry-after'),
    text,
    body,
  };
}

const errorCode = (reply: Reply) => (reply.body.error as { code?: string } | undefined)?.code;

function order(client_order_id: string, instrument: string): string {
  return JSON.stringify({
    client_order_id,
    instrument,
    side: 'buy',
    price_units: 25_000,
    quantity_units: 500,
    owner: 'hk-retail-chan',
    order_type: 'limit',
    time_in_force: 'day',
  });
}

/** A WebSocket upgrade request's status (fetch cannot send one). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const request = httpRequest(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    request.on('response', (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    });
    request.on('upgrade', (_response, socket) => {
      socket.destroy();
      done(101);
    });
    request.on('error', fail);
    request.end();
  });
}

/** Feeds the projection from the journal stream, as a reader process would. */
async function feedProjection(servers: string[], projection: PgProjection): Promise<number> {
  const connection = await connect({ servers });
  try {
    const manager = await jetstreamManager(connection);
    const replica = new Replica();
    const batch: Array<readonly [Envelope, CommandResult]> = [];
    replica.on_applied = (envelope, result) => batch.push([envelope, result]);
    const to_seq = await streamLastSeq(manager);
    await readStreamRange(manager, { from_seq: 1, to_seq }, (seq, data) =>
      replica.applyMessage(seq, data),
    );
    await projection.apply(batch);
    return replica.hub.seq;
  } finally {
    await connection.close();
  }
}

describe('hutong gateway: forwards to whichever node leads, reads from the projection', {
  timeout: 180_000,
}, () => {
  let cluster: NatsCluster;
  let directory = '';
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const procs: HutongProcess[] = [];

  before(async () => {
    try {
      await pool.query('select 1');
    } catch (error) {
      throw new Error(`PostgreSQL is not reachable at ${PG_URL}: ${(error as Error).message}`);
    }
    cluster = await NatsCluster.start();
    directory = mkdtempSync(join(tmpdir(), 'hutong-gateway-'));
  });
  after(async () => {
    for (const proc of procs) proc.process.kill('SIGKILL');
    await cluster?.stop();
    await pool.query(`drop schema if exists ${SCHEMA} cascade`).catch(() => undefined);
    await pool.end();
    rmSync(directory, { recursive: true, force: true });
  });

  test('commands and reads through the gateway; NO_LEADER, then the new leader, no restart', async () => {
    const data = join(directory, 'data');
    const [port_a, port_b, port_g] = [await freePort(), await freePort(), await freePort()];
    const servers = cluster.servers.join(',');
    const common = ['--cluster', servers, '--data', data, '--demo', '--clock', 'demo'];
    const a = new HutongProcess(['serve', ...common, '--node', 'a', '--port', String(port_a)]);
    procs.push(a);
    await a.waitFor(/Press Ctrl\+C to stop/);
    const b = new HutongProcess(['standby', ...common, '--node', 'b', '--port', String(port_b)]);
    procs.push(b);
    await b.waitFor(/answers 503 NOT_LEADER until this node leads/);
    const projection = await PgProjection.open({ pool, schema: SCHEMA });
    const gateway_args = ['gateway', '--cluster', servers, '--port', String(port_g)];
    const pg_args = ['--pg', PG_URL, '--schema', SCHEMA, '--data', data, '--timeout-ms', '1000'];
    const g = new HutongProcess([...gateway_args, ...pg_args]);
    procs.push(g);
    await g.waitFor(/Press Ctrl\+C to stop/);

    const keys = spawnSync(process.execPath, [MAIN, 'keys', '--data', data], { encoding: 'utf8' });
    const keyOf = (who: string) => new RegExp(`^${who}\\s+(\\S+)`, 'm').exec(keys.stdout)?.[1];
    const operator = keyOf('operator') ?? '';
    const harbour = keyOf('HARBOUR') ?? '';
    assert.ok(operator !== '' && harbour !== '', keys.stdout + keys.stderr);
    const gw = `http://127.0.0.1:${port_g}`;
    const leader_url = `http://127.0.0.1:${port_a}`;

    const health = await call(`${gw}/healthz`, null);
    assert.equal(health.status, 200);
    assert.equal(health.body.role, 'gateway');
    assert.equal(health.body.leader_reachable, true);
    assert.equal(health.body.projection_seq, 0);

    // A command through the gateway: the leader's answer, unchanged.
    const placed = await call(`${gw}/v1/orders`, harbour, {
      method: 'POST',
      body: order('g-1', TRACKER),
    });
    assert.equal(placed.status, 200, placed.text);
    assert.equal(placed.source, 'leader');
    const order_seq = placed.body.seq as number;
    assert.ok(Number.isInteger(order_seq) && order_seq > 0, placed.text);
    // The engine's rejection, its status and code passed through.
    const unknown = await call(`${gw}/v1/orders`, harbour, {
      method: 'POST',
      body: order('g-2', 'US0378331005'),
    });
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(errorCode(unknown), 'UNKNOWN_INSTRUMENT');
    // The gateway does not parse bodies: the leader refuses bad JSON, and answers unknown routes.
    const bad = await call(`${gw}/v1/orders`, harbour, { method: 'POST', body: '{"client_order' });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(errorCode(bad), 'INVALID_REQUEST');
    assert.equal(bad.source, 'leader');
    const nowhere = await call(`${gw}/v1/nowhere`, harbour);
    assert.equal(nowhere.status, 404);
    assert.equal(errorCode(nowhere), 'NOT_FOUND');
    assert.equal(nowhere.source, 'leader');
    // Authorization passes through unchanged: the leader authenticates.
    const anonymous = await call(`${gw}/v1/status`, null);
    assert.equal(anonymous.status, 401);
    assert.equal(errorCode(anonymous), 'UNAUTHENTICATED');
    assert.equal(anonymous.source, 'leader');
    const forged = await call(`${gw}/v1/status`, 'hk_not-a-real-key-000000000000000000');
    assert.equal(forged.status, 401);
    // A GET the leader answers from its state, through the gateway, equals the leader's own.
    const direct = await call(`${leader_url}/v1/reference/parties`, harbour);
    const relayed = await call(`${gw}/v1/reference/parties`, harbour);
    assert.equal(relayed.status, 200);
    assert.deepEqual(relayed.body, direct.body);
    // The OpenAPI document is far over the plain-body size: it travels gzipped, and arrives whole.
    const spec_direct = await call(`${leader_url}/openapi.json`, null);
    const spec_relayed = await call(`${gw}/openapi.json`, null);
    assert.ok(spec_direct.text.length > 100_000, `${spec_direct.text.length} bytes`);
    assert.equal(spec_relayed.text, spec_direct.text);

    // Before the projection has the order, its command is read from the leader.
    const early = await call(`${gw}/v1/commands/${order_seq}`, harbour);
    assert.equal(early.status, 200, early.text);
    assert.equal(early.source, 'leader');
    const fed_seq = await feedProjection(cluster.servers, projection);
    assert.ok(fed_seq >= order_seq);
    const from_pg = await call(`${gw}/v1/commands/${order_seq}`, harbour);
    assert.equal(from_pg.source, 'projection');
    assert.deepEqual(from_pg.body, early.body);
    // Another participant's command: forwarded, and the leader says it is not theirs.
    const bund = keyOf('BUND') ?? '';
    const theirs = await call(`${gw}/v1/commands/${order_seq}`, bund);
    assert.equal(theirs.source, 'leader');
    assert.equal(theirs.status, 404);
    assert.equal(errorCode(theirs), 'UNKNOWN_COMMAND');
    // A key the gateway does not know: forwarded, and the leader refuses it.
    const stranger = await call(
      `${gw}/v1/commands/${order_seq}`,
      'hk_not-a-real-key-000000000000000000',
    );
    assert.equal(stranger.source, 'leader');
    assert.equal(stranger.status, 401);
    // The operator's events page from PostgreSQL equals the leader's from its own projection.
    const page = '/v1/events?after=0&limit=200';
    const events_pg = await call(`${gw}${page}`, operator);
    const events_leader = await call(`${leader_url}${page}`, operator);
    assert.equal(events_pg.source, 'projection');
    assert.equal((events_pg.body.events as unknown[]).length, 200);
    assert.deepEqual(events_pg.body, events_leader.body);
    // A participant's events need the hub's scoping: forwarded.
    const harbour_events = await call(`${gw}${page}`, harbour);
    assert.equal(harbour_events.source, 'leader');
    assert.equal(harbour_events.status, 200);
    const health_fed = await call(`${gw}/healthz`, null);
    assert.equal(health_fed.body.projection_seq, fed_seq);
    // Streams are tunnelled to the leader's advertised URL: its welcome, its refusal of a bad key.
    const stream = await StreamClient.open(gw, `api_key=${harbour}&channels=orders`);
    const welcome = await stream.next((frame) => frame.type === 'welcome');
    assert.equal(welcome.participant, 'HARBOUR', JSON.stringify(welcome));
    const bad_key = await upgradeStatus(`${gw}/v1/stream?api_key=hk_not-a-real-key-000000000000`);
    assert.equal(bad_key, 401, 'the leader refuses the upgrade itself');

    // A paused leader does not answer: 504 after --timeout-ms.
    a.process.kill('SIGSTOP');
    const paused = await call(`${gw}/v1/status`, harbour);
    assert.equal(paused.status, 504, paused.text);
    assert.equal(errorCode(paused), 'LEADER_TIMEOUT');
    // Killed: no node leads until the standby takes the lease.
    a.process.kill('SIGKILL');
    await a.exit();
    const closed = await stream.whenClosed();
    assert.notEqual(closed.code, 1000, 'the stream from the dead leader closed abnormally');
    // The lease still names the dead leader until it lapses: its URL refuses, so 503 NO_LEADER.
    assert.equal(await upgradeStatus(`${gw}/v1/stream?api_key=${harbour}`), 503);
    let no_leader: Reply | null = null;
    for (let i = 0; i < 100 && no_leader === null; i += 1) {
      const reply = await call(`${gw}/v1/status`, harbour);
      if (errorCode(reply) === 'NO_LEADER') no_leader = reply;
      else await new Promise((done) => setTimeout(done, 20));
    }
    assert.ok(no_leader !== null, 'the gateway answered NO_LEADER while no node led');
    assert.equal(no_leader.status, 503);
    assert.equal(no_leader.retry_after, '1');
    assert.equal(no_leader.source, 'gateway');
    assert.match(String((no_leader.body.error as { message: string }).message), /retry/);
    const lost = await call(`${gw}/healthz`, null);
    assert.equal(lost.status, 200);
    assert.equal(lost.body.leader_reachable, false);

    await b.waitFor(/Hutong cluster node b: leader, epoch \d+/);
    await b.waitFor(/Press Ctrl\+C to stop/);
    const next = await call(`${gw}/v1/orders`, harbour, {
      method: 'POST',
      body: order('g-3', TRACKER),
    });
    assert.equal(next.status, 200, next.text);
    assert.equal(next.source, 'leader');
    assert.ok((next.body.seq as number) > order_seq);
    const again = await call(`${gw}/healthz`, null);
    assert.equal(again.body.leader_reachable, true);
    // The same gateway tunnels a new stream to the new leader.
    const reopened = await StreamClient.open(gw, `api_key=${harbour}&channels=orders`);
    await reopened.next((frame) => frame.type === 'welcome');
    reopened.close();

    g.process.kill('SIGTERM');
    assert.equal(await g.exit(), 0, g.out);
    b.process.kill('SIGTERM');
    assert.equal(await b.exit(), 0, b.out);
  });

  test('large bodies travel gzipped; an answer past the NATS limit is 502 RESPONSE_TOO_LARGE', async () => {
    const connection = await connect({ servers: cluster.servers });
    const app = Fastify();
    const noise = randomBytes(1_200_000).toString('base64');
    app.get('/repeated', async () => ({ text: 'hutong '.repeat(500_000) }));
    app.get('/noise', async () => ({ text: noise }));
    app.post('/echo', async (request) => ({
      length: (request.body as { data: string }).data.length,
    }));
    const subject = `test.api.${process.pid}`;
    const responder = answerApiRequests(connection, app, () => undefined, subject);
    const relay = await startRelay({ connection, port: 0, subject, log_level: 'silent' });
    try {
      const repeated = await call(`${relay.url}/repeated`, null);
      assert.equal(repeated.status, 200);
      assert.equal((repeated.body.text as string).length, 3_500_000);
      const too_large = await call(`${relay.url}/noise`, null);
      assert.equal(too_large.status, 502, too_large.text.slice(0, 200));
      assert.equal(errorCode(too_large), 'RESPONSE_TOO_LARGE');
      const data = randomBytes(400_000).toString('base64');
      const echoed = await call(`${relay.url}/echo`, null, {
        method: 'POST',
        body: JSON.stringify({ data }),
      });
      assert.equal(echoed.status, 200, echoed.text);
      assert.equal(echoed.body.length, data.length);
      await responder.stop();
      const gone = await call(`${relay.url}/repeated`, null);
      assert.equal(gone.status, 503);
      assert.equal(errorCode(gone), 'NO_LEADER');
      assert.equal(responder.answered(), 3);
    } finally {
      await relay.close();
      await responder.stop();
      await app.close();
      await connection.close();
    }
  });

  test('the gateway refuses a bad command line in one line, without a stack trace', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [MAIN, 'gateway', ...args], { encoding: 'utf8' });
    const cases: Array<[string[], number, RegExp]> = [
      [[], 2, /gateway needs --cluster/],
      [['--cluster', 'http://x'], 2, /--cluster: http:\/\/x is not a NATS URL/],
      [['--cluster', 'nats://127.0.0.1:1', '--pg', 'mysql://x'], 2, /--pg: mysql:\/\/x is not/],
      [['--cluster', 'nats://127.0.0.1:1', '--schema', 'x'], 2, /--schema and --data go with --pg/],
      [['--cluster', 'nats://127.0.0.1:1', '--timeout-ms', 'soon'], 2, /--timeout-ms must be/],
      [['--cluster', 'nats://127.0.0.1:1', '--port', '0'], 1, /cannot reach NATS/],
      [
        ['--cluster', 'nats://127.0.0.1:1', '--pg', PG_URL, '--schema', 'no_such_schema_here'],
        1,
        /cannot read the projection in schema no_such_schema_here/,
      ],
    ];
    for (const [args, status, message] of cases) {
      const result = run(...args);
      assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
    const help = run('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--timeout-ms N/);
  });
});
