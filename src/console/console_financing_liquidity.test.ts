import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  CGB,
  command,
  openRepo,
  setUpFacilities,
  setUpRepoMarket,
} from '../gateways/http/financing_testing.js';
import { startTestServer, type TestServer } from '../gateways/http/testing.js';
import { addDays } from '../kernel/index.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

const intraday = (drawing_id: string, bank: string, amount_minor: string, face_minor: string) => ({
  ...{ type: 'financing.draw_facility', drawing_id, bank, facility: 'rmb_lf' },
  ...{ tenor: 'intraday', amount_minor, form: 'repo' },
  collateral: [{ isin: CGB, face_minor, px_e8: '10512000000' }],
});

/** The Financing view's facility, collateral, unpaid-margin and HKMA-report panels. */
describe('web console: financing, facilities and collateral', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];
  const actAs = async (who: string) => {
    await page.selectOption('#acting', who);
    await page.waitForSelector('#conn[data-state="live"]');
  };
  const cell = (selector: string) => page.locator(selector).first().textContent();

  before(async () => {
    t = await startTestServer();
    const date = await setUpRepoMarket(t);
    await setUpFacilities(t, date);
    // HSBC: CNH 1 bn intraday against CNY 1.1 bn; BOCHK: CNH 100 m for a month by FX swap.
    await command(t, 'HSBC', intraday('h-1', 'HSBC', '100000000000', '110000000000'));
    await command(t, 'BOCHK', {
      ...{ type: 'financing.draw_facility', drawing_id: 'b-1', bank: 'BOCHK', facility: 'trade' },
      ...{ tenor: '1m', amount_minor: '10000000000', form: 'fx_swap' },
      ...{ purpose: 'trade_finance', fx_rate_e8: '108500000', hkd_rate_e12: '30000000000' },
    });
    await openRepo(t, {
      ...{ repo_id: 'R1', seller: 'hk-inst-fund', buyer: 'HSBC', by: 'HARBOUR' },
      ...{ face_minor: '1000000000', repurchase_date: addDays(date, 7) },
    });
    await command(t, 'HSBC', {
      ...{ type: 'financing.post_otc_margin', posting_id: 'IM-1', member: 'HSBC' },
      ...{ account_category: 'house', margin_type: 'initial', isin: CGB },
      ...{ face_minor: '400000000', px_e8: '10512000000', reuse_of: 'R1' },
    });
    // The insurer's repo to SCBHK, its CNH spent: a call at 50.00 stays unpaid.
    await openRepo(t, {
      ...{ repo_id: 'R2', seller: 'hk-inst-insurer', buyer: 'SCBHK', by: 'PEAK' },
      ...{ face_minor: '1000000000', repurchase_date: null },
    });
    const cash = t.server.gateway.node.hub.state.ledger.accounts.get('hk-inst-insurer/CNH');
    assert.ok(cash !== undefined);
    const spend = String(cash.credits_posted - cash.debits_posted);
    await command(t, 'operator', {
      type: 'ledger.create_transfers',
      transfers: [
        {
          ...{ id: 'spend', debit_account_id: 'hk-inst-insurer/CNH' },
          ...{ credit_account_id: 'BOCHK/CNH', amount_minor: spend },
        },
      ],
    });
    await command(t, 'SCBHK', {
      type: 'financing.call_margin',
      repo_id: 'R2',
      px_e8: '5000000000',
    });
    await command(t, 'operator', {
      ...{ type: 'bonds.publish_valuation', isin: CGB, date },
      yield_e12: '31000000000',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1800 } });
    page.on('pageerror', (error) => page_errors.push(String(error)));
    await page.goto(`${t.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('facility usage: exact figures per facility and bank, bars of each limit', async () => {
    await page.locator('.fin-usage tr[data-usage="RMB LF intraday (in use)"]').waitFor();
    const row = '.fin-usage tr[data-usage="RMB LF intraday (in use)"]';
    assert.equal(await cell(`${row} td.drawn`), '1,000,000,000.00');
    assert.equal(await cell(`${row} td.limit`), '30,000,000,000.00');
    const line = '.fin-usage tr[data-usage="HSBC PLP line"]';
    assert.equal(await cell(`${line} td.limit`), '2,000,000,000.00');
    const trade = '.fin-usage tr[data-usage="BOCHK trade allocation"]';
    assert.equal(await cell(`${trade} td.drawn`), '100,000,000.00');
    assert.match((await page.locator(trade).textContent()) ?? '', /3\.33 %/);
    // Intraday, overnight, trade allocated and drawn; three lines and three allocations.
    await page.waitForSelector('#fin-usage-bars[data-bars="10"]');
    assert.ok((await page.locator('#fin-usage-bars canvas').count()) > 0, 'the chart is drawn');
  });

  test('drawings, unpaid margin, collateral and the HKMA report', async () => {
    const h1 = page.locator('.fin-drawings tr[data-drawing="h-1"]');
    await h1.waitFor();
    assert.equal(await h1.locator('td.amount').textContent(), '1,000,000,000.00');
    assert.match((await h1.textContent()) ?? '', /intraday.*1\.6166 %/);
    assert.match(
      (await cell('.fin-drawings tr[data-drawing="b-1"] td.against')) ?? '',
      /HKD 108,500,000\.00 at 1\.0850/,
    );
    const unpaid = page.locator('.fin-unpaid tr[data-repo="R2"]');
    await unpaid.waitFor();
    assert.match((await unpaid.textContent()) ?? '', /hk-inst-insurer → SCBHK/);
    assert.match(
      (await unpaid.locator('td.deadline').textContent()) ?? '',
      /^due \d\d-\d\d \d\d:\d\d:\d\d$/,
    );
    const position = page.locator(`.fin-collateral tr[data-position="HSBC ${CGB}"]`);
    await position.waitFor();
    assert.equal(await position.locator('td.received').textContent(), '10,000,000');
    assert.equal(await position.locator('td.reused').textContent(), '4,000,000');
    assert.equal(await position.locator('td.otc').textContent(), '4,000,000');
    await page
      .locator('#fin-collateral .note', { hasText: 'closing valuation yield 3.1000 %' })
      .waitFor();
    await page.locator('.fin-otc tr[data-posting="IM-1"]', { hasText: 're-use of R1' }).waitFor();
    assert.equal(await page.locator('.fin-report tr[data-action="opened"]').count(), 2);
    await page.screenshot({ path: `${ARTIFACTS}console-financing-liquidity.png`, fullPage: true });
  });

  test('a drawing arrives on the facilities channel', async () => {
    await command(t, 'SCBHK', intraday('s-1', 'SCBHK', '50000000000', '55000000000'));
    await page.locator('.fin-drawings tr[data-drawing="s-1"]').waitFor();
  });

  test('a bank sees its own drawings; a participant with none sees no facility panel', async () => {
    await actAs('BOCHK');
    await page.locator('.fin-drawings tr[data-drawing="b-1"]').waitFor();
    assert.equal(await page.locator('.fin-drawings tr[data-drawing="h-1"]').count(), 0);
    assert.equal(await page.locator('.fin-usage tr[data-usage="HSBC PLP line"]').count(), 0);
    await actAs('LIONROCK');
    await page.locator('#fin-plps .chip', { hasText: 'SCBHK' }).waitFor();
    for (const id of ['usage', 'drawings', 'unpaid', 'report'])
      assert.equal(await page.locator(`#fin-${id}`).isHidden(), true, id);
    assert.deepEqual(page_errors, []);
  });

  test('at 1024 px: no page scroll, no financing panel wider than itself', async () => {
    await actAs('operator');
    await page.locator('.fin-drawings tr[data-drawing="h-1"]').waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    assert.ok(layout.scroll_width <= 1024, `page ${layout.scroll_width} px wide`);
    assert.deepEqual(
      layout.overflowing.filter((o) => o.includes('financing')),
      [],
    );
    assert.deepEqual(page_errors, []);
  });
});
