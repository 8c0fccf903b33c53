// The Financing view's second set of panels (docs/financing.md §13, docs/console.md): HKMA facility
// usage (bars of drawn against the limit with lightweight-charts, the exact figures in a table),
// the drawings outstanding, unpaid margin calls with their deadlines and close-out claims,
// collateral positions with OTC Clear postings, and the HKMA same-day repo report. Each is a
// PANELS entry of financing.js: its source, whether it has data, its HTML. Amounts are exact digit
// strings; the bars alone are floats (a percentage of the limit, for drawing only).
import { pxText, scaledText, yieldText } from '../bonds.js';
import { escapeHtml, minorText } from '../format.js';
import { createChart, HistogramSeries } from '../vendor/lightweight-charts.js';
import { faceText, money, percentText, ppmText, whenText } from './financing_format.js';

export const LIQUIDITY_SOURCES = {
  facilities: '/v1/financing/facilities',
  exposures: '/v1/financing/exposures',
  collateral: '/v1/financing/collateral',
  hkma_report: '/v1/financing/hkma-report',
};

const FACILITY = { rmb_lf: 'RMB Liquidity Facility', trade: 'Trade facility' };
const TENOR = {
  intraday: 'intraday',
  overnight: 'overnight',
  '1d': '1 day',
  '1w': '1 week',
  '2w': '2 weeks',
  '1m': '1 month',
  '3m': '3 months',
  '6m': '6 months',
};

/** drawn / limit as "12.34 %" with exact integers (BigInt), or "–" without a limit. */
function usedText(drawn, limit) {
  const l = BigInt(limit);
  if (l === 0n) return '–';
  return `${minorText(((BigInt(drawn) * 10000n) / l).toString(), 2)} %`;
}

/** The usage rows: each facility's day totals, then each bank's line and allocation. */
function usageRows(u) {
  // [label, drawn, limit (null: none), the bar's short label]
  const rows = [
    ['RMB LF intraday (in use)', u.intraday_drawn_minor, u.intraday_total_minor, 'LF intraday'],
    [
      `RMB LF overnight (${u.date})`,
      u.overnight_used_minor,
      u.overnight_total_minor,
      'LF overnight',
    ],
    ['Trade facility: allocated', u.trade_allocated_minor, u.trade_total_minor, 'trade alloc.'],
    ['Trade facility: drawn', u.trade_drawn_minor, u.trade_total_minor, 'trade drawn'],
  ];
  for (const b of u.banks) {
    const lf =
      BigInt(b.rmb_lf_intraday_minor) +
      BigInt(b.rmb_lf_overnight_minor) +
      BigInt(b.rmb_lf_term_minor);
    if (lf > 0n) rows.push([`${b.bank} RMB LF (outside its line)`, lf.toString(), null, '']);
    if (b.plp_line_minor !== '0')
      rows.push([`${b.bank} PLP line`, b.plp_line_drawn_minor, b.plp_line_minor, `${b.bank} line`]);
    if (b.trade_allocation_minor !== '0')
      rows.push([
        `${b.bank} trade allocation`,
        b.trade_drawn_minor,
        b.trade_allocation_minor,
        `${b.bank} trade`,
      ]);
  }
  return rows;
}

function usageHtml(f) {
  const rows = usageRows(f.usage)
    .map(
      ([label, drawn, limit]) =>
        `<tr data-usage="${escapeHtml(label)}"><td class="left">${escapeHtml(label)}</td><td class="drawn">${money(drawn, '')}</td><td class="limit">${limit === null ? '–' : money(limit, '')}</td><td>${limit === null ? '–' : usedText(drawn, limit)}</td></tr>`,
    )
    .join('');
  const fixings = f.fixings
    .map(
      (x) =>
        `${escapeHtml(x.name.replace(/_/g, ' '))} ${percentText(x.rate_e12)} (${escapeHtml(x.date)})`,
    )
    .join(', ');
  return `<div class="fin-usage-slot"></div><div class="scroll"><table class="bond-table fin-usage"><thead><tr><th class="left">CNH</th><th>Drawn</th><th>Limit</th><th>Used</th></tr></thead><tbody>${rows}</tbody></table></div><p class="note">Bars: drawn as a share of the limit. Intraday counts what is in use now; overnight what was drawn or rolled today; PLP lines are outside both. ${fixings === '' ? '' : `Latest fixings: ${fixings}.`}</p>`;
}

// ---- the usage bars: a histogram on lightweight-charts' time scale, one "day" per row ----
const DAY_S = 86_400;
let chart = null;
let bars = null;
let labels = [];

