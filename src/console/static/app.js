// The Hutong console: state, data flows and one render per animation frame.
import { openStream, request } from './api.js';
import { escapeHtml, unitsText } from './format.js';
import * as panels from './panels.js';
import { createTicket } from './ticket.js';

const $ = (id) => document.getElementById(id);
const TRADES_KEPT = 500;
const EVENTS_KEPT = 300;
const POLL_MS = 2000;

const state = {
  keys: [],
  operator_key: null,
  acting: 'operator',
  key: null,
  instruments: new Map(),
  order: [],
  selected: null,
  depth: new Map(),
  trades: new Map(),
  seeded: new Set(),
  events: [],
  events_seen: 0,
  status: null,
  orders: [],
  balances: [],
  quotas: null,
  settlement: null,
  owners: [],
  alerts: [],
  alert_selected: null,
  alert_detail: null,
  /** Decimal places of each asset's amounts, for the event log (balances and cash assets). */
  asset_scales: new Map(),
};

// ---- rendering: data handlers only mark panels dirty; a frame draws each dirty panel once ----
const dirty = new Set();
let frame_requested = false;
const RENDER = {
  status: panels.renderStatus,
  watchlist: panels.renderWatchlist,
  head: panels.renderInstrumentHead,
  ladder: panels.renderLadder,
  tape: panels.renderTape,
  chart: panels.renderChart,
  events: panels.renderEvents,
  balances: panels.renderBalances,
  quotas: panels.renderQuotas,
  settlement: panels.renderSettlement,
  orders: panels.renderOrders,
  alerts: panels.renderAlerts,
  alert_detail: panels.renderAlertDetail,
};

function mark(...names) {
  for (const name of names) dirty.add(name);
  if (!frame_requested) {
    frame_requested = true;
    requestAnimationFrame(draw);
  }
}

function draw() {
  frame_requested = false;
  const names = [...dirty];
  dirty.clear();
  for (const name of names) RENDER[name](state);
}

// ---- the stream ----
let stream = null;

function connect() {
  stream?.close();
  state.events = [];
  state.events_seen = 0;
  const channels =
    state.acting === 'operator' ? 'events,orders,status,alerts' : 'events,orders,status';
  stream = openStream(state.key, `market=*&channels=${channels}`, onFrame, (s, reason) => {
    $('conn').dataset.state = s;
    $('conn').textContent = s === 'closed' ? 'reconnecting' : s;
    $('conn').title = reason;
  });
}

function onFrame(f) {
  if (f.channel === 'market') return onMarket(f);
  if (f.channel === 'events') {
    state.events_seen += 1;
    if (f.event.type === 'bbo') return;
    state.events.push(f);
    if (state.events.length > EVENTS_KEPT * 2)
      state.events.splice(0, state.events.length - EVENTS_KEPT);
    return mark('events');
  }
  if (f.channel === 'orders') return scheduleOrders();
  if (f.channel === 'alerts') {
    state.alerts.unshift(f.alert);
    if (state.alerts.length > 200) state.alerts.length = 200;
    return mark('alerts');
  }
  if (f.channel === 'status') {
    state.status = f;
    return mark('status');
  }
}

function onMarket(f) {
  const i = state.instruments.get(f.instrument);
  if (!i) return;
  const selected = f.instrument === state.selected;
  if (f.type === 'depth') {
    state.depth.set(f.instrument, f);
    if (selected) mark('ladder');
  } else if (f.type === 'trade') {
    let list = state.trades.get(f.instrument);
    if (!list) {
      list = [];
      state.trades.set(f.instrument, list);
    }
    list.push(f);
    if (list.length > TRADES_KEPT * 2) list.splice(0, list.length - TRADES_KEPT);
    i.last = f.price_units;
    mark('watchlist');
    if (selected) mark('tape', 'chart', 'head');
  } else if (f.type === 'phase_changed') {
    i.phase = f.phase;
    if (selected) mark('head', 'ladder');
  }
}

// ---- polling: balances, orders, quotas, settlement ----
let orders_timer = null;
function scheduleOrders() {
  if (orders_timer !== null) return;
  orders_timer = setTimeout(() => {
    orders_timer = null;
    loadOrders();
  }, 250);
}

