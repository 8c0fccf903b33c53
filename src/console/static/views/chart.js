// Price chart: candles and volume of the selected instrument on a Hong Kong time axis, with today's
// limit-up and limit-down lines (../chart.js, lightweight-charts). Data: the instrument's recent
// trades (GET /v1/instruments/{id}/trades) and the stream's trades.
import { createPriceChart } from '../chart.js';

let element = null;
let price_chart = null;

export default {
  id: 'chart',
  title: 'Price and volume',
  place: 'main',
  watch: ['instruments', 'selected', 'trades'],

  mount(el) {
    el.insertAdjacentHTML(
      'beforeend',
      '<div id="chart" class="chart" data-bars="0" title="Price and volume, Hong Kong time"></div>',
    );
    element = el.querySelector('#chart');
  },

  update(state) {
    const i = state.instruments.get(state.selected);
    if (!i) return;
    price_chart ??= createPriceChart(element);
    price_chart.update(i, state.trades.get(state.selected) ?? []);
  },
};
