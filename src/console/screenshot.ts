/**
 * `npm run console:screenshot`: the console after N minutes of the demo, reproducibly. Starts the
 * server as `npm start` does (the demo market, its simulator and the compressed demo day clock) on
 * a temporary data directory, opens the console in Chromium at the start and leaves it open while
 * the demo runs (so its balances view shows what moved), then saves full-page screenshots 1440 and
 * 1024 px wide and a summary into artifacts/, and checks what a user would: prices within
 * realistic bounds (Hong Kong instruments less than 10 % from the previous close and from where
 * they started), trades settled,
 * balances moved. Exits 1 when a check fails.
 *
 *   npm run console:screenshot -- [--minutes 10] [--advance] [--seed 2026] [--sim-speed 50] [--out DIR]
 *
 * `--advance` moves hub time to 17:01 of the hub's day at the end (the operator's
 * `POST /v1/clock/advance`), so a short run also reaches the settlement cycles.
 * @module
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../gateways/http/server.js';
import { httpClient } from '../gateways/http/testing.js';
import { DemoMarket } from '../sim/demo_market.js';
import { ARTIFACTS, LAYOUT, type Layout, launchChromium } from './browser_testing.js';

const HK_CHANGE_MAX_PERCENT = 10;
const PROGRESS_EVERY_MS = 30_000;

interface InstrumentSummary {
  id: string;
  symbol: string;
  market: string;
  price_scale: number;
  book: { last_price_units: number | null; previous_close_units: number | null } | null;
}

interface Account {
  account_id: string;
  balance_minor: string;
}

const USAGE =
  'usage: npm run console:screenshot -- [--minutes N] [--advance] [--seed N] [--sim-speed N] [--out DIR]\n';

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      advance: { type: 'boolean', default: false },
      seed: { type: 'string', default: '2026' },
      'sim-speed': { type: 'string', default: '50' },
      out: { type: 'string', default: ARTIFACTS },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      `${USAGE}\nThe console after N minutes (default 10) of the demo: screenshots 1440 and 1024 px wide\n` +
        'and console-demo.json in artifacts/; checks prices, settlement and balances.\n' +
        '  --minutes N    how long the demo runs (decimals allowed)\n' +
        '  --advance      at the end, move hub time to 17:01 so the settlement cycles run\n' +
        "  --seed N       the simulator's seed (default 2026)\n" +
        '  --sim-speed N  simulator steps per second (default 50)\n' +
        '  --out DIR      where to save (default artifacts/)\n',
    );
    process.exit(0);
  }
  const minutes = Number(values.minutes);
  const seed = Number(values.seed);
  const speed = Number(values['sim-speed']);
  if (!(minutes > 0) || !Number.isInteger(seed) || !(speed > 0)) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  return { minutes, seed, speed, advance: values.advance, out: resolve(values.out) };
}

function percentText(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)} %`;
}

async function main(): Promise<number> {
  const o = options();
  mkdirSync(o.out, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'hutong-screenshot-'));
  const fatal: unknown[] = [];
  const server = await startServer({
    data_dir: join(root, 'data'),
    port: 0,
    clock: 'demo',
    fsync: 'never',
    demo: true,
    simulator: {
      factory: (seed) => new DemoMarket({ seed, abuse: false }),
      seed: o.seed,
      running: true,
      steps_per_second: o.speed,
    },
    rate_limit: null,
    log_level: 'error',
    on_fatal: (error) => fatal.push(error),
  });
  const operator_key = server.gateway.keys.keyOf('operator');
  if (operator_key === undefined) throw new Error('no operator key');
  const api = httpClient(server.url, operator_key);
  const say = (text: string) => process.stdout.write(`console:screenshot: ${text}\n`);
  const browser = await launchChromium();
  try {
    say(`server ${server.url}, data in ${root}; the demo runs ${o.minutes} min`);
    const start_instruments = (await api.get('/v1/instruments')).as<{
      instruments: InstrumentSummary[];
    }>().instruments;
    const start_accounts = (await api.get('/v1/balances?limit=20000')).as<{
      accounts: Account[];
    }>().accounts;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const page_errors: string[] = [];
    page.on('pageerror', (error) => page_errors.push(String(error)));
    await page.goto(`${server.url}/console/`);
    await page.waitForSelector('#conn[data-state="live"]');
    const started = Date.now();
    const end = started + o.minutes * 60_000;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(PROGRESS_EVERY_MS, end - Date.now())));
      const clock = (await api.get('/v1/clock')).as<{ time: string }>();
      const settlement = (await api.get('/v1/settlement')).as<{ counts: Record<string, number> }>();
      const elapsed = ((Date.now() - started) / 60_000).toFixed(1);
      say(
        `${elapsed} min: hub ${clock.time}, seq ${server.gateway.node.hub.seq}, settled ${settlement.counts.settled ?? 0}, pending ${(settlement.counts.matched ?? 0) + (settlement.counts.pending ?? 0)}`,
      );
    }
    if (o.advance) {
      const clock = (await api.get('/v1/clock')).as<{ time: string }>();
      const to = `${clock.time.slice(0, 10)} 17:01`;
      const moved = await api.post('/v1/clock/advance', { to });
      say(`advanced hub time to ${to}: HTTP ${moved.status}`);
      await new Promise((r) => setTimeout(r, 5_000)); // the console polls every 2 s
    }

    // What a user would check.
    const instruments = (await api.get('/v1/instruments')).as<{
      instruments: InstrumentSummary[];
    }>().instruments;
    const settlement = (await api.get('/v1/settlement')).as<{ counts: Record<string, number> }>();
    const accounts = (await api.get('/v1/balances?limit=20000')).as<{ accounts: Account[] }>()
      .accounts;
    const clock = (await api.get('/v1/clock')).as<{ time: string }>();
    const before = new Map(start_accounts.map((a) => [a.account_id, a.balance_minor]));
    const moved = accounts.filter(
      (a) => before.has(a.account_id) && before.get(a.account_id) !== a.balance_minor,
    ).length;
    const first = new Map(start_instruments.map((i) => [i.id, i.book?.previous_close_units]));
    // Between the close and the next open a book has no last price: its close is the price.
    const prices = instruments
      .filter((i) => (i.book?.last_price_units ?? i.book?.previous_close_units ?? null) !== null)
      .map((i) => {
        const last = (i.book?.last_price_units ?? i.book?.previous_close_units) as number;
        const close = i.book?.previous_close_units ?? null;
        const start = first.get(i.id) ?? null;
        return {
          symbol: i.symbol,
          market: i.market,
          last: last / 10 ** i.price_scale,
          previous_close: close === null ? null : close / 10 ** i.price_scale,
          day_change_percent: close ? ((last - close) * 100) / close : null,
          since_start_percent: start ? ((last - start) * 100) / start : null,
        };
      });
    // A runaway market shows in the day's change, and after a close (when the previous close
    // catches up) in the move since the demo started: both stay within the bound.
    const hk_out = prices.filter(
      (p) =>
        p.market === 'XHKG' &&
        Math.max(Math.abs(p.day_change_percent ?? 0), Math.abs(p.since_start_percent ?? 0)) >=
          HK_CHANGE_MAX_PERCENT,
    );
    const settled = settlement.counts.settled ?? 0;
    const checks = [
      {
        check: `Hong Kong prices within ${HK_CHANGE_MAX_PERCENT} % of the previous close and of the start`,
        ok: hk_out.length === 0 && prices.some((p) => p.market === 'XHKG'),
        detail: hk_out.map(
          (p) =>
            `${p.symbol} day ${percentText(p.day_change_percent ?? 0)}, since start ${percentText(p.since_start_percent ?? 0)}`,
        ),
      },
      { check: 'settled instructions > 0', ok: settled > 0, detail: [`${settled} settled`] },
      { check: 'balances moved', ok: moved > 0, detail: [`${moved} accounts moved`] },
      {
        check: 'no page errors, no hub halt',
        ok: page_errors.length === 0 && fatal.length === 0,
        detail: [...page_errors, ...fatal.map(String)],
      },
    ];

    // The screenshots: the page that watched the demo, at two widths.
    const shots: string[] = [];
    for (const [width, height] of [
      [1440, 900],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(1_500); // a frame or two for the chart's autosize and a poll
      const path = join(o.out, `console-demo-${width}.png`);
      await page.screenshot({ path, fullPage: true });
      shots.push(path);
      const layout = (await page.evaluate(LAYOUT)) as Layout;
      checks.push({
        check: `at ${width} px: no horizontal page scroll, nothing wider than its panel`,
        ok: layout.scroll_width <= width && layout.overflowing.length === 0,
        detail: [
          ...(layout.scroll_width > width ? [`page ${layout.scroll_width} px wide`] : []),
          ...layout.overflowing,
        ],
      });
    }
    const summary = {
      minutes: o.minutes,
      advanced: o.advance,
      seed: o.seed,
      hub_time: clock.time,
      seq: server.gateway.node.hub.seq,
      settlement: settlement.counts,
      accounts_moved: moved,
      prices,
      checks,
      screenshots: shots,
    };
    writeFileSync(join(o.out, 'console-demo.json'), `${JSON.stringify(summary, null, 2)}\n`);

    say(`hub time ${clock.time}, seq ${summary.seq}`);
    for (const p of prices)
      say(
        `  ${p.symbol.padEnd(7)} ${p.market} last ${String(p.last).padStart(10)}  day ${p.day_change_percent === null ? '–' : percentText(p.day_change_percent)}  since start ${p.since_start_percent === null ? '–' : percentText(p.since_start_percent)}`,
      );
    say(`settlement ${JSON.stringify(settlement.counts)}; ${moved} accounts moved`);
    for (const c of checks)
      say(
        `${c.ok ? 'ok  ' : 'FAIL'} ${c.check}${c.detail.length > 0 ? `: ${c.detail.join(', ')}` : ''}`,
      );
    for (const s of shots) say(`saved ${s}`);
    say(`saved ${join(o.out, 'console-demo.json')}`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `console:screenshot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
