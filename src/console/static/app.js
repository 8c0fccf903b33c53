// The Hutong console: shared state (instruments, books, trades, who acts), the stream, and the views
// (views/index.js). Each view is a module `{ id, title, mount(el, ctx), update(state, topics) }`
// with optional hooks; the app lays them out, feeds them and draws each dirty view once per frame.
import { openStream, request } from './api.js';
import { escapeHtml, quantityText } from './format.js';
import { VIEWS } from './views/index.js';

const $ = (id) => document.getElementById(id);
const TRADES_KEPT = 500;
const POLL_MS = 2000;

/** What several views read. A view keeps what only it reads in its own module. */
const state = {
  keys: [],
  operator_key: null,
  acting: 'operator',
  /** `/v1/whoami` of the key in use: participant, operator, clients. */
  who: null,
  key: null,
  instruments: new Map(),
  order: [],
  selected: null,
  depth: new Map(),
  trades: new Map(),
  seeded: new Set(),
  status: null,
  /** Decimal places of each asset's amounts, for the event log (balances and cash assets). */
  asset_scales: new Map(),
};

// ---- rendering: data handlers mark topics (or view ids) dirty; a frame updates each view once ----
const dirty = new Set();
let frame_requested = false;

/**
 * Topics the app marks: `instruments` (last prices, phases, limits), `selected`, `depth`, `trades`,
 * `status`, `acting`. A view is updated when its id or one of the topics it `watch`es is dirty.
 */
function mark(...names) {
  for (const name of names) dirty.add(name);
  if (!frame_requested) {
    frame_requested = true;
    requestAnimationFrame(draw);
  }
}

function draw() {
  frame_requested = false;
  const topics = new Set(dirty);
  dirty.clear();
  if (topics.has('status')) renderStatus();
  for (const view of VIEWS) {
    if (!topics.has(view.id) && !(view.watch ?? []).some((t) => topics.has(t))) continue;
    try {
      view.update(state, topics);
    } catch (error) {
      console.error(`view ${view.id}:`, error);
    }
  }
}

/** Calls `hook` on every view that has it; a failing view does not stop the others. */
function each(hook, ...args) {
  return Promise.all(
    VIEWS.filter((v) => typeof v[hook] === 'function').map(async (v) => {
      try {
        await v[hook](...args);
      } catch (error) {
        console.error(`view ${v.id} ${hook}:`, error);
      }
    }),
  );
}

// ---- what views may use ----
const ctx = {
  state,
  /** A request with the key the console acts with. */
  request: (method, path, body) => request(state.key, method, path, body),
  /** A request with another participant's key (demo keys), or the acting key. */
  requestAs: (participant, method, path, body) =>
    request(keyOf(participant) ?? state.key, method, path, body),
  keyOf: (participant) => keyOf(participant),
  mark,
  select: (id) => select(id),
  /** Another view by id (its module), or undefined when the console has none. */
  view: (id) => VIEWS.find((v) => v.id === id),
  notice,
};

function keyOf(participant) {
  return state.keys.find((k) => k.participant === participant)?.key;
}

/** A message for the user in the top bar (what no view owns: the simulator, acting). */
function notice(ok, text) {
  const element = $('notice');
  element.className = `notice ${ok ? 'ok' : 'bad'}`;
  element.textContent = text;
}

// ---- layout: each view in its place ----
function mountViews() {
  for (const view of VIEWS) {
    const place = document.querySelector(`[data-place="${view.place ?? 'bottom'}"]`);
    const section = document.createElement('section');
    section.className = `panel view view-${view.id}${view.wide ? ' wide' : ''}`;
    section.id = `view-${view.id}`;
    section.dataset.view = view.id;
    section.innerHTML = `<h2><span class="title">${escapeHtml(view.title)}</span> <span class="sub muted"></span></h2>`;
    (place ?? document.querySelector('[data-place="bottom"]')).append(section);
    view.mount(section, ctx);
  }
}

// ---- the header ----
function renderStatus() {
  const s = state.status;
  if (!s) return;
  $('hub-time').textContent = s.clock_time ?? s.hub_time;
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
  renderClockChoices();
}

// ---- hub time under the operator's hand (demo clocks): POST /v1/clock/advance ----
/** Moments worth moving to, in Hong Kong time, from the hub's date: those still ahead. */
const CLOCK_MOMENTS = [
  ['09:31', 'continuous trading'],
  ['16:10', 'closing auctions'],
  ['17:01', 'after the 17:00 settlement cycles'],
];

function clockChoices(clock_time) {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(clock_time ?? '');
  if (match === null) return [];
  const [, date, now] = match;
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const tomorrow = next.toISOString().slice(0, 10);
  return [
    ...CLOCK_MOMENTS.filter(([at]) => at > now).map(([at, what]) => [`${date} ${at}`, what]),
    [`${tomorrow} 09:31`, 'the next day, trading'],
  ];
}

