// Bond RFQs: the blotter of the day's RFQs the key may see (state, deadline, best quote) with the
// actions its side may take (the requester's side: accept a quote, cancel; a dealer asked: quote),
// and the chosen bond's quotes and trades. Data: GET /v1/bonds/rfqs, /v1/bonds/quotes?isin=,
// /v1/bonds/trades?isin= (polled, and reloaded when the stream's rfqs, quotes or bond_trades
// channels say something changed); commands through POST /v1/commands.
import {
  actsFor,
  bondCommand,
  bondOf,
  hktText,
  loadBondStore,
  pxText,
  resultHtml,
} from '../bonds.js';
import { escapeHtml, minorText } from '../format.js';

const BOND_CHANNELS = new Set(['rfqs', 'quotes', 'bond_trades']);

let element = null;
let rfqs = [];
let selected = null;
let quotes = [];
let trades = [];
let result = null;
let drawn = '';
let context = null;

function isOpen(rfq) {
  return rfq.status === 'requested' || rfq.status === 'quoted';
}

function faceText(rfq) {
  return `${minorText(rfq.order_qty_minor, 2)} ${escapeHtml(bondOf(rfq.security_id)?.currency ?? '')}`;
}

/** The best active quote for the requester: lowest offer when it buys, highest bid when it sells. */
function bestQuote(rfq) {
  const active = rfq.quotes.filter((q) => q.state === 'active' || q.state === 'accepted');
  const better = (a, b) =>
    rfq.side === 'buy' ? BigInt(a.px_e8) < BigInt(b.px_e8) : BigInt(a.px_e8) > BigInt(b.px_e8);
  return active.reduce((best, q) => (best === null || better(q, best) ? q : best), null);
}

function deadlineText(rfq, now_us) {
  const at = hktText(rfq.expires_at_us);
  if (!isOpen(rfq) || !now_us) return at;
  const left_s = Math.max(0, Math.floor((rfq.expires_at_us - now_us) / 1e6));
  return `${at} (${left_s}s left)`;
}

function actionsHtml(rfq, state) {
  if (!isOpen(rfq)) return '';
  const id = escapeHtml(rfq.quote_req_id);
  const parts = [];
  if (actsFor(state, rfq.requester)) {
    for (const q of rfq.quotes.filter((x) => x.state === 'active'))
      parts.push(
        `<button type="button" class="bond-accept" data-rfq="${id}" data-quote="${escapeHtml(q.quote_id)}">Accept ${escapeHtml(q.dealer)} ${pxText(q.px_e8)}</button>`,
      );
    parts.push(`<button type="button" class="bond-cancel" data-rfq="${id}">Cancel</button>`);
  }
  const me = state.who?.participant;
  if (rfq.dealers.includes(me) && !state.who?.operator)
    parts.push(
      `<input class="bond-quote-px" data-rfq="${id}" inputmode="decimal" placeholder="price" size="7"><button type="button" class="bond-quote" data-rfq="${id}">Quote</button>`,
    );
  return parts.join(' ');
}

function rowHtml(rfq, state) {
  const best = bestQuote(rfq);
  const chosen = rfq.security_id === selected ? ' class="selected"' : '';
  return `<tr data-rfq="${escapeHtml(rfq.quote_req_id)}" data-isin="${escapeHtml(rfq.security_id)}" data-status="${escapeHtml(rfq.status)}"${chosen}>
    <td class="id left">${escapeHtml(rfq.quote_req_id)}</td><td>${escapeHtml(rfq.security_id)}</td>
    <td>${escapeHtml(rfq.side)}</td><td>${faceText(rfq)}</td><td>${escapeHtml(rfq.requester)}</td>
    <td>${escapeHtml(rfq.dealers.join(', '))}</td><td class="status">${escapeHtml(rfq.status)}</td>
    <td class="deadline">${deadlineText(rfq, state.status?.clock_now_us)}</td>
    <td class="best">${best === null ? '–' : `${pxText(best.px_e8)} ${escapeHtml(best.dealer)}`}</td>
    <td class="actions left">${actionsHtml(rfq, state)}</td></tr>`;
}

function blotterHtml(state) {
  if (rfqs.length === 0) return '<p class="note">No RFQs today that this key may see.</p>';
  return `<div class="scroll"><table class="bond-table bond-rfqs"><thead><tr><th>RFQ</th><th>Bond</th><th>Side</th><th>Face</th><th>Requester</th><th>Dealers</th><th>State</th><th>Deadline</th><th>Best</th><th></th></tr></thead><tbody>${rfqs.map((r) => rowHtml(r, state)).join('')}</tbody></table></div>`;
}

