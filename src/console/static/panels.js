// Rendering: each function draws one panel from the state, called at most once per frame.
import { createPriceChart } from './chart.js';
import { describeEvent } from './describe.js';
import { changeOf, clockText, escapeHtml, minorText, quantityText, unitsText } from './format.js';

const $ = (id) => document.getElementById(id);
export const LADDER_LEVELS = 10;

export function renderStatus(state) {
  const s = state.status;
  if (!s) return;
  $('hub-time').textContent = s.hub_time;
  $('hub-seq').textContent = quantityText(s.seq);
  $('phases').innerHTML = s.markets
    .map(
      (m) =>
        `<span class="chip" data-phase="${escapeHtml(m.phase)}" title="${escapeHtml(m.phase)}">${escapeHtml(m.market)} ${escapeHtml(m.phase.replace(/_/g, ' '))}</span>`,
    )
    .join('');
  const sim = s.sim;
  $('sim-state').textContent = sim
    ? `${sim.running ? 'running' : 'stopped'} · ${quantityText(sim.steps)} steps`
    : 'off';
  $('sim-state').dataset.running = sim?.running ? 'true' : 'false';
  if (sim && document.activeElement !== $('sim-speed'))
    $('sim-speed').value = String(sim.steps_per_second);
}

/**
 * Rows are built once per instrument list and then updated in place: replacing them on every
 * trade would swap the row under the pointer between mouse-down and mouse-up, and the click
 * would be lost.
 */
export function renderWatchlist(state) {
  const body = $('watchlist');
  if (body.rows.length !== state.order.length || body.dataset.order !== state.order.join(',')) {
    body.innerHTML = state.order
      .map(
        (id) =>
          `<tr data-instrument="${escapeHtml(id)}"><td><span class="symbol"></span> <div class="name"></div></td><td class="last"></td><td class="change"></td></tr>`,
      )
      .join('');
    body.dataset.order = state.order.join(',');
  }
  state.order.forEach((id, k) => {
    const i = state.instruments.get(id);
    const row = body.rows[k];
    const change = changeOf(i.last, i.previous_close_units);
    row.className = id === state.selected ? 'selected' : '';
    row.querySelector('.symbol').textContent = i.symbol;
    row.querySelector('.name').textContent = i.name;
    row.querySelector('.last').textContent = unitsText(
      i.last ?? i.previous_close_units,
      i.price_scale,
    );
    const cell = row.querySelector('.change');
    cell.textContent = change.text;
    cell.className = `change ${change.direction}`;
  });
}

export function renderInstrumentHead(state) {
  const i = state.instruments.get(state.selected);
  if (!i) return;
  $('inst-symbol').textContent = `${i.symbol} · ${i.market}`;
  $('inst-name').textContent = i.name;
  $('inst-phase').textContent = (i.phase ?? '').replace(/_/g, ' ');
  $('inst-phase').dataset.phase = i.phase ?? '';
  $('inst-last').textContent = unitsText(i.last ?? i.previous_close_units, i.price_scale);
  const change = changeOf(i.last, i.previous_close_units);
  $('inst-change').textContent = change.text;
  $('inst-change').className = change.direction;
}

