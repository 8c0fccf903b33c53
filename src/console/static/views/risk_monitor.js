// The real-time risk monitor's panels in the Risk view (docs/risk-monitor.md §6, docs/console.md):
// "Flows today" (net buying per link over the day's buckets, cumulative, as lines drawn with
// lightweight-charts, and a table with the Stock Connect quota beside each Stock Connect series),
// "Exposures" (top participants by gross position, net obligations to each CCP, repo leverage),
// "Concentration" (turnover share and HHI per market, top holders of the most concentrated
// instruments) and "Risk alerts" (newest first, with their figures). Data: GET /v1/risk/flows,
// /v1/risk/exposures, /v1/risk/concentration, /v1/risk/alerts, and the stream's `risk_alerts`.
// Amounts are minor units as digit strings, written with format.js; the lines alone are floats.
import { clockText, escapeHtml, minorText } from '../format.js';
import { createChart, LineSeries } from '../vendor/lightweight-charts.js';

const TOP = 10;
const ALERTS_SHOWN = 50;
const LINK_NAMES = {
  sh_hk_stock: 'Shanghai–HK Stock Connect',
  sz_hk_stock: 'Shenzhen–HK Stock Connect',
  bond_connect: 'Bond Connect',
  repo: 'Repo',
  payment_connect: 'Payment Connect',
};
const COLORS = ['#4f8fdb', '#e0a040', '#5fbf77', '#c06bd6', '#ef5d5d', '#48c1c4'];
/** The hub's UTC microseconds → chart seconds shown as Hong Kong time (UTC+8). */
const HK_OFFSET_S = 8 * 3600;

/** The monitor's CCP codes as the margin panels name them (CSDC is ChinaClear's code). */
const CCP_NAMES = { CSDC: 'ChinaClear', HKSCC: 'HKSCC' };

function money(currency, minor) {
  return `${currency} ${minorText(minor, 2)}`;
}

function big(text) {
  return BigInt(text);
}

function byDesc(get) {
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    return y > x ? 1 : y < x ? -1 : 0;
  };
}

function abs(v) {
  return v < 0n ? -v : v;
}

/** The four routes at once; a failure leaves that panel's previous data. */
export async function loadMonitor(ctx, previous) {
  const [flows, exposures, concentration, alerts] = await Promise.all([
    ctx.request('GET', '/v1/risk/flows'),
    ctx.request('GET', '/v1/risk/exposures'),
    ctx.request('GET', `/v1/risk/concentration?top=${TOP}`),
    ctx.request('GET', `/v1/risk/alerts?limit=${ALERTS_SHOWN}`),
  ]);
  return {
    flows: flows.status === 200 ? flows.body : previous.flows,
    exposures: exposures.status === 200 ? exposures.body : previous.exposures,
    concentration: concentration.status === 200 ? concentration.body : previous.concentration,
    alerts: alerts.status === 200 ? alerts.body.alerts : previous.alerts,
    error: flows.status === 200 ? '' : `${flows.body?.error?.code}: ${flows.body?.error?.message}`,
  };
}

/** A streamed alert goes on top unless the list has it already (a poll may have brought it). */
export function addAlert(alerts, alert) {
  if (alerts.some((a) => a.alert_id === alert.alert_id)) return alerts;
  return [alert, ...alerts].slice(0, ALERTS_SHOWN);
}

/** The series that moved today, Stock Connect first. */
function activeSeries(flows) {
  return flows.series.filter((s) => s.count > 0);
}

function quotaOf(flows, s) {
  return flows.stock_connect_quotas.find((q) => q.link === s.link && q.direction === s.direction);
}

function quotaCell(q) {
  if (q === undefined) return '<td class="muted">–</td>';
  const used =
    q.used_minor !== null
      ? `used ${money('CNY', q.used_minor)}`
      : q.used_now_minor !== null && q.used_now_minor !== undefined
        ? `used so far ${money('CNY', q.used_now_minor)}`
        : 'day not ended';
  return `<td class="quota">${money('CNY', q.daily_quota_minor)} (${used})</td>`;
}

