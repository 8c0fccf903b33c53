// Yield curves: per issuer and currency (a EUR and a CNH tranche of one issuer are on different
// curves), the yield of each bond's last RFQ trade of the day against its years to maturity, drawn with lightweight-charts' yield-curve chart (months on the horizontal axis),
// and the same points as exact figures in a table. Yields become floats for drawing only.
// Data: GET /v1/bonds/yields (polled, and after the stream's bond_trades frames).
import { pxText, yieldText } from '../bonds.js';
import { escapeHtml } from '../format.js';
import { createYieldCurveChart, LineSeries } from '../vendor/lightweight-charts.js';

const COLORS = ['#4aa3ff', '#2fbf71', '#e0c04a', '#ef5d5d', '#b07cff'];
const DAYS_PER_MONTH = 30.4375;

let element = null;
let points = [];
let chart = null;
const series = new Map();
let drawn = '';

function createChart(container) {
  return createYieldCurveChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: '#7d8a97', fontSize: 11 },
    grid: { vertLines: { color: '#1d252e' }, horzLines: { color: '#1d252e' } },
    yieldCurve: {
      baseResolution: 1,
      minimumTimeRange: 72,
      startTimeRange: 0,
      formatTime: (months) => `${(months / 12).toFixed(1)}y`,
    },
    rightPriceScale: { borderColor: '#26303b' },
  });
}

/** The points per issuer and currency as chart data: months to maturity → yield in % (float). */
function curvesOf(list) {
  const curves = new Map();
  for (const p of list) {
    const months = Math.max(1, Math.round(p.days_to_maturity / DAYS_PER_MONTH));
    const name = `${p.issuer_name} · ${p.currency}`;
    const byMonth = curves.get(name) ?? new Map();
    byMonth.set(months, Number(BigInt(p.yield_e12)) / 1e10);
    curves.set(name, byMonth);
  }
  return [...curves].map(([issuer, byMonth]) => ({
    issuer,
    data: [...byMonth].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time, value })),
  }));
}

function draw() {
  const container = element.querySelector('#bond-curve');
  chart ??= createChart(container);
  const curves = curvesOf(points);
  for (const [issuer, s] of series)
    if (!curves.some((c) => c.issuer === issuer)) {
      chart.removeSeries(s);
      series.delete(issuer);
    }
  curves.forEach((curve, k) => {
    let s = series.get(curve.issuer);
    if (!s) {
      s = chart.addSeries(LineSeries, {
        color: COLORS[k % COLORS.length],
        title: curve.issuer,
        pointMarkersVisible: true,
      });
      series.set(curve.issuer, s);
    }
    s.setData(curve.data);
  });
  chart.timeScale().fitContent();
  container.dataset.points = String(points.length);
  container.dataset.issuers = curves.map((c) => c.issuer).join('|');
}

function tableHtml() {
  if (points.length === 0)
    return '<p class="note">No RFQ trade today that this key may see: no yields yet.</p>';
  const rows = points
    .map(
      (p) =>
        `<tr data-isin="${escapeHtml(p.isin)}"><td class="left">${escapeHtml(p.issuer_name)}</td><td>${escapeHtml(p.isin)}</td><td>${escapeHtml(p.currency)}</td><td>${escapeHtml(p.maturity_date)}</td><td>${pxText(p.px_e8)}</td><td class="yield">${yieldText(p.yield_e12)}</td></tr>`,
    )
    .join('');
  return `<table class="bond-table bond-yields"><thead><tr><th>Issuer</th><th>Bond</th><th>Ccy</th><th>Maturity</th><th>Price</th><th>Yield</th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function load(ctx) {
  const key = ctx.state.key;
  const r = await ctx.request('GET', '/v1/bonds/yields');
  if (key !== ctx.state.key || r.status !== 200) return;
  points = r.body.points;
  ctx.mark('bond_curve');
}

export default {
  id: 'bond_curve',
  title: 'Yield curve per issuer and currency',

  mount(el) {
    el.insertAdjacentHTML(
      'beforeend',
      '<div id="bond-curve" class="chart" data-points="0" title="Yield (%) against years to maturity"></div><div id="bond-curve-table" class="scroll"></div>',
    );
    element = el;
  },

  reset(ctx) {
    points = [];
    ctx.mark('bond_curve');
  },

  poll: load,

  onFrame(frame, ctx) {
    if (frame.channel === 'bond_trades') load(ctx);
  },

  update() {
    const key = JSON.stringify(points);
    if (key === drawn) return;
    drawn = key;
    draw();
    element.querySelector('#bond-curve-table').innerHTML = tableHtml();
  },
};
