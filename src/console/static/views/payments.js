// Payments (docs/payments.md §10): Payment Connect as the acting key may see it. The payments both
// ways, newest first; volumes per hour (bars drawn with lightweight-charts); a payer's limits
// consumed; FX converted; failures by reason; and a form to pay as a person banking with the
// acting key's bank (payments.submit, POST /v1/commands), showing the result or the refusal's
// code and message. A payment that converts (HKD sent Northbound, HKD received Southbound) first
// asks the RMB link bank for its quote at the rate in the form (payments.quote with that bank's
// demo key), prefilled with the last rate seen for the pair. Data: GET /v1/payments, /v1/payments/limits?payer= (polled, and reloaded when
// the stream's payments channel carries something). A panel is shown only when it has data.
// Amounts are exact digit strings; the bars alone are floats.
import { decimalToScaled, resultHtml, scaledText } from '../bonds.js';
import { escapeHtml } from '../format.js';
import { createChart, HistogramSeries } from '../vendor/lightweight-charts.js';
import { money, whenText } from './financing_format.js';

const HOUR_S = 3_600;
/** Hong Kong time, UTC+8: the hour buckets and the axis are HK hours. */
const HK_OFFSET_S = 8 * HOUR_S;

const FORM = `<form id="pay-form" class="bond-form" autocomplete="off">
  <label>Direction <select id="pay-direction">
    <option value="northbound">Northbound (HK → Mainland)</option>
    <option value="southbound">Southbound (Mainland → HK)</option></select></label>
  <label>Payer <select id="pay-payer"></select></label>
  <label>Payee mobile <input id="pay-mobile" required placeholder="+86 138 0013 8000"></label>
  <label>Amount <input id="pay-amount" inputmode="decimal" required></label>
  <label>Sent in <select id="pay-send-currency"></select></label>
  <label>Received in <select id="pay-receive-currency"></select></label>
  <label id="pay-rate-label" hidden>Rate <input id="pay-rate" inputmode="decimal" placeholder="received per unit sent"></label>
  <button type="submit" id="pay-submit">Send payment</button>
</form><div id="pay-result" class="result"></div>`;

let element = null;
let context = null;
/** The payments the key sees, its chosen payer's limits, the form's last result. */
let data = { payments: [], limits: null, rmb_link_bank: null };
/** What each direction may send and receive (docs/payments.md §2). */
const CURRENCIES = {
  northbound: { send: ['CNY', 'HKD'], receive: ['CNY'] },
  southbound: { send: ['CNY'], receive: ['CNY', 'HKD'] },
};
let payer_chosen = '';
/** The console state of the last update, for the direction's change to refill the payers. */
let last_state = null;
let result = null;
let drawn = '';

function stateCell(p) {
  const bad = ['rejected', 'timed_out', 'recalled', 'returned'].includes(p.state);
  return `<td class="state ${bad ? 'bad' : 'ok'}">${escapeHtml(p.state.replace(/_/g, ' '))}</td>`;
}

