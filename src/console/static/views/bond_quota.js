// Southbound Bond Connect quota: the daily gauge like the Stock Connect ones (an operator sees the
// figure; a participant "quota sufficient" while at least 30 % remains, the balance below that)
// and the annual balance. Data: GET /v1/bonds/quota (polled) and the stream's `bond_quota` frames.
import { escapeHtml } from '../format.js';
import { billions, fillPercent, usedText } from '../gauge.js';

const DISCLOSURE_PERCENT = 30;

let element = null;
let quota = null;

function dailyGauge(q) {
  const head = (right) =>
    `<div class="gauge" id="bond-quota-daily"><div class="label"><span>Daily · ${escapeHtml(q.date || '–')}</span><span class="status">${right}</span></div>`;
  if (q.daily_balance_minor === null) {
    const unknown = 100 - DISCLOSURE_PERCENT;
    return `${head('quota sufficient')}<div class="track"><div class="band" style="width:${unknown}%"></div></div><div class="note">≥ ${DISCLOSURE_PERCENT} % of RMB ${billions(q.daily_quota_minor)} bn left; the balance is not disclosed above that</div></div>`;
  }
  const total = BigInt(q.daily_quota_minor);
  const used = total - BigInt(q.daily_balance_minor);
  return `${head(usedText(used, total))}<div class="track"><div class="fill" style="width:${fillPercent(used, total)}%"></div></div><div class="note">RMB ${billions(q.daily_balance_minor)} bn of ${billions(q.daily_quota_minor)} bn left</div></div>`;
}

function annualGauge(q) {
  const total = BigInt(q.annual_quota_minor);
  const used = total - BigInt(q.annual_balance_minor);
  return `<div class="gauge" id="bond-quota-annual"><div class="label"><span>Annual</span><span class="status">${usedText(used, total)}</span></div><div class="track"><div class="fill" style="width:${fillPercent(used, total)}%"></div></div><div class="note">RMB ${billions(q.annual_balance_minor)} bn of ${billions(q.annual_quota_minor)} bn left</div></div>`;
}

export default {
  id: 'bond_quota',
  title: 'Southbound bond quota',
  place: 'side',

  mount(el) {
    el.insertAdjacentHTML('beforeend', '<div id="bond-quota"></div>');
    element = el.querySelector('#bond-quota');
  },

  reset(ctx) {
    quota = null;
    ctx.mark('bond_quota');
  },

  async poll(ctx) {
    const key = ctx.state.key;
    const r = await ctx.request('GET', '/v1/bonds/quota');
    if (key !== ctx.state.key || r.status !== 200) return;
    quota = r.body;
    ctx.mark('bond_quota');
  },

  onFrame(frame, ctx) {
    if (frame.channel !== 'bond_quota') return;
    quota = frame.quota;
    ctx.mark('bond_quota');
  },

  update() {
    if (!quota) {
      element.innerHTML = '';
      return;
    }
    element.innerHTML = `${dailyGauge(quota)}${annualGauge(quota)}<div class="note">Net Southbound outflow in RMB (docs/bonds.md §3); QDII/RQDII exempt</div>`;
  },
};