function labelAt(time) {
  return labels[Math.round(Number(time) / DAY_S) - 1] ?? '';
}

function drawUsage(container, usage) {
  const rows = usageRows(usage).filter(([, , limit]) => limit !== null && limit !== '0');
  const next = rows.map(([, , , short]) => short);
  // The time scale keeps its tick labels: other rows (another key) need a fresh chart.
  if (chart !== null && next.join('|') !== labels.join('|')) {
    chart.remove();
    chart = null;
    bars = null;
  }
  labels = next;
  chart ??= createChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: '#7d8a97', fontSize: 11 },
    grid: { vertLines: { visible: false }, horzLines: { color: '#1d252e' } },
    timeScale: { borderColor: '#26303b', tickMarkFormatter: labelAt, barSpacing: 80 },
    rightPriceScale: { borderColor: '#26303b' },
    localization: { timeFormatter: labelAt },
    handleScroll: false,
    handleScale: false,
  });
  bars ??= chart.addSeries(HistogramSeries, {
    priceFormat: { type: 'price', precision: 1, minMove: 0.1 },
    title: '% of limit drawn',
    // Always 0–100 %: a small use must look small.
    autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }),
  });
  bars.setData(
    rows.map(([, drawn, limit], k) => {
      const share = Number((BigInt(drawn) * 10000n) / BigInt(limit)) / 100;
      return { time: (k + 1) * DAY_S, value: share, color: share >= 80 ? '#ef5d5d' : '#4c8dff' };
    }),
  );
  chart.timeScale().fitContent();
  container.dataset.bars = String(rows.length);
  container.dataset.labels = rows.map(([label]) => label).join('|');
}

/** A rate to 4 decimals of a percent (an intraday rate averages three fixings); exact in the tooltip. */
function rateText(rate_e12) {
  return `${scaledText((BigInt(rate_e12) / 1_000_000n).toString(), 4, 2)} %`;
}

function collateralText(d) {
  if (d.hkd !== null)
    return `HKD ${money(d.hkd.amount_minor, '')} at ${scaledText(d.hkd.spot_e8, 8, 4)} HKD/CNH, HKD ${percentText(d.hkd.rate_e12)}`;
  return d.collateral
    .map(
      (c) =>
        `${escapeHtml(c.isin)} ${faceText(c.face_minor)} @ ${scaledText((BigInt(c.px_e8) / 10_000n).toString(), 4, 4)}: ${money(c.value_after_haircut_minor, '')} after ${ppmText(c.haircut_ppm)}`,
    )
    .join('; ');
}

