// Surveillance cases (operators): alerts as cases (open, under review, escalated, closed) with a
// count per state and a filter, each alert's evidence (figures against thresholds, the timeline of
// its orders and trades) and case history, and the case's next steps as buttons. Data: GET
// /v1/surveillance/alerts (polled), the stream's `alerts` channel, GET
// /v1/surveillance/alerts/{id}, POST /v1/surveillance/alerts/{id}/transition.
import { escapeHtml, quantityText, unitsText } from '../format.js';

const $ = (id) => document.getElementById(id);
const STATES = ['open', 'under_review', 'escalated', 'closed'];
/** Where a case may go next (src/oversight/surveillance: CASE_TRANSITIONS). */
const NEXT = {
  open: ['under_review'],
  under_review: ['escalated', 'closed'],
  escalated: ['closed'],
  closed: ['under_review'],
};
const CLOSE_REASONS = [
  'false_positive',
  'no_further_action',
  'referred_to_regulator',
  'enforcement_action',
  'duplicate',
];
const NO_ALERT_TEXT = 'Select an alert to see its evidence.';
const words = (text) => String(text).replaceAll('_', ' ');

let alerts = [];
let counts = null;
/** The case state shown ('' for all). */
let filter = '';
let selected = null;
let detail = null;

function operator(state) {
  return state.who?.operator === true;
}

async function loadAlerts(ctx) {
  if (!operator(ctx.state)) return;
  const key = ctx.state.key;
  const query = filter ? `&state=${filter}` : '';
  const r = await ctx.request('GET', `/v1/surveillance/alerts?limit=100${query}`);
  if (key !== ctx.state.key) return; // the console acts for someone else now
  if (r.status === 200) {
    alerts = r.body.alerts;
    counts = r.body.counts;
  }
  ctx.mark('surveillance');
}

async function selectAlert(ctx, alert_id) {
  selected = alert_id;
  ctx.mark('surveillance');
  const key = ctx.state.key;
  const r = await ctx.request('GET', `/v1/surveillance/alerts/${encodeURIComponent(alert_id)}`);
  if (key !== ctx.state.key) return;
  detail =
    r.status === 200 ? r.body.alert : { error: r.body?.error?.message ?? `HTTP ${r.status}` };
  renderDetail(ctx.state);
}

async function transition(ctx, to) {
  if (!detail || detail.error) return;
  const body = { to, expected_version: detail.version };
  if (to === 'closed') body.reason = $('case-close-reason').value;
  const r = await ctx.request(
    'POST',
    `/v1/surveillance/alerts/${encodeURIComponent(detail.alert_id)}/transition`,
    body,
  );
  if (r.status === 200) detail = r.body.alert;
  else detail = { ...detail, problem: r.body?.error?.message ?? `HTTP ${r.status}` };
  renderDetail(ctx.state);
  loadAlerts(ctx);
}

