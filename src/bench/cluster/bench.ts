/**
 * `npm run bench -- cluster` (issue 18), each figure beside its local peer in the same run:
 *
 * - the order workload of the market benchmark journaled through a 3-replica JetStream stream
 *   (one message per group, several groups in flight) against the local file journal
 *   (fdatasync per group), journal only (orders.ts);
 * - the same orders through the leader's hub and the stream, against HubNode and its file;
 * - transfers through the leader against HubNode (the figure of the first cluster runs);
 * - failover: from SIGKILL of a leader process to the first group the standby process
 *   acknowledges as the new leader, over 20 trials (3 with --quick);
 * - the fault table (src/cluster/faults.ts), each fault 3 times (once with --quick), printed to
 *   stderr, with the count of trials that passed as a figure.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { readerKillFault } from '../../cli/reader_fault_testing.js';
import {
  type ClusterLeader,
  commitGenesis,
  DEFAULT_LEASE_CONFIG,
  DEMO_START_US,
  FAULT_SCENARIOS,
  FaultBed,
  type FaultRow,
  faultTable,
  LeaderChild,
  NatsCluster,
  runFault,
  Standby,
  type WorkloadCommand,
  workloadTransfer,
} from '../../cluster/index.js';
import { HubNode, ManualClock } from '../../runtime/index.js';
import { type BenchFigure, type Benchmark, figure, median, percentile } from '../harness.js';
import { measureJournaled } from '../orders/journaled.js';
import {
  fileJournalRate,
  GROUPS_IN_FLIGHT,
  leaderOrderRate,
  ORDER_GROUP,
  orderEnvelopes,
  streamJournalRate,
} from './orders.js';

const GROUP = 2_000;
const IN_FLIGHT_MAX = 4;
const LEASE_TTL_MS = DEFAULT_LEASE_CONFIG.ttl_ms;

export const CLUSTER_BENCHMARK: Benchmark = {
  name: 'cluster',
  description:
    'commands/s through a 3-replica JetStream journal vs the local file journal; failover',
  async run(options) {
    const commands_count = options.quick ? 20_000 : 200_000;
    const orders_count = options.quick ? 50_000 : 500_000;
    const trials = options.quick ? 3 : 20;
    const commands = Array.from({ length: commands_count }, (_, n) =>
      workloadTransfer('bench', n, false),
    );
    const envelopes = orderEnvelopes(orders_count);
    const cluster = await NatsCluster.start();
    try {
      const rates: Rates = { stream: [], file: [], leader: [], node: [], cluster: [], local: [] };
      for (let run = 0; run < options.runs; run += 1) {
        rates.stream.push(await streamJournalRate(cluster, `run${run}`, envelopes));
        rates.file.push(await fileJournalRate(envelopes));
        rates.leader.push(await leaderOrderRate(cluster, `run${run}`, orders_count));
        rates.node.push((await measureJournaled(orders_count)).orders_per_s);
        rates.cluster.push(await measureCluster(cluster, `run${run}`, commands));
        rates.local.push(await measureLocal(commands));
        process.stderr.write(`# run ${run + 1}: ${runLine(rates)}\n`);
      }
      const failover_ms = await measureFailover(cluster, trials);
      process.stderr.write(`# failover ms: ${failover_ms.map(Math.round).join(' ')}\n`);
      const faults = await runFaultTable(cluster, options.quick ? 1 : 3);
      return [
        ...orderFigures(rates, options.runs, orders_count),
        ...figures(rates.cluster, rates.local, failover_ms, options.runs, commands_count),
        faultFigure(faults),
      ];
    } finally {
      await cluster.stop();
    }
  },
};

interface Rates {
  readonly stream: number[];
  readonly file: number[];
  readonly leader: number[];
  readonly node: number[];
  readonly cluster: number[];
  readonly local: number[];
}

function runLine(rates: Rates): string {
  const last = (values: number[]) => Math.round(values[values.length - 1] ?? 0);
  return (
    `orders journaled: stream ${last(rates.stream)}/s, file ${last(rates.file)}/s; ` +
    `through the hub: leader ${last(rates.leader)}/s, HubNode ${last(rates.node)}/s; ` +
    `transfers: leader ${last(rates.cluster)}/s, HubNode ${last(rates.local)}/s`
  );
}

function orderFigures(rates: Rates, runs: number, orders: number): BenchFigure[] {
  const setting = `${orders} orders of the market workload, groups of ${ORDER_GROUP}, ${GROUPS_IN_FLIGHT} in flight; 3 nats-server 2.9.10 nodes on loopback; median of ${runs}`;
  return [
    figure({
      bench: 'cluster',
      metric: 'orders_journaled_per_s_3_replicas',
      value: Math.round(median(rates.stream)),
      unit: 'orders/s',
      peer: 'local file journal (fdatasync per group)',
      peer_value: Math.round(median(rates.file)),
      note: `target ≥ 100,000 and ≥ 0.5× the file; journal only (encoded envelopes, no hub); ${setting}`,
    }),
    figure({
      bench: 'cluster',
      metric: 'orders_through_leader_per_s',
      value: Math.round(median(rates.leader)),
      unit: 'orders/s',
      peer: 'HubNode with the local file journal',
      peer_value: Math.round(median(rates.node)),
      note: `the hub applies every order (rules, book, capture) before it is journaled; ${setting}`,
    }),
  ];
}

async function measureCluster(
  cluster: NatsCluster,
  name: string,
  commands: readonly WorkloadCommand[],
): Promise<number> {
  const connection = await connect({ servers: cluster.servers });
  try {
    const standby = await Standby.open(connection, {
      holder: 'bench',
      clock: new ManualClock(DEMO_START_US),
      names: { stream: `BENCH_${name}`, subject: `bench.${name}` },
      lease: { ...DEFAULT_LEASE_CONFIG, bucket: `BENCH_LEASE_${name}` },
    });
    const leader = await standby.campaign();
    await commitGenesis(leader);
    const started = performance.now();
    await submitInGroups(leader, commands);
    const seconds = (performance.now() - started) / 1000;
    await leader.close();
    return commands.length / seconds;
  } finally {
    await connection.close();
  }
}

async function submitInGroups(leader: ClusterLeader, commands: readonly WorkloadCommand[]) {
  const in_flight: Promise<void>[] = [];
  for (let i = 0; i < commands.length; i += 1) {
    const { participant, command, idempotency_key } = commands[i] as WorkloadCommand;
    const result = leader.submit(participant, command, idempotency_key);
    if (result.status !== 'accepted') throw new Error(`refused: ${result.rejection?.code}`);
    if ((i + 1) % GROUP !== 0 && i + 1 < commands.length) continue;
    in_flight.push(leader.commit());
    if (in_flight.length >= IN_FLIGHT_MAX) await in_flight.shift();
  }
  await Promise.all(in_flight);
}

async function measureLocal(commands: readonly WorkloadCommand[]): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-bench-cluster-'));
  const node = HubNode.open({
    data_dir: directory,
    clock: new ManualClock(DEMO_START_US),
    fsync: 'always',
    projection: false,
  });
  try {
    await commitGenesis(node);
    const started = performance.now();
    let in_flight: Promise<void> = Promise.resolve();
    for (let i = 0; i < commands.length; i += 1) {
      const { participant, command, idempotency_key } = commands[i] as WorkloadCommand;
      node.submit(participant, command, idempotency_key);
      if ((i + 1) % GROUP !== 0) continue;
      await in_flight;
      in_flight = node.commit();
    }
    await in_flight;
    await node.commit();
    return commands.length / ((performance.now() - started) / 1000);
  } finally {
    await node.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Kill -9 of a leader child, until the standby child acknowledges its first group. */
