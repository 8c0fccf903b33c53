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
 * - `pacs008_per_s_over_http`, `pacs008_p99_ms`: end to end (http.ts), pacs.008 messages over
 *   HTTP to the real server, each validated against its XSD, journaled (fsync before the answer)
 *   and answered with a pacs.002 reporting the payee credited, sustained for `--duration` seconds
 *   (600 by default, 20 with `--quick`); target 5,000/s with p99 under 50 ms. Peer: Mojaloop's
 *   published figure, 1,000 transfers/s sustained for an hour on a cluster
 *   (ledger-settlement-payments.md §3): published, not measured here. One run: it is the long one.
 * @module
 */

import { type BenchFigure, type Benchmark, type BenchOptions, figure, median } from '../harness.js';
import { measurePgPayments } from '../peers/pg_payments.js';
import { HTTP_CONNECTIONS, measureHttpPayments } from './http.js';
import { measureHubPayments, measureJournaledPayments } from './measure.js';

const PEER_CONNECTIONS = 16;
const MOJALOOP = 'Mojaloop v17 (published: 1 h sustained, minimal cluster)';
const MOJALOOP_TRANSFERS_PER_S = 1_000;

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
    const duration_s = options.duration_s ?? (options.quick ? 20 : 600);
    process.stderr.write(`payments: pacs.008 over HTTP for ${duration_s} s\n`);
    const http = await measureHttpPayments(duration_s);
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
        ...{ bench: 'payments', metric: 'pacs008_per_s_over_http', unit: 'payments/s' },
        value: Math.round(http.settled_per_s),
        ...{ peer: MOJALOOP, peer_value: MOJALOOP_TRANSFERS_PER_S },
        note:
          `${http.settled} pacs.008 answered ACCC in ${Math.round(http.duration_s)} s, ` +
          `${http.failed} not; ${HTTP_CONNECTIONS} connections; XSD, journal (fsync), pacs.002; ` +
          'target 5,000/s',
      }),
      figure({
        ...{ bench: 'payments', metric: 'pacs008_p99_ms', unit: 'ms' },
        value: http.p99_ms,
        ...{ peer: null, peer_value: null, direction: 'lower_is_better' },
        note: `p50 ${http.p50_ms} ms, max ${http.max_ms} ms over the run; target p99 < 50 ms`,
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
