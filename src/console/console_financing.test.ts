import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CGB, command, openRepo, setUpRepoMarket } from '../gateways/http/financing_testing.js';
import { startTestServer, type TestServer } from '../gateways/http/testing.js';
import { addDays } from '../kernel/index.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

/** 123456789 (minor units, 2 decimals) → "1,234,567.89", as the console writes amounts. */
function amountText(minor: string): string {
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

interface RepoJson {
  readonly repo_id: string;
  readonly purchase_price_minor: string;
  readonly repurchase_price_today_minor: string;
  readonly valuation: { exposure_minor: string } | null;
}

/** The Financing view with repos, a closing valuation and a margin call made through the API. */
describe('web console: financing', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const page_errors: string[] = [];
  const actAs = async (who: string) => {
    await page.selectOption('#acting', who);
    await page.waitForSelector('#conn[data-state="live"]');
  };

  before(async () => {
    t = await startTestServer();
    const date = await setUpRepoMarket(t);
    const face_minor = '1000000000';
    await openRepo(t, {
      ...{ repo_id: 'R-FUND-HSBC', seller: 'hk-inst-fund', buyer: 'HSBC', by: 'HARBOUR' },
      ...{ face_minor, repurchase_date: addDays(date, 7) },
    });
    await openRepo(t, {
      ...{ repo_id: 'R-INS-SCB', seller: 'hk-inst-insurer', buyer: 'SCBHK', by: 'PEAK' },
      ...{ face_minor, repurchase_date: null },
    });
    await command(t, 'operator', {
      ...{ type: 'bonds.publish_valuation', isin: CGB, date },
      yield_e12: '31000000000',
    });
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

  test('the operator sees every open repo with its money, the PLPs, no empty panel', async () => {
    const repos = (await t.client('operator').get('/v1/financing/repos')).body as {
      repos: RepoJson[];
    };
    for (const r of repos.repos) {
      const row = page.locator(`.fin-repos tr[data-repo="${r.repo_id}"]`);
      await row.waitFor();
      assert.equal(await row.locator('td.cash').textContent(), amountText(r.purchase_price_minor));
      assert.equal(
        await row.locator('td.repurchase').textContent(),
        amountText(r.repurchase_price_today_minor),
      );
      const exposure = r.valuation?.exposure_minor ?? 'none';
      assert.equal(await row.locator('td.exposure').textContent(), amountText(exposure));
      assert.ok(BigInt(exposure) > 0n, 'the close is below the agreed price');
      assert.equal(await row.locator('td.exposure.seller-owes').count(), 1);
    }
    await page
      .locator('.fin-repos tr[data-repo="R-INS-SCB"] td.term', { hasText: 'open' })
      .waitFor();
    // One bond, one cash currency: said once under the table rather than on every row.
    await page
      .locator('#fin-repos .note', {
        hasText: `Collateral ${CGB}, face in CNY; cash in CNH; haircut 2.0 %`,
      })
      .waitFor();
    await page.locator('#fin-plps .chip', { hasText: 'BOCHK' }).waitFor();
    assert.equal(await page.locator('#fin-plps .chip').count(), 3);
    assert.equal(await page.locator('#fin-calls').isHidden(), true, 'no margin call yet: hidden');
  });

  test('the exposure bars: one per pair, drawn; the pairs table has the exact figures', async () => {
    await page.waitForSelector('#fin-bars[data-bars="2"]');
    const pairs = (await page.getAttribute('#fin-bars', 'data-pairs')) ?? '';
    assert.deepEqual(pairs.split('|').sort(), ['hk-inst-fund → HSBC', 'hk-inst-insurer → SCBHK']);
    assert.ok((await page.locator('#fin-bars canvas').count()) > 0, 'the chart is drawn');
    assert.equal(await page.locator('.fin-pairs tbody tr').count(), 2);
  });

  test('a margin call arrives on the stream and is listed; the exposure drops by it', async () => {
    const before_call = (await t.client('HSBC').get('/v1/financing/repos/R-FUND-HSBC'))
      .body as RepoJson & { valuation: { px_e8: string; exposure_minor: string } };
    const px_e8 = before_call.valuation.px_e8;
    await command(t, 'HSBC', { type: 'financing.call_margin', repo_id: 'R-FUND-HSBC', px_e8 });
    const call = page.locator('.fin-calls tr[data-repo="R-FUND-HSBC"]');
    await call.waitFor();
    assert.match((await call.textContent()) ?? '', /hk-inst-fund → HSBC/);
    const after_call = (await t.client('HSBC').get('/v1/financing/repos/R-FUND-HSBC'))
      .body as RepoJson;
    const cell = page.locator('.fin-repos tr[data-repo="R-FUND-HSBC"] td.exposure');
    const text = amountText(after_call.valuation?.exposure_minor ?? '');
    await cell.filter({ hasText: new RegExp(`^${text.replace(/[.]/g, '\\.')}$`) }).waitFor();
    assert.equal(await cell.count(), 1);
    await page.screenshot({ path: `${ARTIFACTS}console-financing.png`, fullPage: true });
  });

  test('each party sees its own repos; a bank with none sees no financing panel but the PLPs', async () => {
    await actAs('PEAK');
    await page.locator('.fin-repos tr[data-repo="R-INS-SCB"]').waitFor();
    assert.equal(await page.locator('.fin-repos tr[data-repo="R-FUND-HSBC"]').count(), 0);
    assert.equal(await page.locator('#fin-calls').isHidden(), true, "PEAK's repo had no call");
    await actAs('LIONROCK');
    // Once LIONROCK's data is in (the PLPs are public), its (no) repos are too.
    await page.locator('#fin-plps .chip', { hasText: 'SCBHK' }).waitFor();
    assert.equal(await page.locator('#fin-repos').isHidden(), true);
    assert.equal(await page.locator('#fin-pairs').isHidden(), true);
    assert.equal(await page.locator('#fin-calls').isHidden(), true);
    assert.deepEqual(page_errors, []);
  });

  test('at 1024 px with repo data: no page scroll, no financing panel wider than itself', async () => {
    await actAs('operator');
    await page.locator('.fin-repos tr[data-repo="R-FUND-HSBC"]').waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(300);
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    assert.ok(layout.scroll_width <= 1024, `page ${layout.scroll_width} px wide`);
    assert.deepEqual(
      layout.overflowing.filter((o) => o.includes('financing')),
      [],
    );
    await page.screenshot({ path: `${ARTIFACTS}console-financing-1024.png`, fullPage: true });
    assert.deepEqual(page_errors, []);
  });
});
