// Financing (docs/financing.md §13): the open repos the key may see with their money to the day,
// the exposure per pair (bars drawn with lightweight-charts, the exact figures in a table), recent
// margin calls and the Primary Liquidity Providers; then the HKMA facilities, unpaid margin and
// claims, collateral and the HKMA report (financing_liquidity.js). Data: GET /v1/financing/repos,
// /v1/financing/margin-calls, /v1/financing/plps and the liquidity sources (polled, and reloaded
// when the stream's repos, margin_calls or facilities channels carry something). Each panel is
// shown only when it has data: a panel is one entry of PANELS (its source and its HTML). Amounts
// are exact digit strings; the bars alone are floats.
import { pxText, scaledText } from '../bonds.js';
import { escapeHtml } from '../format.js';
import { createChart, HistogramSeries } from '../vendor/lightweight-charts.js';
import { faceText, money, percentText, whenText } from './financing_format.js';
import { LIQUIDITY_PANELS, LIQUIDITY_SOURCES } from './financing_liquidity.js';

const CHANNELS = new Set(['repos', 'margin_calls', 'facilities']);

/** What the panels read, by source name; reset when the key changes. */
let data = {};
let element = null;
let drawn = '';

/**
 * An exposure: positive, the seller owes margin (red); negative, the buyer does (green); muted
 * when smaller than the minimum transfer, so nothing would be called.
 */
function exposureCell(minor, minimum_minor, source = '') {
  if (minor === null || minor === undefined) return '<td class="exposure">–</td>';
  const value = BigInt(minor);
  const size = value < 0n ? -value : value;
  const owes = value > 0n ? 'seller-owes' : value < 0n ? 'buyer-owes' : '';
  const below = size < BigInt(minimum_minor ?? '0');
  const cls = below ? 'below-minimum' : owes;
  const why = [source, below ? 'below the minimum transfer: nothing to call' : '']
    .filter((x) => x !== '')
    .join('; ');
  const title = why === '' ? '' : ` title="${escapeHtml(why)}"`;
  return `<td class="exposure ${cls}"${title}>${money(minor, '')}</td>`;
}

/** One value when every item has the same, else null (a column shown only when it differs). */
function common(items, field) {
  const values = new Set(items.map((i) => i[field]));
  return values.size === 1 ? [...values][0] : null;
}

function repoRow(r, cols) {
  const days = r.term_days === null ? `${r.days}` : `${r.days}/${r.term_days}`;
  const end = r.repurchase_date === null ? 'open' : r.repurchase_date.slice(5);
  const bond = cols.bond ? `<td>${escapeHtml(r.isin)}</td>` : '';
  const currency = cols.currency ? ` ${escapeHtml(r.currency)}` : '';
  return `<tr data-repo="${escapeHtml(r.repo_id)}">
    <td class="id left">${escapeHtml(r.repo_id)}</td>
    <td class="left parties">${escapeHtml(r.seller)} → ${escapeHtml(r.buyer)}</td>${bond}
    <td>${faceText(r.face_minor)}</td><td class="cash">${money(r.purchase_price_minor, '')}${currency}</td>
    <td>${percentText(r.rate_e12)}</td>
    <td class="term" title="${escapeHtml(`${r.purchase_date} to ${r.repurchase_date ?? 'open (no fixed end)'}`)}">${escapeHtml(r.purchase_date.slice(5))} → ${escapeHtml(end)}</td>
    <td class="days">${days}</td>
    <td class="repurchase" title="${r.repurchase_price_at_end_minor === null ? 'an open repo: no fixed end' : `at the end: ${money(r.repurchase_price_at_end_minor, '')}`}">${money(r.repurchase_price_today_minor, '')}</td>
    <td class="margin">${money(r.cash_margin_minor, '')}</td>
    ${exposureCell(r.valuation?.exposure_minor ?? null, r.minimum_transfer_minor, sourceText(r.valuation))}</tr>`;
}

/** Where a repo's exposure price comes from, for its tooltip and the note. */
function sourceText(v) {
  if (!v) return '';
  if (v.source === 'margin_call') return `at its margin call of ${whenText(v.at_us)} HKT`;
  return `at the ${v.date} closing valuation (clean ${pxText(v.px_e8)})`;
}

