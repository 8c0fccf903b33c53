/**
 * The order workload of the market benchmark (src/bench/orders/workload.ts) through the cluster,
 * two ways, each beside its local peer in the same run:
 *
 * - **journal only**: the orders' envelopes, encoded as a leader encodes them, published in
 *   groups through a 3-replica stream (`JournalWriter`: expected last sequence, message id,
 *   predicted positions, several groups in flight) against the same groups appended to the local
 *   file journal with fdatasync per group. What replication costs, without the hub.
 * - **through the leader**: the same orders applied by the leader's hub (rules, book, settlement
 *   capture) and journaled through the stream, against `HubNode` journaling to a local file. The
 *   hub's own speed bounds both (issue 19).
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  type ClusterLeader,
  DEFAULT_LEASE_CONFIG,
  ensureJournalStream,
  JournalWriter,
  type NatsCluster,
  Standby,
} from '../../cluster/index.js';
import type { Envelope } from '../../hub/index.js';
import { encode } from '../../kernel/codec.js';
import { timestampAt } from '../../kernel/time.js';
import { ManualClock } from '../../runtime/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { Journal } from '../../storage/index.js';
import { allotments, buildOrders } from '../orders/workload.js';

/** Orders per group (one stream message of about 300 KB; a server's loop turn under load). */
export const ORDER_GROUP = 1_000;
/** Groups published and not yet acknowledged, at most. */
export const GROUPS_IN_FLIGHT = 4;
const TRADING_US = timestampAt('2026-01-05', '10:00');

/** The workload's orders as encoded envelopes, seq 1…count, a microsecond apart. */
export function orderEnvelopes(count: number): string[] {
  return buildOrders(count).map(([participant, command], i) => {
    const envelope: Envelope = {
      seq: i + 1,
      timestamp_us: TRADING_US + i,
      participant,
      idempotency_key: null,
      command,
    };
    return encode(envelope);
  });
}

/** Envelopes per second published through a fresh 3-replica stream, acknowledged. */
export async function streamJournalRate(
  cluster: NatsCluster,
  name: string,
  envelopes: readonly string[],
): Promise<number> {
  const connection = await connect({ servers: cluster.servers });
  try {
    const names = { stream: `ORDERS_${name}`, subject: `orders.${name}` };
    await ensureJournalStream(await jetstreamManager(connection), { names });
    const writer = new JournalWriter(jetstream(connection), 1, 0, names);
    const started = performance.now();
    const in_flight: Promise<unknown>[] = [];
    for (let first = 0; first < envelopes.length; first += ORDER_GROUP) {
      const group = envelopes.slice(first, first + ORDER_GROUP);
      in_flight.push(writer.publish({ epoch: 1, first_seq: first + 1, envelopes: group }));
      if (in_flight.length >= GROUPS_IN_FLIGHT) await in_flight.shift();
    }
    await Promise.all(in_flight);
    return envelopes.length / ((performance.now() - started) / 1_000);
  } finally {
    await connection.close();
  }
}

/** Envelopes per second appended to a local journal file, fdatasync per group (pipelined). */
export async function fileJournalRate(envelopes: readonly string[]): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-bench-cluster-journal-'));
  const journal = Journal.open(join(directory, 'journal.log'), { fsync: 'always' });
  try {
    const started = performance.now();
    let previous: Promise<void> = Promise.resolve();
    for (let i = 0; i < envelopes.length; i += 1) {
      const appended = journal.append(i + 1, envelopes[i] as string);
      if (!appended.ok) throw new Error(`journal append refused: ${appended.code}`);
      if ((i + 1) % ORDER_GROUP !== 0 && i + 1 < envelopes.length) continue;
      await previous;
      previous = journal.commit();
    }
    await previous;
    return envelopes.length / ((performance.now() - started) / 1_000);
  } finally {
    await journal.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Orders per second applied by a leader's hub and journaled through the stream. */
export async function leaderOrderRate(
  cluster: NatsCluster,
  name: string,
  count: number,
): Promise<number> {
  const connection = await connect({ servers: cluster.servers });
  const clock = new ManualClock(DEMO_START_US);
  try {
    const standby = await Standby.open(connection, {
      holder: 'bench',
      clock,
      names: { stream: `LEADER_${name}`, subject: `leader.${name}` },
      lease: { ...DEFAULT_LEASE_CONFIG, bucket: `LEADER_LEASE_${name}` },
    });
    const leader = await standby.campaign();
    await openMarket(leader, clock, count);
    const orders = buildOrders(count);
    const started = performance.now();
    const in_flight: Promise<void>[] = [];
    for (let i = 0; i < orders.length; i += 1) {
      const [participant, command] = orders[i] as (typeof orders)[number];
      if (leader.submit(participant, command).seq === 0) throw new Error('leader refused an order');
      if ((i + 1) % ORDER_GROUP !== 0 && i + 1 < orders.length) continue;
      in_flight.push(leader.commit());
      if (in_flight.length >= GROUPS_IN_FLIGHT) await in_flight.shift();
    }
    await Promise.all(in_flight);
    const seconds = (performance.now() - started) / 1_000;
    await leader.close();
    return count / seconds;
  } finally {
    await connection.close();
  }
}

/** The demo genesis, the sellers' shares, and the clock at 10:00 on the first trading day. */
async function openMarket(leader: ClusterLeader, clock: ManualClock, count: number): Promise<void> {
  for (const s of genesisSubmissions()) leader.submit(s.participant, s.command);
  leader.submit('operator', allotments(leader.hub, count));
  clock.set(TRADING_US);
  leader.submit('operator', { type: 'hub.tick' });
  await leader.commit();
}
