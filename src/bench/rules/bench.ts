/**
 * `npm run bench -- rules`: orders per second through the Connect rules pipeline alone, on the
 * workload of bench_workload.ts. Two figures, each the median of the runs:
 * - `orders_per_s_pipeline`: `checkOrder`, then for accepted orders `onOrderAccepted`, and one
 *   later book event per accepted order (a fill or a cancel, alternately, once 10,000 are live),
 *   as the hub drives it;
 * - `orders_per_s_check_only`: `checkOrder` alone on the same orders, against the state the
 *   pipeline run left (positions, lots and quotas populated), changing nothing.
 * There is no peer: no off-the-shelf engine implements these rules. Each run starts from a fresh
 * state; building the workload is not timed. The final state is checked with the invariants.
 * @module
 */

import { onOrderAccepted } from '../../rules/hooks.js';
import { checkRulesInvariants } from '../../rules/invariants.js';
import { checkOrder } from '../../rules/pipeline.js';
import type { RulesState } from '../../rules/state.js';
import { onCancelled, onTrade } from '../../rules/trades.js';
import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { benchHoldings, benchState, benchWorkload, type RulesWorkload } from './bench_workload.js';

const LIVE_MAX = 10_000;

interface RunResult {
  readonly orders_per_s: number;
  readonly accepted: number;
  readonly state: RulesState;
}

function runPipeline(w: RulesWorkload): RunResult {
  const state = benchState(w.reference);
  const ctx = { reference: w.reference, timestamp_us: 0, holdings: benchHoldings };
  const live_id = new Int32Array(LIVE_MAX);
  const live_order = new Array<(typeof w.orders)[number]>(LIVE_MAX);
  const trade = {
    buy_order_id: 0,
    sell_order_id: 0,
    price_units: 0,
    quantity_units: 0,
    timestamp_us: 0,
  };
  const cancel = { order_id: 0, cancelled_units: 0, remaining_units: 0 };
  let head = 0;
  let live = 0;
  let accepted = 0;
  const start = process.hrtime.bigint();
  for (let n = 0; n < w.orders.length; n += 1) {
    const order = w.orders[n] as (typeof w.orders)[number];
    const t = w.timestamps_us[n] as number;
    ctx.timestamp_us = t;
    const outcome = checkOrder(state, ctx, order);
    if (!outcome.ok) continue;
    accepted += 1;
    const id = accepted;
    onOrderAccepted(state, order, id, t, outcome.value);
    if (live === LIVE_MAX) {
      const old = live_order[head] as (typeof w.orders)[number];
      const old_id = live_id[head] as number;
      if ((old_id & 1) === 0) {
        trade.buy_order_id = old.side === 'buy' ? old_id : 0;
        trade.sell_order_id = old.side === 'sell' ? old_id : 0;
        trade.price_units = old.price_units;
        trade.quantity_units = old.quantity_units;
        trade.timestamp_us = t;
        onTrade(state, trade);
      } else {
        cancel.order_id = old_id;
        cancel.cancelled_units = old.quantity_units;
        onCancelled(state, cancel, t);
      }
      live -= 1;
    }
    live_id[head] = id;
    live_order[head] = order;
    head = (head + 1) % LIVE_MAX;
    live += 1;
  }
  const elapsed_ns = Number(process.hrtime.bigint() - start);
  checkRulesInvariants(state);
  return { orders_per_s: (w.orders.length * 1e9) / elapsed_ns, accepted, state };
}

function runCheckOnly(w: RulesWorkload, state: RulesState): number {
  const ctx = { reference: w.reference, timestamp_us: 0, holdings: benchHoldings };
  let accepted = 0;
  const start = process.hrtime.bigint();
  for (let n = 0; n < w.orders.length; n += 1) {
    ctx.timestamp_us = w.timestamps_us[n] as number;
    if (checkOrder(state, ctx, w.orders[n] as (typeof w.orders)[number]).ok) accepted += 1;
  }
  const elapsed_ns = Number(process.hrtime.bigint() - start);
  if (accepted === 0) throw new Error('nothing accepted');
  return (w.orders.length * 1e9) / elapsed_ns;
}

/** The `rules` benchmark. */
export const RULES_BENCHMARK: Benchmark = {
  name: 'rules',
  description: 'Connect rules pipeline: orders/s through checkOrder + hooks on a realistic mix',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const count = options.quick ? 200_000 : 1_000_000;
    const workload = benchWorkload(count);
    const pipeline: number[] = [];
    const check_only: number[] = [];
    let accepted = 0;
    for (let run = 0; run < options.runs; run += 1) {
      const result = runPipeline(workload);
      pipeline.push(result.orders_per_s);
      accepted = result.accepted;
      check_only.push(runCheckOnly(workload, result.state));
    }
    const accepted_permille = Math.floor((1_000 * accepted) / count);
    const note = `median of ${options.runs} runs of ${count} orders; ${accepted_permille / 10} % accepted; 45 % NB, 30 % SB, 25 % domestic`;
    const common = { bench: 'rules', unit: 'orders/s', peer: null, peer_value: null, note };
    return [
      figure({ ...common, metric: 'orders_per_s_pipeline', value: Math.floor(median(pipeline)) }),
      figure({
        ...common,
        metric: 'orders_per_s_check_only',
        value: Math.floor(median(check_only)),
      }),
    ];
  },
};