function reposHtml(repos) {
  const isin = common(repos, 'isin');
  const currency = common(repos, 'currency');
  const cols = { bond: isin === null, currency: currency === null };
  const close = repos.find((r) => r.valuation?.source === 'closing_valuation')?.valuation;
  const calls = repos.some((r) => r.valuation?.source === 'margin_call');
  const valued = close ?? repos.find((r) => r.valuation !== null)?.valuation;
  const what = [
    isin === null
      ? ''
      : `Collateral ${escapeHtml(isin)}, face in ${escapeHtml(repos[0].bond_currency)}`,
    currency === null ? '' : `cash in ${escapeHtml(currency)}`,
    `haircut ${[...new Set(repos.map((r) => `${scaledText(String(r.haircut_ppm), 4, 1)} %`))].join(', ')}`,
  ]
    .filter((x) => x !== '')
    .join('; ');
  const at = [
    close ? escapeHtml(sourceText(close)) : '',
    calls ? 'at its last margin call where that is newer (the cell says which)' : '',
  ]
    .filter((x) => x !== '')
    .join(', or ');
  const exposure = valued
    ? `Exposure ${at}: repurchase price to today − margin held − bonds after haircut; red: the seller owes margin, green: the buyer does, grey: below the minimum transfer.`
    : 'No closing valuation of the collateral yet: exposures appear once one is published (margin calls value the bonds at the price the caller states).';
  const bond_head = cols.bond ? '<th>Bond</th>' : '';
  return `<div class="scroll"><table class="bond-table fin-repos"><thead><tr><th class="left">Repo</th><th class="left">Seller → buyer</th>${bond_head}<th>Face</th><th>Cash lent</th><th>Rate</th><th>Start → end</th><th>Days</th><th>Repurchase today</th><th>Margin held</th><th>Exposure</th></tr></thead><tbody>${repos.map((r) => repoRow(r, cols)).join('')}</tbody></table></div><p class="note">${what}. Days: so far/term. Margin held: by the buyer (negative: by the seller). ${exposure}</p>`;
}

function pairLabel(p) {
  return `${p.seller} → ${p.buyer}`;
}

/** The smallest minimum transfer among a pair's repos (what the pair could be called for). */
function pairMinimum(pair, repos) {
  const mins = repos
    .filter(
      (r) => r.seller === pair.seller && r.buyer === pair.buyer && r.currency === pair.currency,
    )
    .map((r) => BigInt(r.minimum_transfer_minor));
  // BigInts: Math.min does not take them.
  let least = mins[0] ?? 0n;
  for (const m of mins) if (m < least) least = m;
  return String(least);
}

function pairsTableHtml(pairs, repos) {
  const rows = pairs
    .map(
      (p) =>
        `<tr data-pair="${escapeHtml(pairLabel(p))}"><td class="left">${escapeHtml(pairLabel(p))}</td><td>${p.repos}</td><td>${money(p.purchase_price_minor, p.currency)}</td><td>${money(p.repurchase_price_today_minor, '')}</td><td>${money(p.cash_margin_minor, '')}</td>${exposureCell(p.exposure_minor, pairMinimum(p, repos))}</tr>`,
    )
    .join('');
  return `<table class="bond-table fin-pairs"><thead><tr><th class="left">Seller → buyer</th><th>Repos</th><th>Cash lent</th><th>Repurchase today</th><th>Margin held</th><th>Net exposure</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function callsHtml(calls) {
  const rows = calls
    .map((c) => {
      const [from, to] = c.from === 'seller' ? [c.seller, c.buyer] : [c.buyer, c.seller];
      return `<tr data-repo="${escapeHtml(c.repo_id)}"><td>${whenText(c.timestamp_us)}</td><td class="id left">${escapeHtml(c.repo_id)}</td><td>${escapeHtml(from)} → ${escapeHtml(to)}</td><td class="amount">${money(c.amount_minor, c.currency)}</td><td>${money(c.market_value_minor, '')}</td><td>${money(c.cash_margin_minor, '')}</td></tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="bond-table fin-calls"><thead><tr><th>When (HKT)</th><th class="left">Repo</th><th>Margin paid</th><th>Amount</th><th>Bonds valued at</th><th>Margin held after</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function plpsHtml(plps) {
  return `<div class="fin-plps">${plps.map((p) => `<span class="chip" title="${escapeHtml(p.name)}">${escapeHtml(p.party)}</span>`).join(' ')}</div><p class="note">Named by the operator (financing.set_plps): every Northbound repo has one on a side.</p>`;
}

// ---- the exposure bars: a histogram on lightweight-charts' time scale, one "day" per pair ----
// (the yield-curve chart draws lines only): the axis and crosshair name the pair, not a date.
const DAY_S = 86_400;
let chart = null;
let bars = null;
let bar_labels = [];

function labelAt(time) {
  return bar_labels[Math.round(Number(time) / DAY_S) - 1] ?? '';
}

function drawBars(container, pairs) {
  const valued = pairs.filter((p) => p.exposure_minor !== null);
  bar_labels = valued.map(pairLabel);
  chart ??= createChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: '#7d8a97', fontSize: 11 },
    grid: { vertLines: { visible: false }, horzLines: { color: '#1d252e' } },
    timeScale: { borderColor: '#26303b', tickMarkFormatter: labelAt, barSpacing: 60 },
    rightPriceScale: { borderColor: '#26303b' },
    localization: { timeFormatter: labelAt },
    handleScroll: false,
    handleScale: false,
  });
  bars ??= chart.addSeries(HistogramSeries, {
    priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    title: 'net exposure, CNH m',
  });
  // Millions of the cash currency, as floats for drawing only.
  bars.setData(
    valued.map((p, k) => ({
      time: (k + 1) * DAY_S,
      value: Number(BigInt(p.exposure_minor)) / 1e8,
      color: BigInt(p.exposure_minor) > 0n ? '#ef5d5d' : '#2fbf71',
    })),
  );
  chart.timeScale().fitContent();
  container.dataset.bars = String(valued.length);
  container.dataset.pairs = bar_labels.join('|');
}