function paymentsHtml(payments) {
  const rows = payments
    .map(
      (p) => `<tr data-e2e="${escapeHtml(p.end_to_end_id)}">
      <td>${whenText(p.initiated_us)}</td><td class="id left">${escapeHtml(p.end_to_end_id)}</td>
      <td class="direction">${p.direction === 'northbound' ? 'HK → CN' : 'CN → HK'}</td>
      <td class="left">${escapeHtml(p.payer_bank)} → ${escapeHtml(p.payee_bank)}</td>
      <td class="sent">${money(p.amount_minor, p.send_currency)}</td>
      <td class="received">${money(p.receive_minor, p.receive_currency)}</td>
      ${stateCell(p)}<td class="reason">${escapeHtml(p.reason ?? '')}</td></tr>`,
    )
    .join('');
  return `<div class="scroll"><table class="bond-table pay-list"><thead><tr><th>When (HKT)</th><th class="left">End-to-end id</th><th>Way</th><th class="left">Payer bank → payee bank</th><th>Sent</th><th>Received</th><th>State</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/**
 * Payments per HK hour, both ways: [{hour_s (HK), northbound, southbound}], every hour of the 24
 * up to the latest payment's, so an hour without payments shows as nought rather than not at all.
 */
function perHour(payments) {
  const hours = new Map();
  for (const p of payments) {
    const hour_s = Math.floor((p.initiated_us / 1e6 + HK_OFFSET_S) / HOUR_S) * HOUR_S;
    const row = hours.get(hour_s) ?? { hour_s, northbound: 0, southbound: 0 };
    row[p.direction] += 1;
    hours.set(hour_s, row);
  }
  if (hours.size === 0) return [];
  const last = Math.max(...hours.keys());
  const first = Math.max(Math.min(...hours.keys()), last - 23 * HOUR_S);
  const rows = [];
  for (let hour_s = first; hour_s <= last; hour_s += HOUR_S) {
    rows.push(hours.get(hour_s) ?? { hour_s, northbound: 0, southbound: 0 });
  }
  return rows;
}

let chart = null;
let series = null;

function hourLabel(time) {
  const hour = Math.floor((Number(time) % 86_400) / HOUR_S);
  return `${String(hour).padStart(2, '0')}:00`;
}

function drawVolumes(container, payments) {
  const hours = perHour(payments);
  chart ??= createChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: '#7d8a97', fontSize: 11 },
    grid: { vertLines: { visible: false }, horzLines: { color: '#1d252e' } },
    timeScale: { borderColor: '#26303b', tickMarkFormatter: hourLabel, barSpacing: 30 },
    rightPriceScale: { borderColor: '#26303b' },
    localization: { timeFormatter: hourLabel },
    handleScroll: false,
    handleScale: false,
  });
  series ??= chart.addSeries(HistogramSeries, {
    priceFormat: { type: 'price', precision: 0, minMove: 1 },
    title: 'payments per hour',
  });
  series.setData(
    hours.map((h) => ({
      time: h.hour_s,
      value: h.northbound + h.southbound,
      color: h.northbound >= h.southbound ? '#4c8dd6' : '#d6a04c',
    })),
  );
  chart.timeScale().fitContent();
  container.dataset.bars = String(hours.length);
  container.dataset.counts = hours.map((h) => `${h.northbound}/${h.southbound}`).join('|');
}

function volumesHtml(payments) {
  const rows = perHour(payments)
    .map(
      (h) =>
        `<tr><td>${hourLabel(h.hour_s)}</td><td>${h.northbound}</td><td>${h.southbound}</td></tr>`,
    )
    .join('');
  return `<div class="pay-bars-slot"></div><table class="bond-table pay-hours"><thead><tr><th>Hour (HKT)</th><th>Northbound</th><th>Southbound</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The payer's counters: used and left today and this year. */
function limitsHtml(limits) {
  const rows = limits.limits
    .map(
      (
        l,
      ) => `<tr data-key="${escapeHtml(l.key)}"><td class="left">${escapeHtml(l.direction)}${l.bank ? ` at ${escapeHtml(l.bank)}` : ''}</td>
      <td class="day-used">${money(l.day_used_minor, l.currency)}</td>
      <td class="day-left">${l.day_left_minor === null ? '–' : money(l.day_left_minor, l.currency)}</td>
      <td class="year-used">${money(l.year_used_minor, l.currency)}</td><td class="year-left">${money(l.year_left_minor, l.currency)}</td></tr>`,
    )
    .join('');
  return `<p class="note">Payer ${escapeHtml(limits.payer)}, HK date ${escapeHtml(limits.limits[0].date)}. Northbound counts HKD (HK$10,000 a day, HK$200,000 a year); Southbound the USD 50,000 FX quota.</p><table class="bond-table pay-limits"><thead><tr><th class="left">Counter</th><th>Used today</th><th>Left today</th><th>Used this year</th><th>Left this year</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Converted payments, summed per currency pair (exact bigint sums). */
function fxRows(payments) {
  const pairs = new Map();
  for (const p of payments) {
    if (p.fx_rate_e8 === null) continue;
    const key = `${p.send_currency}→${p.receive_currency}`;
    const row = pairs.get(key) ?? { key, p, count: 0, sent: 0n, received: 0n };
    row.count += 1;
    row.sent += BigInt(p.amount_minor);
    row.received += BigInt(p.receive_minor);
    pairs.set(key, row);
  }
  return [...pairs.values()];
}

function fxHtml(payments) {
  const rows = fxRows(payments)
    .map(
      (r) =>
        `<tr data-pair="${escapeHtml(r.key)}"><td class="left">${escapeHtml(r.key)}</td><td>${r.count}</td><td class="sent">${money(String(r.sent), r.p.send_currency)}</td><td class="received">${money(String(r.received), r.p.receive_currency)}</td></tr>`,
    )
    .join('');
  return `<table class="bond-table pay-fx"><thead><tr><th class="left">Pair</th><th>Payments</th><th>Sent</th><th>Received</th></tr></thead><tbody>${rows}</tbody></table><p class="note">At the converting bank's quote, rounded down (docs/payments.md §4).</p>`;
}

function failures(payments) {
  const by = new Map();
  for (const p of payments) if (p.reason !== null) by.set(p.reason, (by.get(p.reason) ?? 0) + 1);
  return [...by].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function failuresHtml(payments) {
  const rows = failures(payments)
    .map(
      ([reason, n]) =>
        `<tr data-reason="${escapeHtml(reason)}"><td class="left">${escapeHtml(reason)}</td><td>${n}</td></tr>`,
    )
    .join('');
  return `<table class="bond-table pay-failures"><thead><tr><th class="left">Reason</th><th>Payments</th></tr></thead><tbody>${rows}</tbody></table><p class="note">Recalled, returned, rejected after acceptance and timed out. A payment refused at once is not kept: its code is the refusal (the form shows it).</p>`;
}

const PANELS = [
  {
    id: 'list',
    title: 'Payments, both ways',
    has: (d) => d.payments.length > 0,
    html: (d) => paymentsHtml(d.payments),
  },
  {
    id: 'volumes',
    title: 'Volumes per hour (the 24 hours to the latest payment, HKT)',
    has: (d) => d.payments.length > 0,
    html: (d) => volumesHtml(d.payments),
    after: (body, d) => {
      const container = element.querySelector('#pay-bars');
      container.hidden = false;
      body.querySelector('.pay-bars-slot').replaceWith(container);
      drawVolumes(container, d.payments);
    },
  },
  {
    id: 'limits',
    title: 'Limits consumed',
    has: (d) => (d.limits?.limits.length ?? 0) > 0,
    html: (d) => limitsHtml(d.limits),
  },
  {
    id: 'fx',
    title: 'FX converted',
    has: (d) => fxRows(d.payments).length > 0,
    html: (d) => fxHtml(d.payments),
  },
  {
    id: 'failures',
    title: 'Failures by reason',
    has: (d) => failures(d.payments).length > 0,
    html: (d) => failuresHtml(d.payments),
  },
];

/** The people who have paid through the acting key's bank, by identity document. */
function payersOf(state) {
  const bank = state.who?.participant;
  const people = new Map();
  for (const p of data.payments)
    if (p.payer_bank === bank || state.who?.operator)
      people.set(p.payer_id, {
        id: p.payer_id,
        id_type: p.payer_id_type,
        name: p.payer_name,
        account: p.payer_account,
        bank: p.payer_bank,
        direction: p.direction,
      });
  return [...people.values()];
}

/** The payer list for the direction chosen: a Northbound payer is a Hong Kong resident, a
 * Southbound one a Mainland resident, so the form never offers a payer the rules refuse. */
function fillPayers(state) {
  const select = element.querySelector('#pay-payer');
  const direction = element.querySelector('#pay-direction').value;
  const payers = payersOf(state).filter((p) => p.direction === direction);
  const key = `${direction}:${payers.map((p) => p.id).join('|')}`;
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  const previous = select.value;
  select.innerHTML = payers
    .map(
      (p) =>
        `<option value="${escapeHtml(p.id)}">${escapeHtml(`${p.name} · ${p.account}`)}</option>`,
    )
    .join('');
  if (payers.some((p) => p.id === previous)) select.value = previous;
}

/** The form as a `payments.submit`, or a message saying which field is wrong. */
function commandOf(state) {
  const $ = (id) => element.querySelector(`#${id}`);
  const direction = $('pay-direction').value;
  const payer = payersOf(state).find(
    (p) => p.id === $('pay-payer').value && p.direction === direction,
  );
  if (!payer) return { error: 'Payer: choose a customer of your bank' };
  const amount_minor = decimalToScaled($('pay-amount').value, 2);
  if (amount_minor === null || amount_minor === '0')
    return { error: 'Amount: positive, 2 decimals' };
  const mobile = $('pay-mobile').value.trim();
  if (mobile === '') return { error: "Payee mobile: the payee's number" };
  const { id, id_type, name, bank, account } = payer;
  const send_currency = $('pay-send-currency').value;
  const receive_currency = $('pay-receive-currency').value;
  const end_to_end_id = `${bank}-${Date.now().toString(36)}`.toUpperCase();
  let quote = null;
  if (send_currency !== receive_currency) {
    const rate_e8 = decimalToScaled($('pay-rate').value, 8);
    if (rate_e8 === null || rate_e8 === '0')
      return { error: `Rate: ${receive_currency} received per ${send_currency}, up to 8 decimals` };
    quote = {
      ...{ type: 'payments.quote', quote_id: `Q-${end_to_end_id}`, bank: data.rmb_link_bank },
      ...{ from: send_currency, to: receive_currency, rate_e8 },
    };
  }
  const submit = {
    ...{ type: 'payments.submit', end_to_end_id, direction },
    payer: { id, id_type, name, bank, account },
    payee_proxy: { type: 'mobile', value: mobile },
    ...{ send_currency, receive_currency, amount_minor, purpose: 'p2p' },
    ...(quote === null ? {} : { quote_id: quote.quote_id }),
  };
  return { quote, submit };
}

/** The currency choices of the direction, and the rate field when they convert. */
function fillCurrencies() {
  const $ = (id) => element.querySelector(`#${id}`);
  const allowed = CURRENCIES[$('pay-direction').value];
  for (const [select, list] of [
    [$('pay-send-currency'), allowed.send],
    [$('pay-receive-currency'), allowed.receive],
  ]) {
    const previous = select.value;
    select.innerHTML = list.map((c) => `<option>${c}</option>`).join('');
    if (list.includes(previous)) select.value = previous;
  }
  showRate();
}

/** The rate field, prefilled with the last rate of the pair the key has seen, when the pair changes. */
function showRate() {
  const $ = (id) => element.querySelector(`#${id}`);
  const [from, to] = [$('pay-send-currency').value, $('pay-receive-currency').value];
  $('pay-rate-label').hidden = from === to;
  const rate = $('pay-rate');
  if (rate.dataset.pair === `${from}→${to}`) return;
  rate.dataset.pair = `${from}→${to}`;
  const last = data.payments.find(
    (p) => p.send_currency === from && p.receive_currency === to && p.fx_rate_e8 !== null,
  );
  rate.value = from !== to && last ? scaledText(last.fx_rate_e8, 8, 0) : '';
}

async function submit(event) {
  event.preventDefault();
  const ctx = context;
  const command = commandOf(ctx.state);
  if (command.error) result = { ok: false, text: command.error };
  else {
    element.querySelector('#pay-submit').disabled = true;
    result = await send(ctx, command);
    element.querySelector('#pay-submit').disabled = false;
    payer_chosen = command.submit.payer.id;
    await load(ctx);
  }
  ctx.mark('payments');
}

/** The quote (as the link bank, when converting), then the payment; the first refusal stops. */
async function send(ctx, { quote, submit }) {
  const refused = (r) => {
    const error = r.body?.error;
    return { ok: false, text: `${error?.code ?? r.status}: ${error?.message ?? 'failed'}` };
  };
  if (quote !== null) {
    if (!ctx.keyOf(quote.bank))
      return {
        ok: false,
        text: `Converting needs ${quote.bank}'s quote: its key is not in this console`,
      };
    const q = await ctx.requestAs(quote.bank, 'POST', '/v1/commands', quote);
    if (q.status !== 200) return refused(q);
  }
  const r = await ctx.request('POST', '/v1/commands', submit);
  if (r.status !== 200) return refused(r);
  return { ok: true, text: `${submit.end_to_end_id} accepted (seq ${r.body.seq})` };
}

async function load(ctx) {
  const key = ctx.state.key;
  const list = await ctx.request('GET', '/v1/payments?limit=500');
  if (key !== ctx.state.key || list.status !== 200) return;
  const payments = list.body.payments;
  const payer = payer_chosen || element.querySelector('#pay-payer').value || payments[0]?.payer_id;
  let limits = null;
  if (payer) {
    const r = await ctx.request('GET', `/v1/payments/limits?payer=${encodeURIComponent(payer)}`);
    if (r.status === 200) limits = r.body;
  }
  if (key !== ctx.state.key) return;
  data = { payments, limits, rmb_link_bank: list.body.rmb_link_bank };
  ctx.mark('payments');
}

export default {
  id: 'payments',
  title: 'Payments',
  wide: true,
  watch: ['acting'],

  mount(el, ctx) {
    context = ctx;
    const panels = PANELS.map(
      (p) =>
        `<div class="fin-panel pay-panel" id="pay-${p.id}" hidden><h3>${escapeHtml(p.title)}</h3><div class="body"></div></div>`,
    ).join('');
    el.insertAdjacentHTML(
      'beforeend',
      `<div id="payments" class="fin-grid">${panels}<div class="fin-panel" id="pay-send"><h3>Send a payment</h3>${FORM}</div></div><p class="note pay-empty">No payments this key may see.</p><div id="pay-bars" class="fin-chart" data-bars="0" hidden></div>`,
    );
    element = el;
    el.querySelector('#pay-form').addEventListener('submit', submit);
    el.querySelector('#pay-direction').addEventListener('change', () => {
      if (last_state) fillPayers(last_state);
      fillCurrencies();
    });
    el.querySelector('#pay-send-currency').addEventListener('change', showRate);
    el.querySelector('#pay-receive-currency').addEventListener('change', showRate);
    fillCurrencies();
    el.querySelector('#pay-payer').addEventListener('change', () => {
      payer_chosen = el.querySelector('#pay-payer').value;
      load(ctx);
    });
  },

  reset(ctx) {
    data = { payments: [], limits: null, rmb_link_bank: null };
    payer_chosen = '';
    result = null;
    drawn = '';
    ctx.mark('payments');
  },

  poll: load,

  onFrame(frame, ctx) {
    if (frame.channel === 'payments') load(ctx);
  },

  update(state) {
    last_state = state;
    fillPayers(state);
    element.querySelector('#pay-result').innerHTML = resultHtml(result);
    const key = JSON.stringify(data);
    if (key === drawn) return;
    drawn = key;
    const bars = element.querySelector('#pay-bars');
    element.append(bars);
    let shown = 0;
    for (const panel of PANELS) {
      const box = element.querySelector(`#pay-${panel.id}`);
      const has = panel.has(data);
      box.hidden = !has;
      if (!has) continue;
      shown += 1;
      const body = box.querySelector('.body');
      body.innerHTML = panel.html(data);
      panel.after?.(body, data);
    }
    element.querySelector('.pay-empty').hidden = shown > 0;
    if (bars.parentElement === element) bars.hidden = true;
  },
};
