/**
 * The process-level faults of issue 18, each a scenario run against a real three-node NATS
 * cluster with leader processes (leader_child.ts): `npm test` runs each once
 * (failover.test.ts), `npm run bench -- cluster` runs each several times and prints the table.
 *
 * A scenario returns the outcome line of its row, or throws (node:assert) when a check fails.
 * The checks after every fault: each acknowledged transfer applied exactly once and none twice;
 * the digest read back from the stream equal to the surviving leader's at the same seq; and,
 * where the journal changed hands, `hutong verify` passing on the journal exported from the stream.
 * @module
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { auditJournal, exportJournal, type JournalAudit } from './audit.js';
import { type ChildEvent, LeaderChild } from './child_testing.js';
import type { ChildConfig } from './leader_child.js';
import type { NatsCluster } from './nats_cluster.js';
import { TcpProxy } from './tcp_proxy.js';
import { testJournal } from './testing.js';

const LEASE_TTL_MS = 2_000;

export interface FaultRow {
  readonly fault: string;
  /** 'passed: …' with what was seen, or 'FAILED: …' with the check that failed. */
  readonly outcome: string;
  readonly passed: boolean;
}

/** What a scenario runs against: the cluster, an observer's connection, its children and proxies. */
export class FaultBed {
  private readonly children: LeaderChild[] = [];
  private readonly proxies: TcpProxy[] = [];

  private constructor(
    readonly cluster: NatsCluster,
    readonly connection: NatsConnection,
  ) {}

