/**
 * The order workload of the Connect and orders benchmarks: a seeded mix of Northbound (SSE),
 * Southbound (SEHK, enhanced limit), A-share domestic (SZSE) and Hong Kong domestic day orders
 * from the demo market's investors, every second order filling the one before it, and the
 * allotment that gives the sellers enough shares for the whole run.
 * @module
 */

import { csdOf, issuanceAccountId, securitiesAccountId } from '../../hub/accounts.js';
import type { Command, Hub } from '../../hub/index.js';

/** A buyer and a seller meeting at one price: every second order fills the one before it. */
interface Pair {
  readonly instrument: string;
  readonly price_units: number;
  readonly lot_units: number;
  readonly order_type: 'limit' | 'enhanced_limit';
  readonly buyer: readonly [participant: string, owner: string, bcan?: string];
  readonly seller: readonly [participant: string, owner: string, bcan?: string];
}

// Northbound (SSE), Southbound (SEHK), A-share domestic (SZSE) and Hong Kong domestic.
export const PAIRS: readonly Pair[] = [
  {
    instrument: 'CNE0000018R8',
    price_units: 146_000,
    lot_units: 100,
    order_type: 'limit',
    buyer: ['HARBOUR', 'hk-inst-fund', '1000000003'],
    seller: ['PEAK', 'hk-inst-insurer', '2000000002'],
  },
  {
    instrument: 'KYG875721634',
    price_units: 620_000,
    lot_units: 100,
    order_type: 'enhanced_limit',
    buyer: ['PEARL', 'cn-inst-fund'],
    seller: ['BUND', 'cn-pro-zhao'],
  },
  {
    instrument: 'CNE000000VQ8',
    price_units: 11_500,
    lot_units: 100,
    order_type: 'limit',
    buyer: ['BUND', 'cn-retail-zhang'],
    seller: ['PEARL', 'cn-retail-liu'],
  },
  {
    instrument: 'GB0005405286',
    price_units: 105_000,
    lot_units: 400,
    order_type: 'enhanced_limit',
    buyer: ['HARBOUR', 'hk-retail-chan'],
    seller: ['HARBOUR', 'hk-pro-lam'],
  },
];

export function buildOrders(count: number): Array<[string, Command]> {
  const orders: Array<[string, Command]> = [];
  for (let i = 0; i < count; i += 1) {
    const pair = PAIRS[Math.floor(i / 2) % PAIRS.length] as Pair;
    const buy = i % 2 === 0;
    const [participant, owner, bcan] = buy ? pair.buyer : pair.seller;
    orders.push([
      participant,
      {
        type: 'market.submit_order',
        client_order_id: `b${i}`,
        instrument: pair.instrument,
        side: buy ? 'buy' : 'sell',
        order_type: pair.order_type,
        time_in_force: 'day',
        post_only: false,
        price_units: pair.price_units,
        quantity_units: pair.lot_units,
        owner,
        ...(bcan === undefined ? {} : { bcan }),
      },
    ]);
  }
  return orders;
}

/** Enough shares for the sellers to sell all day: allotted before the first order. */
export function allotments(hub: Hub, count: number): Command {
  const transfers = PAIRS.map((pair, i) => {
    const security = hub.state.reference.securities.get(pair.instrument);
    const account =
      security === undefined
        ? undefined
        : securitiesAccountId(hub.state.reference, pair.seller[1], security);
    if (security === undefined || account === undefined)
      throw new Error(`connect bench: no account for ${pair.seller[1]}`);
    return {
      id: `bench-allot-${i}`,
      debit_account_id: issuanceAccountId(csdOf(security), security.id),
      credit_account_id: account,
      amount_minor: BigInt(count * pair.lot_units),
    };
  });
  return { type: 'ledger.create_transfers', transfers };
}