export default {
  id: 'surveillance',
  title: 'Surveillance cases',
  wide: true,
  watch: ['acting'],

  mount(el, ctx) {
    el.querySelector('h2 .sub').id = 'alerts-count';
    el.insertAdjacentHTML(
      'beforeend',
      `<div id="case-states" class="case-states"></div>
      <div class="alerts-body">
        <div class="scroll alerts-list"><table class="alerts-table"><tbody id="alerts"></tbody></table></div>
        <div id="alert-detail" class="alert-detail muted">${NO_ALERT_TEXT}</div>
      </div>`,
    );
    el.querySelector('#alerts').addEventListener('click', (e) => {
      const row = e.target.closest('tr[data-alert]');
      if (row) selectAlert(ctx, row.dataset.alert);
    });
    el.querySelector('#case-states').addEventListener('click', (e) => {
      const chip = e.target.closest('button[data-state]');
      if (!chip) return;
      filter = chip.dataset.state;
      loadAlerts(ctx);
    });
    el.querySelector('#alert-detail').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-to]');
      if (button) transition(ctx, button.dataset.to);
    });
  },

  reset(ctx) {
    alerts = [];
    counts = null;
    selected = null;
    detail = null;
    ctx.mark('surveillance');
  },

  poll: loadAlerts,

  onFrame(f, ctx) {
    if (f.channel !== 'alerts') return;
    if (filter && (f.alert.state ?? 'open') !== filter) return;
    alerts.unshift(f.alert);
    if (alerts.length > 200) alerts.length = 200;
    if (counts) counts = { ...counts, open: (counts.open ?? 0) + 1 };
    ctx.mark('surveillance');
  },

  update(state) {
    renderStates(state);
    const rows = alerts.slice(0, 100).map((a) => {
      const chosen = a.alert_id === selected ? ' class="selected"' : '';
      const instrument = a.instrument
        ? (state.instruments.get(a.instrument)?.symbol ?? a.instrument)
        : '';
      return `<tr data-alert="${escapeHtml(a.alert_id)}"${chosen}><td>${microsText(a.raised_at_us)}</td><td><span class="sev ${escapeHtml(a.severity)}">${escapeHtml(a.severity)}</span></td><td>${escapeHtml(words(a.kind))}</td><td>${escapeHtml(instrument)}</td>${ownersCell(a.owners ?? [])}<td class="muted case">${escapeHtml(words(a.state ?? 'open'))}</td></tr>`;
    });
    $('alerts').innerHTML =
      rows.join('') ||
      `<tr><td class="muted">${operator(state) ? 'No alerts yet' : 'Alerts are for operators: act as operator to see them'}</td></tr>`;
    $('alerts-count').textContent = alerts.length > 0 ? `(${alerts.length})` : '';
    renderDetail(state);
  },
};

function renderStates(state) {
  const element = $('case-states');
  if (!operator(state) || counts === null) {
    element.innerHTML = '';
    return;
  }
  const total = STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const chip = (value, label, n) =>
    `<button type="button" data-state="${value}" class="case-chip${filter === value ? ' on' : ''}">${escapeHtml(label)} <span class="n">${quantityText(n)}</span></button>`;
  element.innerHTML =
    chip('', 'All cases', total) + STATES.map((s) => chip(s, words(s), counts[s] ?? 0)).join('');
}

function microsText(us) {
  const local = new Date(Math.floor(us / 1000) + 8 * 3600 * 1000).toISOString();
  return local.slice(11, 19);
}

/** ISINs in a text become the instruments' symbols. */
function withSymbols(state, text) {
  return String(text).replace(
    /\b[A-Z]{2}[A-Z0-9]{9}\d\b/g,
    (isin) => state.instruments.get(isin)?.symbol ?? isin,
  );
}

/** At most two owners in a row; all of them in the cell's title. */
function ownersCell(owners) {
  const shown = owners.slice(0, 2).join(', ');
  const more = owners.length > 2 ? ` +${owners.length - 2} more` : '';
  return `<td class="owners" title="${escapeHtml(owners.join(', '))}">${escapeHtml(shown)}${more}</td>`;
}

function renderDetail(state) {
  const a = detail;
  const element = $('alert-detail');
  if (!a) {
    element.className = 'alert-detail muted';
    element.textContent = operator(state) ? NO_ALERT_TEXT : '';
    return;
  }
  element.className = 'alert-detail';
  if (a.error) {
    element.textContent = a.error;
    return;
  }
  const inst = a.instrument ? state.instruments.get(a.instrument) : undefined;
  const figures = a.evidence.figures.map((f) => figureRow(f, inst)).join('');
  const timeline = a.evidence.timeline
    .slice(0, 200)
    .map(
      (t) =>
        `<tr><td>${microsText(t.timestamp_us)}</td><td class="muted">#${t.event_seq}</td><td>${escapeHtml(timelineText(state, a.evidence, t))}</td></tr>`,
    )
    .join('');
  const heading = [
    words(a.kind),
    a.subtype ? words(a.subtype) : null,
    inst ? `${inst.symbol} ${inst.name}` : null,
    a.state ? `case ${words(a.state)}` : null,
  ].filter((x) => x !== null);
  element.innerHTML =
    `<div><strong>${escapeHtml(withSymbols(state, a.summary))}</strong></div>` +
    `<div class="muted">${heading.map(escapeHtml).join(' · ')}</div>` +
    `<div class="muted owners-line">Owners: ${escapeHtml((a.owners ?? []).join(', ') || 'none named')}</div>` +
    caseActions(a) +
    (figures ? `<h3>Figures</h3><table>${figures}</table>` : '') +
    `<h3>Timeline</h3><table class="timeline">${timeline || '<tr><td class="muted">No events</td></tr>'}</table>` +
    caseHistory(a);
}

