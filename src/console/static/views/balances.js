// Balances by tier: ledger accounts grouped by their tier in the omnibus chain (tier 0: top-tier
// accounts; tier n: n omnibus accounts above, e.g. investor → broker → HKSCC), with each tier's
// account count, how many moved since the console opened, and the chosen tier's accounts, the
// ones that moved first with the change. Data: GET /v1/balances, polled.
import { escapeHtml, minorText, quantityText } from '../format.js';

const $ = (id) => document.getElementById(id);
const ROWS_SHOWN = 200;
const ACCOUNTS_MAX = 2000;

let accounts = [];
/** Account id → its balance when the console first saw it (a decimal string of minor units). */
let first_seen = new Map();
/** Account id → the poll round it last moved in, to put the latest moves first. */
let moved_at = new Map();
let round = 0;
/** The tier shown ('all' or a number as text). */
let shown = 'all';

function movedBy(a) {
  const first = first_seen.get(a.account_id);
  return first === undefined ? 0n : BigInt(a.balance_minor) - BigInt(first);
}

export default {
  id: 'balances',
  title: 'Balances by tier',
  wide: true,
  watch: ['acting'],

  mount(el) {
    el.querySelector('h2 .sub').id = 'balances-owner';
    el.insertAdjacentHTML(
      'beforeend',
      `<div id="balance-tiers" class="tiers"></div>
      <div class="scroll"><table class="balances-table"><thead><tr><th>Owner</th><th>Asset</th><th>Purpose</th><th>Tier</th><th class="num">Balance</th><th class="num">Moved</th></tr></thead><tbody id="balances"></tbody></table></div>`,
    );
    el.querySelector('#balance-tiers').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-tier]');
      if (!button) return;
      shown = button.dataset.tier;
      render();
    });
  },

  reset(ctx) {
    accounts = [];
    first_seen = new Map();
    moved_at = new Map();
    ctx.mark('balances');
  },

  async poll(ctx) {
    const key = ctx.state.key;
    const r = await ctx.request('GET', `/v1/balances?limit=${ACCOUNTS_MAX}`);
    if (key !== ctx.state.key || r.status !== 200) return;
    round += 1;
    const before = new Map(accounts.map((a) => [a.account_id, a.balance_minor]));
    accounts = r.body.accounts;
    for (const a of accounts) {
      ctx.state.asset_scales.set(a.asset, a.scale);
      if (!first_seen.has(a.account_id)) first_seen.set(a.account_id, a.balance_minor);
      const previous = before.get(a.account_id);
      if (previous !== undefined && previous !== a.balance_minor) moved_at.set(a.account_id, round);
    }
    ctx.mark('balances');
  },

  update(state) {
    instruments = state.instruments;
    $('balances-owner').textContent =
      state.acting === 'operator' ? '(all participants)' : `(${state.acting} and its clients)`;
    render();
  },
};

let instruments = new Map();

function render() {
  const tiers = new Map();
  for (const a of accounts) {
    const t = tiers.get(a.tier) ?? { accounts: 0, moved: 0 };
    t.accounts += 1;
    if (movedBy(a) !== 0n) t.moved += 1;
    tiers.set(a.tier, t);
  }
  const order = [...tiers.keys()].sort((a, b) => a - b);
  if (shown !== 'all' && !tiers.has(Number(shown))) shown = 'all';
  const moved_total = order.reduce((n, t) => n + tiers.get(t).moved, 0);
  const button = (value, label, t) =>
    `<button type="button" data-tier="${value}" class="tier${shown === value ? ' on' : ''}"><span>${escapeHtml(label)}</span> <span class="muted">${quantityText(t.accounts)} accounts · ${quantityText(t.moved)} moved</span></button>`;
  $('balance-tiers').innerHTML =
    button(
      'all',
      accounts.length >= ACCOUNTS_MAX ? `All tiers (the first ${ACCOUNTS_MAX})` : 'All tiers',
      { accounts: accounts.length, moved: moved_total },
    ) + order.map((t) => button(String(t), tierName(t), tiers.get(t))).join('');
  const chosen = accounts.filter((a) => shown === 'all' || a.tier === Number(shown));
  chosen.sort((a, b) => (moved_at.get(b.account_id) ?? 0) - (moved_at.get(a.account_id) ?? 0));
  const rows = chosen.slice(0, ROWS_SHOWN).map((a) => {
    const moved = movedBy(a);
    const change =
      moved === 0n ? '' : `${moved > 0n ? '+' : ''}${minorText(moved.toString(), a.scale)}`;
    return `<tr class="tier-${Math.min(a.tier, 3)}" data-account="${escapeHtml(String(a.account_id))}"><td>${escapeHtml(a.owner)}</td><td title="${escapeHtml(a.asset)}">${escapeHtml(instruments.get(a.asset)?.symbol ?? a.asset)}</td><td>${escapeHtml(a.purpose)}${a.omnibus ? ' (omnibus)' : ''}</td><td>${a.tier}</td><td class="num">${minorText(a.balance_minor, a.scale)}</td><td class="num ${moved > 0n ? 'up' : moved < 0n ? 'down' : ''}">${change}</td></tr>`;
  });
  $('balances').innerHTML = rows.join('') || '<tr><td class="muted">No accounts</td></tr>';
}

function tierName(tier) {
  if (tier === 0) return 'Tier 0 · top';
  return `Tier ${tier} · ${tier} omnibus above`;
}
