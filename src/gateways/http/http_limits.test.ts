import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MOUTAI, startTestServer, TENCENT, type TestServer } from './testing.js';

interface Summary {
  limit_down_units: number | null;
  limit_up_units: number | null;
}

describe('instrument summaries show the daily price limits', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('an SSE main-board share has ±10% from the previous close; SEHK has none', async () => {
    const client = t.client('HARBOUR');
    const moutai = (await client.get(`/v1/instruments/${MOUTAI}`)).as<{ book: Summary }>().book;
    assert.deepEqual([moutai.limit_down_units, moutai.limit_up_units], [131_400, 160_600]);
    const book = (await client.get(`/v1/instruments/${MOUTAI}/book`)).as<Summary>();
    assert.deepEqual([book.limit_down_units, book.limit_up_units], [131_400, 160_600]);
    const tencent = (await client.get(`/v1/instruments/${TENCENT}`)).as<{ book: Summary }>().book;
    assert.deepEqual([tencent.limit_down_units, tencent.limit_up_units], [null, null]);
  });
});
