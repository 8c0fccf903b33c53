// RFQ ticket: the key's participant asks market makers for firm quotes on a bond, for itself or a
// client (bonds.request_quote, POST /v1/commands); accepting a quote is done in "Bond RFQs". A
// refusal is shown as the API's code and message. Data: GET /v1/bonds, /v1/bonds/makers,
// /v1/bonds/quota (the market date, the default settlement date).
import {
  bondCommand,
  bondOf,
  bondStore,
  decimalToScaled,
  directionOf,
  loadBondStore,
  resultHtml,
} from '../bonds.js';
import { escapeHtml } from '../format.js';

const FORM = `<form id="bond-ticket" class="bond-form" autocomplete="off">
  <label>For <select id="bond-ticket-requester"></select></label>
  <label>Bond <select id="bond-ticket-bond"></select></label>
  <div class="sides">
    <label><input type="radio" name="bond-side" value="buy" checked> Buy</label>
    <label><input type="radio" name="bond-side" value="sell"> Sell</label>
  </div>
  <label>Face amount <input id="bond-ticket-face" inputmode="decimal" required></label>
  <fieldset id="bond-ticket-dealers"><legend>Dealers</legend></fieldset>
  <label>Settlement date <input id="bond-ticket-settle" type="date" required></label>
  <label>Quote window (s) <input id="bond-ticket-window" inputmode="numeric" value="300" required></label>
  <button type="submit" id="bond-ticket-submit">Request quotes</button>
</form><div id="bond-ticket-result" class="result"></div>`;

let element = null;
let result = null;
let market_date = '';
/** The settlement date the ticket last filled in by itself (the market date then). */
let settle_default = '';
let shown = '';
let context = null;

function requesters(state) {
  const who = state.who;
  if (!who) return [];
  return [...(who.clients ?? []), who.participant];
}

function fill(state) {
  const key = `${state.who?.participant}|${bondStore.bonds.length}|${bondStore.makers.length}|${market_date}`;
  if (key === shown) return;
  shown = key;
  const $ = (id) => element.querySelector(`#${id}`);
  $('bond-ticket-requester').innerHTML = requesters(state)
    .map((p) => `<option value="${escapeHtml(p)}">${escapeHtml(p)}</option>`)
    .join('');
  const previous = $('bond-ticket-bond').value;
  $('bond-ticket-bond').innerHTML = bondStore.bonds
    .map(
      (b) =>
        `<option value="${escapeHtml(b.isin)}">${escapeHtml(`${b.isin} · ${b.currency} · ${b.maturity_date}`)}</option>`,
    )
    .join('');
  if (previous) $('bond-ticket-bond').value = previous;
  // The default settlement date follows the market date until the user picks another: a ticket
  // left open overnight must not default to a date already past.
  const settle = $('bond-ticket-settle');
  if (market_date && (!settle.value || settle.value === settle_default)) settle.value = market_date;
  settle_default = market_date;
  fillDealers();
}

function fillDealers() {
  const bond = bondOf(element.querySelector('#bond-ticket-bond').value);
  const direction = directionOf(bond);
  const makers = bondStore.makers.filter((m) => m.directions.includes(direction));
  element.querySelector('#bond-ticket-dealers').innerHTML =
    `<legend>Dealers (${direction})</legend>` +
    (makers.length === 0
      ? '<span class="note">no makers registered</span>'
      : makers
          .map(
            (m) =>
              `<label class="dealer"><input type="checkbox" name="bond-dealer" value="${escapeHtml(m.dealer)}" checked> ${escapeHtml(m.dealer)}</label>`,
          )
          .join(''));
}

/** The form as a `bonds.request_quote`, or a message saying which field is wrong. */
function commandOf(state) {
  const $ = (id) => element.querySelector(`#${id}`);
  const bond = bondOf($('bond-ticket-bond').value);
  if (!bond) return { error: 'Choose a bond' };
  // Face in the bond's currency, to the cent: minor units (2 decimals for HKD, CNH, USD, EUR).
  const face = decimalToScaled($('bond-ticket-face').value, 2);
  if (face === null || face === '0') return { error: 'Face amount: a positive amount, 2 decimals' };
  const window_s = Number($('bond-ticket-window').value);
  if (!Number.isInteger(window_s) || window_s <= 0) return { error: 'Quote window: whole seconds' };
  const dealers = [...element.querySelectorAll('input[name=bond-dealer]:checked')].map(
    (i) => i.value,
  );
  const me = state.who?.participant ?? 'x';
  return {
    type: 'bonds.request_quote',
    quote_req_id: `${me}-${Date.now().toString(36)}`,
    requester: $('bond-ticket-requester').value,
    security_id: bond.isin,
    side: element.querySelector('input[name=bond-side]:checked').value,
    order_qty_minor: face,
    price_type: 'percent_of_par',
    dealers,
    quote_window_us: window_s * 1_000_000,
    settlement_date: $('bond-ticket-settle').value,
  };
}

async function submit(event) {
  event.preventDefault();
  const ctx = context;
  const body = commandOf(ctx.state);
  if (body.error) result = { ok: false, text: body.error };
  else {
    element.querySelector('#bond-ticket-submit').disabled = true;
    result = await bondCommand(ctx, body);
    element.querySelector('#bond-ticket-submit').disabled = false;
    if (result.ok) result.text = `RFQ ${body.quote_req_id} sent to ${body.dealers.join(', ')}`;
    ctx.view('bond_rfqs')?.poll?.(ctx);
  }
  ctx.mark('bond_ticket');
}

export default {
  id: 'bond_ticket',
  title: 'RFQ ticket',
  watch: ['acting'],

  mount(el, ctx) {
    context = ctx;
    el.insertAdjacentHTML('beforeend', FORM);
    element = el;
    el.querySelector('#bond-ticket').addEventListener('submit', submit);
    el.querySelector('#bond-ticket-bond').addEventListener('change', fillDealers);
  },

  reset(ctx) {
    result = null;
    shown = '';
    ctx.mark('bond_ticket');
  },

  async poll(ctx) {
    await loadBondStore(ctx);
    const q = await ctx.request('GET', '/v1/bonds/quota');
    if (q.status === 200) market_date = q.body.date;
    ctx.mark('bond_ticket');
  },

  update(state) {
    fill(state);
    element.querySelector('#bond-ticket-result').innerHTML = resultHtml(result);
  },
};
