/**
 * The real-time risk monitor over HTTP (docs/risk-monitor.md §6) on the demo server: a Northbound
 * trade moves the flows and the exposures, an alert over a low limit appears in /v1/risk/alerts
 * and on the `risk_alerts` stream, bad settings are refused with the monitor's codes and change
 * nothing, settings survive a restart, and only operators see any of it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RISK_MONITOR_FILE_NAME } from './risk_monitor.js';
import { StreamClient } from './stream_client.js';
import { MOUTAI, orderBody, startTestServer, type TestServer } from './testing.js';

interface Series {
  link: string;
  direction: string;
  currency: string;
  buy_minor: string;
  sell_minor: string;
  net_buy_minor: string;
  count: number;
  buckets: Array<{ start_us: number; buy_minor: string }>;
}

interface Alert {
  alert_id: string;
  kind: string;
  participant: string | null;
  figures: Array<{ name: string; value: string | number; threshold: string | number | null }>;
  event_seqs: number[];
}

const ROUTES = [
  '/v1/risk/flows',
  '/v1/risk/flows/history',
  '/v1/risk/exposures',
  '/v1/risk/positions/HARBOUR',
  '/v1/risk/concentration',
  `/v1/risk/holders/${MOUTAI}`,
  '/v1/risk/alerts',
  '/v1/risk/monitor/settings',
];

/** A limit on HARBOUR's net RMB payable to the CCPs: any Northbound buy goes over it. */
const LOW_LIMIT = {
  exposure_limits: [
    { participant: 'HARBOUR', currency: 'CNY', measure: 'net_payable', limit_minor: '0' },
  ],
  holding_share: '0.5',
};

function errorCode(body: unknown): string {
  return (body as { error: { code: string } }).error.code;
}

function nbSeries(body: unknown): Series | undefined {
  return (body as { series: Series[] }).series.find(
    (s) => s.link === 'sh_hk_stock' && s.direction === 'northbound' && s.currency === 'CNY',
  );
}

