// Risk (issue 17, docs/risk.md "In the console"; operators): initial margin per CCP, the default
// fund (Cover 2 with its two groups, the fund, each member's contribution), a button that runs
// every built-in stress scenario on the hub's current state, and its results: stress losses per
// participant as bars, and the waterfall of a chosen default as bars, both drawn with
// lightweight-charts' HistogramSeries (one "day" per bar on its time scale, as financing.js does),
// above tables of the exact figures. Data: GET /v1/risk/margin?level=member, /v1/risk/default-fund,
// /v1/risk/scenarios (polled), POST /v1/risk/stress-runs, POST /v1/risk/default-simulations.
// Amounts are HKD cents as digit strings, written with format.js; the bars alone are floats. The
// margin is computed on the demo's simulated history, and says so. Below them, the real-time risk
// monitor's panels (risk_monitor.js): flows today, exposures, concentration, risk alerts. Every
// route here is heavy: the view asks at most once every LOAD_EVERY_MS, whatever the console's poll.
// Under the run: its liquidity stress and the quota and payment-limit effects (risk_run_limits.js).
import { escapeHtml, minorText } from '../format.js';
import { createChart, HistogramSeries } from '../vendor/lightweight-charts.js';
import { addAlert, drawFlows, loadMonitor, monitorHtml } from './risk_monitor.js';
import { limitsHtml, liquidityHtml } from './risk_run_limits.js';

const LOAD_EVERY_MS = 5_000;
const NO_MONITOR = { flows: null, exposures: null, concentration: null, alerts: [], error: '' };
let monitor = NO_MONITOR;
let loaded_at_ms = -Infinity;

const CCP_NAMES = { chinaclear: 'ChinaClear', hkscc: 'HKSCC' };
const TIER_NAMES = {
  defaulter_margin: "Defaulters' margin",
  defaulter_fund: "Defaulters' fund contributions",
  skin_in_the_game: 'CCP skin in the game',
  non_defaulter_fund: "Others' contributions",
  uncovered: 'Uncovered',
};
const DAY_S = 86_400;

let data = { margin: null, fund: null, scenarios: [], run: null, waterfall: null, error: '' };
/** The scenario the limits table shows; redrawn in place when the operator picks another. */
let limits_scenario = null;
let element = null;
let context = null;
let drawn = '';

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function operator(state) {
  return state.who?.operator === true;
}

function hkd(minor) {
  return `HKD ${minorText(minor, 2)}`;
}

async function load(ctx) {
  if (!operator(ctx.state)) return;
  const now_ms = Date.now();
  if (now_ms - loaded_at_ms < LOAD_EVERY_MS) return;
  loaded_at_ms = now_ms;
  const [margin, fund, scenarios, monitored] = await Promise.all([
    ctx.request('GET', '/v1/risk/margin?level=member'),
    ctx.request('GET', '/v1/risk/default-fund'),
    data.scenarios.length > 0 ? null : ctx.request('GET', '/v1/risk/scenarios'),
    loadMonitor(ctx, monitor),
  ]);
  monitor = monitored;
  if (margin.status === 200) data.margin = margin.body;
  if (fund.status === 200) data.fund = fund.body;
  if (scenarios?.status === 200) data.scenarios = scenarios.body.scenarios;
  if (margin.status !== 200) data.error = `${margin.body.error.code}: ${margin.body.error.message}`;
  ctx.mark('risk');
}

async function runStress() {
  const ids = data.scenarios.map((s) => s.id);
  const r = await context.request('POST', '/v1/risk/stress-runs', { scenarios: ids });
  if (r.status !== 200) {
    context.notice(false, `${r.body.error.code}: ${r.body.error.message}`);
    return;
  }
  data.run = r.body.run;
  data.waterfall = null;
  context.mark('risk');
}

async function simulate(ccp, participant, scenario) {
  const r = await context.request('POST', '/v1/risk/default-simulations', {
    ccp,
    defaulters: [participant],
    scenario,
  });
  if (r.status !== 200) {
    context.notice(false, `${r.body.error.code}: ${r.body.error.message}`);
    return;
  }
  data.waterfall = r.body;
  context.mark('risk');
}

function marginHtml(m) {
  const rows = m.ccps
    .map(
      (c) =>
        `<tr data-ccp="${c.ccp}"><td class="left">${CCP_NAMES[c.ccp]}</td><td class="im">${hkd(c.initial_margin_minor)}</td></tr>`,
    )
    .join('');
  const pct = (m.settings.confidence_ppm / 10_000).toFixed(1);
  return `<h3>Initial margin per CCP</h3><table class="risk-margin"><tbody>${rows}</tbody></table>
    <p class="note">Historical-simulation VaR at ${pct} % over ${m.settings.window_days} days (the ${ordinal(m.k)} worst loss), members netted, on ${escapeHtml(m.history)}. State seq ${m.seq}.</p>`;
}

