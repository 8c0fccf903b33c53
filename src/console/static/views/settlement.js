// Settlement: the pipeline (pending, settled, failed), the settlement cycles as they complete,
// instructions per participant, fails by reason and the latest instructions. Data: GET
// /v1/settlement (counts, by_participant, fail_reasons) and GET /v1/settlement/instructions,
// polled; cycles from GET /v1/events?type=cycle_completed and then the stream's `events` channel
// (cycles are operator-only events).
import { escapeHtml, quantityText } from '../format.js';

const $ = (id) => document.getElementById(id);
const STAGES = [
  ['pending', ['matched', 'pending']],
  ['settled', ['settled']],
  ['failed', ['failed']],
];
const CYCLES_SHOWN = 8;
const words = (text) => String(text).replaceAll('_', ' ');

let summary = null;
let latest = [];
let fails = [];
let cycles = [];

function count(counts, statuses) {
  return statuses.reduce((n, k) => n + (counts?.[k] ?? 0), 0);
}

export default {
  id: 'settlement',
  title: 'Settlement',
  wide: true,
  watch: ['acting'],

  mount(el) {
    el.insertAdjacentHTML(
      'beforeend',
      `<div id="settlement">
        <div class="pipeline" id="settlement-pipeline"></div>
        <div class="cols">
          <div><h3>Cycles</h3><table class="cycles"><thead><tr><th>Date</th><th>Group</th><th>Settled</th><th>Failed</th></tr></thead><tbody id="settlement-cycles"></tbody></table></div>
          <div><h3>Per participant</h3><div class="scroll"><table class="per-participant"><thead><tr><th>Participant</th><th>Pending</th><th>Settled</th><th>Failed</th></tr></thead><tbody id="settlement-participants"></tbody></table></div></div>
          <div><h3>Fails by reason</h3><table class="fail-reasons"><tbody id="settlement-fail-reasons"></tbody></table></div>
          <div class="span"><h3>Latest fails</h3><table class="instructions"><tbody id="settlement-fails"></tbody></table></div>
          <div class="span"><h3>Latest instructions</h3><table class="instructions"><tbody id="settlement-latest"></tbody></table></div>
        </div>
      </div>`,
    );
  },

  reset(ctx) {
    summary = null;
    latest = [];
    fails = [];
    cycles = [];
    ctx.mark('settlement');
  },

  async acting(who, ctx) {
    if (!who.operator) return;
    const r = await ctx.request('GET', '/v1/events?type=cycle_completed&limit=1000');
    if (r.status !== 200) return;
    const seen = new Set(cycles.map((c) => c.event_seq));
    cycles = [...r.body.events.filter((e) => !seen.has(e.event_seq)), ...cycles].sort(
      (a, b) => a.event_seq - b.event_seq,
    );
    ctx.mark('settlement');
  },

  async poll(ctx) {
    if (summary?.unavailable) return; // 501: the server has no settlement reader
    const key = ctx.state.key;
    const [s, l, f] = await Promise.all([
      ctx.request('GET', '/v1/settlement'),
      ctx.request('GET', '/v1/settlement/instructions?limit=6'),
      ctx.request('GET', '/v1/settlement/instructions?status=failed&limit=6'),
    ]);
    if (key !== ctx.state.key) return;
    summary =
      s.status === 200
        ? s.body
        : { error: s.body?.error?.message ?? `HTTP ${s.status}`, unavailable: s.status === 501 };
    latest = l.status === 200 ? l.body.instructions : [];
    fails = f.status === 200 ? f.body.instructions : [];
    ctx.mark('settlement');
  },

  onFrame(f, ctx) {
    if (f.channel !== 'events' || f.event.type !== 'cycle_completed') return;
    cycles.push(f);
    if (cycles.length > 500) cycles.splice(0, cycles.length - 250);
    ctx.mark('settlement');
  },

  update(state) {
    const counts = summary?.counts;
    $('settlement').dataset.settled = String(count(counts, ['settled']));
    $('settlement').dataset.cycles = String(cycles.length);
    $('settlement-pipeline').innerHTML =
      STAGES.map(
        ([name, statuses]) =>
          `<div class="stage ${name}"><div class="n">${counts ? quantityText(count(counts, statuses)) : '–'}</div><div class="muted">${name}</div></div>`,
      ).join('') + (summary?.error ? `<p class="note">${escapeHtml(summary.error)}</p>` : '');
    renderCycles(state);
    renderParticipants();
    renderFails(state);
    $('settlement-latest').innerHTML =
      latest.map((x) => instructionRow(state, x)).join('') || empty('No instructions yet');
  },
};

function empty(text) {
  return `<tr><td class="muted left wrap">${escapeHtml(text)}</td></tr>`;
}

function renderCycles(state) {
  if (!state.who?.operator) {
    $('settlement-cycles').innerHTML = empty('Cycles are shown to operators');
    return;
  }
  const rows = [];
  for (let k = cycles.length - 1; k >= 0 && rows.length < CYCLES_SHOWN; k -= 1) {
    const c = cycles[k];
    const e = c.event;
    rows.push(
      `<tr data-cycle="${escapeHtml(e.cycle_id)}" title="${escapeHtml(e.cycle_id)}"><td class="left">${escapeHtml(e.settlement_date)}</td><td class="left">${escapeHtml(words(e.group))}</td><td class="up">${quantityText(e.settled)}</td><td class="${e.failed > 0 ? 'down' : 'muted'}">${quantityText(e.failed)}</td></tr>`,
    );
  }
  $('settlement-cycles').innerHTML =
    rows.join('') || empty('No cycle yet: the settlement cycles run at 17:00 Hong Kong time');
}

function renderParticipants() {
  const rows = Object.entries(summary?.by_participant ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([participant, c]) =>
        `<tr><td class="left">${escapeHtml(participant)}</td><td>${quantityText(count(c, ['matched', 'pending']))}</td><td class="up">${quantityText(c.settled ?? 0)}</td><td class="${(c.failed ?? 0) > 0 ? 'down' : ''}">${quantityText(c.failed ?? 0)}</td></tr>`,
    );
  $('settlement-participants').innerHTML = rows.join('') || empty('No instructions yet');
}

function renderFails(state) {
  const reasons = Object.entries(summary?.fail_reasons ?? {}).sort(([, a], [, b]) => b - a);
  $('settlement-fail-reasons').innerHTML =
    reasons
      .map(
        ([reason, n]) =>
          `<tr><td class="left">${escapeHtml(words(reason))}</td><td class="down">${quantityText(n)}</td></tr>`,
      )
      .join('') || empty('No fails');
  $('settlement-fails').innerHTML =
    fails.map((x) => instructionRow(state, x)).join('') || empty('No fails');
}

function instructionRow(state, x) {
  const d = x.detail;
  const symbol = state.instruments.get(x.instrument)?.symbol ?? x.instrument ?? '';
  const status =
    x.status === 'failed' && d.fail_reason ? `failed: ${words(d.fail_reason)}` : x.status;
  return `<tr class="instruction ${escapeHtml(x.status)}"><td class="left">${escapeHtml(symbol)} ${quantityText(d.quantity_units)}</td><td class="left parties" title="${escapeHtml(`${d.deliverer} → ${d.receiver}`)}">${escapeHtml(d.deliverer)} → ${escapeHtml(d.receiver)}</td><td class="left">${escapeHtml(x.settlement_date)}</td><td class="left status">${escapeHtml(status)}</td></tr>`;
}