async function loadOrders() {
  const r = await request(state.key, 'GET', '/v1/orders?limit=200');
  if (r.status === 200) {
    state.orders = r.body.orders;
    mark('orders');
  }
}

// A view the server does not offer (501: its domain has not landed) is asked for once only.
async function pollView(path, field) {
  if (state[field]?.unavailable) return;
  const r = await request(state.key, 'GET', path);
  if (r.status === 200) state[field] = r.body;
  else {
    const error = r.body?.error?.message ?? `HTTP ${r.status}`;
    state[field] = { error, unavailable: r.status === 501 };
  }
  mark(field);
}

/** Phases, last prices and today's limits of every book (limits change with each day). */
async function loadSummaries() {
  const r = await request(state.key, 'GET', '/v1/instruments');
  if (r.status !== 200) return;
  for (const s of r.body.instruments) {
    const i = state.instruments.get(s.id);
    if (!i || s.book === null) continue;
    i.book = s.book;
    i.phase = s.book.phase;
    i.previous_close_units = s.book.previous_close_units ?? i.previous_close_units;
    if (s.book.last_price_units !== null) i.last = s.book.last_price_units;
  }
  mark('watchlist', 'head', 'ladder', 'chart');
}

async function poll() {
  loadSummaries();
  const balances = await request(state.key, 'GET', '/v1/balances?limit=500');
  if (balances.status === 200) {
    state.balances = balances.body.accounts;
    for (const a of state.balances) state.asset_scales.set(a.asset, a.scale);
  }
  mark('balances');
  await Promise.all([
    pollView('/v1/quotas', 'quotas'),
    pollView('/v1/settlement', 'settlement'),
    loadAlerts(),
  ]);
}

// ---- surveillance (operators only) ----
async function loadAlerts() {
  if (state.acting !== 'operator') {
    state.alerts = [];
    return mark('alerts');
  }
  const key = state.key;
  const r = await request(key, 'GET', '/v1/surveillance/alerts?limit=100');
  if (key !== state.key) return; // the console acts for someone else now
  if (r.status === 200) state.alerts = r.body.alerts;
  mark('alerts');
}

async function selectAlert(alert_id) {
  state.alert_selected = alert_id;
  mark('alerts');
  const key = state.key;
  const r = await request(key, 'GET', `/v1/surveillance/alerts/${encodeURIComponent(alert_id)}`);
  if (key !== state.key) return;
  state.alert_detail =
    r.status === 200 ? r.body.alert : { error: r.body?.error?.message ?? `HTTP ${r.status}` };
  mark('alert_detail');
}

// ---- instruments and selection ----
async function loadInstruments() {
  const cash = await request(state.key, 'GET', '/v1/reference/cash-assets');
  for (const c of cash.body?.cash_assets ?? []) state.asset_scales.set(c.id, c.scale);
  const r = await request(state.key, 'GET', '/v1/instruments');
  for (const s of r.body.instruments) {
    if (s.book === null) continue;
    state.instruments.set(s.id, { ...s, last: s.book.last_price_units, phase: s.book.phase });
    state.order.push(s.id);
  }
  select(state.order[0]);
}

async function select(id) {
  state.selected = id;
  ticket.followSelection(id);
  mark('watchlist', 'head', 'ladder', 'tape', 'chart');
  if (state.seeded.has(id)) return;
  state.seeded.add(id);
  const r = await request(
    state.key,
    'GET',
    `/v1/instruments/${encodeURIComponent(id)}/trades?limit=${TRADES_KEPT}`,
  );
  if (r.status !== 200) return;
  const live = state.trades.get(id) ?? [];
  const first_live = live[0]?.trade_id;
  const history = r.body.trades.filter(
    (t) => t.trade_id !== first_live && !live.some((l) => l.trade_id === t.trade_id),
  );
  state.trades.set(id, [...history, ...live]);
  mark('tape', 'chart');
}

