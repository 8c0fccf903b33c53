import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { MOUTAI, startTestServer, type TestServer } from '../gateways/http/testing.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

const PRICE_UNITS = 145_000; // 1450.00 CNY, inside Moutai's daily limits (1314.00–1606.00)

/**
 * A trade's day in the console, on the compressed demo clock moved by the operator from the page:
 * a Northbound buy from the ticket rests in the book, a sell crosses it, the 17:00 cycle settles the
 * securities on T, the next day's cycle the money on T+1, and balances move.
 */
describe('web console: a trade settles within a compressed demo day', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];

  before(async () => {
    t = await startTestServer({ clock: 'demo' });
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

  /** Moves hub time with the console's clock control; waits for the top bar to show it. */
  async function advance(to: string): Promise<void> {
    await page.waitForSelector(`#clock-to option[value="${to}"]`, { state: 'attached' });
    await page.selectOption('#clock-to', to);
    await page.click('#clock-advance');
    await page.locator('#notice.ok', { hasText: `Hub time moved to ${to}` }).waitFor();
    await page.locator('#hub-time', { hasText: new RegExp(`^${to}`) }).waitFor();
  }

  test('the operator moves hub time to continuous trading from the page', async () => {
    await page.waitForSelector('#clock-form:not([hidden])');
    assert.match((await page.textContent('#hub-time')) ?? '', /^2026-01-05 09:0\d/);
    await advance('2026-01-05 09:31');
    await page.locator('#phases', { hasText: 'XSHG continuous' }).waitFor();
  });

  test('a Northbound buy placed from the ticket rests in the book', async () => {
    await page.selectOption('#ticket-broker', 'HARBOUR');
    await page.waitForSelector('#ticket-owner option[value="hk-inst-fund"]', { state: 'attached' });
    await page.selectOption('#ticket-owner', 'hk-inst-fund');
    await page.waitForSelector(`#ticket-instrument option[value="${MOUTAI}"]`, {
      state: 'attached',
    });
    await page.click(`tr[data-instrument="${MOUTAI}"]`);
    await page.locator('#inst-symbol', { hasText: /^600519/ }).waitFor();
    assert.equal(await page.inputValue('#ticket-bcan'), '1000000003');
    assert.match((await page.textContent('#ticket-route')) ?? '', /Northbound/);
    await page.check('#ticket-side-buy');
    await page.fill('#ticket-price', '1450.00');
    await page.fill('#ticket-qty', '100');
    await page.click('#ticket-submit');
    await page.waitForSelector('#ticket-result.ok');
    await page.waitForSelector(
      `#ladder-body tr.bid[data-price="${PRICE_UNITS}"][data-volume="100"]`,
    );
  });

  test('a sell crosses it: the trade prints and waits for settlement', async () => {
    const sell = await t.client('PEAK').post('/v1/orders', {
      client_order_id: 'day-sell',
      instrument: MOUTAI,
      side: 'sell',
      order_type: 'limit',
      time_in_force: 'day',
      price_units: PRICE_UNITS,
      quantity_units: 100,
      owner: 'hk-inst-insurer',
      bcan: '2000000002',
    });
    assert.equal(sell.status, 200);
    await page.waitForSelector('#tape tr.sell, #tape tr.buy');
    // The chart draws it on its time axis, in Hong Kong time.
    await page.waitForSelector('#chart[data-bars="1"]');
    assert.match(
      (await page.getAttribute('#chart', 'data-time-axis')) ?? '',
      /^09:3\d:\d\d–09:3\d:\d\d HKT$/,
    );
    await page
      .locator('#settlement-latest tr.instruction', { hasText: '600519 100' })
      .first()
      .waitFor();
    assert.equal(await page.getAttribute('#settlement', 'data-settled'), '0');
  });

  test('the 17:00 cycle settles the securities on T; the next day’s the money; balances move', async () => {
    await advance('2026-01-05 17:01');
    await page.waitForSelector('#settlement-cycles tr[data-cycle="CSDC-2026-01-05"]');
    // Northbound: securities on T, money on T+1 (connect-rules.md §1.7): pending until then.
    assert.equal(await page.getAttribute('#settlement', 'data-settled'), '0');
    await advance('2026-01-06 09:31');
    await advance('2026-01-06 17:01');
    await page.waitForSelector('#settlement[data-settled="2"]');
    await page.waitForSelector('#settlement-cycles tr[data-cycle="CSDC-2026-01-06"]');
    const harbour = await page.textContent('#settlement-participants');
    assert.match(harbour ?? '', /HARBOUR\s*0\s*1\s*0/, 'HARBOUR: one settled, none pending');
    await page
      .locator('#settlement-latest tr.instruction.settled', { hasText: '600519 100' })
      .first()
      .waitFor();
    // The buyer's Moutai position and the seller's have moved by the 100 shares.
    const moved = page.locator('#balances tr', { hasText: 'hk-inst-fund' }).filter({
      hasText: '+100',
    });
    await moved.first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}console-settled.png`, fullPage: true });
    // With cycles, fails and moves on screen, 1024 px still holds it all.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    assert.ok(layout.scroll_width <= 1024, `page ${layout.scroll_width} px wide`);
    assert.deepEqual(layout.overflowing, []);
    assert.deepEqual(page_errors, []);
    assert.deepEqual(t.fatal, []);
  });
});