/**
 * The panels in their order: `source` is what `load` fetched, `has` whether there is anything to
 * show, `html` the panel's body. A panel with nothing to show is hidden, never drawn empty.
 */
const PANELS = [
  {
    id: 'repos',
    title: 'Open repos',
    source: 'repos',
    has: (d) => d.repos.length > 0,
    html: (d) => reposHtml(d.repos),
  },
  {
    id: 'pairs',
    title: 'Exposure per pair (net, at the latest price known)',
    source: 'repos',
    has: (d) => d.pairs.length > 0,
    html: (d) => `<div class="fin-bars-slot"></div>${pairsTableHtml(d.pairs, d.repos)}`,
    after: (body, d) => {
      const slot = body.querySelector('.fin-bars-slot');
      const container = element.querySelector('#fin-bars');
      container.hidden = !d.pairs.some((p) => p.exposure_minor !== null);
      slot.replaceWith(container);
      if (!container.hidden) drawBars(container, d.pairs);
    },
  },
  {
    id: 'calls',
    title: 'Margin calls',
    source: 'margin_calls',
    has: (d) => d.margin_calls.length > 0,
    html: (d) => callsHtml(d.margin_calls),
  },
  {
    id: 'plps',
    title: 'Primary Liquidity Providers',
    source: 'plps',
    has: (d) => d.plps.length > 0,
    html: (d) => plpsHtml(d.plps),
  },
  // The HKMA facilities, unpaid margin and claims, collateral and the HKMA report.
  ...LIQUIDITY_PANELS,
];

const SOURCES = {
  repos: '/v1/financing/repos',
  margin_calls: '/v1/financing/margin-calls?limit=50',
  plps: '/v1/financing/plps',
  ...LIQUIDITY_SOURCES,
};

async function load(ctx) {
  const key = ctx.state.key;
  const replies = await Promise.all(
    Object.entries(SOURCES).map(async ([name, path]) => [name, await ctx.request('GET', path)]),
  );
  if (key !== ctx.state.key) return;
  const next = {};
  for (const [name, r] of replies) if (r.status === 200) next[name] = r.body;
  data = next;
  ctx.mark('financing');
}

export default {
  id: 'financing',
  title: 'Financing',
  wide: true,

  mount(el) {
    const panels = PANELS.map(
      (p) =>
        `<div class="fin-panel" id="fin-${p.id}" hidden><h3>${escapeHtml(p.title)}</h3><div class="body"></div></div>`,
    ).join('');
    el.insertAdjacentHTML(
      'beforeend',
      `<div id="financing" class="fin-grid">${panels}</div><p class="note fin-empty">No repos, margin calls, facilities or PLPs this key may see.</p><div id="fin-bars" class="fin-chart" data-bars="0" hidden></div><div id="fin-usage-bars" class="fin-chart" data-bars="0" hidden></div>`,
    );
    element = el;
  },

  reset(ctx) {
    data = {};
    drawn = '';
    ctx.mark('financing');
  },

  poll: load,

  onFrame(frame, ctx) {
    if (CHANNELS.has(frame.channel)) load(ctx);
  },

  update() {
    const key = JSON.stringify(data);
    if (key === drawn) return;
    drawn = key;
    // The charts' containers are parked outside the panels while they are redrawn.
    const charts = [...element.querySelectorAll('.fin-chart')];
    for (const c of charts) element.append(c);
    let shown = 0;
    for (const panel of PANELS) {
      const box = element.querySelector(`#fin-${panel.id}`);
      const source = data[panel.source];
      const has = source !== undefined && panel.has(source);
      box.hidden = !has;
      if (!has) continue;
      shown += 1;
      const body = box.querySelector('.body');
      body.innerHTML = panel.html(source);
      panel.after?.(body, source);
    }
    element.querySelector('.fin-empty').hidden = shown > 0;
    for (const c of charts) if (c.parentElement === element) c.hidden = true;
  },
};