export function renderLadder(state) {
  const i = state.instruments.get(state.selected);
  const depth = state.depth.get(state.selected);
  if (!i) return;
  const bids = (depth?.bids ?? []).slice(0, LADDER_LEVELS);
  const asks = (depth?.asks ?? []).slice(0, LADDER_LEVELS);
  const most = Math.max(1, ...bids.map((l) => l[1]), ...asks.map((l) => l[1]));
  const width = (v) => `${Math.round((v * 100) / most)}%`;
  const rows = [];
  for (let k = LADDER_LEVELS - 1; k >= 0; k -= 1) {
    const a = asks[k];
    if (!a) {
      rows.push(
        '<tr class="ask empty"><td></td><td></td><td class="price"></td><td></td><td></td></tr>',
      );
      continue;
    }
    const a_tag = limitTag(i, a[0]);
    rows.push(
      `<tr class="ask${a_tag ? ' at-limit' : ''}" data-side="ask" data-price="${a[0]}" data-volume="${a[1]}"><td></td><td></td>` +
        `<td class="price">${unitsText(a[0], i.price_scale)}${a_tag}</td>` +
        `<td><span class="bar-ask" style="width:${width(a[1])}"></span><span class="v">${quantityText(a[1])}</span></td><td>${a[2]}</td></tr>`,
    );
  }
  const spread = bids[0] && asks[0] ? unitsText(asks[0][0] - bids[0][0], i.price_scale) : '–';
  rows.push(`<tr class="spread"><td colspan="5">spread ${spread}</td></tr>`);
  for (let k = 0; k < LADDER_LEVELS; k += 1) {
    const b = bids[k];
    if (!b) {
      rows.push(
        '<tr class="bid empty"><td></td><td></td><td class="price"></td><td></td><td></td></tr>',
      );
      continue;
    }
    const b_tag = limitTag(i, b[0]);
    rows.push(
      `<tr class="bid${b_tag ? ' at-limit' : ''}" data-side="bid" data-price="${b[0]}" data-volume="${b[1]}"><td>${b[2]}</td>` +
        `<td><span class="bar-bid" style="width:${width(b[1])}"></span><span class="v">${quantityText(b[1])}</span></td>` +
        `<td class="price">${unitsText(b[0], i.price_scale)}${b_tag}</td><td></td><td></td></tr>`,
    );
  }
  $('ladder-body').innerHTML = rows.join('');
  renderLadderState(i, bids, asks);
}

/** Limit prices and trading states the ladder must not hide: halted, cooling-off, limit-locked. */
function renderLadderState(i, bids, asks) {
  const element = $('ladder-state');
  const up = i.book?.limit_up_units ?? null;
  const down = i.book?.limit_down_units ?? null;
  const price = (units) => unitsText(units, i.price_scale);
  const limits = up === null ? 'no daily price limit' : `limits ${price(down)} – ${price(up)}`;
  let state = '';
  let text = limits;
  if (i.phase === 'halted') {
    state = 'halted';
    text = `Trading halted · ${limits}`;
  } else if (i.phase === 'cooling_off') {
    state = 'cooling_off';
    text = `Cooling-off period (volatility control): trades only within the band · ${limits}`;
  } else if (up !== null && bids[0]?.[0] === up && asks.length === 0) {
    state = 'locked';
    text = `Locked limit-up at ${price(up)}: buyers at the limit, no sellers`;
  } else if (down !== null && asks[0]?.[0] === down && bids.length === 0) {
    state = 'locked';
    text = `Locked limit-down at ${price(down)}: sellers at the limit, no buyers`;
  }
  element.dataset.state = state;
  element.textContent = text;
}

function limitTag(i, price_units) {
  if (price_units === i.book?.limit_up_units) return '<span class="limit-tag">limit up</span>';
  if (price_units === i.book?.limit_down_units) return '<span class="limit-tag">limit down</span>';
  return '';
}

export function renderTape(state) {
  const i = state.instruments.get(state.selected);
  const trades = state.trades.get(state.selected) ?? [];
  if (!i) return;
  const rows = [];
  for (let k = trades.length - 1; k >= 0 && rows.length < 24; k -= 1) {
    const t = trades[k];
    rows.push(
      `<tr class="${t.aggressor}"><td>${clockText(t.timestamp_us)}</td><td class="p">${unitsText(t.price_units, i.price_scale)}</td><td>${quantityText(t.quantity_units)}</td></tr>`,
    );
  }
  $('tape').innerHTML = rows.join('') || '<tr><td class="muted">No trades yet</td></tr>';
}

let price_chart = null;

export function renderChart(state) {
  const i = state.instruments.get(state.selected);
  if (!i) return;
  price_chart ??= createPriceChart($('chart'));
  price_chart.update(i, state.trades.get(state.selected) ?? []);
}

export function renderEvents(state) {
  const lookup = lookupOf(state);
  const rows = [];
  for (let k = state.events.length - 1; k >= 0 && rows.length < 150; k -= 1) {
    const e = state.events[k];
    rows.push(
      `<tr><td class="seq">${e.event_seq}</td><td>${clockText(e.timestamp_us)}</td><td class="type">${escapeHtml(e.event.type.replaceAll('_', ' '))}</td><td class="detail">${escapeHtml(describeEvent(e.event, lookup))}</td></tr>`,
    );
  }
  $('events').innerHTML = rows.join('');
  $('events-count').textContent = `${quantityText(state.events_seen)} seen`;
}

