import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accept, command, requestAndQuote, setUpBondDesk } from '../gateways/http/bond_testing.js';
import { startTestServer, type TestServer } from '../gateways/http/testing.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

const USD = 'HKHTGB25USD6';
const HKD = 'HKHTGB25HKD0';

interface RfqJson {
  readonly quote_req_id: string;
  readonly status: string;
  readonly quotes: ReadonlyArray<{ quote_id: string; dealer: string; px_e8: string }>;
}

/** 123456789 (minor units, 2 decimals) → "1,234,567.89", as the console writes amounts. */
function amountText(minor: string): string {
  const digits = minor.padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${digits.slice(-2)}`;
}

/** A yield in 10^-12 → "3.5521 %": the percent cut (not rounded) to four decimals. */
function yieldPercentText(yield_e12: string): string {
  const digits = yield_e12.padStart(11, '0');
  return `${BigInt(digits.slice(0, -10))}.${digits.slice(-10, -6)} %`;
}

/** The console for bonds: the desk set up through the API, the participants acting in the page. */
describe('web console: bonds', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let date = '';
  const page_errors: string[] = [];
  const clientOf = (p: string) => t.client(p);
  const rfqsOf = async (who: string) =>
    ((await t.client(who).get('/v1/bonds/rfqs')).body as { rfqs: RfqJson[] }).rfqs;
  const actAs = async (who: string) => {
    await page.selectOption('#acting', who);
    await page.waitForSelector('#conn[data-state="live"]');
  };

  before(async () => {
    t = await startTestServer();
    date = await setUpBondDesk(clientOf);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
    page.on('pageerror', (error) => page_errors.push(String(error)));
    await page.goto(`${t.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the quota gauge: figures for the operator, "quota sufficient" for a participant', async () => {
    await page.locator('#bond-quota-daily', { hasText: '0.0% used' }).waitFor();
    await page.locator('#bond-quota-daily', { hasText: 'RMB 20.00 bn of 20.00 bn left' }).waitFor();
    await page.locator('#bond-quota-annual', { hasText: 'RMB 500.00 bn' }).waitFor();
    await actAs('PEARL');
    await page.locator('#bond-quota-daily', { hasText: 'quota sufficient' }).waitFor();
  });

  test('PEARL requests quotes from the ticket; a refusal shows the API code and message', async () => {
    await page.waitForSelector(`#bond-ticket-bond option[value="${USD}"]`, { state: 'attached' });
    await page.waitForSelector('#bond-ticket-requester option[value="cn-inst-fund"]', {
      state: 'attached',
    });
    await page.selectOption('#bond-ticket-bond', USD);
    await page.selectOption('#bond-ticket-requester', 'cn-inst-fund');
    await page.waitForSelector('#bond-ticket-dealers input[value="LIONROCK"]');
    assert.equal(await page.inputValue('#bond-ticket-settle'), date);
    await page.fill('#bond-ticket-face', '1.00');
    await page.click('#bond-ticket-submit');
    const refused = page.locator('#bond-ticket-result .bad');
    await refused.waitFor();
    const text = (await refused.textContent()) ?? '';
    assert.match(text, /^BOND_QUANTITY_INVALID: /);
    assert.deepEqual(await rfqsOf('PEARL'), [], 'the refusal changed nothing');

    await page.fill('#bond-ticket-face', '1000000.00');
    await page.uncheck('#bond-ticket-dealers input[value="LIONROCK"]');
    await page.click('#bond-ticket-submit');
    const ok = page.locator('#bond-ticket-result .ok');
    await ok.waitFor();
    assert.match((await ok.textContent()) ?? '', /^RFQ PEARL-\w+ sent to BOCHK, SCBHK$/);
    const [rfq] = await rfqsOf('PEARL');
    assert.ok(rfq !== undefined);
    const row = page.locator(`tr[data-rfq="${rfq.quote_req_id}"]`);
    await row.locator('td.status', { hasText: 'requested' }).waitFor();
    assert.match((await row.locator('td.deadline').textContent()) ?? '', /\d\d:\d\d:\d\d/);
  });

  test('dealers quote; PEARL accepts one in the blotter; the bond shows its quotes and trade', async () => {
    const [rfq] = await rfqsOf('PEARL');
    assert.ok(rfq !== undefined);
    const now_us = t.server.gateway.node.hub.state.now_us;
    for (const [dealer, px_e8] of [
      ['BOCHK', '9950000000'],
      ['SCBHK', '9940000000'],
    ] as const) {
      await command(t.client(dealer), {
        type: 'bonds.quote',
        quote_id: `${rfq.quote_req_id}-${dealer}`,
        quote_req_id: rfq.quote_req_id,
        dealer,
        px_e8,
        valid_until_us: now_us + 300_000_000,
      });
    }
    const row = page.locator(`tr[data-rfq="${rfq.quote_req_id}"]`);
    await row.locator('td.best', { hasText: '99.40 SCBHK' }).waitFor();
    await row.locator('button.bond-accept', { hasText: 'Accept SCBHK 99.40' }).click();
    await page.locator('#bond-rfqs-result .ok').waitFor();
    await row.locator('td.status', { hasText: 'accepted' }).waitFor();
    await row.locator('td.id').click();
    await page.locator('#bond-detail-title', { hasText: USD }).waitFor();
    const trades = (await t.client('PEARL').get(`/v1/bonds/trades?isin=${USD}`)).body as {
      trades: Array<{ settlement_amount_minor: string }>;
    };
    const amount = trades.trades[0]?.settlement_amount_minor ?? 'none';
    await page.locator('.bond-trades td', { hasText: `${amountText(amount)} USD` }).waitFor();
    const quote_rows = await page.locator('.bond-quotes tbody tr').count();
    assert.equal(quote_rows, 2);
  });

  test('the yield curves per issuer and currency: a line per tranche currency', async () => {
    const now_us = t.server.gateway.node.hub.state.now_us;
    await requestAndQuote(clientOf, {
      id: 'web-hkd-1',
      isin: HKD,
      date,
      now_us,
      quotes: { BOCHK: '10010000000' },
    });
    await accept(clientOf, 'web-hkd-1', 'BOCHK');
    await page.waitForSelector('#bond-curve[data-points="2"]');
    const curves = (await page.getAttribute('#bond-curve', 'data-issuers')) ?? '';
    assert.deepEqual(curves.split('|').sort(), [
      'Government of the HKSAR · HKD',
      'Government of the HKSAR · USD',
    ]);
    assert.ok((await page.locator('#bond-curve canvas').count()) > 0, 'the chart is drawn');
    const points = (await t.client('PEARL').get('/v1/bonds/yields')).body as {
      points: Array<{ isin: string; yield_e12: string }>;
    };
    for (const p of points.points) {
      const cell = page.locator(`.bond-yields tr[data-isin="${p.isin}"] td.yield`);
      assert.equal(await cell.textContent(), yieldPercentText(p.yield_e12));
    }
    await page.screenshot({ path: `${ARTIFACTS}console-bonds.png`, fullPage: true });
  });

  test('a dealer sees its own quotes only and quotes from the blotter; others see nothing', async () => {
    const now_us = t.server.gateway.node.hub.state.now_us;
    await requestAndQuote(clientOf, {
      id: 'web-usd-2',
      isin: USD,
      date,
      now_us,
      quotes: { SCBHK: '9930000000' },
    });
    await command(t.client('PEARL'), {
      type: 'bonds.request_quote',
      quote_req_id: 'web-usd-3',
      requester: 'cn-inst-fund',
      security_id: USD,
      side: 'sell',
      order_qty_minor: '100000000',
      price_type: 'percent_of_par',
      dealers: ['BOCHK', 'SCBHK'],
      quote_window_us: 600_000_000,
      settlement_date: date,
    });
    await actAs('BOCHK');
    const open = page.locator('tr[data-rfq="web-usd-3"]');
    await open.locator('td.status', { hasText: 'requested' }).waitFor();
    assert.equal(await page.locator('tr[data-rfq="web-usd-2"]').count(), 0);
    await open.locator('input.bond-quote-px').fill('0');
    await open.locator('button.bond-quote').click();
    const refused = page.locator('#bond-rfqs-result .bad');
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /^RFQ_QUOTE_PRICE_INVALID: /);
    await open.locator('input.bond-quote-px').fill('99.125');
    await open.locator('button.bond-quote').click();
    await page.locator('#bond-rfqs-result .ok').waitFor();
    await open.locator('td.status', { hasText: 'quoted' }).waitFor();
    const seen = (await t.client('PEARL').get('/v1/bonds/rfqs/web-usd-3')).body as RfqJson;
    assert.deepEqual(
      seen.quotes.map((q) => [q.dealer, q.px_e8]),
      [['BOCHK', '9912500000']],
    );
    await actAs('LIONROCK');
    await page.locator('#bond-rfqs .note', { hasText: 'No RFQs today' }).waitFor();
    assert.deepEqual(page_errors, []);
  });

  test('at 1024 px with bond data: no page scroll, no bond panel wider than itself', async () => {
    await actAs('PEARL');
    await page.locator('tr[data-rfq="web-usd-3"]').waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    assert.ok(layout.scroll_width <= 1024, `page ${layout.scroll_width} px wide`);
    const bonds = layout.overflowing.filter((o) => o.includes('bond'));
    assert.deepEqual(bonds, []);
    await page.screenshot({ path: `${ARTIFACTS}console-bonds-1024.png`, fullPage: true });
    assert.deepEqual(page_errors, []);
  });

  test('the default settlement date follows the market date to the next day; a date the user chose stays', async () => {
    await actAs('PEARL');
    assert.equal(await page.inputValue('#bond-ticket-settle'), date);
    const moved = await t.client('operator').post('/v1/clock/advance', { to: '2026-01-06 10:00' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const next = ((await t.client('PEARL').get('/v1/bonds/quota')).body as { date: string }).date;
    assert.notEqual(next, date);
    await page.waitForFunction(`document.querySelector('#bond-ticket-settle').value === '${next}'`);
    await page.fill('#bond-ticket-settle', '2026-01-08');
    await t.client('operator').post('/v1/clock/advance', { to: '2026-01-07 10:00' });
    await page.locator('#bond-quota-daily', { hasText: 'Daily · 2026-01-07' }).waitFor();
    // The ticket reads the market date on its own poll: give it two more (2 s each) before checking it kept
    // the user's date.
    await page.waitForTimeout(4_500);
    assert.equal(await page.inputValue('#bond-ticket-settle'), '2026-01-08');
    assert.deepEqual(page_errors, []);
  });
});
