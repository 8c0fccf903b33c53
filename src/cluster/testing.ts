/**
 * Test support: a standby on its own connection, with its own stream and lease names so the tests
 * of one file can share a NATS cluster without sharing a journal.
 * @module
 */

import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ManualClock } from '../runtime/index.js';
import type { JournalStreamNames } from './journal_stream.js';
import type { ClusterLeader } from './leader.js';
import type { LeaseConfig } from './lease.js';
import { Standby, type StandbyOptions } from './standby.js';
import { DEMO_START_US, workloadTransfer } from './workload.js';

export { commitGenesis } from './workload.js';

export interface TestJournal {
  readonly names: JournalStreamNames;
  readonly lease: LeaseConfig;
}

export function testJournal(name: string, ttl_ms = 1_000): TestJournal {
  return {
    names: { stream: `J_${name}`, subject: `hutong.${name}.journal` },
    lease: { bucket: `L_${name}`, key: 'leader', ttl_ms, replicas: 3 },
  };
}

export interface TestNode {
  readonly connection: NatsConnection;
  readonly standby: Standby;
  readonly log: string[];
}

export async function openTestNode(
  servers: string[],
  journal: TestJournal,
  holder: string,
  extra: Partial<StandbyOptions> = {},
): Promise<TestNode> {
  const connection = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const log: string[] = [];
  const standby = await Standby.open(connection, {
    holder,
    clock: new ManualClock(DEMO_START_US),
    names: journal.names,
    lease: journal.lease,
    log: (line) => log.push(line),
    ...extra,
  });
  return { connection, standby, log };
}

/** Submits `groups` × `per_group` transfers, committing each group; returns the ids acknowledged. */
export async function commitTransfers(
  leader: ClusterLeader,
  writer: string,
  plan: { from: number; groups: number; per_group: number },
): Promise<string[]> {
  const acknowledged: string[] = [];
  let n = plan.from;
  for (let group = 0; group < plan.groups; group += 1) {
    const ids: string[] = [];
    for (let i = 0; i < plan.per_group; i += 1, n += 1) {
      const transfer = workloadTransfer(writer, n);
      const result = leader.submit(
        transfer.participant,
        transfer.command,
        transfer.idempotency_key,
      );
      if (result.status !== 'accepted')
        throw new Error(`transfer refused: ${result.rejection?.code}`);
      ids.push(transfer.idempotency_key as string);
    }
    await leader.commit();
    acknowledged.push(...ids);
  }
  return acknowledged;
}
