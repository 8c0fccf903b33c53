// Instruments: every book with its last price and change from the previous close; a click selects
// the instrument the book, chart and ticket show. Data: GET /v1/instruments and the stream's trades.
import { changeOf, escapeHtml, unitsText } from '../format.js';

let body = null;

export default {
  id: 'instruments',
  title: 'Instruments',
  place: 'side',
  watch: ['instruments', 'selected'],

  mount(el, ctx) {
    el.insertAdjacentHTML(
      'beforeend',
      '<table class="watchlist"><tbody id="watchlist"></tbody></table>',
    );
    body = el.querySelector('#watchlist');
    body.addEventListener('click', (e) => {
      const row = e.target.closest('tr[data-instrument]');
      if (row) ctx.select(row.dataset.instrument);
    });
  },

  /**
   * Rows are built once per instrument list and then updated in place: replacing them on every
   * trade would swap the row under the pointer between mouse-down and mouse-up, and the click
   * would be lost.
   */
  update(state) {
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
      row.title = `${i.symbol} ${i.name}`;
      row.querySelector('.last').textContent = unitsText(
        i.last ?? i.previous_close_units,
        i.price_scale,
      );
      const cell = row.querySelector('.change');
      cell.textContent = change.text;
      cell.className = `change ${change.direction}`;
    });
  },
};
