/**
 * The Connect limits a stress scenario is read against (docs/risk.md §9): each trading link's
 * daily quota, today's balance and what investors hold through it, and the Payment Connect limits
 * per payer from the operator's settings.
 *
 * Holdings through a link are the nominee's omnibus balances: Northbound, HKSCC's account at
 * ChinaClear for the link's exchange (`<ISIN>/CSDC/HKSCC`, an SSE security for the Shanghai
 * link, SZSE for Shenzhen); Southbound, ChinaClear's account at HKSCC for the link's channel
 * (`<ISIN>/HKSCC/CSDC.SH` or `.SZ`).
 * @module
 */

import { postedBalance } from '../../ledger/index.js';
import type { CurrencyCode } from '../../reference/index.js';
import { linkInfo } from '../../rules/index.js';
import { holdingAccountId } from '../accounts.js';
import type { HubState } from '../state.js';

export interface LinkHoldingsRow {
  readonly link: string;
  readonly direction: 'northbound' | 'southbound';
  /** CNY minor units. */
  readonly daily_quota_minor: bigint;
  readonly balance_minor: bigint;
  readonly holdings: readonly { readonly isin: string; readonly quantity: bigint }[];
}

export function linkHoldings(state: HubState): LinkHoldingsRow[] {
  return state.rules.quotas.map((quota) => {
    const info = linkInfo(quota.link);
    const holdings: { isin: string; quantity: bigint }[] = [];
    for (const security of state.reference.securities.values()) {
      const northbound = info.direction === 'northbound';
      if (northbound && security.market !== info.mainland_market) continue;
      if (!northbound && security.market !== 'XHKG') continue;
      const nominee = northbound
        ? holdingAccountId(security.id, 'CSDC', 'HKSCC')
        : holdingAccountId(
            security.id,
            'HKSCC',
            `CSDC.${info.mainland_market === 'XSHG' ? 'SH' : 'SZ'}`,
          );
      const account = state.ledger.accounts.get(nominee);
      const quantity = account === undefined ? 0n : postedBalance(account);
      if (quantity !== 0n) holdings.push({ isin: security.id, quantity });
    }
    return {
      link: quota.link,
      direction: info.direction,
      daily_quota_minor: quota.daily_quota_minor,
      balance_minor: quota.balance_minor,
      holdings,
    };
  });
}

export interface PaymentLimitSetting {
  readonly limit: string;
  readonly currency: CurrencyCode;
  readonly amount_minor: bigint;
  readonly paid_in: CurrencyCode;
}

/**
 * The per-payer limits (docs/payments.md §2): Northbound caps in HKD against the RMB a payee
 * receives; the Southbound quota in USD and the default single-payment cap in RMB against what
 * the payer sends or the payee receives.
 */
export function paymentLimits(state: HubState): PaymentLimitSetting[] {
  const { northbound, southbound } = state.payments.settings.connect;
  return [
    {
      limit: 'northbound_daily_per_payer',
      currency: 'HKD',
      amount_minor: northbound.daily_limit_hkd_minor,
      paid_in: 'CNY',
    },
    {
      limit: 'northbound_annual_per_payer',
      currency: 'HKD',
      amount_minor: northbound.annual_limit_hkd_minor,
      paid_in: 'CNY',
    },
    {
      limit: 'southbound_annual_quota_per_payer',
      currency: 'USD',
      amount_minor: southbound.annual_quota_usd_minor,
      paid_in: 'CNY',
    },
    {
      limit: 'southbound_single_payment_default',
      currency: 'CNY',
      amount_minor: southbound.single_cap_cny_minor.default,
      paid_in: 'HKD',
    },
  ];
}
