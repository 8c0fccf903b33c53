// Order book: the selected instrument's phase, last price and change, its daily limits and trading
// state (halted, cooling-off, limit-locked), a ten-level ladder and the trade tape. A click on a
// level puts its price in the ticket. Data: GET /v1/instruments, the stream's depth and trades.
import { changeOf, clockText, quantityText, unitsText } from '../format.js';

export const LADDER_LEVELS = 10;
const $ = (id) => document.getElementById(id);

export default {
  id: 'book',
  title: 'Order book',
  place: 'main',
  watch: ['instruments', 'selected', 'depth', 'trades'],

  mount(el, ctx) {
    el.insertAdjacentHTML(
      'beforeend',
      `<div class="instrument-head">
        <div><strong id="inst-symbol">–</strong> <span id="inst-name" class="muted"></span></div>
        <div><span id="inst-phase" class="chip"></span> <span id="inst-last" class="big"></span> <span id="inst-change"></span></div>
      </div>
      <div id="ladder-state" class="ladder-state"></div>
      <div class="book-row">
        <div class="ladder-wrap">
          <table class="ladder" id="ladder">
            <thead><tr><th>Orders</th><th>Bid size</th><th class="price">Price</th><th>Ask size</th><th>Orders</th></tr></thead>
            <tbody id="ladder-body"></tbody>
          </table>
        </div>
        <div class="tape-wrap">
          <h3>Trades</h3>
          <table class="tape"><tbody id="tape"></tbody></table>
        </div>
      </div>`,
    );
    el.querySelector('#ladder-body').addEventListener('click', (e) => {
      const row = e.target.closest('tr[data-price]');
      if (row) ctx.view('ticket')?.setPrice?.(Number(row.dataset.price));
    });
  },

  update(state, topics) {
    const all = topics.has('selected') || topics.has('instruments');
    renderHead(state);
    if (all || topics.has('depth')) renderLadder(state);
    if (all || topics.has('trades')) renderTape(state);
  },
};

function renderHead(state) {
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

function renderLadder(state) {
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

function renderTape(state) {
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