function drawingsHtml(drawings) {
  const rows = drawings
    .map((d) => {
      const line = d.plp_line ? ' · PLP line' : '';
      const rolled = d.rolled_overnight
        ? ' <span class="chip rolled">rolled to overnight</span>'
        : '';
      const what = d.purpose === null ? '' : ` title="${escapeHtml(d.purpose.replace(/_/g, ' '))}"`;
      return `<tr data-drawing="${escapeHtml(d.drawing_id)}"><td class="id left">${escapeHtml(d.drawing_id)}</td><td class="left">${escapeHtml(d.bank)}</td><td class="left"${what}>${FACILITY[d.facility] ?? escapeHtml(d.facility)}${line}</td><td class="left tenor">${TENOR[d.tenor] ?? escapeHtml(d.tenor)}${rolled}</td><td>${d.form === 'fx_swap' ? 'FX swap' : 'repo'}</td><td class="amount">${money(d.amount_minor, '')}</td><td title="${escapeHtml(percentText(d.rate_e12))}">${rateText(d.rate_e12)}</td><td title="${escapeHtml(`traded ${d.trade_date}, value ${d.value_date}, due ${d.maturity_date}`)}">${escapeHtml(d.value_date.slice(5))} → ${escapeHtml(d.maturity_date.slice(5))}</td><td class="left against">${collateralText(d)}</td></tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="bond-table fin-drawings"><thead><tr><th class="left">Drawing</th><th class="left">Bank</th><th class="left">Facility</th><th class="left">Tenor</th><th>Form</th><th>CNH</th><th>Rate</th><th>Value → due</th><th class="left">Against</th></tr></thead><tbody>${rows}</tbody></table></div><p class="note">Owed to the HKMA. Intraday funds not repaid by 23:30 roll to overnight at the overnight rate, due the next business day. Collateral at the bank's price on the day it drew, after the schedule's haircut.</p>`;
}

function exposuresHtml(e) {
  const calls = e.margin_calls
    .map((c) => {
      const state = c.overdue
        ? '<span class="overdue">overdue: a default may be declared</span>'
        : `due ${whenText(c.deadline_us)}`;
      return `<tr data-repo="${escapeHtml(c.repo_id)}"><td class="id left">${escapeHtml(c.repo_id)}</td><td class="left">${escapeHtml(c.payer)} → ${escapeHtml(c.payee)}</td><td class="amount">${money(c.amount_minor, c.currency)}</td><td>${whenText(c.called_at_us)}</td><td class="deadline${c.overdue ? ' overdue' : ''}">${state}</td></tr>`;
    })
    .join('');
  const claims = e.claims
    .map(
      (c) =>
        `<tr data-claim="${escapeHtml(c.claim_id)}"><td class="id left">${escapeHtml(c.claim_id)}</td><td class="left">${escapeHtml(c.debtor)} owes ${escapeHtml(c.creditor)}</td><td class="amount">${money(c.amount_minor, c.currency)}</td><td>${whenText(c.created_at_us)}</td><td class="left">${c.repo_ids.map(escapeHtml).join(', ')}</td></tr>`,
    )
    .join('');
  const calls_table =
    calls === ''
      ? ''
      : `<h4>Margin calls not paid (the payer lacked the cash)</h4><div class="scroll"><table class="bond-table fin-unpaid"><thead><tr><th class="left">Repo</th><th class="left">Payer → payee</th><th>Amount</th><th>Called (HKT)</th><th>Deadline (HKT)</th></tr></thead><tbody>${calls}</tbody></table></div>`;
  const claims_table =
    claims === ''
      ? ''
      : `<h4>Unsecured claims left by close-outs</h4><div class="scroll"><table class="bond-table fin-claims"><thead><tr><th class="left">Claim</th><th class="left">Who owes whom</th><th>Amount</th><th>Since (HKT)</th><th class="left">Repos closed out</th></tr></thead><tbody>${claims}</tbody></table></div>`;
  return `${calls_table}${claims_table}`;
}

/** A position worth a row: anything received, re-used, posted or pledged, or valued own bonds. */
function shown(p) {
  return (
    p.received_minor !== '0' ||
    p.posted_otc_minor !== '0' ||
    p.pledged_minor !== '0' ||
    (p.source !== null && p.own_minor !== '0')
  );
}

function reusedText(p) {
  const parts = Object.entries(p.reused_minor).filter(([, v]) => v !== '0');
  let sum = 0n;
  for (const [, v] of parts) sum += BigInt(v);
  const title = parts.map(([k, v]) => `${k.replace(/_/g, ' ')}: ${faceText(v)}`).join('; ');
  return `<td class="reused"${title === '' ? '' : ` title="${escapeHtml(title)}"`}>${faceText(sum.toString())}</td>`;
}

function valueCell(minor, p) {
  if (p.source === null)
    return '<td class="value unvalued" title="no valuation of the bond yet">unvalued</td>';
  return `<td class="value">${money(minor, '')}</td>`;
}

function collateralHtml(c) {
  const positions = c.positions.filter(shown);
  const rows = positions
    .map(
      (p) =>
        `<tr data-position="${escapeHtml(`${p.party} ${p.isin}`)}"><td class="left">${escapeHtml(p.party)}</td><td class="left">${escapeHtml(p.isin)}</td><td class="own">${faceText(p.own_minor)}</td><td class="received">${faceText(p.received_minor)}</td>${reusedText(p)}<td class="otc">${faceText(p.posted_otc_minor)}</td><td>${faceText(p.free_received_minor)}</td>${valueCell(p.own_value_minor, p)}${valueCell(p.received_value_minor, p)}</tr>`,
    )
    .join('');
  const sources = [
    ...new Set(
      positions
        .filter((p) => p.source !== null)
        .map(
          (p) =>
            `${p.isin} at the ${p.valuation_date} closing valuation yield ${yieldText(p.yield_e12)} (clean ${pxText(p.clean_px_e8)})`,
        ),
    ),
  ];
  const valued =
    sources.length === 0
      ? 'No valuation of these bonds yet: values appear once one is published.'
      : `Values: clean + accrued today, in the bond's currency, ${escapeHtml(sources.join('; '))}.`;
  const postings = c.otc_postings
    .map(
      (o) =>
        `<tr data-posting="${escapeHtml(o.posting_id)}"><td class="id left">${escapeHtml(o.posting_id)}</td><td class="left">${escapeHtml(o.member)}</td><td class="left">${escapeHtml(o.isin)}</td><td>${faceText(o.face_minor)}</td><td>${money(o.value_minor, '')}</td><td>${ppmText(o.haircut_ppm)}</td><td class="left">${o.reuse_of === null ? 'own bonds' : `re-use of ${escapeHtml(o.reuse_of)}`}</td><td>${escapeHtml(o.date)}</td></tr>`,
    )
    .join('');
  const otc =
    postings === ''
      ? ''
      : `<h4>Initial margin at OTC Clear</h4><div class="scroll"><table class="bond-table fin-otc"><thead><tr><th class="left">Posting</th><th class="left">Member</th><th class="left">Bond</th><th>Face</th><th>Value after haircut (RMB)</th><th>Haircut</th><th class="left">Bonds</th><th>Posted</th></tr></thead><tbody>${postings}</tbody></table></div>`;
  return `<div class="scroll"><table class="bond-table fin-collateral"><thead><tr><th class="left">Party</th><th class="left">Bond</th><th>Own</th><th>Received</th><th>Re-used</th><th>At OTC Clear</th><th>Free received</th><th>Own value</th><th>Received value</th></tr></thead><tbody>${rows}</tbody></table></div><p class="note">Face in the bond's currency. Own: in the party's account or at OTC Clear (bonds delivered to the HKMA under a facility drawing are listed with the drawing). Received: collateral of open repos (title passes to the buyer); re-used: passed on under one of the four cases (hover for which); at OTC Clear: own and re-used bonds posted as margin. ${valued}</p>${otc}`;
}

function reportHtml(r) {
  const rows = r.lines
    .map(
      (l) =>
        `<tr data-repo="${escapeHtml(l.repo_id)}" data-action="${escapeHtml(l.action)}"><td>${whenText(l.timestamp_us).slice(6)}</td><td class="left">${escapeHtml(l.action)}</td><td class="id left">${escapeHtml(l.repo_id)}</td><td class="left">${escapeHtml(l.seller)} → ${escapeHtml(l.buyer)}</td><td class="left">${l.plps.map(escapeHtml).join(', ')}</td><td>${faceText(l.face_minor)}</td><td class="cash">${money(l.cash_minor, l.currency)}</td><td>${percentText(l.rate_e12)}</td><td>${ppmText(l.haircut_ppm)}</td><td>${escapeHtml(l.purchase_date.slice(5))} → ${l.repurchase_date === null ? 'open' : escapeHtml(l.repurchase_date.slice(5))}</td><td class="left">${l.reuse_of === null ? '' : escapeHtml(l.reuse_of)}</td></tr>`,
    )
    .join('');
  return `<div class="scroll"><table class="bond-table fin-report"><thead><tr><th>HKT</th><th class="left">Action</th><th class="left">Repo</th><th class="left">Seller → buyer</th><th class="left">PLP</th><th>Face</th><th>Cash</th><th>Rate</th><th>Haircut</th><th>Start → end</th><th class="left">Re-use of</th></tr></thead><tbody>${rows}</tbody></table></div><p class="note">Northbound repos opened or closed on ${escapeHtml(r.date)}, reported to the HKMA the same day (fields: an assumption, the sources give none). Cash: the purchase price at opening, the repurchase price at closing.</p>`;
}

export const LIQUIDITY_PANELS = [
  {
    id: 'usage',
    title: 'HKMA facilities: usage',
    source: 'facilities',
    has: (d) => d.usage.banks.length > 0 || d.drawings.length > 0,
    html: usageHtml,
    after: (body, d) => {
      const slot = body.querySelector('.fin-usage-slot');
      const container = body.closest('.fin-grid').parentElement.querySelector('#fin-usage-bars');
      container.hidden = false;
      slot.replaceWith(container);
      drawUsage(container, d.usage);
    },
  },
  {
    id: 'drawings',
    title: 'HKMA facilities: drawings outstanding',
    source: 'facilities',
    has: (d) => d.drawings.length > 0,
    html: (d) => drawingsHtml(d.drawings),
  },
  {
    id: 'unpaid',
    title: 'Unpaid margin and claims',
    source: 'exposures',
    has: (d) => d.margin_calls.length > 0 || d.claims.length > 0,
    html: (d) => exposuresHtml(d),
  },
  {
    id: 'collateral',
    title: 'Collateral positions',
    source: 'collateral',
    has: (d) => d.positions.some(shown) || d.otc_postings.length > 0,
    html: collateralHtml,
  },
  {
    id: 'report',
    title: 'HKMA same-day repo report',
    source: 'hkma_report',
    has: (d) => d.lines.length > 0,
    html: reportHtml,
  },
];