/** How events and alerts name instruments and scale amounts. */
export function lookupOf(state) {
  return {
    instrument: (id) => state.instruments.get(id),
    assetScale: (asset) => state.asset_scales.get(asset),
  };
}

export function renderBalances(state) {
  const rows = state.balances
    .slice(0, 300)
    .map(
      (a) =>
        `<tr class="tier-${Math.min(a.tier, 2)}"><td>${escapeHtml(a.owner)}</td><td>${escapeHtml(a.asset)}</td><td>${escapeHtml(a.purpose)}${a.omnibus ? ' (omnibus)' : ''}</td><td>${a.tier}</td><td class="num">${minorText(a.balance_minor, a.scale)}</td></tr>`,
    );
  $('balances').innerHTML = rows.join('') || '<tr><td class="muted">No accounts</td></tr>';
  $('balances-owner').textContent =
    state.acting === 'operator' ? '(all participants)' : `(${state.acting} and its clients)`;
}

const LINK_NAMES = {
  sh_northbound: 'Northbound · Shanghai',
  sz_northbound: 'Northbound · Shenzhen',
  sh_southbound: 'Southbound · via Shanghai',
  sz_southbound: 'Southbound · via Shenzhen',
};

export function renderQuotas(state) {
  const q = state.quotas;
  if (!q) return;
  if (q.error) {
    $('quotas').innerHTML = `<p class="note">${escapeHtml(q.error)}</p>`;
    return;
  }
  const disclosed = q.quotas.some((x) => x.status === 'sufficient');
  $('quotas').innerHTML =
    q.quotas.map(quotaGauge).join('') +
    (disclosed
      ? `<p class="note" id="quota-rule">What HKEX discloses (since 2024): while at least ${DISCLOSURE_PERCENT} % of a daily quota remains, only "quota sufficient"; below that, the balance in real time. Operators see the figures.</p>`
      : '');
}

/** HKEX's disclosure threshold: the balance is published once less than 30 % of the quota remains. */
const DISCLOSURE_PERCENT = 30;

function quotaGauge(x) {
  const name = LINK_NAMES[x.link] ?? x.link;
  if (x.status === 'sufficient') return sufficientGauge(name, x.link);
  if (x.balance_minor === null || x.daily_quota_minor === null)
    return (
      gaugeHead(name, escapeHtml(x.status === 'closed' ? 'buying closed' : x.status), x.link) +
      '</div>'
    );
  const total = BigInt(x.daily_quota_minor);
  return gauge(name, x.link, total - BigInt(x.balance_minor), total, x.status === 'closed');
}

function gaugeHead(label, right, link) {
  return `<div class="gauge" data-link="${escapeHtml(link)}"><div class="label"><span>${escapeHtml(label)}</span><span class="status">${right}</span></div>`;
}

/**
 * "Sufficient": the balance is somewhere at or above 30 % of the quota, so use is somewhere between
 * none and 70 %. The bar shows that range as a band, not a figure the public does not get.
 */
function sufficientGauge(label, link) {
  const unknown = 100 - DISCLOSURE_PERCENT;
  return (
    gaugeHead(label, 'quota sufficient', link) +
    `<div class="track" title="Used: not disclosed, somewhere between 0 and ${unknown} %"><div class="band" style="width:${unknown}%"></div></div>` +
    `<div class="note">≥ ${DISCLOSURE_PERCENT} % of the daily quota left; the balance is not disclosed above that</div></div>`
  );
}

/** RMB minor units as billions with two decimals (display only). */
function billions(minor) {
  return (Number(minor / 1_000_000_000n) / 100).toFixed(2);
}

/** A quota gauge from figures: used of total (bigint minor units). */
function gauge(label, link, used, total, closed) {
  const percent = total > 0n ? Number((used * 1000n) / total) / 10 : 0;
  const left = `RMB ${billions(total - used)} bn of ${billions(total)} bn left${closed ? ' · buying closed' : ''}`;
  return `${gaugeHead(label, `${percent.toFixed(1)}% used`, link)}<div class="track"><div class="fill" style="width:${Math.min(100, percent)}%"></div></div><div class="note">${left}</div></div>`;
}

