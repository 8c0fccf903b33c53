/**
 * `npm run bench -- payments` (issue 16), each figure the median of the runs:
 * - `hub_payments_per_s`: `payments.submit` through `Hub.apply` in memory: lookup by mobile
 *   number, limits, FX at BOCHK's quote (half the payments, the quote command counted in the
 *   time), PvP and credit in one ledger batch; 200,000 payments (20,000 with `--quick`) from
 *   many payers, so no cap is hit (workload.ts); target 300,000/s;
 * - `hub_payments_per_s_journaled`: the same through the runtime's HubNode, every command
 *   journaled, group commit with fdatasync every 1,000 commands; target 100,000/s;
 *   peer of both: the same payments in PostgreSQL, one transaction per payment on 16 connections
 *   (../peers/pg_payments.ts); aim ≥ 50×;
 * - `hub_bytes_per_payment`: the hub's heap growth per retained payment (the payment record,
 *   its ledger transfers, the limit counters), after a GC when `--expose-gc` is on.
 * Not here: the end to end figure (5,000 pacs.008/s over HTTP with XSD validation, journaling and
 * a pacs.002 answer, for 10 minutes); see docs/benchmarks.md.
 * @module
 */

import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { measurePgPayments } from '../peers/pg_payments.js';
import { measureHubPayments, measureJournaledPayments } from './measure.js';

const PEER_CONNECTIONS = 16;

export const PAYMENTS_BENCHMARK: Benchmark = {
  name: 'payments',
  description: 'Payment Connect payments/s through the hub, in memory and journaled, vs PostgreSQL',
  async run(options: BenchOptions): Promise<readonly BenchFigure[]> {
    const count = options.quick ? 20_000 : 200_000;
    // Warm-up, not timed: the first timed run would otherwise measure the JIT.
    measureHubPayments(2_000);
    const memory: number[] = [];
    const bytes: number[] = [];
    const journaled: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const ours = measureHubPayments(count);
      memory.push(ours.payments_per_s);
      bytes.push(ours.bytes_per_payment);
      journaled.push(await measureJournaledPayments(count));
    }
    const peer_count = options.quick ? 2_000 : 10_000;
    const peer = await measurePgPayments({ payments: peer_count, connections: PEER_CONNECTIONS });
    if ('skipped' in peer) process.stderr.write(`payments: ${peer.skipped}\n`);
    const peer_name = `PostgreSQL, 1 txn/payment, ${PEER_CONNECTIONS} connections`;
    const peer_value = 'skipped' in peer ? null : Math.round(peer.payments_per_s);
    const note =
      `median of ${options.runs} runs; ${count} payments (peer ${peer_count})` +
      ('skipped' in peer ? `; peer skipped: ${peer.skipped}` : '');
    return [
      figure({
        ...{ bench: 'payments', metric: 'hub_payments_per_s', unit: 'payments/s' },
        value: Math.round(median(memory)),
        ...{ peer: peer_value === null ? null : peer_name, peer_value },
        note: `${note}; Hub.apply in memory; target 300,000/s and ≥ 50× the peer`,
      }),
      figure({
        ...{ bench: 'payments', metric: 'hub_payments_per_s_journaled', unit: 'payments/s' },
        value: Math.round(median(journaled)),
        ...{ peer: peer_value === null ? null : peer_name, peer_value },
        note: `${note}; HubNode, group commit with fdatasync; target 100,000/s`,
      }),
      figure({
        ...{ bench: 'payments', metric: 'hub_bytes_per_payment', unit: 'bytes' },
        value: Math.round(median(bytes)),
        ...{ peer: null, peer_value: null },
        note: `heap growth of the hub per retained payment (${count} payments)`,
      }),
    ];
  },
};