function flowsHtml(flows) {
  const series = activeSeries(flows);
  const rows = series
    .map((s) => {
      const name = `${LINK_NAMES[s.link] ?? s.link} ${s.direction}`;
      return `<tr data-series="${s.link}/${s.direction}/${s.currency}"><td class="left">${escapeHtml(name)}</td>
        <td>${money(s.currency, s.buy_minor)}</td><td>${money(s.currency, s.sell_minor)}</td>
        <td class="net">${money(s.currency, s.net_buy_minor)}</td><td>${s.count}</td>${quotaCell(quotaOf(flows, s))}</tr>`;
    })
    .join('');
  const quotas = flows.stock_connect_quotas
    .map(
      (q) =>
        `<span class="chip quota-chip">${escapeHtml(q.quota_link)}: ${money('CNY', q.daily_quota_minor)}</span>`,
    )
    .join(' ');
  return `<div class="risk-panel risk-flows"><h3>Flows today ${escapeHtml(flows.market_date)}</h3>
    ${
      series.length === 0
        ? '<p class="muted">No cross-border flow yet today</p>'
        : `<p class="note">Cumulative net buying per link over the day's ${flows.bucket_minutes}-minute buckets, millions of the currency, HK time:</p>
    <div class="risk-flow-lines chart-slot"></div>
    <table class="risk-flow-table"><thead><tr><th class="left">Link</th><th>Bought</th><th>Sold</th><th>Net</th><th>Trades</th><th>Daily quota</th></tr></thead><tbody>${rows}</tbody></table>`
    }
    ${quotas === '' ? '' : `<p class="note">Stock Connect daily quotas: ${quotas}</p>`}</div>`;
}

/** Each (participant, currency) of the exposures by its gross position, largest first. */
function grossRows(exposures) {
  const rows = [];
  for (const p of exposures.participants) {
    for (const v of p.positions) {
      if (big(v.gross_minor) > 0n) rows.push({ participant: p.participant, ...v });
    }
  }
  return rows.sort(byDesc((r) => big(r.gross_minor))).slice(0, TOP);
}

function leverageRows(exposures) {
  const rows = [];
  for (const p of exposures.participants) {
    for (const f of p.financing) {
      if (f.open_repos > 0) rows.push({ participant: p.participant, ...f });
    }
  }
  return rows.sort((a, b) => b.borrowed_to_collateral_bps - a.borrowed_to_collateral_bps);
}

function exposuresHtml(exposures) {
  const gross = grossRows(exposures)
    .map(
      (r) =>
        `<tr data-participant="${escapeHtml(r.participant)}" data-currency="${r.currency}"><td class="left">${escapeHtml(r.participant)}</td><td class="gross">${money(r.currency, r.gross_minor)}</td><td>${money(r.currency, r.net_minor)}</td></tr>`,
    )
    .join('');
  const ccp = [...exposures.ccp]
    .filter((c) => big(c.net_payable_minor) !== 0n)
    .sort(byDesc((c) => abs(big(c.net_payable_minor))))
    .slice(0, TOP)
    .map(
      (c) =>
        `<tr data-participant="${escapeHtml(c.participant)}" data-ccp="${c.ccp}"><td class="left">${escapeHtml(c.participant)}</td><td class="left">${escapeHtml(CCP_NAMES[c.ccp] ?? c.ccp)}</td><td class="net-payable">${money(c.currency, c.net_payable_minor)}</td></tr>`,
    )
    .join('');
  const repo = leverageRows(exposures)
    .map(
      (r) =>
        `<tr><td class="left">${escapeHtml(r.participant)}</td><td>${money(r.currency, r.borrowed_minor)}</td><td>${money(r.currency, r.collateral_delivered_minor)}</td><td>${(r.borrowed_to_collateral_bps / 100).toFixed(2)} %</td></tr>`,
    )
    .join('');
  const empty = (text) => `<p class="muted">${text}</p>`;
  return `<div class="risk-panel risk-exposures"><h3>Exposures</h3>
    <h4>Top participants by gross position</h4>
    ${gross === '' ? empty('No positions') : `<table class="risk-gross"><thead><tr><th class="left">Participant</th><th>Gross</th><th>Net</th></tr></thead><tbody>${gross}</tbody></table>`}
    <h4>Net obligations to each CCP (positive: owed to the CCP)</h4>
    ${ccp === '' ? empty('Nothing unsettled') : `<table class="risk-ccp"><thead><tr><th class="left">Participant</th><th class="left">CCP</th><th>Net payable</th></tr></thead><tbody>${ccp}</tbody></table>`}
    <h4>Repo leverage (borrowed ÷ collateral delivered)</h4>
    ${repo === '' ? empty('No open repo') : `<table class="risk-repo"><thead><tr><th class="left">Participant</th><th>Borrowed</th><th>Collateral</th><th>Leverage</th></tr></thead><tbody>${repo}</tbody></table>`}</div>`;
}

function pct(bps) {
  return `${(bps / 100).toFixed(2)} %`;
}