function fundHtml(f) {
  return f.funds
    .map((fund) => {
      const groups = fund.cover2.groups
        .map(
          (g) => `<span class="chip group">${escapeHtml(g.group)}: ${hkd(g.amount_minor)}</span>`,
        )
        .join(' ');
      const contributions = fund.contributions
        .filter((c) => BigInt(c.contribution_minor) > 0n)
        .map(
          (c) =>
            `<tr><td class="left">${escapeHtml(c.participant)}</td><td>${hkd(c.contribution_minor)}</td></tr>`,
        )
        .join('');
      return `<div class="risk-fund" data-ccp="${fund.ccp}"><h3>${CCP_NAMES[fund.ccp]} default fund</h3>
        <p>Cover 2: <strong class="cover2">${hkd(fund.cover2.amount_minor)}</strong> ${fund.cover2.scenario === null ? '(nothing uncovered in any scenario)' : `in ${escapeHtml(fund.cover2.scenario)}, the groups ${groups}`}</p>
        <p>Fund: <strong class="fund">${hkd(fund.fund_minor)}</strong></p>
        ${contributions === '' ? '' : `<table class="risk-contributions"><thead><tr><th class="left">Member</th><th>Contribution</th></tr></thead><tbody>${contributions}</tbody></table>`}</div>`;
    })
    .join('');
}

/** Per participant: its largest loss over the run's scenarios, summed over its CCPs. */
function lossesByParticipant(run) {
  const losses = new Map();
  for (const m of run.by_member) {
    losses.set(m.participant, (losses.get(m.participant) ?? 0n) + BigInt(m.worst_loss_minor));
  }
  return [...losses].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
}

function runHtml(run) {
  const rows = lossesByParticipant(run)
    .map(
      ([p, loss]) =>
        `<tr data-participant="${escapeHtml(p)}"><td class="left">${escapeHtml(p)}</td><td class="loss">${hkd(loss.toString())}</td></tr>`,
    )
    .join('');
  const members = run.by_member
    .filter((m) => BigInt(m.worst_loss_minor) > 0n)
    .map(
      (m) =>
        `<option value="${m.ccp}|${escapeHtml(m.participant)}|${escapeHtml(m.worst_scenario)}">${escapeHtml(m.participant)} at ${CCP_NAMES[m.ccp]} (${escapeHtml(m.worst_scenario)})</option>`,
    )
    .join('');
  return `<h3>Stress run ${escapeHtml(run.id)} (state seq ${run.seq})</h3>
    <ul class="risk-summary">${run.summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
    <p class="note">Worst stress loss per participant over ${run.scenarios.length} scenarios, HKD m:</p>
    <div class="risk-loss-bars chart-slot"></div>
    <table class="risk-losses"><thead><tr><th class="left">Participant</th><th>Worst loss</th></tr></thead><tbody>${rows}</tbody></table>
    <p>Default of <select class="risk-defaulter">${members}</select> <button class="risk-simulate" type="button">Simulate default</button></p>
    <div class="risk-run-liquidity">${liquidityHtml(run)}</div>
    <div class="risk-run-limits">${limitsHtml(run, chosenScenario(run))}</div>`;
}

function chosenScenario(run) {
  return run.scenarios.some((s) => s.id === limits_scenario)
    ? limits_scenario
    : run.scenarios[0]?.id;
}

function wireLimits(section, run) {
  section.querySelector('.risk-limits-scenario')?.addEventListener('change', (event) => {
    limits_scenario = event.target.value;
    const slot = section.querySelector('.risk-run-limits');
    slot.innerHTML = limitsHtml(run, limits_scenario);
    wireLimits(section, run);
  });
}

function waterfallHtml(w) {
  const rows = w.tiers
    .map(
      (t) =>
        `<tr data-tier="${t.tier}"><td class="left">${TIER_NAMES[t.tier]}</td><td>${hkd(t.amount_minor)}</td></tr>`,
    )
    .join('');
  return `<h3>Waterfall: ${w.defaulters.map((d) => escapeHtml(d.participant)).join(' and ')} at ${CCP_NAMES[w.ccp]}, ${escapeHtml(w.scenario)}</h3>
    <p>Loss ${hkd(w.loss_minor)}, against a fund of ${hkd(w.fund_minor)}.</p>
    <div class="risk-waterfall-bars chart-slot"></div>
    <table class="risk-waterfall"><tbody>${rows}</tbody></table>`;
}

const charts = new Map();