  static async open(cluster: NatsCluster): Promise<FaultBed> {
    const connection = await connect({
      servers: cluster.servers,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    return new FaultBed(cluster, connection);
  }

  /** A leader process on journal `name`, campaigning as `holder`. */
  child(name: string, holder: string, servers = this.cluster.servers): LeaderChild {
    const journal = testJournal(name, LEASE_TTL_MS);
    const config: ChildConfig = { servers, ...journal, holder, group_size: 100 };
    const started = new LeaderChild(config);
    this.children.push(started);
    return started;
  }

  /** One proxy per NATS node, for cutting a process off the cluster. */
  async proxyEach(): Promise<TcpProxy[]> {
    const proxies: TcpProxy[] = [];
    for (const server of this.cluster.servers) {
      proxies.push(await TcpProxy.start(Number(new URL(server).port)));
    }
    this.proxies.push(...proxies);
    return proxies;
  }

  /** The index of the NATS node that leads journal `name`'s stream. */
  async streamLeaderIndex(name: string): Promise<number> {
    const manager = await jetstreamManager(this.connection);
    const info = await manager.streams.info(testJournal(name).names.stream);
    const leader = info.cluster?.leader ?? 'n1';
    return Number(leader.slice(1)) - 1;
  }

  /** Kills every child and proxy left, revives killed NATS nodes (after each scenario). */
  async release(): Promise<void> {
    for (const started of this.children.splice(0)) await started.destroy();
    for (const proxy of this.proxies.splice(0)) await proxy.stop();
    await this.cluster.reviveAll();
  }

  async close(): Promise<void> {
    await this.release();
    await this.connection.close();
  }
}

export interface FaultScenario {
  readonly fault: string;
  /** Runs on journal `name` (fresh per run); the outcome, or a throw when a check fails. */
  run(bed: FaultBed, name: string): Promise<string>;
}

/** Runs one scenario as a row of the table; its children are released whatever happens. */
export async function runFault(
  bed: FaultBed,
  scenario: FaultScenario,
  name: string,
): Promise<FaultRow> {
  try {
    const outcome = await scenario.run(bed, name);
    return { fault: scenario.fault, outcome: `passed: ${outcome}`, passed: true };
  } catch (error) {
    const message = oneLine((error as Error).message ?? String(error));
    return { fault: scenario.fault, outcome: `FAILED: ${message}`, passed: false };
  } finally {
    await bed.release();
  }
}

/** An error's message on one line (an assertion's expected/actual included), at most 400 chars. */
export function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 400 ? `${line.slice(0, 397)}...` : line;
}

export function faultTable(rows: readonly FaultRow[]): string {
  const width = Math.max('fault'.length, ...rows.map((row) => row.fault.length));
  const lines = [`| ${'fault'.padEnd(width)} | outcome`];
  for (const row of rows) lines.push(`| ${row.fault.padEnd(width)} | ${row.outcome}`);
  return `${lines.join('\n')}\n`;
}

/** Every acknowledged transfer applied exactly once, and no transfer applied twice. */
function assertExactlyOnce(audit: JournalAudit, acknowledged: readonly string[]): void {
  for (const id of acknowledged) {
    assert.equal(audit.transfer_applications.get(id), 1, `acknowledged transfer ${id}`);
  }
  for (const [id, count] of audit.transfer_applications) {
    assert.equal(count, 1, `transfer ${id} applied ${count} times`);
  }
}

/** Exports journal `name` from the stream and runs `hutong verify` on it; its exit status. */
async function verifyFromStream(connection: NatsConnection, name: string): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-cluster-export-'));
  try {
    const exported = await exportJournal(connection, directory, testJournal(name).names);
    assert.ok(exported.replica.hub.seq > 0, 'the exported journal holds commands');
    const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
    const run = spawnSync(process.execPath, [main, 'verify', '--data', directory], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 0, `hutong verify failed: ${run.stdout} ${run.stderr}`);
    return run.status;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The checks after a fault, against the leader that stopped cleanly at the end. */
async function auditAfter(
  bed: FaultBed,
  name: string,
  stopped: ChildEvent,
  acknowledged: readonly string[],
): Promise<JournalAudit> {
  const audit = await auditJournal(bed.connection, testJournal(name).names);
  assert.equal(audit.replica.hub.seq, stopped.seq, 'the stream read back ends at the leader seq');
  assert.equal(audit.replica.hub.digest(), stopped.digest, 'digest equal at the same seq');
  assertExactlyOnce(audit, acknowledged);
  return audit;
}

/** Leader `a` acknowledging groups with standby `b` caught up behind it: where faults start. */
async function leaderUnderLoad(bed: FaultBed, name: string, servers?: string[]) {
  const a = bed.child(name, 'a', servers);
  const a_leader = await a.waitFor('leader');
  await a.waitFor('acked', 5);
  const b = bed.child(name, 'b');
  await b.waitFor('standby');
  await a.waitFor('acked', a.count('acked') + 3);
  return { a, a_leader, b };
}

const LEADER_KILL: FaultScenario = {
  fault: 'kill -9 of the leader under load',
  async run(bed, name) {
    const { a, a_leader, b } = await leaderUnderLoad(bed, name);
    a.process.kill('SIGKILL');
    await a.waitExit();
    const b_leader = await b.waitFor('leader');
    await b.waitFor('acked', 3);
    b.process.kill('SIGTERM');
    const stopped = await b.waitFor('stopped');
    const acknowledged = [...a.acknowledged, ...b.acknowledged];
    const audit = await auditAfter(bed, name, stopped, acknowledged);
    const verify = await verifyFromStream(bed.connection, name);
    assert.ok((b_leader.epoch as number) > (a_leader.epoch as number), 'the epoch grew');
    return (
      `standby took over (epoch ${b_leader.epoch}); ${acknowledged.length} acknowledged ` +
      `transfers applied once each; digest equal at seq ${stopped.seq}; skipped ` +
      `${audit.skipped.length}; hutong verify on the journal from the stream: exit ${verify}`
    );
  },
};

const NATS_NODE_KILL: FaultScenario = {
  fault: 'kill -9 of the NATS node leading the stream',
  async run(bed, name) {
    const a = bed.child(name, 'a');
    await a.waitFor('leader');
    await a.waitFor('acked', 5);
    const b = bed.child(name, 'b');
    await b.waitFor('standby');
    const index = await bed.streamLeaderIndex(name);
    await bed.cluster.kill(index);
    const at_kill = a.count('acked');
    // Two of three nodes keep quorum: after the stream's election the same leader goes on.
    await a.waitFor('acked', at_kill + 10, 30_000);
    bed.cluster.restart(index);
    await bed.cluster.waitReady();
    await a.waitFor('acked', a.count('acked') + 3);
    assert.equal(b.count('leader'), 0, 'no standby took over from a healthy leader');
    a.process.kill('SIGTERM');
    const stopped = await a.waitFor('stopped');
    const audit = await auditAfter(bed, name, stopped, a.acknowledged);
    const verify = await verifyFromStream(bed.connection, name);
    return (
      `node n${index + 1} killed and restarted; the leader kept its lease and wrote ` +
      `${a.count('acked') - at_kill} groups after the kill; ${a.acknowledged.length} ` +
      `acknowledged applied once; digest equal at seq ${stopped.seq}; skipped ` +
      `${audit.skipped.length}; hutong verify: exit ${verify}`
    );
  },
};

/** A takeover with the old leader fenced: the new leader stops; the stream read back is checked. */
async function afterFencing(
  bed: FaultBed,
  name: string,
  took: {
    a: LeaderChild;
    b: LeaderChild;
    a_leader: ChildEvent;
    b_leader: ChildEvent;
    fenced: ChildEvent;
  },
): Promise<string> {
  const { a, b, a_leader, b_leader, fenced } = took;
  await a.waitExit();
  b.process.kill('SIGTERM');
  const stopped = await b.waitFor('stopped');
  const acknowledged = [...a.acknowledged, ...b.acknowledged];
  const audit = await auditAfter(bed, name, stopped, acknowledged);
  const b_marker = audit.markers.find(([, epoch]) => epoch === b_leader.epoch);
  assert.ok(b_marker !== undefined, 'the new leader wrote its epoch marker');
  const stale = audit.skipped.filter((skipped) => skipped.epoch === a_leader.epoch);
  assert.deepEqual(stale, [], 'nothing of the old epoch after the marker');
  const verify = await verifyFromStream(bed.connection, name);
  return (
    `old leader fenced (${fenced.reason}), wrote nothing after epoch ${b_leader.epoch}'s ` +
    `marker; ${acknowledged.length} acknowledged applied once; digest equal; hutong verify: ` +
    `exit ${verify}`
  );
}

const LEADER_PAUSE: FaultScenario = {
  fault: 'SIGSTOP of the leader, SIGCONT after takeover',
  async run(bed, name) {
    const { a, a_leader, b } = await leaderUnderLoad(bed, name);
    a.process.kill('SIGSTOP');
    const b_leader = await b.waitFor('leader');
    await b.waitFor('acked', 3);
    a.process.kill('SIGCONT');
    const fenced = await a.waitFor('fenced');
    assert.ok(
      ['LEASE_EXPIRED', 'LEASE_LOST', 'WRONG_LAST_SEQUENCE'].includes(fenced.reason as string),
      `fenced for ${fenced.reason}`,
    );
    return afterFencing(bed, name, { a, b, a_leader, b_leader, fenced });
  },
};

const PARTITION: FaultScenario = {
  fault: 'partition between the leader and NATS, healed',
  async run(bed, name) {
    const proxies = await bed.proxyEach();
    const servers = proxies.map((proxy) => proxy.url);
    const { a, a_leader, b } = await leaderUnderLoad(bed, name, servers);
    for (const proxy of proxies) proxy.partition();
    const b_leader = await b.waitFor('leader');
    await b.waitFor('acked', 3);
    for (const proxy of proxies) proxy.heal();
    const fenced = await a.waitFor('fenced');
    return afterFencing(bed, name, { a, b, a_leader, b_leader, fenced });
  },
};

export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  LEADER_KILL,
  NATS_NODE_KILL,
  LEADER_PAUSE,
  PARTITION,
];
