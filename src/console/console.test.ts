import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestServer, TENCENT, type TestServer, TRACKER } from '../gateways/http/testing.js';
import { MarketSimulator } from '../sim/market/simulator.js';

const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('web console in Chromium', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];

  before(async () => {
    t = await startTestServer({
      simulator: {
        factory: (seed) => new MarketSimulator({ seed }),
        seed: 11,
        running: true,
        steps_per_second: 50,
      },
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    page.on('pageerror', (error) => page_errors.push(String(error)));
    await page.goto(`${t.url}/console/`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('shows a living market: connected, trades printing, phases and hub time', async () => {
    await page.waitForSelector('#conn[data-state="live"]');
    await page.waitForSelector('#tape tr.buy, #tape tr.sell');
    await page.waitForSelector('#ladder-body tr.bid[data-price]');
    await page.locator('#hub-time', { hasText: /HKT$/ }).waitFor();
    assert.match((await page.textContent('#hub-time')) ?? '', /^2026-01-05 09:3\d:\d\d HKT$/);
    assert.match((await page.textContent('#phases')) ?? '', /XHKG continuous/);
    await page.waitForSelector('#events tr');
    await page.waitForSelector('#balances tr');
  });

  test('stops the simulator from the page', async () => {
    await page.click('#sim-stop');
    await page.waitForSelector('#sim-state[data-running="false"]');
    const sim = await t.client('operator').get('/v1/sim');
    assert.equal(sim.as<{ running: boolean }>().running, false);
  });

  test('places an order as a chosen participant and sees it on the ladder, then cancels it', async () => {
    await t.server.gateway.engine.idle(); // the simulator's last tick is committed: the book is still
    const target = await bidTarget(t);
    await page.selectOption('#acting', 'HARBOUR');
    await page.waitForSelector('#ticket-owner option[value="hk-retail-chan"]', {
      state: 'attached',
    });
    await page.click(`tr[data-instrument="${TRACKER}"]`);
    await page.locator('#inst-symbol', { hasText: /^2800/ }).waitFor();
    await page.check('#ticket-side-buy');
    await page.selectOption('#ticket-owner', 'hk-retail-chan');
    await page.fill('#ticket-price', priceText(target.price_units));
    await page.fill('#ticket-qty', '1000');
    await page.click('#ticket-submit');
    await page.waitForSelector('#ticket-result.ok');
    assert.match((await page.textContent('#ticket-result')) ?? '', /^Accepted: order #\d+/);
    const level = (volume: number) =>
      `#ladder-body tr.bid[data-price="${target.price_units}"][data-volume="${volume}"]`;
    await page.waitForSelector(level(target.volume_before + 1_000));
    assert.equal(
      await page.textContent(`${level(target.volume_before + 1_000)} td.price`),
      priceText(target.price_units),
    );
    const orders = await t.client('HARBOUR').get(`/v1/orders?instrument=${TRACKER}`);
    const mine = orders
      .as<{ orders: Array<{ order_id: number; owner: string; client_order_id: string }> }>()
      .orders.filter((o) => o.client_order_id.startsWith('web-'));
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.owner, 'hk-retail-chan');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}console-order.png`, fullPage: true });
    await page.click(`#my-orders button[data-cancel="${mine[0]?.order_id}"]`);
    if (target.volume_before === 0)
      await page.waitForSelector(`#ladder-body tr.bid[data-price="${target.price_units}"]`, {
        state: 'detached',
      });
    else await page.waitForSelector(level(target.volume_before));
    const left = await t.client('HARBOUR').get(`/v1/orders?instrument=${TRACKER}`);
    const web = left.as<{ orders: Array<{ client_order_id: string }> }>().orders;
    assert.equal(web.filter((o) => o.client_order_id.startsWith('web-')).length, 0);
  });

  test('a rejected order shows its code in the page', async () => {
    await page.fill('#ticket-price', '25.501');
    await page.click('#ticket-submit');
    await page.waitForSelector('#ticket-result.bad');
    assert.match((await page.textContent('#ticket-result')) ?? '', /PRICE_OFF_TICK/);
  });

  test('starts the simulator again; the market moves on; a screenshot is kept', async () => {
    await page.click('#sim-start');
    await page.waitForSelector('#sim-state[data-running="true"]');
    await page.click('tr[data-instrument="KYG875721634"]');
    await page.waitForSelector('#tape tr.buy, #tape tr.sell');
    await page.screenshot({ path: `${ARTIFACTS}console.png`, fullPage: true });
    assert.deepEqual(page_errors, []);
    assert.deepEqual(t.fatal, []);
  });
});

describe('web console: surveillance', () => {
  let t: TestServer;
  let browser: Browser;

  before(async () => {
    t = await startTestServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('an operator sees an alert appear with its evidence timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1400 } });
    await page.goto(`${t.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
    // Matched orders: the same client on both sides, three times within seconds.
    const harbour = t.client('HARBOUR');
    for (let i = 0; i < 3; i += 1) {
      const order = (side: string, type: string) => ({
        client_order_id: `wash-${side}-${i}`,
        instrument: TENCENT,
        side,
        order_type: type,
        time_in_force: 'day',
        price_units: 620_000,
        quantity_units: 100,
        owner: 'hk-retail-chan',
      });
      assert.equal((await harbour.post('/v1/orders', order('sell', 'limit'))).status, 200);
      assert.equal((await harbour.post('/v1/orders', order('buy', 'enhanced_limit'))).status, 200);
    }
    const row = page.locator('#alerts tr[data-alert]', { hasText: 'wash trade' });
    await row.first().waitFor();
    await row.first().click();
    await page.locator('#alert-detail h3', { hasText: 'Timeline' }).waitFor();
    assert.ok(
      (await page.locator('#alert-detail .timeline tr').count()) >= 6,
      'orders and trades on the timeline',
    );
    const detail = (await page.textContent('#alert-detail')) ?? '';
    assert.doesNotMatch(detail, /KYG875721634|undefined| · · /, 'symbols, no empty fields');
    assert.match(detail, /0700 @ 620\.000/, 'prices in market units');
    const log = await page.$$eval('#events td.detail', (cells) => cells.map((c) => c.textContent));
    assert.ok(log.length > 0);
    for (const line of log) assert.doesNotMatch(line ?? '', /^\{|"type"|undefined/, line ?? '');
    // The alert is a case: it moves along its workflow from the page, and its history says so.
    assert.match((await page.textContent('#case-states')) ?? '', /open\s*\d+/);
    await page.click('#alert-detail button[data-to="under_review"]');
    await page.locator('#alert-detail .case-history', { hasText: 'open → under review' }).waitFor();
    await page.click('#case-states button[data-state="under_review"]');
    await page
      .locator('#alerts tr[data-alert] td.case', { hasText: 'under review' })
      .first()
      .waitFor();
    assert.equal(
      await page.locator('#alerts tr[data-alert] td.case', { hasText: /^open$/ }).count(),
      0,
      'the filter shows cases under review only',
    );
    await page.click('#alert-detail button[data-to="closed"]');
    await page
      .locator('#alert-detail .case-history', { hasText: 'under review → closed (false positive)' })
      .waitFor();
    await page.click('#case-states button[data-state=""]');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}console-alerts.png`, fullPage: true });
    // Evidence is the operator's: acting as a participant clears it.
    await page.selectOption('#acting', 'HARBOUR');
    await page.waitForSelector('#alert-detail h3', { state: 'detached' });
    assert.equal(await page.locator('#alerts tr[data-alert]').count(), 0);
    await page.close();
  });
});

/** The Tracker Fund's spread table step between HKD 20 and 100 (HK ETP table): 0.020. */
const TRACKER_TICK_UNITS = 20;

/**
 * Where a new bid shows on the ladder: one tick above the best bid when the spread allows (a
 * level of its own, at the top), else at the best bid (its volume grows by the order's).
 */
async function bidTarget(t: TestServer): Promise<{ price_units: number; volume_before: number }> {
  const book = (await t.client('HARBOUR').get(`/v1/instruments/${TRACKER}/book?levels=1`)).as<{
    bid_price_units: number;
    ask_price_units: number;
    bids: Array<{ volume_units: number }>;
  }>();
  if (book.bid_price_units === 0) return { price_units: 25_500, volume_before: 0 };
  const improved = book.bid_price_units + TRACKER_TICK_UNITS;
  if (book.ask_price_units === 0 || improved < book.ask_price_units)
    return { price_units: improved, volume_before: 0 };
  return { price_units: book.bid_price_units, volume_before: book.bids[0]?.volume_units ?? 0 };
}

/** 25500 → "25.500" (HK prices have three decimals). */
function priceText(units: number): string {
  return `${Math.floor(units / 1_000)}.${String(units % 1_000).padStart(3, '0')}`;
}