const SETTLEMENT_STAGES = [
  ['pending', ['matched', 'pending']],
  ['settled', ['settled']],
  ['failed', ['failed']],
];

export function renderSettlement(state) {
  const s = state.settlement;
  if (!s) return;
  const count = (statuses) =>
    s.counts ? statuses.reduce((n, k) => n + (s.counts[k] ?? 0), 0) : '–';
  const stages = SETTLEMENT_STAGES.map(
    ([name, statuses]) =>
      `<div class="stage ${name}"><div class="n">${count(statuses)}</div><div class="muted">${name}</div></div>`,
  );
  $('settlement').innerHTML =
    `<div class="pipeline">${stages.join('')}</div>` +
    (s.error ? `<p class="note">${escapeHtml(s.error)}</p>` : '');
}

export function renderOrders(state) {
  const rows = state.orders.slice(0, 100).map((o) => {
    const i = state.instruments.get(o.instrument);
    return `<tr data-order="${o.order_id}"><td>${escapeHtml(i?.symbol ?? o.instrument)} ${o.side}</td><td>${quantityText(o.remaining_units)} @ ${i ? unitsText(o.price_units, i.price_scale) : o.price_units}</td><td><button type="button" data-cancel="${o.order_id}">Cancel</button></td></tr>`;
  });
  $('my-orders').innerHTML = rows.join('') || '<tr><td class="muted">No live orders</td></tr>';
  $('orders-scope').textContent =
    state.acting === 'operator' ? '(everyone’s)' : `(${state.acting} and its clients)`;
}

// ---- surveillance ----
function microsText(us) {
  const local = new Date(Math.floor(us / 1000) + 8 * 3600 * 1000).toISOString();
  return local.slice(11, 19);
}

/** ISINs in a text become the instruments' symbols. */
export function withSymbols(state, text) {
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

export function renderAlerts(state) {
  const rows = state.alerts.slice(0, 100).map((a) => {
    const selected = a.alert_id === state.alert_selected ? ' class="selected"' : '';
    const instrument = a.instrument
      ? (state.instruments.get(a.instrument)?.symbol ?? a.instrument)
      : '';
    return `<tr data-alert="${escapeHtml(a.alert_id)}"${selected}><td>${microsText(a.raised_at_us)}</td><td><span class="sev ${escapeHtml(a.severity)}">${escapeHtml(a.severity)}</span></td><td>${escapeHtml(a.kind.replaceAll('_', ' '))}</td><td>${escapeHtml(instrument)}</td>${ownersCell(a.owners ?? [])}<td class="muted">${escapeHtml(a.state ?? 'open')}</td></tr>`;
  });
  $('alerts').innerHTML =
    rows.join('') ||
    `<tr><td class="muted">${state.acting === 'operator' ? 'No alerts yet' : 'Alerts are for operators: act as operator to see them'}</td></tr>`;
  $('alerts-count').textContent = state.alerts.length > 0 ? `(${state.alerts.length})` : '';
}

const NO_ALERT_TEXT = 'Select an alert to see its evidence.';

export function renderAlertDetail(state) {
  const a = state.alert_detail;
  const element = $('alert-detail');
  if (!a) {
    element.className = 'alert-detail muted';
    element.textContent = state.acting === 'operator' ? NO_ALERT_TEXT : '';
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
    a.kind.replaceAll('_', ' '),
    a.subtype ? a.subtype.replaceAll('_', ' ') : null,
    inst ? `${inst.symbol} ${inst.name}` : null,
    a.state ? `case ${a.state}` : null,
  ].filter((x) => x !== null);
  element.innerHTML =
    `<div><strong>${escapeHtml(withSymbols(state, a.summary))}</strong></div>` +
    `<div class="muted">${heading.map(escapeHtml).join(' · ')}</div>` +
    `<div class="muted owners-line">Owners: ${escapeHtml((a.owners ?? []).join(', ') || 'none named')}</div>` +
    (figures ? `<h3>Figures</h3><table>${figures}</table>` : '') +
    `<h3>Timeline</h3><table class="timeline">${timeline || '<tr><td class="muted">No events</td></tr>'}</table>`;
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
