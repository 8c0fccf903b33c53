/**
 * A process that runs as a standby and, once it holds the lease, as the leader with a steady
 * workload (the genesis if the journal is empty, then groups of transfers): for the fault tests,
 * which kill it with SIGKILL or pause it with SIGSTOP. It reports on stdout, one JSON object a
 * line: `leader` (epoch, seq), `acked` (the transfer ids of each acknowledged group), `fenced`
 * (reason), and on SIGTERM `stopped` (seq and digest once its last group is acknowledged).
 *
 * Usage: node leader_child.js '<ChildConfig as JSON>'
 * @module
 */

import { connect } from '@nats-io/transport-node';
import { SYSTEM_CLOCK } from '../runtime/index.js';
import type { JournalStreamNames } from './journal_stream.js';
import type { ClusterLeader } from './leader.js';
import type { LeaseConfig } from './lease.js';
import { Standby } from './standby.js';
import { commitGenesis, workloadTransfer } from './workload.js';

export interface ChildConfig {
  readonly servers: string[];
  readonly names: JournalStreamNames;
  readonly lease: LeaseConfig;
  readonly holder: string;
  readonly group_size: number;
  /** A pause after each acknowledged group, to bound the rate (default none). */
  readonly pause_ms?: number;
}

function report(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const connection = await connect({
    servers: config.servers,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
    // Only the servers given: through a test's proxy, never around it to a gossiped address.
    ignoreClusterUpdates: true,
  });
  const standby = await Standby.open(connection, {
    holder: config.holder,
    clock: SYSTEM_CLOCK,
    names: config.names,
    lease: config.lease,
    log: (line) => report({ event: 'log', line }),
  });
  await standby.startConsuming();
  report({ event: 'standby', stream_seq: standby.replica.stream_seq });
  const leader = await standby.campaign();
  report({ event: 'leader', epoch: leader.epoch, seq: leader.hub.seq });
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
  });
  const fence = await runWorkload(leader, config, () => stopping);
  if (fence === null) {
    report({ event: 'stopped', seq: leader.hub.seq, digest: leader.hub.digest() });
  } else {
    report({ event: 'fenced', reason: fence });
  }
  await leader.close();
  await connection.close();
}

/** Runs groups until stopped (null) or fenced (the reason). */
async function runWorkload(
  leader: ClusterLeader,
  config: ChildConfig,
  stopping: () => boolean,
): Promise<string | null> {
  if (leader.hub.seq === 0) await commitGenesis(leader);
  for (let n = 0; !stopping(); ) {
    const ids: string[] = [];
    for (let i = 0; i < config.group_size; i += 1, n += 1) {
      const transfer = workloadTransfer(config.holder, n);
      const result = leader.submit(
        transfer.participant,
        transfer.command,
        transfer.idempotency_key,
      );
      if (result.status !== 'accepted')
        return String(result.rejection?.details.reason ?? result.rejection?.code);
      ids.push(transfer.idempotency_key as string);
    }
    try {
      await leader.commit();
    } catch {
      return leader.fenced?.reason ?? 'COMMIT_FAILED';
    }
    report({ event: 'acked', ids });
    if (config.pause_ms !== undefined)
      await new Promise((done) => setTimeout(done, config.pause_ms));
  }
  return null;
}

main().catch((error: unknown) => {
  report({ event: 'error', message: String(error) });
  process.exit(1);
});