function concentrationHtml(c) {
  const markets = c.markets
    .map((m) => {
      const top = m.top[0];
      return `<tr data-market="${escapeHtml(m.market)}"><td class="left">${escapeHtml(m.market)} ${m.currency}</td><td>${money(m.currency, m.turnover_minor)}</td><td>${m.trades}</td><td class="hhi">${m.hhi}</td><td class="left">${top === undefined ? '–' : `${escapeHtml(top.participant)} ${pct(top.share_bps)}`}</td></tr>`;
    })
    .join('');
  const instruments = c.instruments
    .map((i) => {
      const holders = i.top
        .slice(0, 3)
        .map((h) => `${escapeHtml(h.holder)} ${pct(h.share_bps)}`)
        .join(', ');
      return `<tr data-instrument="${escapeHtml(i.instrument)}"><td class="left">${escapeHtml(i.instrument)}</td><td class="left">${holders}</td><td class="left muted">${i.base === 'issued' ? 'of units in issue' : 'of holdings seen'}</td></tr>`;
    })
    .join('');
  return `<div class="risk-panel risk-concentration"><h3>Concentration</h3>
    ${markets === '' ? '<p class="muted">No trades today</p>' : `<table class="risk-markets"><thead><tr><th class="left">Market</th><th>Turnover</th><th>Trades</th><th>HHI</th><th class="left">Largest share</th></tr></thead><tbody>${markets}</tbody></table>`}
    <h4>Most concentrated instruments: top holders</h4>
    <table class="risk-holders"><tbody>${instruments}</tbody></table></div>`;
}

function figureText(f) {
  const value = typeof f.value === 'string' && /^-?\d+$/.test(f.value) && f.unit.length === 3;
  const shown = value ? minorText(f.value, 2) : String(f.value);
  const bar =
    f.threshold === null
      ? ''
      : ` ${f.comparison} ${value ? minorText(String(f.threshold), 2) : f.threshold}`;
  return `${escapeHtml(f.name)} ${shown}${bar} ${escapeHtml(f.unit)}`;
}

function alertsHtml(alerts) {
  const rows = alerts
    .map(
      (a) =>
        `<tr data-alert="${escapeHtml(a.alert_id)}" data-kind="${a.kind}"><td class="left">${clockText(a.raised_at_us)}</td><td class="left">${a.kind}</td><td class="left">${escapeHtml(a.summary)}<br><span class="muted">${a.figures.map(figureText).join('; ')}</span></td></tr>`,
    )
    .join('');
  return `<div class="risk-panel risk-alerts"><h3>Risk alerts</h3>
    ${rows === '' ? '<p class="muted">No risk alert: set thresholds with PUT /v1/risk/monitor/settings</p>' : `<table class="risk-alert-list"><tbody>${rows}</tbody></table>`}</div>`;
}

export function monitorHtml(m) {
  if (m.flows === null)
    return `<p class="muted">${escapeHtml(m.error || 'Loading the risk monitor…')}</p>`;
  return [
    flowsHtml(m.flows),
    m.exposures === null ? '' : exposuresHtml(m.exposures),
    m.concentration === null ? '' : concentrationHtml(m.concentration),
    alertsHtml(m.alerts),
  ].join('');
}

let chart = null;

/** The cumulative net of each active series over the day's buckets, one line each. */
export function drawFlows(container, flows) {
  if (chart !== null && chart.container !== container) {
    chart.api.remove(); // its container was replaced: free the old chart's canvas and observers
    chart = null;
  }
  if (container === null) return;
  if (chart === null) {
    const api = createChart(container, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: '#7d8a97', fontSize: 11 },
      grid: { vertLines: { visible: false }, horzLines: { color: '#1d252e' } },
      timeScale: { borderColor: '#26303b', timeVisible: true, secondsVisible: false },
      handleScroll: false,
      handleScale: false,
    });
    chart = { container, api, lines: [] };
  }
  for (const line of chart.lines) chart.api.removeSeries(line);
  chart.lines = [];
  const series = activeSeries(flows);
  series.forEach((s, k) => {
    const line = chart.api.addSeries(LineSeries, {
      color: COLORS[k % COLORS.length],
      lineWidth: 2,
      title: `${s.link} ${s.direction} ${s.currency}`,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    let total = 0n;
    line.setData(
      s.buckets.map((b) => {
        total += BigInt(b.net_buy_minor);
        return { time: Math.floor(b.start_us / 1e6) + HK_OFFSET_S, value: Number(total) / 1e8 };
      }),
    );
    chart.lines.push(line);
  });
  chart.api.timeScale().fitContent();
  container.dataset.lines = String(series.length);
}
