import { chromium } from 'playwright-core';
const [key, tag] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await b.newPage({ viewport: { width: 1440, height: 1300 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(`http://localhost:8790/console/?key=${key}`);
await page.waitForSelector('#conn[data-state="live"]', { timeout: 20000 });
await page.waitForTimeout(6000);
for (const v of ['payments', 'risk']) {
  const el = page.locator(`#view-${v}`);
  await el.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  await el.screenshot({ path: `/tmp/shots/${tag}-${v}.png` });
}
console.log('errors', JSON.stringify(errors), await page.locator('#clock, .hub-time').first().textContent().catch(() => ''));
await b.close();