describe('risk monitor routes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  test('only an operator may read the monitor or set it, or subscribe to its alerts', async () => {
    for (const path of ROUTES) {
      const reply = await t.client('HARBOUR').get(path);
      assert.equal(reply.status, 403, path);
      assert.equal(errorCode(reply.body), 'OPERATOR_ONLY', path);
    }
    const put = await t.client('HARBOUR').raw('PUT', '/v1/risk/monitor/settings', '{}', {
      'content-type': 'application/json',
    });
    assert.equal(put.status, 403);
    const stream = await StreamClient.open(t.url, `api_key=${t.key('HARBOUR')}`);
    stream.send({ op: 'subscribe', channel: 'risk_alerts' });
    const refused = await stream.next((f) => f.type === 'error');
    assert.equal(refused.code, 'NOT_AUTHORIZED');
    stream.close();
  });

  test('the defaults, then bad settings refused with their codes, nothing changed', async () => {
    const op = t.client('operator');
    const put = (body: unknown) =>
      op.raw('PUT', '/v1/risk/monitor/settings', JSON.stringify(body), {
        'content-type': 'application/json',
      });
    const initial = await op.get('/v1/risk/monitor/settings');
    assert.equal(initial.status, 200);
    const settings = (initial.body as { settings: Record<string, unknown> }).settings;
    assert.equal(settings.bucket_minutes, 5);
    assert.deepEqual(settings.exposure_limits, []);
    assert.equal(settings.holding_share, null);
    const cases: Array<[unknown, string]> = [
      [{ bucket_minutes: 3 }, 'RISK_BUCKET_INVALID'],
      [{ reversal_window_minutes: 7 }, 'RISK_WINDOW_INVALID'],
      [{ holding_share: '1.5' }, 'RISK_THRESHOLD_INVALID'],
      [
        { exposure_limits: [{ ...LOW_LIMIT.exposure_limits[0], limit_minor: '-1' }] },
        'RISK_THRESHOLD_INVALID',
      ],
      [
        { flow_thresholds: [{ link: 'moon_link', direction: 'northbound', currency: 'CNY' }] },
        'RISK_SETTING_INVALID',
      ],
      [
        { exposure_limits: [LOW_LIMIT.exposure_limits[0], LOW_LIMIT.exposure_limits[0]] },
        'RISK_THRESHOLD_DUPLICATE',
      ],
      [{ top_n: 0 }, 'RISK_SETTING_INVALID'],
      // Amounts are decimal strings: a JSON number is refused for its shape.
      [
        { exposure_limits: [{ ...LOW_LIMIT.exposure_limits[0], limit_minor: 5 }] },
        'INVALID_REQUEST',
      ],
      [{ bucket: 5 }, 'INVALID_REQUEST'],
    ];
    for (const [body, code] of cases) {
      const reply = await put(body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(errorCode(reply.body), code, JSON.stringify(reply.body));
    }
    const after_refusals = await op.get('/v1/risk/monitor/settings');
    assert.deepEqual(after_refusals.body, initial.body);
    assert.equal(existsSync(join(t.data_dir, RISK_MONITOR_FILE_NAME)), false);
  });

  test('a Northbound trade moves the flows; an alert over a low limit is listed and streamed', async () => {
    const op = t.client('operator');
    const set = await op.raw('PUT', '/v1/risk/monitor/settings', JSON.stringify(LOW_LIMIT), {
      'content-type': 'application/json',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const limit = (set.body as { settings: { exposure_limits: unknown[] } }).settings;
    assert.deepEqual(limit.exposure_limits, LOW_LIMIT.exposure_limits);
    const before_flows = nbSeries((await op.get('/v1/risk/flows')).body);
    const before_buy = BigInt(before_flows?.buy_minor ?? '0');
    const stream = await StreamClient.open(
      t.url,
      `api_key=${t.key('operator')}&channels=risk_alerts`,
    );
    await stream.next((f) => f.type === 'subscribed' && f.subscription === 'risk_alerts');

    const sell = await t.client('BUND').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'rm-s1',
        instrument: MOUTAI,
        side: 'sell',
        price_units: 146_000,
        quantity_units: 100,
        owner: 'cn-retail-zhang',
      }),
    );
    assert.equal(sell.status, 200, JSON.stringify(sell.body));
    const buy = await t.client('HARBOUR').post(
      '/v1/orders',
      orderBody({
        client_order_id: 'rm-b1',
        instrument: MOUTAI,
        side: 'buy',
        price_units: 146_000,
        quantity_units: 100,
        owner: 'hk-inst-fund',
        bcan: '1000000003',
      }),
    );
    assert.equal(buy.status, 200, JSON.stringify(buy.body));
    const events = (buy.body as { events: Array<{ type: string }> }).events;
    assert.ok(
      events.some((e) => e.type === 'trade'),
      JSON.stringify(events),
    );

    // 100 × RMB 1,460.00 = 14,600,000 fen bought Northbound on the Shanghai link.
    const series = nbSeries((await op.get('/v1/risk/flows')).body);
    assert.ok(series);
    assert.equal(BigInt(series.buy_minor) - before_buy, 14_600_000n);
    assert.equal(
      BigInt(series.net_buy_minor),
      BigInt(series.buy_minor) - BigInt(series.sell_minor),
    );
    assert.ok(series.buckets.length > 0);

    const frame = await stream.next(
      (f) => f.channel === 'risk_alerts' && (f.alert as Alert).kind === 'exposure_limit',
    );
    const streamed = frame.alert as Alert;
    assert.equal(streamed.participant, 'HARBOUR');
    const listed = await op.get('/v1/risk/alerts?kind=exposure_limit&participant=HARBOUR');
    assert.equal(listed.status, 200);
    const alerts = (listed.body as { alerts: Alert[] }).alerts;
    assert.deepEqual(
      alerts.map((a) => a.alert_id),
      [streamed.alert_id],
    );
    const figure = alerts[0]?.figures[0];
    assert.equal(figure?.threshold, '0');
    assert.ok(BigInt(figure?.value ?? 0) >= 14_600_000n, JSON.stringify(figure));
    const since = await op.get(`/v1/risk/alerts?since=${(alerts[0]?.event_seqs.at(-1) ?? 0) + 1}`);
    assert.ok(
      !(since.body as { alerts: Alert[] }).alerts.some((a) => a.alert_id === streamed.alert_id),
    );
    stream.close();

    const exposures = (await op.get('/v1/risk/exposures')).body as {
      ccp: Array<{ participant: string; ccp: string; currency: string; net_payable_minor: string }>;
    };
    const harbour = exposures.ccp.find(
      (c) => c.participant === 'HARBOUR' && c.ccp === 'CSDC' && c.currency === 'CNY',
    );
    assert.ok(harbour, JSON.stringify(exposures.ccp));
    assert.ok(BigInt(harbour.net_payable_minor) >= 14_600_000n);
    const positions = (await op.get('/v1/risk/positions/HARBOUR')).body as {
      positions: Array<{ instrument: string; unsettled_units: number }>;
    };
    const moutai = positions.positions.find((p) => p.instrument === MOUTAI);
    assert.ok(moutai && moutai.unsettled_units >= 100, JSON.stringify(positions));
  });

  test('concentration and holders: top lists bounded by ?top=, an unknown instrument is 404', async () => {
    const op = t.client('operator');
    const concentration = (await op.get('/v1/risk/concentration?top=2')).body as {
      markets: Array<{ market: string; hhi: number; top: unknown[] }>;
      instruments: Array<{ instrument: string; top: unknown[] }>;
    };
    const xshg = concentration.markets.find((m) => m.market === 'XSHG');
    assert.ok(xshg, JSON.stringify(concentration.markets));
    assert.ok(xshg.hhi > 0 && xshg.hhi <= 10_000);
    assert.ok(concentration.instruments.length <= 2);
    for (const i of concentration.instruments) assert.ok(i.top.length <= 2);
    const holders = await op.get(`/v1/risk/holders/${MOUTAI}?top=3`);
    assert.equal(holders.status, 200);
    const view = (holders.body as { holders: { instrument: string; top: unknown[] } }).holders;
    assert.equal(view.instrument, MOUTAI);
    assert.ok(view.top.length > 0 && view.top.length <= 3);
    const unknown = await op.get('/v1/risk/holders/XX0000000000');
    assert.equal(unknown.status, 404);
    assert.equal(errorCode(unknown.body), 'RISK_INSTRUMENT_UNKNOWN');
    const bad_top = await op.get('/v1/risk/concentration?top=0');
    assert.equal(bad_top.status, 400);
  });

  test('settings are kept on disk and applied before the replay at restart: the same alerts', async () => {
    const op = t.client('operator');
    const alerts_before = (await op.get('/v1/risk/alerts')).body as { alerts: Alert[] };
    assert.ok(alerts_before.alerts.length > 0);
    assert.ok(existsSync(join(t.data_dir, RISK_MONITOR_FILE_NAME)));
    await t.close(true);
    t = await startTestServer({ data_dir: t.data_dir });
    const after_op = t.client('operator');
    const settings = (await after_op.get('/v1/risk/monitor/settings')).body as {
      settings: { exposure_limits: unknown[]; holding_share: string };
    };
    assert.deepEqual(settings.settings.exposure_limits, LOW_LIMIT.exposure_limits);
    assert.equal(settings.settings.holding_share, '0.5');
    const alerts_after = (await after_op.get('/v1/risk/alerts')).body as { alerts: Alert[] };
    assert.deepEqual(
      alerts_after.alerts.map((a) => a.alert_id),
      alerts_before.alerts.map((a) => a.alert_id),
    );
  });

  test('a server may run without the monitor: its routes answer 501', async () => {
    const bare = await startTestServer({ risk_monitor: false });
    try {
      const reply = await bare.client('operator').get('/v1/risk/flows');
      assert.equal(reply.status, 501);
      assert.equal(errorCode(reply.body), 'NOT_IMPLEMENTED');
    } finally {
      await bare.close();
    }
  });
});
