import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../kernel/index.js';
import { CGB, command, setUpFacilities, setUpRepoMarket } from './financing_testing.js';
import { type Frame, StreamClient } from './stream_client.js';
import { startTestServer, type TestServer } from './testing.js';

type EventFrame = Frame & { event: { type: string; drawing_id?: string; name?: string } };

function seen(stream: StreamClient, channel: string): string[] {
  return stream.frames
    .filter((f) => f.channel === channel)
    .map((f) => {
      const { event } = f as EventFrame;
      return `${event.type}:${event.drawing_id ?? event.name ?? ''}`;
    });
}

describe('WebSocket facilities channel', () => {
  let t: TestServer;
  const streams: StreamClient[] = [];
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    for (const s of streams) s.close();
    await t.close();
  });

  test('drawings to the bank, the HKMA and operators; published rates to all', async () => {
    const date = await setUpRepoMarket(t);
    await setUpFacilities(t, date);
    const open = async (who: string) => {
      const stream = await StreamClient.open(t.url, `api_key=${t.key(who)}&channels=facilities`);
      await stream.next((f) => f.type === 'subscribed' && f.subscription === 'facilities');
      streams.push(stream);
      return stream;
    };
    const [hsbc, bochk, op] = [await open('HSBC'), await open('BOCHK'), await open('operator')];
    await command(t, 'operator', {
      ...{ type: 'financing.publish_facility_rate', name: 'SHIBOR_3M' },
      ...{ date: addDays(date, -1), rate_e12: '16500000000' },
    });
    await command(t, 'HSBC', {
      ...{ type: 'financing.draw_facility', drawing_id: 'h-1', bank: 'HSBC', facility: 'rmb_lf' },
      ...{ tenor: 'intraday', amount_minor: '10000000000', form: 'repo' },
      collateral: [{ isin: CGB, face_minor: '11000000000', px_e8: '10512000000' }],
    });
    await command(t, 'HSBC', { type: 'financing.repay_facility', drawing_id: 'h-1' });
    for (const [k, s] of streams.entries()) {
      s.send({ op: 'ping', id: `p${k}` });
      await s.next((f) => f.type === 'pong' && f.id === `p${k}`);
    }
    const all = ['facility_rate_published:SHIBOR_3M', 'facility_drawn:', 'facility_repaid:h-1'];
    assert.deepEqual(seen(hsbc, 'facilities'), all);
    assert.deepEqual(seen(op, 'facilities'), all);
    assert.deepEqual(seen(bochk, 'facilities'), ['facility_rate_published:SHIBOR_3M']);
  });
});
