import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { accept, command, requestAndQuote, setUpBondDesk } from './bond_testing.js';
import { type Frame, StreamClient } from './stream_client.js';
import { startTestServer, type TestServer } from './testing.js';

const BOND_CHANNELS = 'rfqs,quotes,bond_trades,bond_quota,coupons';
const USD = 'HKHTGB25USD6';

type EventFrame = Frame & {
  event: { type: string; report?: { quote_id?: string }; quote?: { dealer: string } };
};

/** What a stream got on a channel: event types, with the quote a report or quote is about. */
function seen(stream: StreamClient, channel: string): string[] {
  return stream.frames
    .filter((f) => f.channel === channel)
    .map((f) => {
      const { event } = f as EventFrame;
      const about = event.report?.quote_id ?? event.quote?.dealer;
      return about === undefined ? event.type : `${event.type}:${about}`;
    });
}

/** Every frame the server sent before this answer has arrived. */
async function drained(stream: StreamClient, id: string): Promise<void> {
  stream.send({ op: 'ping', id });
  await stream.next((f) => f.type === 'pong' && f.id === id);
}

describe('WebSocket bond channels', () => {
  let t: TestServer;
  const streams = new Map<string, StreamClient>();
  const open = async (who: string, channels: string) => {
    const stream = await StreamClient.open(t.url, `api_key=${t.key(who)}&channels=${channels}`);
    const last = channels.split(',').at(-1);
    await stream.next((f) => f.type === 'subscribed' && f.subscription === last);
    streams.set(who, stream);
    return stream;
  };
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    for (const s of streams.values()) s.close();
    await t.close();
  });

  test('RFQs, quotes and trades reach their parties only; the quota as each may see it', async () => {
    const clientOf = (p: string) => t.client(p);
    const date = await setUpBondDesk(clientOf);
    const pearl = await open('PEARL', BOND_CHANNELS);
    const bochk = await open('BOCHK', 'rfqs,quotes,bond_trades');
    const lion = await open('LIONROCK', 'rfqs,quotes,bond_trades');
    const op = await open('operator', 'bond_quota');
    const first = await op.next((f) => f.channel === 'bond_quota');
    const quota_before = (first.quota as { daily_balance_minor: string }).daily_balance_minor;
    assert.equal(quota_before, '2000000000000');
    const pearl_quota = await pearl.next((f) => f.channel === 'bond_quota');
    assert.equal((pearl_quota.quota as { daily_balance_minor: null }).daily_balance_minor, null);

    const now_us = t.server.gateway.node.hub.state.now_us;
    const quotes = { BOCHK: '9950000000', SCBHK: '9940000000' };
    await requestAndQuote(clientOf, { id: 'ws-1', isin: USD, date, now_us, quotes });
    await accept(clientOf, 'ws-1', 'SCBHK');
    for (const [who, stream] of streams) await drained(stream, who);

    assert.deepEqual(seen(pearl, 'rfqs'), [
      'rfq_requested',
      'rfq_status',
      'rfq_status:ws-1-BOCHK',
      'rfq_status:ws-1-SCBHK',
      'rfq_status:ws-1-BOCHK',
      'rfq_status:ws-1-SCBHK',
    ]);
    assert.deepEqual(seen(pearl, 'quotes'), [
      'rfq_quote:BOCHK',
      'rfq_status:ws-1-BOCHK',
      'rfq_quote:SCBHK',
      'rfq_status:ws-1-SCBHK',
      'rfq_status:ws-1-BOCHK',
      'rfq_status:ws-1-SCBHK',
    ]);
    assert.deepEqual(seen(pearl, 'bond_trades'), ['bond_trade']);
    assert.deepEqual(seen(bochk, 'quotes'), [
      'rfq_quote:BOCHK',
      'rfq_status:ws-1-BOCHK',
      'rfq_status:ws-1-BOCHK',
    ]);
    assert.deepEqual(seen(bochk, 'bond_trades'), [], 'BOCHK was not a side of the trade');
    const lion_frames = lion.frames.filter((f) => f.channel !== undefined);
    assert.deepEqual(lion_frames, [], 'a maker not asked sees nothing');

    const op_quota = op.frames.filter((f) => f.channel === 'bond_quota');
    assert.equal(op_quota.length, 2, 'the operator: the first figure and the one after the trade');
    const after_trade = (op_quota[1]?.quota as { daily_balance_minor: string } | undefined)
      ?.daily_balance_minor;
    assert.ok(
      BigInt(after_trade ?? quota_before) < BigInt(quota_before),
      'the trade used the quota',
    );
    type Quota = { daily_balance_minor: string | null; annual_balance_minor: string };
    const pearl_quotas = pearl.frames
      .filter((f) => f.channel === 'bond_quota')
      .map((f) => f.quota as Quota);
    assert.equal(pearl_quotas.length, 2, 'the annual balance moved, the daily one stays hidden');
    assert.equal(pearl_quotas[1]?.daily_balance_minor, null);
    assert.ok(
      BigInt(pearl_quotas[1]?.annual_balance_minor ?? 0) <
        BigInt(pearl_quotas[0]?.annual_balance_minor ?? 0),
    );
  });

  test('a coupon run reaches every coupons subscriber; the schedule says paid', async () => {
    const pearl = streams.get('PEARL');
    assert.ok(pearl !== undefined);
    const harbour = await open('HARBOUR', 'coupons');
    const op = t.client('operator');
    // The USD tranche's holders get USD accounts the day before its first coupon; the hub then
    // pays it by itself at 09:00 on 19 May (docs/bonds.md §8.12). At most 31 days a step.
    for (const date of ['2026-02-04', '2026-03-06', '2026-04-06', '2026-05-06', '2026-05-18'])
      await command(op, { type: 'hub.advance_time', to_us: timestampAt(date, '10:00') });
    const accounts = ['hk-inst-fund', 'hk-inst-insurer'].map((owner) => ({
      id: `${owner}/USD`,
      owner,
      asset: 'USD',
      purpose: 'available',
      debits_must_not_exceed_credits: true,
      credits_must_not_exceed_debits: false,
    }));
    await command(op, { type: 'ledger.create_accounts', accounts });
    await command(op, { type: 'hub.advance_time', to_us: timestampAt('2026-05-19', '10:00') });
    for (const stream of [pearl, harbour]) {
      // The hub's own 09:00 runs on earlier dates paid other tranches' coupons: skip those.
      const usd = (f: { channel?: string }) =>
        f.channel === 'coupons' &&
        (f as EventFrame & { event: { isin: string } }).event.isin === USD;
      const frame = (await stream.next(usd)) as EventFrame & {
        event: { isin: string; total_minor: string };
      };
      assert.equal(frame.event.type, 'bond_coupon_paid');
      assert.equal(frame.event.isin, USD);
      assert.equal(frame.event.total_minor, '308805000');
    }
    const schedule = (await op.get(`/v1/bonds/coupons?isin=${USD}`)).body as {
      coupons: Array<{ coupon_date: string; status: string }>;
    };
    assert.deepEqual(
      schedule.coupons.slice(0, 2).map((c) => [c.coupon_date, c.status]),
      [
        ['2026-05-19', 'paid'],
        ['2026-11-19', 'upcoming'],
      ],
    );
    assert.deepEqual(
      ((await op.get('/v1/bonds/rfqs')).body as { rfqs: unknown[] }).rfqs,
      [],
      'a new market day forgets the RFQs finished before it',
    );
  });

  test('the coupons channel carries no RFQ events; an unknown channel is refused', async () => {
    const pearl = streams.get('PEARL');
    assert.ok(pearl !== undefined);
    const types = pearl.frames
      .filter((f) => f.channel === 'coupons')
      .map((f) => (f as EventFrame).event.type);
    assert.ok(types.length > 0);
    assert.deepEqual(new Set(types), new Set(['bond_coupon_paid']));
    pearl.send({ op: 'subscribe', channel: 'bond_yields' });
    const error = await pearl.next((f) => f.type === 'error');
    assert.equal(error.code, 'INVALID_MESSAGE');
  });
});
