/**
 * `npm run bench -- connect`: orders per second through the whole hub — envelope, time, the
 * Connect rules pipeline, the order book, the events — on a seeded mix of Northbound, Southbound
 * and domestic orders from the demo market's investors, in continuous trading. In memory (the
 * journal has its own benchmark). There is no outside peer for this figure.
 * @module
 */

import { csdOf, issuanceAccountId, securitiesAccountId } from '../hub/accounts.js';
import type { Command } from '../hub/index.js';
import { Hub } from '../hub/index.js';
import { timestampAt } from '../kernel/time.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from './harness.js';

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
const PAIRS: readonly Pair[] = [
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

export const CONNECT_BENCHMARK: Benchmark = {
  name: 'connect',
  description: 'orders/s through the hub: Connect rules pipeline + order book + events, in memory',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const orders = options.quick ? 50_000 : 500_000;
    const rates: number[] = [];
    for (let run = 0; run < options.runs; run += 1) rates.push(measure(orders));
    return [
      figure({
        bench: 'connect',
        metric: 'orders_per_s_rules_and_book',
        value: Math.round(median(rates)),
        unit: 'orders/s',
        peer: null,
        peer_value: null,
        note: `median of ${options.runs} runs, ${orders} day orders (Northbound, Southbound, domestic), half of them filling the other half`,
      }),
    ];
  },
};

function buildOrders(count: number): Array<[string, Command]> {
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
function allotments(hub: Hub, count: number): Command {
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

function measure(count: number): number {
  const hub = new Hub();
  let seq = 0;
  let now = DEMO_START_US;
  const apply = (participant: string, command: Command) => {
    seq += 1;
    return hub.apply({ seq, timestamp_us: now, participant, idempotency_key: null, command });
  };
  for (const s of genesisSubmissions()) apply(s.participant, s.command);
  apply('operator', allotments(hub, count));
  now = timestampAt('2026-01-05', '10:00');
  apply('operator', { type: 'hub.tick' });
  const orders = buildOrders(count);
  let accepted = 0;
  const started = process.hrtime.bigint();
  for (const [participant, command] of orders)
    if (apply(participant, command).status === 'accepted') accepted += 1;
  const elapsed_s = Number(process.hrtime.bigint() - started) / 1e9;
  if (accepted < count * 0.9)
    throw new Error(`connect bench: only ${accepted} of ${count} orders accepted`);
  return count / elapsed_s;
}