let clock_adjustable = false;
function renderClockChoices() {
  const form = $('clock-form');
  form.hidden = !clock_adjustable;
  if (!clock_adjustable || document.activeElement === $('clock-to')) return;
  const choices = clockChoices(state.status?.clock_time);
  const key = choices.map(([to]) => to).join(',');
  if (form.dataset.choices === key) return;
  form.dataset.choices = key;
  $('clock-to').innerHTML = choices
    .map(
      ([to, what]) => `<option value="${escapeHtml(to)}">${escapeHtml(`${to} · ${what}`)}</option>`,
    )
    .join('');
}

async function loadClock() {
  if (state.operator_key === null) return;
  const r = await request(state.operator_key, 'GET', '/v1/clock');
  clock_adjustable = r.status === 200 && r.body.adjustable === true;
  renderClockChoices();
}

async function advanceClock(to) {
  $('clock-advance').disabled = true;
  const r = await request(state.operator_key, 'POST', '/v1/clock/advance', { to });
  $('clock-advance').disabled = false;
  if (r.status !== 200)
    return notice(
      false,
      `Clock: ${r.body?.error?.code ?? r.status} ${r.body?.error?.message ?? ''}`,
    );
  notice(true, `Hub time moved to ${r.body.clock.time}`);
  $('clock-form').dataset.choices = '';
  if (state.status) state.status = { ...state.status, clock_time: r.body.clock.time };
  mark('status');
  poll();
}

// ---- the stream ----
let stream = null;

function connect() {
  stream?.close();
  const bonds = 'rfqs,quotes,bond_trades,bond_quota,coupons,repos,margin_calls,facilities,payments';
  const channels =
    state.acting === 'operator' || state.who?.operator
      ? `events,orders,status,alerts,risk_alerts,${bonds}`
      : `events,orders,status,${bonds}`;
  stream = openStream(state.key, `market=*&channels=${channels}`, onFrame, (s, reason) => {
    $('conn').dataset.state = s;
    $('conn').textContent = s === 'closed' ? 'reconnecting' : s;
    $('conn').title = reason;
  });
}

function onFrame(f) {
  if (f.channel === 'market') onMarket(f);
  else if (f.channel === 'status') {
    state.status = f;
    mark('status');
  }
  for (const view of VIEWS) view.onFrame?.(f, ctx);
}

function onMarket(f) {
  const i = state.instruments.get(f.instrument);
  if (!i) return;
  const selected = f.instrument === state.selected;
  if (f.type === 'depth') {
    state.depth.set(f.instrument, f);
    if (selected) mark('depth');
  } else if (f.type === 'trade') {
    let list = state.trades.get(f.instrument);
    if (!list) {
      list = [];
      state.trades.set(f.instrument, list);
    }
    list.push(f);
    if (list.length > TRADES_KEPT * 2) list.splice(0, list.length - TRADES_KEPT);
    i.last = f.price_units;
    mark('instruments');
    if (selected) mark('trades');
  } else if (f.type === 'phase_changed') {
    i.phase = f.phase;
    mark('instruments');
  }
}

// ---- polling: instrument summaries here, each view's own data in its `poll` ----
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
  mark('instruments');
}

let polling = false;
async function poll() {
  if (polling) return; // a slow server: one round at a time
  polling = true;
  try {
    await Promise.all([loadSummaries(), each('poll', ctx)]);
  } finally {
    polling = false;
  }
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
  mark('selected');
  each('selected', id, ctx);
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
  if (id === state.selected) mark('trades');
}

// ---- who the console acts as ----
async function setActing(participant) {
  state.acting = participant;
  state.key = keyOf(participant) ?? state.key;
  localStorage.setItem('hutong.acting', participant);
  // What the previous key saw (operator-only evidence above all) goes before the new key's arrives.
  await each('reset', ctx);
  mark('acting');
  const who = await request(state.key, 'GET', '/v1/whoami');
  if (who.status !== 200)
    return notice(false, `Could not act as ${participant}: ${who.body?.error?.message}`);
  state.who = who.body;
  connect();
  await each('acting', who.body, ctx);
  poll();
  const status = await request(state.key, 'GET', '/v1/status');
  if (status.status === 200 && state.status === null) {
    state.status = status.body;
    mark('status');
  }
}

// ---- simulator controls (operator) ----
async function simControl(path, body) {
  const r = await request(state.operator_key, 'POST', path, body);
  if (r.status !== 200) notice(false, `Simulator: ${r.body?.error?.message ?? r.status}`);
  else if (state.status) {
    state.status = { ...state.status, sim: r.body };
    mark('status');
  }
}

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
  loadClock();
  setInterval(poll, POLL_MS);
}

function wire() {
  $('acting').addEventListener('change', (e) => setActing(e.target.value));
  $('sim-start').addEventListener('click', () => simControl('/v1/sim/start', {}));
  $('sim-stop').addEventListener('click', () => simControl('/v1/sim/stop', {}));
  $('sim-speed').addEventListener('change', (e) =>
    simControl('/v1/sim/speed', { steps_per_second: Number(e.target.value) }),
  );
  $('clock-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if ($('clock-to').value) advanceClock($('clock-to').value);
  });
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem('hutong.key', $('key-input').value.trim());
    location.reload();
  });
}

mountViews();
wire();
boot().catch((error) => notice(false, `The console could not start: ${error.message}`));