async function measureFailover(cluster: NatsCluster, trials: number): Promise<number[]> {
  const times_ms: number[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const journal = {
      names: { stream: `FAILOVER_${trial}`, subject: `failover.${trial}` },
      lease: {
        bucket: `FAILOVER_LEASE_${trial}`,
        key: 'leader',
        ttl_ms: LEASE_TTL_MS,
        replicas: 3,
      },
    };
    const base = { servers: cluster.servers, ...journal, group_size: 100 };
    const a = new LeaderChild({ ...base, holder: 'a' });
    let b: LeaderChild | null = null;
    try {
      await a.waitFor('acked', 3);
      b = new LeaderChild({ ...base, holder: 'b' });
      await b.waitFor('standby');
      const killed_ms = performance.now();
      a.process.kill('SIGKILL');
      await b.waitFor('acked', 1, 30_000);
      times_ms.push(performance.now() - killed_ms);
    } finally {
      await a.destroy();
      await b?.destroy();
    }
  }
  return times_ms;
}

function figures(
  cluster_rates: number[],
  local_rates: number[],
  failover_ms: number[],
  runs: number,
  commands: number,
): BenchFigure[] {
  const sorted = [...failover_ms].sort((x, y) => x - y);
  const note = `median of ${runs} runs; ${commands} cash transfers through the hub in groups of ${GROUP}, ${IN_FLIGHT_MAX} groups in flight; 3 nats-server 2.9.10 nodes on loopback`;
  return [
    figure({
      bench: 'cluster',
      metric: 'commands_per_s_3_replicas',
      value: Math.round(median(cluster_rates)),
      unit: 'commands/s',
      peer: 'local file journal (HubNode, fdatasync per group)',
      peer_value: Math.round(median(local_rates)),
      note,
    }),
    figure({
      bench: 'cluster',
      metric: 'failover_ms_p99',
      value: Math.round(percentile(sorted, 0.99)),
      unit: 'ms',
      peer: null,
      peer_value: null,
      note: `${failover_ms.length} trials, kill -9 to the new leader's first acknowledged group; lease TTL ${LEASE_TTL_MS} ms; median ${Math.round(median(failover_ms))} ms`,
      direction: 'lower_is_better',
    }),
  ];
}

