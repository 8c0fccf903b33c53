/**
 * The whole hub path as a server runs it, without the network: each order through the sequencer
 * (envelope, time, journal append), the Connect rules, the book and settlement capture, made
 * durable by group commit (fdatasync) every `GROUP_ORDERS` orders, one group's fdatasync running
 * while the next group is applied, with no projection or other reader on the path. Issue 19's first figure.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timestampAt } from '../../kernel/time.js';
import { HubNode, ManualClock } from '../../runtime/index.js';
import { DEMO_START_US, genesisSubmissions } from '../../sim/genesis.js';
import { allotments, buildOrders } from './workload.js';

/** Orders per group commit: what a server's event-loop turn gathers under load. */
export const GROUP_ORDERS = 1_000;

export interface JournaledRun {
  readonly orders_per_s: number;
  readonly accepted: number;
  readonly commits: number;
}

export async function measureJournaled(count: number): Promise<JournaledRun> {
  const parent = mkdtempSync(join(tmpdir(), 'hutong-bench-orders-'));
  const clock = new ManualClock(DEMO_START_US);
  const node = HubNode.open({
    data_dir: join(parent, 'data'),
    clock,
    fsync: 'always',
    snapshot_every_commands: 0,
    projection: false,
  });
  try {
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.submit('operator', allotments(node.hub, count));
    clock.set(timestampAt('2026-01-05', '10:00'));
    node.submit('operator', { type: 'hub.tick' });
    await node.commit();
    const orders = buildOrders(count);
    let accepted = 0;
    let commits = 0;
    // As the server does (gateways/http/engine.ts): the next group is applied while the previous
    // one's fdatasync runs; before a group's commit starts, the one before it must be durable.
    let in_flight: Promise<void> | null = null;
    const started = process.hrtime.bigint();
    for (let i = 0; i < orders.length; i += 1) {
      const [participant, command] = orders[i] as (typeof orders)[number];
      if (node.submit(participant, command).status === 'accepted') accepted += 1;
      if ((i + 1) % GROUP_ORDERS === 0) {
        if (in_flight !== null) await in_flight;
        in_flight = node.commit();
        commits += 1;
      }
    }
    if (in_flight !== null) await in_flight;
    await node.commit();
    const elapsed_s = Number(process.hrtime.bigint() - started) / 1e9;
    if (accepted < count * 0.9)
      throw new Error(`orders bench: only ${accepted} of ${count} orders accepted`);
    return { orders_per_s: count / elapsed_s, accepted, commits: commits + 1 };
  } finally {
    await node.close();
    rmSync(parent, { recursive: true, force: true });
  }
}
