// Connect quotas: the four daily quotas. An operator sees the figures (used of the quota); a
// participant sees what HKEX discloses: "quota sufficient" while at least 30 % remains, the balance
// below that. Data: GET /v1/quotas, polled.
import { escapeHtml } from '../format.js';
import { billions, fillPercent, usedText } from '../gauge.js';

const LINK_NAMES = {
  sh_northbound: 'Northbound · Shanghai',
  sz_northbound: 'Northbound · Shenzhen',
  sh_southbound: 'Southbound · via Shanghai',
  sz_southbound: 'Southbound · via Shenzhen',
};

/** HKEX's disclosure threshold: the balance is published once less than 30 % of the quota remains. */
const DISCLOSURE_PERCENT = 30;

let element = null;
let quotas = null;

export default {
  id: 'quotas',
  title: 'Connect quotas',
  place: 'side',

  mount(el) {
    el.insertAdjacentHTML('beforeend', '<div id="quotas"></div>');
    element = el.querySelector('#quotas');
  },

  reset(ctx) {
    quotas = null;
    ctx.mark('quotas');
  },

  async poll(ctx) {
    if (quotas?.unavailable) return; // 501: the server has no quota reader; asked once only
    const key = ctx.state.key;
    const r = await ctx.request('GET', '/v1/quotas');
    if (key !== ctx.state.key) return;
    quotas =
      r.status === 200
        ? r.body
        : { error: r.body?.error?.message ?? `HTTP ${r.status}`, unavailable: r.status === 501 };
    ctx.mark('quotas');
  },

  update() {
    const q = quotas;
    if (!q) {
      element.innerHTML = '';
      return;
    }
    if (q.error) {
      element.innerHTML = `<p class="note">${escapeHtml(q.error)}</p>`;
      return;
    }
    const disclosed = q.quotas.some((x) => x.status === 'sufficient');
    element.innerHTML =
      q.quotas.map(quotaGauge).join('') +
      (disclosed
        ? `<p class="note" id="quota-rule">What HKEX discloses (since 2024): while at least ${DISCLOSURE_PERCENT} % of a daily quota remains, only "quota sufficient"; below that, the balance in real time. Operators see the figures.</p>`
        : '');
  },
};

function quotaGauge(x) {
  const name = LINK_NAMES[x.link] ?? x.link;
  if (x.status === 'sufficient') return sufficientGauge(name, x.link);
  if (x.balance_minor === null || x.daily_quota_minor === null)
    return (
      gaugeHead(name, escapeHtml(x.status === 'closed' ? 'buying closed' : x.status), x.link) +
      '</div>'
    );
  const total = BigInt(x.daily_quota_minor);
  return gauge(name, x.link, total - BigInt(x.balance_minor), total, x.status === 'closed');
}

function gaugeHead(label, right, link) {
  return `<div class="gauge" data-link="${escapeHtml(link)}"><div class="label"><span>${escapeHtml(label)}</span><span class="status">${right}</span></div>`;
}

/**
 * "Sufficient": the balance is somewhere at or above 30 % of the quota, so use is somewhere between
 * none and 70 %. The bar shows that range as a band, not a figure the public does not get.
 */
function sufficientGauge(label, link) {
  const unknown = 100 - DISCLOSURE_PERCENT;
  return (
    gaugeHead(label, 'quota sufficient', link) +
    `<div class="track" title="Used: not disclosed, somewhere between 0 and ${unknown} %"><div class="band" style="width:${unknown}%"></div></div>` +
    `<div class="note">≥ ${DISCLOSURE_PERCENT} % of the daily quota left; the balance is not disclosed above that</div></div>`
  );
}

/** A quota gauge from figures: used of total (bigint minor units). */
function gauge(label, link, used, total, closed) {
  const left = `RMB ${billions(total - used)} bn of ${billions(total)} bn left${closed ? ' · buying closed' : ''}`;
  return `${gaugeHead(label, usedText(used, total), link)}<div class="track"><div class="fill" style="width:${fillPercent(used, total)}%"></div></div><div class="note">${left}</div></div>`;
}
