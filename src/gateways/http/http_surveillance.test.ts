import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type ErrorReply,
  orderBody,
  startTestServer,
  TENCENT,
  type TestServer,
} from './testing.js';

interface AlertRow {
  readonly alert_id: string;
  readonly kind: string;
  readonly state: string;
  readonly owners: readonly string[];
}

describe('HTTP surveillance', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('wash trades through the API raise an alert with evidence, which moves through its case', async () => {
    const harbour = t.client('HARBOUR');
    // The same client on both sides, three times within seconds: matched orders.
    for (let i = 0; i < 3; i += 1) {
      const sell = await harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: `w-s${i}`,
          instrument: TENCENT,
          side: 'sell',
          price_units: 620_000,
          quantity_units: 100,
          owner: 'hk-retail-chan',
        }),
      );
      assert.equal(sell.status, 200, JSON.stringify(sell.body));
      const buy = await harbour.post(
        '/v1/orders',
        orderBody({
          client_order_id: `w-b${i}`,
          instrument: TENCENT,
          side: 'buy',
          order_type: 'enhanced_limit',
          price_units: 620_000,
          quantity_units: 100,
          owner: 'hk-retail-chan',
        }),
      );
      assert.equal(buy.status, 200, JSON.stringify(buy.body));
    }
    const op = t.client('operator');
    const listed = await op.get('/v1/surveillance/alerts?kind=wash_trade');
    assert.equal(listed.status, 200);
    const alerts = (listed.body as { alerts: AlertRow[] }).alerts;
    const wash = alerts.find((a) => a.owners.includes('hk-retail-chan'));
    assert.ok(wash, JSON.stringify(alerts));
    assert.equal(wash.state, 'open');
    const detail = await op.get(`/v1/surveillance/alerts/${encodeURIComponent(wash.alert_id)}`);
    const record = (
      detail.body as { alert: { evidence: { trade_ids?: unknown[]; figures: unknown[] } } }
    ).alert;
    assert.ok(record.evidence.figures.length > 0, 'the figures that crossed the thresholds');
    const review = await op.post(
      `/v1/surveillance/alerts/${encodeURIComponent(wash.alert_id)}/transition`,
      { to: 'under_review', note: 'checking the linked accounts' },
    );
    assert.equal(review.status, 200, JSON.stringify(review.body));
    const back = await op.post(
      `/v1/surveillance/alerts/${encodeURIComponent(wash.alert_id)}/transition`,
      { to: 'open' },
    );
    assert.equal(back.status, 409);
    assert.equal(back.as<ErrorReply>().error.code, 'ALERT_TRANSITION_INVALID');
    const unknown = await op.get('/v1/surveillance/alerts/no-such-alert');
    assert.equal(unknown.status, 404);
  });

  test('participants never see alerts', async () => {
    const harbour = t.client('HARBOUR');
    const refused = await harbour.get('/v1/surveillance/alerts');
    assert.equal(refused.status, 403);
  });

  test('alerts survive a restart: the reader replays the journal and keeps each case state', async () => {
    const op = t.client('operator');
    const before_restart = (await op.get('/v1/surveillance/alerts')).body as { alerts: AlertRow[] };
    await t.close(true);
    t = await startTestServer({ data_dir: t.data_dir });
    const after_restart = (await t.client('operator').get('/v1/surveillance/alerts')).body as {
      alerts: AlertRow[];
    };
    assert.deepEqual(
      after_restart.alerts.map((a) => [a.alert_id, a.state]),
      before_restart.alerts.map((a) => [a.alert_id, a.state]),
    );
  });
});