function bondDetailHtml() {
  if (selected === null)
    return '<p class="note">Choose an RFQ to see its bond\'s quotes and trades.</p>';
  const quoteRows = quotes
    .map(
      (q) =>
        `<tr><td class="id left">${escapeHtml(q.quote_id)}</td><td>${escapeHtml(q.dealer)}</td><td>${pxText(q.px_e8)}</td><td>${escapeHtml(q.state)}</td><td>${hktText(q.valid_until_us)}</td></tr>`,
    )
    .join('');
  const tradeRows = trades
    .map(
      (t) =>
        `<tr><td class="id left">${escapeHtml(t.trade_id)}</td><td>${escapeHtml(t.buyer)}</td><td>${escapeHtml(t.seller)}</td><td>${minorText(t.quantity_minor, 2)}</td><td>${pxText(t.px_e8)}</td><td>${minorText(t.settlement_amount_minor, 2)} ${escapeHtml(t.currency)}</td><td>${escapeHtml(t.settlement_date)}</td></tr>`,
    )
    .join('');
  return `<h3 id="bond-detail-title">${escapeHtml(selected)}: quotes and trades</h3>
    <table class="bond-table bond-quotes"><thead><tr><th>Quote</th><th>Dealer</th><th>Price</th><th>State</th><th>Valid until</th></tr></thead><tbody>${quoteRows}</tbody></table>
    <table class="bond-table bond-trades"><thead><tr><th>Trade</th><th>Buyer</th><th>Seller</th><th>Face</th><th>Price</th><th>Settlement amount</th><th>Settles</th></tr></thead><tbody>${tradeRows}</tbody></table>`;
}

async function loadDetail(ctx) {
  if (selected === null) return;
  const isin = encodeURIComponent(selected);
  const [q, t] = await Promise.all([
    ctx.request('GET', `/v1/bonds/quotes?isin=${isin}`),
    ctx.request('GET', `/v1/bonds/trades?isin=${isin}`),
  ]);
  if (q.status === 200) quotes = q.body.quotes;
  if (t.status === 200) trades = t.body.trades;
}

async function reload(ctx) {
  const key = ctx.state.key;
  await loadBondStore(ctx);
  const r = await ctx.request('GET', '/v1/bonds/rfqs?limit=50');
  if (key !== ctx.state.key) return;
  if (r.status === 200) rfqs = r.body.rfqs;
  await loadDetail(ctx);
  ctx.mark('bond_rfqs');
}

async function act(ctx, body) {
  result = await bondCommand(ctx, body);
  ctx.mark('bond_rfqs');
  await reload(ctx);
}

function onClick(event) {
  const ctx = context;
  const target = event.target;
  const rfq = target.dataset?.rfq;
  if (target.classList.contains('bond-accept'))
    return act(ctx, {
      type: 'bonds.respond',
      quote_resp_id: `${rfq}-r${Date.now().toString(36)}`,
      quote_req_id: rfq,
      quote_resp_type: 'hit_lift',
      quote_id: target.dataset.quote,
    });
  if (target.classList.contains('bond-cancel'))
    return act(ctx, { type: 'bonds.cancel_rfq', quote_req_id: rfq });
  if (target.classList.contains('bond-quote')) return quote(ctx, rfq);
  const row = target.closest('tr[data-isin]');
  if (row && target.tagName !== 'INPUT') {
    selected = row.dataset.isin;
    drawn = '';
    reload(ctx);
  }
}

function quote(ctx, id) {
  const input = element.querySelector(`.bond-quote-px[data-rfq="${CSS.escape(id)}"]`);
  const px_e8 = toPxE8(input?.value ?? '');
  if (px_e8 === null) {
    result = { ok: false, text: 'Price: a clean price per 100, up to 8 decimals' };
    return ctx.mark('bond_rfqs');
  }
  const rfq = rfqs.find((r) => r.quote_req_id === id);
  const me = ctx.state.who.participant;
  return act(ctx, {
    type: 'bonds.quote',
    quote_id: `${me}-${Date.now().toString(36)}`,
    quote_req_id: id,
    dealer: me,
    px_e8,
    valid_until_us: rfq?.expires_at_us ?? 0,
  });
}

function toPxE8(text) {
  const match = /^\s*(\d{1,4})(?:\.(\d{0,8}))?\s*$/.exec(text);
  if (match === null) return null;
  return BigInt(match[1] + (match[2] ?? '').padEnd(8, '0')).toString();
}

export default {
  id: 'bond_rfqs',
  title: 'Bond RFQs',
  wide: true,
  watch: ['status', 'acting'],

  mount(el, ctx) {
    context = ctx;
    el.insertAdjacentHTML(
      'beforeend',
      '<div id="bond-rfqs"></div><div id="bond-rfqs-result" class="result"></div><div id="bond-detail"></div>',
    );
    element = el;
    el.addEventListener('click', onClick);
  },

  reset(ctx) {
    rfqs = [];
    quotes = [];
    trades = [];
    result = null;
    drawn = '';
    ctx.mark('bond_rfqs');
  },

  poll: reload,

  onFrame(frame, ctx) {
    if (BOND_CHANNELS.has(frame.channel)) reload(ctx);
  },

  update(state) {
    const typing =
      element.contains(document.activeElement) && document.activeElement.tagName === 'INPUT';
    const html = blotterHtml(state);
    if (!typing && html !== drawn) {
      element.querySelector('#bond-rfqs').innerHTML = html;
      drawn = html;
    }
    element.querySelector('#bond-rfqs-result').innerHTML = resultHtml(result);
    element.querySelector('#bond-detail').innerHTML = bondDetailHtml();
  },
};
