import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GREEN_USD_TERMS } from '../../sim/demo_bonds.js';
import { type CommandReply, type ErrorReply, startTestServer, type TestServer } from './testing.js';

interface QuotaJson {
  readonly date: string;
  readonly daily_status: string;
  readonly daily_balance_minor: string | null;
  readonly annual_balance_minor: string;
}

async function command(t: TestServer, participant: string, body: Record<string, unknown>) {
  const reply = await t.client(participant).post('/v1/commands', body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.as<CommandReply>();
}

/** Makers, access and rates, then an RFQ to BOCHK and SCBHK, both quoting; LIONROCK not asked.
 * Returns the event seq before the RFQ. */
async function requestAndQuote(t: TestServer): Promise<number> {
  const state = () => t.server.gateway.node.hub.state;
  for (const dealer of ['BOCHK', 'SCBHK', 'LIONROCK']) {
    await command(t, 'operator', { type: 'bonds.register_maker', dealer, direction: 'southbound' });
  }
  await command(t, 'operator', {
    type: 'bonds.set_investor_access',
    investor: 'cn-inst-fund',
    northbound: false,
    southbound_channel: 'bond_connect',
  });
  const today = state().bonds.quota.date;
  const rates = { USD: '7.1' };
  await command(t, 'operator', { type: 'bonds.set_quota_fx_rates', date: today, rates });
  const after = state().next_event_seq - 1;
  await command(t, 'PEARL', {
    type: 'bonds.request_quote',
    quote_req_id: 'http-rfq-1',
    requester: 'cn-inst-fund',
    security_id: 'HKHTGB25USD6',
    side: 'buy',
    order_qty_minor: '100000000',
    price_type: 'percent_of_par',
    dealers: ['BOCHK', 'SCBHK'],
    quote_window_us: 600_000_000,
    settlement_date: today,
  });
  for (const dealer of ['BOCHK', 'SCBHK']) {
    await command(t, dealer, {
      type: 'bonds.quote',
      quote_id: `q-${dealer}`,
      quote_req_id: 'http-rfq-1',
      dealer,
      px_e8: '9950000000',
      valid_until_us: state().now_us + 300_000_000,
    });
  }
  return after;
}

interface EventsPage {
  readonly events: ReadonlyArray<{ event: { type: string; report?: { quote_id?: string } } }>;
}

/** The types of the events a participant sees after `after`, with the quote of a report. */
async function eventTypes(t: TestServer, participant: string, after: number): Promise<string[]> {
  const reply = await t.client(participant).get(`/v1/events?after=${after}&limit=100`);
  return reply.as<EventsPage>().events.map(({ event }) => {
    const quote_id = event.report?.quote_id;
    return quote_id === undefined ? event.type : `${event.type}:${quote_id}`;
  });
}

describe('HTTP bonds', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('a bond registered by command is listed; a refusal keeps its stable code', async () => {
    const op = t.client('operator');
    const bad = await op.post('/v1/commands', {
      type: 'bonds.register',
      terms: { ...GREEN_USD_TERMS, day_count: 'ACT/999' },
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.as<ErrorReply>().error.code, 'BOND_DAY_COUNT_INVALID');
    const registered = await op.post('/v1/commands', {
      type: 'bonds.register',
      terms: GREEN_USD_TERMS,
    });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    assert.deepEqual(
      registered.as<CommandReply>().events.map((e) => e.type),
      ['bond_registered'],
    );
    const listed = await t.client('HARBOUR').get('/v1/bonds');
    assert.equal(listed.status, 200);
    const bonds = (listed.body as { bonds: Array<{ isin: string; face_value_minor: string }> })
      .bonds;
    assert.deepEqual(bonds, [{ ...GREEN_USD_TERMS }]);
  });

  test('the Southbound bond quota: figures for an operator, "sufficient" otherwise', async () => {
    const op = (await t.client('operator').get('/v1/bonds/quota')).as<QuotaJson>();
    assert.equal(op.daily_status, 'sufficient');
    assert.equal(op.daily_balance_minor, '2000000000000');
    assert.equal(op.annual_balance_minor, '50000000000000');
    const participant = (await t.client('PEARL').get('/v1/bonds/quota')).as<QuotaJson>();
    assert.equal(participant.daily_balance_minor, null);
  });

  test('RFQ events: the requester sees all, a dealer its own quotes, others nothing', async () => {
    const after = await requestAndQuote(t);
    const all = [
      'rfq_requested',
      'rfq_status',
      'rfq_quote',
      'rfq_status:q-BOCHK',
      'rfq_quote',
      'rfq_status:q-SCBHK',
    ];
    assert.deepEqual(await eventTypes(t, 'PEARL', after), all);
    assert.deepEqual(await eventTypes(t, 'BOCHK', after), all.slice(0, 4));
    assert.deepEqual(await eventTypes(t, 'LIONROCK', after), []);
    assert.deepEqual(await eventTypes(t, 'HARBOUR', after), []);
    assert.ok((await eventTypes(t, 'operator', after)).length >= all.length);
  });
});