/**
 * Every fault scenario `rounds` times on a fresh journal each, and the reader's fault (on a
 * cluster of its own: `hutong reader` follows the default stream); the table goes to stderr.
 */
async function runFaultTable(cluster: NatsCluster, rounds: number): Promise<FaultRow[]> {
  const bed = await FaultBed.open(cluster);
  const rows: FaultRow[] = [];
  const record = (row: FaultRow, round: number) => {
    rows.push({ ...row, fault: `${row.fault} (trial ${round + 1})` });
    process.stderr.write(`# ${row.fault}: ${row.passed ? 'passed' : row.outcome}\n`);
  };
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, scenario] of FAULT_SCENARIOS.entries()) {
        record(await runFault(bed, scenario, `bench_fault${index}_${round}`), round);
      }
      record(await readerFault(round), round);
    }
  } finally {
    await bed.close();
  }
  process.stderr.write(faultTable(rows).replace(/^/gm, '# '));
  return rows;
}

async function readerFault(round: number): Promise<FaultRow> {
  const cluster = await NatsCluster.start();
  const connection = await connect({ servers: cluster.servers });
  try {
    return await readerKillFault({
      servers: cluster.servers,
      connection,
      pg_url: process.env.HUTONG_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/test',
      schema: `bench_reader_fault_${process.pid}_${round}`,
    });
  } finally {
    await connection.close();
    await cluster.stop();
  }
}

function faultFigure(rows: readonly FaultRow[]): BenchFigure {
  const failed = rows.filter((row) => !row.passed).map((row) => row.fault);
  return figure({
    bench: 'cluster',
    metric: 'fault_trials_passed',
    value: rows.length - failed.length,
    unit: 'trials',
    peer: 'fault trials run',
    peer_value: rows.length,
    note:
      `${FAULT_SCENARIOS.length + 1} faults (${FAULT_SCENARIOS.map((s) => s.fault).join('; ')}; reader killed mid-batch and restarted), ` +
      'each checked for acknowledged commands lost or doubled, digest equality and hutong verify' +
      (failed.length === 0 ? '' : `; FAILED: ${failed.join('; ')}`),
  });
}
