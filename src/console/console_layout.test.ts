import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../gateways/http/testing.js';
import { MarketSimulator } from '../sim/market/simulator.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

/** The views that must be on screen, laid out side by side or one under another. */
const KEY_VIEWS = [
  'instruments',
  'quotas',
  'book',
  'chart',
  'ticket',
  'settlement',
  'balances',
  'surveillance',
  'events',
];

/** Usable at 1024 px and wider: no horizontal page scroll, nothing clipped or overlapping. */
describe('web console layout', () => {
  let t: TestServer;
  let browser: Browser;

  before(async () => {
    t = await startTestServer({
      simulator: {
        factory: (seed) => new MarketSimulator({ seed }),
        seed: 11,
        running: true,
        steps_per_second: 50,
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [width, height] of [
    [1024, 768],
    [1440, 900],
  ] as const) {
    test(`at ${width}×${height}: no horizontal scroll, every view visible, none overlapping or overflowing`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      const page_errors: string[] = [];
      page.on('pageerror', (error) => page_errors.push(String(error)));
      await page.goto(`${t.url}/console/`);
      await page.waitForSelector('#conn[data-state="live"]');
      // Content as a user sees it: trades printing, accounts, instructions, events.
      await page.waitForSelector('#tape tr.buy, #tape tr.sell');
      await page.waitForSelector('#balances tr[data-account]');
      await page.waitForSelector('#settlement-latest tr.instruction');
      await page.waitForSelector('#events tr');
      await page.waitForSelector('#my-orders tr[data-order]');
      const layout = (await page.evaluate(LAYOUT)) as Layout;
      assert.ok(layout.scroll_width <= width, `page ${layout.scroll_width} px wide`);
      assert.deepEqual(layout.overflowing, []);
      for (const id of KEY_VIEWS) {
        const box = layout.boxes.find((b) => b.id === `view-${id}`);
        assert.ok(box, `view ${id}`);
        assert.ok(await page.isVisible(`#view-${id}`), `${id} visible`);
        assert.ok(box.width >= 240 && box.x >= 0 && box.x + box.width <= width, `${id} in width`);
      }
      for (const a of layout.boxes) {
        for (const b of layout.boxes) {
          if (a.id >= b.id) continue;
          const apart =
            a.x + a.width <= b.x + 0.5 ||
            b.x + b.width <= a.x + 0.5 ||
            a.y + a.height <= b.y + 0.5 ||
            b.y + b.height <= a.y + 0.5;
          assert.ok(apart, `${a.id} and ${b.id} overlap`);
        }
      }
      // The trading screen starts on the first screen: the instruments, the book and the chart.
      for (const id of ['instruments', 'book', 'chart'] as const) {
        const box = layout.boxes.find((b) => b.id === `view-${id}`);
        assert.ok(box !== undefined && box.y < height, `${id} on the first screen`);
      }
      await page.screenshot({ path: `${ARTIFACTS}console-${width}.png`, fullPage: true });
      assert.deepEqual(page_errors, []);
      await page.close();
    });
  }
});
