import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  ALICE,
  CN_BANK,
  HK_BANK,
  instruction,
  LI,
  LINK_BANK,
  setUpPayments,
  submitBody,
  WANG,
} from '../gateways/http/payments_testing.js';
import { startTestServer, type TestServer } from '../gateways/http/testing.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

async function command(t: TestServer, who: string, body: Record<string, unknown>) {
  const reply = await t.client(who).post('/v1/commands', body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

/** The Payments view: payments both ways made through the API, then one sent from its form. */
describe('web console: payments', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];

  before(async () => {
    t = await startTestServer();
    await setUpPayments(t);
    // Northbound RMB 100.00 by mobile; Southbound tuition RMB 1,000.00 received in HKD at
    // BOCHK's 1.08; Southbound RMB 30.00 held before credit, then recalled (DUPL).
    await command(
      t,
      HK_BANK,
      submitBody(instruction('NB-C1', 'northbound', ALICE, WANG.mobile, 100_00n)),
    );
    await command(t, LINK_BANK, {
      ...{ type: 'payments.quote', quote_id: 'Q-C1', bank: LINK_BANK },
      ...{ from: 'CNY', to: 'HKD', rate_e8: '108000000' },
    });
    const tuition = instruction('SB-FX', 'southbound', WANG, ALICE.mobile, 1_000_00n);
    await command(
      t,
      CN_BANK,
      submitBody(tuition, { receive_currency: 'HKD', quote_id: 'Q-C1', purpose: 'tuition' }),
    );
    await command(
      t,
      CN_BANK,
      submitBody(instruction('SB-C2', 'southbound', WANG, ALICE.mobile, 30_00n), { credit: false }),
    );
    await command(t, CN_BANK, { type: 'payments.recall', end_to_end_id: 'SB-C2', reason: 'DUPL' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
    page.on('pageerror', (error) => page_errors.push(String(error)));
    await page.goto(`${t.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
    await page.selectOption('#acting', HK_BANK);
    await page.waitForSelector('#conn[data-state="live"]');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('HSBC sees the payments both ways, newest first, as the API lists them', async () => {
    await page.locator('.pay-list tr[data-e2e="SB-C2"]').waitFor();
    const api = (await t.client(HK_BANK).get('/v1/payments')).as<{
      payments: Array<{ end_to_end_id: string }>;
    }>();
    const rows = await page
      .locator('.pay-list tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-e2e')));
    assert.deepEqual(
      rows,
      api.payments.map((p) => p.end_to_end_id),
    );
    assert.deepEqual([...rows].sort(), ['NB-C1', 'SB-C2', 'SB-FX']);
    const fx = page.locator('.pay-list tr[data-e2e="SB-FX"]');
    assert.equal(await fx.locator('td.sent').textContent(), '1,000.00 CNY');
    assert.equal(await fx.locator('td.received').textContent(), '1,080.00 HKD');
    assert.equal(
      await page.locator('.pay-list tr[data-e2e="SB-C2"] td.reason').textContent(),
      'PAYMENT_RECALLED',
    );
  });

  test('volumes per hour drawn; FX converted and failures by reason summed', async () => {
    await page.waitForSelector('#pay-bars:not([data-bars="0"])');
    assert.ok((await page.locator('#pay-bars canvas').count()) > 0, 'the chart is drawn');
    const counts = (await page.getAttribute('#pay-bars', 'data-counts')) ?? '';
    const total = counts
      .split('|')
      .flatMap((c) => c.split('/'))
      .reduce((s, n) => s + Number(n), 0);
    assert.equal(total, 3);
    const pair = page.locator('.pay-fx tr[data-pair="CNY→HKD"]');
    assert.equal(await pair.locator('td.received').textContent(), '1,080.00 HKD');
    assert.equal(
      await page
        .locator('.pay-failures tr[data-reason="PAYMENT_RECALLED"] td')
        .nth(1)
        .textContent(),
      '1',
    );
  });

  test("the payer's limits consumed: RMB 100.00 counts HK$108.70 of HK$10,000 today", async () => {
    await page.selectOption('#pay-payer', ALICE.id);
    const row = page.locator('.pay-limits tr[data-key^="northbound"]');
    await row.locator('td.day-used', { hasText: '108.70 HKD' }).waitFor();
    assert.equal(await row.locator('td.day-left').textContent(), '9,891.30 HKD');
  });

  test('the form offers only the payers the direction allows', async () => {
    const payers = () =>
      page
        .locator('#pay-payer option')
        .evaluateAll((os) => os.map((o) => (o as { value: string }).value));
    await page.selectOption('#pay-direction', 'southbound');
    assert.ok(!(await payers()).includes(ALICE.id), 'a Hong Kong resident does not pay Southbound');
    await page.selectOption('#pay-direction', 'northbound');
    assert.ok((await payers()).includes(ALICE.id));
  });

  test('the form sends a payment as Alice; one over the daily cap shows the refusal', async () => {
    await page.selectOption('#pay-direction', 'northbound');
    await page.selectOption('#pay-payer', ALICE.id);
    await page.fill('#pay-mobile', LI.mobile);
    await page.fill('#pay-amount', '50.00');
    await page.selectOption('#pay-send-currency', 'CNY');
    await page.click('#pay-submit');
    await page.locator('#pay-result .ok', { hasText: 'accepted' }).waitFor();
    await page.locator('.pay-list tbody tr').nth(3).waitFor();
    // HK$108.70 + HK$54.35 used: RMB 9,900.00 (HK$10,761.30) is over the cap.
    await page.fill('#pay-amount', '9900.00');
    await page.click('#pay-submit');
    const refusal = page.locator('#pay-result .bad');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /^PAYMENT_DAILY_LIMIT: /);
    await page.locator('.pay-limits td.day-used', { hasText: '163.05 HKD' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}console-payments.png`, fullPage: true });
    assert.deepEqual(page_errors, []);
  });

  test("the form converts: HKD sent Northbound at the link bank's quote, the rate prefilled", async () => {
    await page.selectOption('#pay-direction', 'northbound');
    assert.deepEqual(
      await page
        .locator('#pay-receive-currency option')
        .evaluateAll((os) => os.map((o) => o.textContent)),
      ['CNY'],
    );
    assert.equal(await page.locator('#pay-rate-label').isHidden(), true);
    await page.selectOption('#pay-payer', ALICE.id);
    await page.fill('#pay-mobile', LI.mobile);
    await page.selectOption('#pay-send-currency', 'HKD');
    // No HKD → CNY payment yet: no rate to offer, and the form says what it needs.
    assert.equal(await page.inputValue('#pay-rate'), '');
    await page.fill('#pay-amount', '10.00');
    await page.click('#pay-submit');
    await page.locator('#pay-result .bad', { hasText: 'Rate: CNY received per HKD' }).waitFor();
    await page.fill('#pay-rate', '0.9');
    await page.click('#pay-submit');
    await page.locator('#pay-result .ok', { hasText: 'accepted' }).waitFor();
    const pair = page.locator('.pay-fx tr[data-pair="HKD→CNY"] td.received');
    await pair.filter({ hasText: '9.00 CNY' }).waitFor();
    await page.selectOption('#pay-direction', 'southbound');
    assert.deepEqual(
      await page
        .locator('#pay-send-currency option')
        .evaluateAll((os) => os.map((o) => o.textContent)),
      ['CNY'],
    );
    // Southbound received in HKD: BOCHK's 1.08 of the set-up's tuition payment.
    await page.selectOption('#pay-receive-currency', 'HKD');
    assert.equal(await page.inputValue('#pay-rate'), '1.08');
    await page.selectOption('#pay-receive-currency', 'CNY');
    await page.selectOption('#pay-direction', 'northbound');
    await page.selectOption('#pay-send-currency', 'CNY');
    assert.deepEqual(page_errors, []);
  });

  test('a bank with no payments sees no payment panel; at 1024 px nothing overflows', async () => {
    await page.selectOption('#acting', 'SCBHK');
    await page.waitForSelector('#conn[data-state="live"]');
    await page.locator('#view-payments .pay-empty:not([hidden])').waitFor();
    for (const id of ['list', 'volumes', 'limits', 'fx', 'failures'])
      assert.equal(await page.locator(`#pay-${id}`).isHidden(), true, id);
    await page.selectOption('#acting', HK_BANK);
    await page.locator('.pay-list tr[data-e2e="NB-C1"]').waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    assert.ok(layout.scroll_width <= 1024, `page ${layout.scroll_width} px wide`);
    assert.deepEqual(
      layout.overflowing.filter((o) => o.includes('pay')),
      [],
    );
    assert.deepEqual(page_errors, []);
  });
});
