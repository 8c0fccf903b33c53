import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { MOUTAI, startTestServer, type TestServer } from '../gateways/http/testing.js';
import { ARTIFACTS, launchChromium, priceText } from './browser_testing.js';

interface Book {
  ask_price_units: number;
  bids: Array<{ price_units: number; volume_units: number }>;
}

/** The console as a user meets it: the operator's page, no simulator, the trading-hours clock. */
describe('web console: orders from the ticket', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];

  before(async () => {
    t = await startTestServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (error) => page_errors.push(String(error)));
    await page.goto(`${t.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the operator places a Northbound order as a broker for its client; it rests in the book', async () => {
    assert.equal(await page.inputValue('#acting'), 'operator');
    await page.locator('#ticket-operator-note', { hasText: 'placed by participants' }).waitFor();
    await page.selectOption('#ticket-broker', 'HARBOUR');
    await page.waitForSelector('#ticket-owner option[value="hk-retail-chan"]', {
      state: 'attached',
    });
    await page.selectOption('#ticket-owner', 'hk-retail-chan');
    await page.waitForSelector(`#ticket-instrument option[value="${MOUTAI}"]`, {
      state: 'attached',
    });
    await page.click(`tr[data-instrument="${MOUTAI}"]`);
    await page.locator('#inst-symbol', { hasText: /^600519/ }).waitFor();
    assert.equal(await page.inputValue('#ticket-instrument'), MOUTAI);
    assert.equal(await page.inputValue('#ticket-bcan'), '1000000001');
    assert.match((await page.textContent('#ticket-route')) ?? '', /Northbound/);
    const book = (await t.client('HARBOUR').get(`/v1/instruments/${MOUTAI}/book`)).as<Book>();
    const price_units =
      book.ask_price_units === 0 ? 140_000 : Math.min(140_000, book.ask_price_units - 1);
    const before = book.bids.find((b) => b.price_units === price_units)?.volume_units ?? 0;
    await page.check('#ticket-side-buy');
    await page.fill('#ticket-price', priceText(price_units, 2));
    await page.fill('#ticket-qty', '100');
    await page.click('#ticket-submit');
    await page.waitForSelector('#ticket-result.ok');
    assert.match((await page.textContent('#ticket-result')) ?? '', /^Accepted: order #\d+/);
    await page.waitForSelector(
      `#ladder-body tr.bid[data-price="${price_units}"][data-volume="${before + 100}"]`,
    );
    const orders = (await t.client('HARBOUR').get(`/v1/orders?instrument=${MOUTAI}`)).as<{
      orders: Array<{ owner: string; participant: string; client_order_id: string }>;
    }>().orders;
    const mine = orders.filter((o) => o.client_order_id.startsWith('web-'));
    assert.deepEqual(
      mine.map((o) => [o.participant, o.owner]),
      [['HARBOUR', 'hk-retail-chan']],
    );
    await page.screenshot({ path: `${ARTIFACTS}console-northbound.png` });
  });

  test('a client is offered only what it may trade: no A shares through a broker without Connect', async () => {
    const offered = async () =>
      page.$$eval('#ticket-instrument option', (o) => o.map((x) => x.getAttribute('value')));
    await page.selectOption('#ticket-broker', 'KOWLOON');
    await page.waitForSelector('#ticket-owner option[value="hk-retail-ho"]', { state: 'attached' });
    await page.waitForSelector(`#ticket-instrument option[value="${MOUTAI}"]`, {
      state: 'detached',
    });
    const tradable = (await t.client('KOWLOON').get('/v1/tradable?client=hk-retail-ho')).as<{
      instruments: Array<{
        instrument: string;
        buy: { allowed: boolean };
        sell: { allowed: boolean };
      }>;
    }>().instruments;
    const expected = tradable
      .filter((i) => i.buy.allowed || i.sell.allowed)
      .map((i) => i.instrument);
    assert.deepEqual([...(await offered())].sort(), [...expected].sort());
    assert.ok(expected.length > 0 && expected.length < tradable.length);
    await page.click(`tr[data-instrument="${MOUTAI}"]`);
    await page.locator('#ticket-result.bad', { hasText: 'not offered' }).waitFor();
    await page.selectOption('#ticket-broker', 'HARBOUR');
    await page.waitForSelector(`#ticket-instrument option[value="${MOUTAI}"]`, {
      state: 'attached',
    });
  });

  test('the chart draws trades on a time axis with price and volume scales and the daily limits', async () => {
    const cross = (id: string, side: string, participant: string, owner: string, bcan: string) =>
      t.client(participant).post('/v1/orders', {
        client_order_id: id,
        instrument: MOUTAI,
        side,
        order_type: 'limit',
        time_in_force: 'day',
        price_units: 145_000,
        quantity_units: 100,
        owner,
        bcan,
      });
    assert.equal((await cross('c-s', 'sell', 'PEAK', 'hk-inst-insurer', '2000000002')).status, 200);
    assert.equal((await cross('c-b', 'buy', 'HARBOUR', 'hk-inst-fund', '1000000003')).status, 200);
    await page.click(`tr[data-instrument="${MOUTAI}"]`);
    await page.waitForSelector('#chart[data-bars="1"]');
    assert.match(
      (await page.getAttribute('#chart', 'data-time-axis')) ?? '',
      /^09:3\d:\d\d–09:3\d:\d\d HKT$/,
    );
    assert.equal(await page.getAttribute('#chart', 'data-limits'), '1314–1606');
    // lightweight-charts lays out a table: the price panes in the first row, the time axis below.
    const axis_rows = await page.$$eval('#chart table tr', (rows) =>
      rows.map((r) => r.querySelectorAll('canvas').length),
    );
    assert.ok(axis_rows.length >= 2 && (axis_rows.at(-1) ?? 0) > 0, `rows ${axis_rows}`);
    const left_scale = await page.$$eval('#chart table tr:first-child td', (cells) =>
      cells.map((c) => Math.round(c.getBoundingClientRect().width)),
    );
    assert.ok((left_scale[0] ?? 0) > 0 && (left_scale.at(-1) ?? 0) > 0, 'volume and price scales');
    assert.equal(await page.textContent('#ladder-state'), 'limits 1314.00 – 1606.00');
    await page.screenshot({ path: `${ARTIFACTS}console-chart.png` });
  });

  test('a shared-book order names its venue', async () => {
    await page.click('tr[data-instrument="HKHTMMFTK016"]');
    await page.waitForSelector('#ticket-venue-row:not([hidden])');
    assert.equal(await page.inputValue('#ticket-venue'), 'HDX');
    assert.ok(await page.isHidden('#ticket-bcan-row'));
    await page.check('#ticket-side-buy');
    await page.click('#ticket-submit');
    await page.waitForSelector('#ticket-result.ok, #ticket-result.bad');
    const result = (await page.textContent('#ticket-result')) ?? '';
    assert.doesNotMatch(result, /VENUE_REQUIRED/);
    assert.deepEqual(page_errors, []);
  });

  test('a participant sees the quota as HKEX discloses it: sufficient, not a 0 % bar', async () => {
    await page.selectOption('#acting', 'HARBOUR');
    await page.locator('#quotas .status', { hasText: 'quota sufficient' }).first().waitFor();
    const quotas = (await page.textContent('#quotas')) ?? '';
    assert.doesNotMatch(quotas, /% used/);
    assert.match(quotas, /at least 30 % of a daily quota remains/);
    assert.equal(
      await page.locator('#quotas .fill').count(),
      0,
      'no bar of a figure not disclosed',
    );
    assert.equal(await page.locator('#quotas .band').count(), 4);
    await page.selectOption('#acting', 'operator');
    await page.locator('#quotas .status', { hasText: '% used' }).first().waitFor();
    assert.equal(await page.locator('#quota-rule').count(), 0);
    assert.deepEqual(page_errors, []);
  });
});