// ---- who the console acts as ----
async function setActing(participant) {
  state.acting = participant;
  // What the previous key saw (operator-only evidence above all) goes before the new key's arrives.
  state.alerts = [];
  state.alert_selected = null;
  state.alert_detail = null;
  state.orders = [];
  state.balances = [];
  state.settlement = null;
  state.quotas = null;
  mark('alerts', 'alert_detail', 'orders', 'balances');
  state.key = state.keys.find((k) => k.participant === participant)?.key ?? state.key;
  localStorage.setItem('hutong.acting', participant);
  const who = await request(state.key, 'GET', '/v1/whoami');
  if (who.status !== 200)
    return showResult(false, `Could not act as ${participant}: ${who.body?.error?.message}`);
  connect();
  loadOrders();
  poll();
  await ticket.setActing(who.body);
  const status = await request(state.key, 'GET', '/v1/status');
  if (status.status === 200 && state.status === null) {
    state.status = status.body;
    mark('status');
  }
}

function showResult(ok, text) {
  const result = $('ticket-result');
  result.className = `result ${ok ? 'ok' : 'bad'}`;
  result.textContent = text;
}

async function cancelOrder(order_id) {
  const order = state.orders.find((o) => String(o.order_id) === String(order_id));
  const key = order ? ticket.cancelKey(order) : state.key;
  const r = await request(key, 'DELETE', `/v1/orders/${order_id}`);
  showResult(
    r.status === 200,
    r.status === 200 ? `Cancelled order #${order_id}` : `Cancel refused: ${r.body?.error?.code}`,
  );
  loadOrders();
}

// ---- simulator controls (operator) ----
async function simControl(path, body) {
  const r = await request(state.operator_key, 'POST', path, body);
  if (r.status !== 200) showResult(false, `Simulator: ${r.body?.error?.message ?? r.status}`);
  else if (state.status) {
    state.status = { ...state.status, sim: r.body };
    mark('status');
  }
}

// ---- the order ticket (ticket.js) ----
const ticket = createTicket({
  state,
  showResult,
  ordersChanged: () => loadOrders(),
});

// ---- start ----
async function boot() {
  const demo = await request(null, 'GET', '/v1/demo/keys');
  if (demo.status === 200) {
    state.keys = demo.body.keys;
    state.operator_key = state.keys.find((k) => k.participant === 'operator')?.key ?? null;
    state.key = state.operator_key;
  } else {
    // A key passed in the address (`/console/?key=hk_…`) is kept and taken out of the address.
    const passed = new URLSearchParams(location.search).get('key');
    if (passed) {
      localStorage.setItem('hutong.key', passed);
      history.replaceState(null, '', location.pathname);
    }
    state.key = localStorage.getItem('hutong.key');
    if (!state.key) {
      $('key-form').hidden = false;
      return;
    }
    state.keys = [{ participant: '(your key)', key: state.key }];
    state.operator_key = state.key;
  }
  $('acting').innerHTML = state.keys
    .map((k) => {
      const name = escapeHtml(k.participant);
      return `<option value="${name}">${name}${k.operator ? ' (operator)' : ''}</option>`;
    })
    .join('');
  await loadInstruments();
  const saved = localStorage.getItem('hutong.acting');
  const first = state.keys.some((k) => k.participant === saved) ? saved : state.keys[0].participant;
  $('acting').value = first;
  await setActing(first);
  setInterval(poll, POLL_MS);
}

function wire() {
  $('watchlist').addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-instrument]');
    if (row) select(row.dataset.instrument);
  });
  $('ladder-body').addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-price]');
    const i = state.instruments.get(state.selected);
    if (row && i) $('ticket-price').value = unitsText(Number(row.dataset.price), i.price_scale);
  });
  $('my-orders').addEventListener('click', (e) => {
    const id = e.target.dataset?.cancel;
    if (id) cancelOrder(id);
  });
  $('acting').addEventListener('change', (e) => setActing(e.target.value));
  ticket.wire();
  $('alerts').addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-alert]');
    if (row) selectAlert(row.dataset.alert);
  });
  $('sim-start').addEventListener('click', () => simControl('/v1/sim/start', {}));
  $('sim-stop').addEventListener('click', () => simControl('/v1/sim/stop', {}));
  $('sim-speed').addEventListener('change', (e) =>
    simControl('/v1/sim/speed', { steps_per_second: Number(e.target.value) }),
  );
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem('hutong.key', $('key-input').value.trim());
    location.reload();
  });
}

wire();
boot().catch((error) => showResult(false, `The console could not start: ${error.message}`));
