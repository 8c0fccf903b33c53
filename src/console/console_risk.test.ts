import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { MOUTAI, orderBody, startTestServer, type TestServer } from '../gateways/http/testing.js';
import { ARTIFACTS, launchChromium } from './browser_testing.js';

/** 123456789 (HKD cents) → "HKD 1,234,567.89", as the view writes amounts. */
function hkdText(minor: string): string {
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `HKD ${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

/** The Risk view on the demo: margin per CCP, the fund, a stress run and a default's waterfall. */
describe('web console: risk', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];
  const console_errors: string[] = [];

  before(async () => {
    t = await startTestServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
    page.on('pageerror', (error) => page_errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') console_errors.push(message.text());
    });
    await page.goto(`${t.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the view shows margin per CCP and Cover 2 with its groups, as the API says', async () => {
    const margin = (await t.client('operator').get('/v1/risk/margin?level=member')).body as {
      ccps: Array<{ ccp: string; initial_margin_minor: string }>;
    };
    for (const c of margin.ccps) {
      const cell = page.locator(`#view-risk .risk-margin tr[data-ccp="${c.ccp}"] td.im`);
      await cell.waitFor();
      assert.equal(await cell.textContent(), hkdText(c.initial_margin_minor));
    }
    const fund = (await t.client('operator').get('/v1/risk/default-fund')).body as {
      funds: Array<{ ccp: string; fund_minor: string; cover2: { groups: unknown[] } }>;
    };
    for (const f of fund.funds) {
      const el = page.locator(`#view-risk .risk-fund[data-ccp="${f.ccp}"]`);
      assert.equal(await el.locator('.fund').textContent(), hkdText(f.fund_minor));
      assert.equal(await el.locator('.chip.group').count(), f.cover2.groups.length);
    }
    assert.match(
      (await page.locator('#view-risk .note').first().textContent()) ?? '',
      /simulated history/,
    );
  });

  test('a stress run starts from the button and shows losses per participant as bars', async () => {
    await page.locator('#view-risk button.risk-run').click();
    const rows = page.locator('#view-risk .risk-losses tbody tr');
    await rows.first().waitFor();
    assert.ok((await rows.count()) > 3);
    const bars = page.locator('#view-risk .risk-loss-bars');
    assert.equal(await bars.getAttribute('data-bars'), String(await rows.count()));
    assert.equal((await bars.locator('canvas').count()) > 0, true);
    const runs = (await t.client('operator').get('/v1/risk/stress-runs')).body as {
      runs: Array<{ id: string; scenarios: unknown[] }>;
    };
    assert.equal(runs.runs[0]?.scenarios.length, 8);
    const heading = await page.locator('#view-risk h3', { hasText: 'Stress run' }).textContent();
    assert.ok(heading?.includes(runs.runs[0]?.id ?? '?'));
    const first_loss = await rows.first().locator('td.loss').textContent();
    assert.ok(first_loss !== null && first_loss !== 'HKD 0.00');
  });

  test('the run shows its liquidity and, for a chosen scenario, the quotas and payment limits', async () => {
    // The demo's genesis has no open trade: no CCP is owed a pay-in.
    await page.locator('#view-risk .risk-liquidity-none').waitFor();
    const links = page.locator('#view-risk .risk-quota-effects tbody tr');
    assert.equal(await links.count(), 4);
    const limits = page.locator('#view-risk .risk-limit-effects tbody tr');
    assert.equal(await limits.count(), 4);
    const before = await page
      .locator('#view-risk tr[data-limit="northbound_daily_per_payer"] td')
      .nth(3)
      .textContent();
    // The renminbi falls 5 %: a Northbound payer's HKD 10,000.00 buys more RMB than before.
    await page.locator('#view-risk .risk-limits-scenario').selectOption('hypo-cnh-down-5pct');
    const cells = page.locator('#view-risk tr[data-limit="northbound_daily_per_payer"] td');
    const [stated, now, stressed] = await Promise.all(
      [1, 2, 3].map((i) => cells.nth(i).textContent()),
    );
    assert.equal(stated, 'HKD 10,000.00');
    assert.match(now ?? '', /^CNY /);
    const amount = (text: string | null | undefined) =>
      Number((text ?? '').replace(/[^0-9.]/g, ''));
    assert.ok(amount(stressed) > amount(now), `${stressed} vs ${now}`);
    assert.notEqual(before, stressed);
  });

  test('a chosen default survives the state moving on: the run and its bars are not redrawn', async () => {
    const select = page.locator('#view-risk .risk-defaulter');
    const options = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as { value: string }).value));
    assert.ok(options.length > 1);
    const chosen = options[1] as string;
    await select.selectOption(chosen);
    const canvas = await page.locator('#view-risk .risk-loss-bars canvas').first().elementHandle();
    // A trade moves the state: the margin and the fund are loaded and drawn again.
    const seq_before = await page.locator('#view-risk .risk-sec-margin').textContent();
    const order = await t.client('BUND').post(
      '/v1/orders',
      orderBody({
        ...{ client_order_id: 'c-move', instrument: MOUTAI, side: 'buy', owner: 'cn-retail-zhang' },
        ...{ price_units: 140_000, quantity_units: 100 },
      }),
    );
    assert.equal(order.status, 200, JSON.stringify(order.body));
    const margin = page.locator('#view-risk .risk-sec-margin');
    for (let waited_ms = 0; (await margin.textContent()) === seq_before; waited_ms += 250) {
      assert.ok(waited_ms < 20_000, 'the margin was not drawn again after the trade');
      await page.waitForTimeout(250);
    }
    assert.equal(await select.inputValue(), chosen);
    assert.equal(await canvas?.evaluate((c) => c.isConnected), true, 'the bars were not redrawn');
  });

  test('a chosen default shows its waterfall, tiers as bars, and no console errors', async () => {
    await page.locator('#view-risk button.risk-simulate').click();
    const tiers = page.locator('#view-risk .risk-waterfall tr');
    await tiers.first().waitFor();
    assert.equal(await tiers.count(), 5);
    assert.equal(
      await page.locator('#view-risk .risk-waterfall-bars').getAttribute('data-bars'),
      '5',
    );
    await page.screenshot({ path: `${ARTIFACTS}console-risk.png`, fullPage: true });
    assert.deepEqual(page_errors, []);
    assert.deepEqual(console_errors, []);
  });

  test('the monitor panels: a Northbound trade in Flows today, exposures, concentration, the alert', async () => {
    const op = t.client('operator');
    const limit = {
      participant: 'HARBOUR',
      currency: 'CNY',
      measure: 'net_payable',
      limit_minor: '0',
    };
    const set = await op.raw(
      'PUT',
      '/v1/risk/monitor/settings',
      JSON.stringify({ exposure_limits: [limit] }),
      { 'content-type': 'application/json' },
    );
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const order = { instrument: MOUTAI, price_units: 146_000, quantity_units: 100 };
    const sell = await t
      .client('BUND')
      .post(
        '/v1/orders',
        orderBody({ ...order, client_order_id: 'c-s1', side: 'sell', owner: 'cn-retail-zhang' }),
      );
    assert.equal(sell.status, 200, JSON.stringify(sell.body));
    const buy = await t.client('HARBOUR').post(
      '/v1/orders',
      orderBody({
        ...order,
        client_order_id: 'c-b1',
        side: 'buy',
        owner: 'hk-inst-fund',
        bcan: '1000000003',
      }),
    );
    assert.equal(buy.status, 200, JSON.stringify(buy.body));

    // The alert comes on the stream at once; the panels follow within the view's 5 s load interval.
    const alert = page.locator('#view-risk .risk-alert-list tr[data-kind="exposure_limit"]');
    await alert.first().waitFor({ timeout: 15_000 });
    const row = page.locator(
      '#view-risk .risk-flow-table tr[data-series="sh_hk_stock/northbound/CNY"]',
    );
    await row.waitFor({ timeout: 15_000 });
    const flows = (await op.get('/v1/risk/flows')).body as {
      series: Array<{ link: string; direction: string; currency: string; net_buy_minor: string }>;
    };
    const nb = flows.series.find(
      (s) => s.link === 'sh_hk_stock' && s.direction === 'northbound' && s.currency === 'CNY',
    );
    assert.ok(nb);
    assert.equal(
      await row.locator('td.net').textContent(),
      `CNY ${hkdText(nb.net_buy_minor).slice(4)}`,
    );
    assert.match((await row.locator('td.quota').textContent()) ?? '', /^CNY [\d,]+\.\d\d/);
    const lines = page.locator('#view-risk .risk-flow-lines');
    assert.ok(Number(await lines.getAttribute('data-lines')) >= 1);
    assert.ok((await lines.locator('canvas').count()) > 0);
    assert.ok((await page.locator('#view-risk .risk-gross tbody tr').count()) > 0);
    const harbour = page.locator(
      '#view-risk .risk-ccp tr[data-participant="HARBOUR"][data-ccp="CSDC"]',
    );
    await harbour.waitFor({ timeout: 15_000 });
    // Named as the margin panels name it, not by its code.
    assert.equal(await harbour.locator('td').nth(1).textContent(), 'ChinaClear');
    const concentration = (await op.get('/v1/risk/concentration?top=10')).body as {
      markets: Array<{ market: string; hhi: number }>;
    };
    const xshg = concentration.markets.find((m) => m.market === 'XSHG');
    assert.ok(xshg);
    assert.equal(
      await page.locator('#view-risk .risk-markets tr[data-market="XSHG"] td.hhi').textContent(),
      String(xshg.hhi),
    );
    assert.ok((await page.locator('#view-risk .risk-holders tr').count()) > 0);
    await page.screenshot({ path: `${ARTIFACTS}console-risk-monitor.png`, fullPage: true });
    assert.deepEqual(page_errors, []);
    assert.deepEqual(console_errors, []);
  });
});
