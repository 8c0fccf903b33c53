/**
 * `npm run bench -- connect`: orders per second through the whole hub — envelope, time, the
 * Connect rules pipeline, the order book, the events — on a seeded mix of Northbound, Southbound
 * and domestic orders from the demo market's investors, in continuous trading. In memory (the
 * journal has its own benchmark). There is no outside peer for this figure.
 * @module
 */

import type { Command } from '../hub/index.js';
import { Hub } from '../hub/index.js';
import { timestampAt } from '../kernel/time.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from './harness.js';
import { allotments, buildOrders } from './orders/workload.js';

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
