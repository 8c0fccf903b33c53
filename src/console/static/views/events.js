// Event log: every committed event the key may see, newest first, as sentences (../describe.js):
// symbols, prices in market units, amounts in currency units. Data: the stream's `events` channel
// (best bid/offer updates are counted, not listed).
import { describeEvent } from '../describe.js';
import { clockText, escapeHtml, quantityText } from '../format.js';

const EVENTS_KEPT = 300;
const ROWS_SHOWN = 150;

let events = [];
let seen = 0;
let body = null;
let count = null;

export default {
  id: 'events',
  title: 'Event log',
  wide: true,

  mount(el) {
    el.insertAdjacentHTML(
      'beforeend',
      '<div class="scroll"><table class="event-log"><tbody id="events"></tbody></table></div>',
    );
    body = el.querySelector('#events');
    count = el.querySelector('h2 .sub');
    count.id = 'events-count';
  },

  reset(ctx) {
    events = [];
    seen = 0;
    ctx.mark('events');
  },

  onFrame(f, ctx) {
    if (f.channel !== 'events') return;
    seen += 1;
    if (f.event.type === 'bbo') return;
    events.push(f);
    if (events.length > EVENTS_KEPT * 2) events.splice(0, events.length - EVENTS_KEPT);
    ctx.mark('events');
  },

  update(state) {
    const lookup = lookupOf(state);
    const rows = [];
    for (let k = events.length - 1; k >= 0 && rows.length < ROWS_SHOWN; k -= 1) {
      const e = events[k];
      rows.push(
        `<tr><td class="seq">${e.event_seq}</td><td>${clockText(e.timestamp_us)}</td><td class="type">${escapeHtml(e.event.type.replaceAll('_', ' '))}</td><td class="detail">${escapeHtml(describeEvent(e.event, lookup))}</td></tr>`,
      );
    }
    body.innerHTML = rows.join('');
    count.textContent = `${quantityText(seen)} seen`;
  },
};

/** How events name instruments and scale amounts. */
export function lookupOf(state) {
  return {
    instrument: (id) => state.instruments.get(id),
    assetScale: (asset) => state.asset_scales.get(asset),
  };
}
