/**
 * For the bond API, stream and console tests: the demo's four tokenized green bond tranches
 * registered through the API, Southbound makers, an investor's access and the quota's rates, and
 * an RFQ cycle (request, quotes, accept) as the participants would send it.
 * @module
 */

import assert from 'node:assert/strict';
import { GREEN_USD_TERMS } from '../../sim/demo_bonds.js';
import type { Client } from './testing.js';

/** The other three tranches of the 2025 green bond (demoGreenBonds); denominations assumed. */
function tranche(isin: string, dti: string, currency: string, rate_e12: string, years: number) {
  return {
    ...GREEN_USD_TERMS,
    isin,
    dti,
    currency,
    coupon: { kind: 'fixed', rate_e12 },
    maturity_date: `${2025 + years}-11-19`,
  };
}

export const GREEN_TRANCHES = [
  tranche('HKHTGB25HKD0', 'HTGB25013', 'HKD', '25000000000', 2),
  GREEN_USD_TERMS,
  tranche('HKHTGB25EUR6', 'HTGB2504X', 'EUR', '25120000000', 4),
  tranche('HKHTGB25CNH6', 'HTGB25021', 'CNH', '19000000000', 5),
] as const;

export const SOUTHBOUND_MAKERS = ['BOCHK', 'SCBHK', 'LIONROCK'] as const;
export const BOND_INVESTOR = 'cn-inst-fund';
export const BOND_BROKER = 'PEARL';

type ClientOf = (participant: string) => Client;

export async function command(
  client: Client,
  body: Record<string, unknown>,
): Promise<{ events: Array<{ type: string }> }> {
  const reply = await client.post('/v1/commands', body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body as { events: Array<{ type: string }> };
}

/** Registers the tranches, the makers, the investor's Bond Connect access and today's rates. */
export async function setUpBondDesk(clientOf: ClientOf): Promise<string> {
  const op = clientOf('operator');
  for (const terms of GREEN_TRANCHES) await command(op, { type: 'bonds.register', terms });
  for (const dealer of SOUTHBOUND_MAKERS)
    await command(op, { type: 'bonds.register_maker', dealer, direction: 'southbound' });
  await command(op, {
    type: 'bonds.set_investor_access',
    investor: BOND_INVESTOR,
    northbound: false,
    southbound_channel: 'bond_connect',
  });
  const quota = (await op.get('/v1/bonds/quota')).body as { date: string };
  const rates = { HKD: '0.92', USD: '7.1', EUR: '7.7' };
  await command(op, { type: 'bonds.set_quota_fx_rates', date: quota.date, rates });
  return quota.date;
}

export interface RfqPlan {
  readonly id: string;
  readonly isin: string;
  readonly date: string;
  readonly now_us: number;
  /** Dealer → clean price per 100 in 10^-8, as a digit string. */
  readonly quotes: Readonly<Record<string, string>>;
  readonly qty_minor?: string;
}

/** PEARL asks the plan's dealers for its client; each dealer quotes. */
export async function requestAndQuote(clientOf: ClientOf, plan: RfqPlan): Promise<void> {
  const dealers = Object.keys(plan.quotes);
  await command(clientOf(BOND_BROKER), {
    type: 'bonds.request_quote',
    quote_req_id: plan.id,
    requester: BOND_INVESTOR,
    security_id: plan.isin,
    side: 'buy',
    order_qty_minor: plan.qty_minor ?? '100000000',
    price_type: 'percent_of_par',
    dealers,
    quote_window_us: 600_000_000,
    settlement_date: plan.date,
  });
  for (const [dealer, px_e8] of Object.entries(plan.quotes)) {
    await command(clientOf(dealer), {
      type: 'bonds.quote',
      quote_id: `${plan.id}-${dealer}`,
      quote_req_id: plan.id,
      dealer,
      px_e8,
      valid_until_us: plan.now_us + 300_000_000,
    });
  }
}

/** The requester lifts one dealer's quote. */
export async function accept(clientOf: ClientOf, id: string, dealer: string) {
  return command(clientOf(BOND_BROKER), {
    type: 'bonds.respond',
    quote_resp_id: `${id}-resp`,
    quote_req_id: id,
    quote_resp_type: 'hit_lift',
    quote_id: `${id}-${dealer}`,
  });
}