/** Bars named on the axis: one "day" per bar on lightweight-charts' time scale. */
function drawBars(container, key, labels, values_minor, title) {
  let entry = charts.get(key);
  if (entry === undefined || entry.container !== container) {
    const chart = createChart(container, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: '#7d8a97', fontSize: 11 },
      grid: { vertLines: { visible: false }, horzLines: { color: '#1d252e' } },
      timeScale: {
        borderColor: '#26303b',
        tickMarkFormatter: (t) => entry.labels[Math.round(Number(t) / DAY_S) - 1] ?? '',
        barSpacing: 50,
      },
      localization: { timeFormatter: (t) => entry.labels[Math.round(Number(t) / DAY_S) - 1] ?? '' },
      handleScroll: false,
      handleScale: false,
    });
    const series = chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
      title,
    });
    entry = { container, chart, series, labels };
    charts.set(key, entry);
  }
  entry.labels = labels;
  // Millions of HKD, floats for the drawing only.
  entry.series.setData(
    values_minor.map((v, k) => ({
      time: (k + 1) * DAY_S,
      value: Number(BigInt(v)) / 1e8,
      color: k === values_minor.length - 1 && key === 'waterfall' ? '#ef5d5d' : '#4f8fdb',
    })),
  );
  entry.chart.timeScale().fitContent();
  container.dataset.bars = String(values_minor.length);
}

/**
 * The view in four sections, each drawn again only when its own data changed: with the simulator
 * running the margin changes at every poll, and drawing everything again then would recreate the
 * charts and reset the default chosen in the waterfall's select under the user's hand.
 */
const SECTIONS = ['margin', 'run', 'waterfall', 'monitor'];

function draw(state) {
  if (element === null) return;
  const body = element.querySelector('.risk-body');
  if (!operator(state)) {
    body.innerHTML = '<p class="muted">Risk is for operators: act as operator to see it</p>';
    drawn = '';
    return;
  }
  if (body.querySelector('.risk-sec-margin') === null) {
    dropCharts();
    body.innerHTML = SECTIONS.map((name) => `<div class="risk-sec-${name}"></div>`).join('');
    drawn = '';
  }
  const keys = drawn === '' ? {} : JSON.parse(drawn);
  const render = (name, key, html, after) => {
    const k = JSON.stringify(key);
    if (keys[name] === k) return;
    keys[name] = k;
    charts.get(name)?.chart.remove();
    charts.delete(name);
    const section = body.querySelector(`.risk-sec-${name}`);
    section.innerHTML = html;
    after(section);
  };
  render(
    'margin',
    [data.margin?.digest, data.fund?.digest, data.error, data.scenarios.length],
    [
      data.margin === null
        ? `<p class="muted">${escapeHtml(data.error || 'Loading…')}</p>`
        : marginHtml(data.margin),
      data.fund === null ? '' : fundHtml(data.fund),
      `<p><button class="risk-run" type="button"${data.scenarios.length === 0 ? ' disabled' : ''}>Run the ${data.scenarios.length} built-in stress scenarios</button></p>`,
    ].join(''),
    (section) => section.querySelector('.risk-run')?.addEventListener('click', () => runStress()),
  );
  render('run', [data.run?.id], data.run === null ? '' : runHtml(data.run), (section) => {
    section.querySelector('.risk-simulate')?.addEventListener('click', () => {
      const [ccp, participant, scenario] = section
        .querySelector('.risk-defaulter')
        .value.split('|');
      simulate(ccp, participant, scenario);
    });
    if (data.run === null) return;
    wireLimits(section, data.run);
    const losses = lossesByParticipant(data.run);
    drawBars(
      section.querySelector('.risk-loss-bars'),
      'run',
      losses.map(([p]) => p),
      losses.map(([, v]) => v.toString()),
      'worst stress loss, HKD m',
    );
  });
  render(
    'waterfall',
    [data.waterfall?.tiers],
    data.waterfall === null ? '' : waterfallHtml(data.waterfall),
    (section) => {
      if (data.waterfall === null) return;
      drawBars(
        section.querySelector('.risk-waterfall-bars'),
        'waterfall',
        data.waterfall.tiers.map((t) => TIER_NAMES[t.tier]),
        data.waterfall.tiers.map((t) => t.amount_minor),
        'HKD m',
      );
    },
  );
  render(
    'monitor',
    [
      monitor.flows,
      monitor.exposures?.as_of_event_seq,
      monitor.concentration,
      monitor.alerts.map((a) => a.alert_id),
    ],
    `<h2 class="risk-monitor-title">Real-time risk monitor</h2>${monitorHtml(monitor)}`,
    (section) => drawFlows(section.querySelector('.risk-flow-lines'), monitor.flows),
  );
  drawn = JSON.stringify(keys);
}

function dropCharts() {
  for (const entry of charts.values()) entry.chart.remove();
  charts.clear();
}

export default {
  id: 'risk',
  title: 'Risk: margin, default fund, stress',
  wide: true,
  mount(el, ctx) {
    element = el;
    context = ctx;
    el.insertAdjacentHTML('beforeend', '<div class="risk-body"></div>');
  },
  reset() {
    data = { margin: null, fund: null, scenarios: [], run: null, waterfall: null, error: '' };
    monitor = NO_MONITOR;
    loaded_at_ms = -Infinity;
    drawn = '';
  },
  poll: load,
  onFrame(f, ctx) {
    if (f.channel !== 'risk_alerts') return;
    monitor = { ...monitor, alerts: addAlert(monitor.alerts, f.alert) };
    ctx.mark('risk');
  },
  update(state) {
    draw(state);
  },
};
