// A stress run's liquidity and limit figures in the Risk view (docs/risk.md §8.1, §13): per CCP
// and currency the largest payers' pay-ins against the CCP's liquid resources in the worst
// scenario, and for one scenario chosen from the run, each Connect link's quota and balance in
// HKD before and after its FX move with the link's holdings' change, and each payment limit in the
// currency it is paid in. Amounts are minor-unit digit strings written with format.js.
import { escapeHtml, minorText } from '../format.js';

const CCP_NAMES = { chinaclear: 'ChinaClear', hkscc: 'HKSCC' };
const LINK_NAMES = {
  sh_northbound: 'Shanghai Northbound',
  sz_northbound: 'Shenzhen Northbound',
  sh_southbound: 'Shanghai Southbound',
  sz_southbound: 'Shenzhen Southbound',
};
const LIMIT_NAMES = {
  northbound_daily_per_payer: 'Northbound daily cap per payer',
  northbound_annual_per_payer: 'Northbound annual cap per payer',
  southbound_annual_quota_per_payer: 'Southbound annual quota per payer',
  southbound_single_payment_default: 'Southbound single payment cap',
};

function money(currency, minor) {
  return `${currency} ${minorText(minor, 2)}`;
}

/** Per CCP and currency owed anything: the scenario with the largest shortfall (else the first). */
function worstRows(rows) {
  const worst = new Map();
  for (const row of rows) {
    if (row.need_minor === '0') continue;
    const key = `${row.ccp}|${row.currency}`;
    const seen = worst.get(key);
    if (seen === undefined || BigInt(row.shortfall_minor) > BigInt(seen.shortfall_minor))
      worst.set(key, row);
  }
  return [...worst.values()];
}

export function liquidityHtml(run) {
  const rows = worstRows(run.liquidity.rows)
    .map((r) => {
      const short = BigInt(r.shortfall_minor) > 0n;
      return `<tr data-ccp="${r.ccp}" data-currency="${r.currency}"${short ? ' class="short"' : ''}>
        <td class="left">${CCP_NAMES[r.ccp]}</td><td class="left">${escapeHtml(r.groups.join(' + '))}</td>
        <td>${money(r.currency, r.need_minor)}</td><td>${money(r.currency, r.available_minor)}</td>
        <td class="shortfall">${short ? `${money(r.currency, r.shortfall_minor)} from day ${r.first_short_day}` : 'none'}</td>
        <td class="left">${escapeHtml(r.scenario)}</td></tr>`;
    })
    .join('');
  const head = `<h3>Liquidity: Cover ${run.liquidity.cover} over ${run.liquidity.days} settlement day${run.liquidity.days === 1 ? '' : 's'}</h3>`;
  if (rows === '')
    return `${head}<p class="muted risk-liquidity-none">No member owes a CCP a pay-in within the horizon.</p>`;
  return `${head}<table class="risk-liquidity"><thead><tr><th class="left">CCP</th><th class="left">Groups that fail to pay</th><th>Their pay-ins</th><th>Liquid resources</th><th>Shortfall</th><th class="left">Worst scenario</th></tr></thead><tbody>${rows}</tbody></table>
    <p class="note">Pay-ins are the open trades' cash by cash date; resources the CCP's cash on the ledger (the hub records no committed lines). ${run.unsettled_instructions} open CCP instructions are in this run.</p>`;
}

export function limitsHtml(run, scenario) {
  const options = run.scenarios
    .map(
      (s) =>
        `<option value="${escapeHtml(s.id)}"${s.id === scenario ? ' selected' : ''}>${escapeHtml(s.name)}</option>`,
    )
    .join('');
  const quotas = run.quota_effects
    .filter((e) => e.scenario === scenario)
    .map(
      (
        e,
      ) => `<tr data-link="${e.link}"><td class="left">${LINK_NAMES[e.link] ?? escapeHtml(e.link)}</td>
        <td>${money('HKD', e.balance_hkd_minor)}</td><td>${money('HKD', e.stressed_balance_hkd_minor)}</td>
        <td>${money('HKD', e.holdings_change_hkd_minor)}</td><td>${(Number(e.change_of_quota_bp) / 100).toFixed(2)} %</td></tr>`,
    )
    .join('');
  const limits = run.payment_limit_effects
    .filter((e) => e.scenario === scenario)
    .map(
      (
        e,
      ) => `<tr data-limit="${e.limit}"><td class="left">${LIMIT_NAMES[e.limit] ?? escapeHtml(e.limit)}</td>
        <td>${money(e.currency, e.amount_minor)}</td><td>${money(e.paid_in, e.value_minor)}</td><td>${money(e.paid_in, e.stressed_value_minor)}</td></tr>`,
    )
    .join('');
  return `<h3>Quotas and payment limits in <select class="risk-limits-scenario">${options}</select></h3>
    <table class="risk-quota-effects"><thead><tr><th class="left">Link</th><th>Quota left, HKD</th><th>After the FX move</th><th>Holdings' change</th><th>Of the daily quota</th></tr></thead><tbody>${quotas}</tbody></table>
    <table class="risk-limit-effects"><thead><tr><th class="left">Payment limit</th><th>Stated</th><th>Worth now</th><th>After the FX move</th></tr></thead><tbody>${limits}</tbody></table>
    <p class="note">Quotas are in RMB and count at the stated HKD rate; what investors would do under stress is not modelled.</p>`;
}