/** The case's next steps; closing asks for a reason. */
function caseActions(a) {
  const next = NEXT[a.state ?? 'open'] ?? [];
  if (next.length === 0) return '';
  const reasons = next.includes('closed')
    ? `<select id="case-close-reason" title="Why the case is closed">${CLOSE_REASONS.map((r) => `<option value="${r}">${escapeHtml(words(r))}</option>`).join('')}</select>`
    : '';
  const buttons = next
    .map(
      (to) =>
        `<button type="button" data-to="${to}">${to === 'closed' ? 'Close' : `Move to ${escapeHtml(words(to))}`}</button>`,
    )
    .join(' ');
  const problem = a.problem ? `<div class="bad">${escapeHtml(a.problem)}</div>` : '';
  return `<div class="case-actions">${buttons} ${reasons}</div>${problem}`;
}

function caseHistory(a) {
  const rows = (a.history ?? [])
    .map(
      (h) =>
        `<tr><td>${microsText(h.at_us)}</td><td>${escapeHtml(h.actor)}</td><td>${escapeHtml(words(h.from_state ?? 'raised'))} → ${escapeHtml(words(h.to_state))}${h.reason ? ` (${escapeHtml(words(h.reason))})` : ''}</td></tr>`,
    )
    .join('');
  return rows ? `<h3>Case history</h3><table class="case-history">${rows}</table>` : '';
}

/** A figure with its threshold when it has one; prices in the instrument's units. */
function figureRow(f, inst) {
  const is_price =
    inst && /price/.test(f.name) && /_units$/.test(f.name) && typeof f.value === 'number';
  const value = is_price ? unitsText(f.value, inst.price_scale) : String(f.value);
  const unit = is_price ? inst.currency : f.unit;
  const name = f.name
    .replace(/_units$/, '')
    .replace(/_(ms|bps|pct)$/, '')
    .replaceAll('_', ' ');
  const threshold =
    f.threshold === null || f.threshold === '' || f.threshold === undefined
      ? ''
      : `${f.comparison} ${is_price ? unitsText(Number(f.threshold), inst.price_scale) : f.threshold}`;
  return `<tr><td>${escapeHtml(name)}</td><td class="num">${escapeHtml(value)}${unit ? ` ${escapeHtml(unit)}` : ''}</td><td class="muted">${escapeHtml(threshold)}</td></tr>`;
}

/** A timeline line from the evidence's own orders and trades, so prices read in market units. */
function timelineText(state, evidence, t) {
  const price = (instrument, units) => {
    const i = state.instruments.get(instrument);
    return i ? `${i.symbol} @ ${unitsText(units, i.price_scale)}` : `${instrument} @ ${units}`;
  };
  if (t.trade_id) {
    const trade = evidence.trades.find((x) => x.trade_id === t.trade_id);
    if (trade)
      return `${trade.buyer} bought ${quantityText(trade.quantity_units)} ${price(trade.instrument, trade.price_units)} from ${trade.seller}`;
  }
  if (t.order_id !== null && t.order_id !== undefined) {
    const o = evidence.orders.find((x) => x.order_id === t.order_id);
    if (o && t.event === 'order_accepted')
      return `${o.owner} ${o.side} ${quantityText(o.quantity_units)} ${price(o.instrument, o.price_units)}${o.role ? ` (${o.role})` : ''}`;
    if (o && t.event === 'order_cancelled')
      return `${o.owner} cancelled ${quantityText(o.cancelled_units)} of order #${o.order_id} (${price(o.instrument, o.price_units)})`;
  }
  return withSymbols(state, t.text);
}
