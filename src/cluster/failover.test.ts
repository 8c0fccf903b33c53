import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { auditJournal, exportJournal, type JournalAudit } from './audit.js';
import { LeaderChild } from './child_testing.js';
import type { ChildConfig } from './leader_child.js';
import { NatsCluster } from './nats_cluster.js';
import { TcpProxy } from './tcp_proxy.js';
import { testJournal } from './testing.js';

const LEASE_TTL_MS = 2_000;
const faults: Array<readonly [string, string]> = [];

/** Runs `hutong verify` on an exported journal; asserts it passes. */
function verifyExported(data_dir: string): number {
  const main = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const run = spawnSync(process.execPath, [main, 'verify', '--data', data_dir], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 0, `hutong verify failed: ${run.stdout} ${run.stderr}`);
  rmSync(data_dir, { recursive: true, force: true });
  return run.status;
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

describe('failover between processes', { timeout: 60_000 }, () => {
  let cluster: NatsCluster;
  let connection: NatsConnection;
  const children: LeaderChild[] = [];
  const proxies: TcpProxy[] = [];
  const child = (name: string, holder: string, servers = cluster.servers): LeaderChild => {
    const journal = testJournal(name, LEASE_TTL_MS);
    const config: ChildConfig = { servers, ...journal, holder, group_size: 100 };
    const started = new LeaderChild(config);
    children.push(started);
    return started;
  };

  const exportedDirectory = async (name: string): Promise<string> => {
    const directory = mkdtempSync(join(tmpdir(), 'hutong-cluster-export-'));
    const exported = await exportJournal(connection, directory, testJournal(name).names);
    assert.ok(exported.replica.hub.seq > 0);
    return directory;
  };

  before(async () => {
    cluster = await NatsCluster.start();
    connection = await connect({ servers: cluster.servers });
  });
  after(async () => {
    for (const started of children) await started.destroy();
    for (const proxy of proxies) await proxy.stop();
    await connection?.close();
    await cluster?.stop();
    const width = Math.max(...faults.map(([fault]) => fault.length));
    const lines = [`| ${'fault'.padEnd(width)} | outcome`];
    for (const [fault, outcome] of faults) lines.push(`| ${fault.padEnd(width)} | ${outcome}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  test('kill -9 of the leader under load: a standby takes over, nothing acknowledged lost or doubled', async () => {
    const a = child('kill', 'a');
    const a_leader = await a.waitFor('leader');
    await a.waitFor('acked', 5);
    const b = child('kill', 'b');
    await b.waitFor('standby');
    await a.waitFor('acked', a.count('acked') + 3);
    a.process.kill('SIGKILL');
    await a.waitExit();
    const b_leader = await b.waitFor('leader');
    await b.waitFor('acked', 3);
    b.process.kill('SIGTERM');
    const stopped = await b.waitFor('stopped');
    const audit = await auditJournal(connection, testJournal('kill').names);
    assert.equal(audit.replica.hub.seq, stopped.seq);
    assert.equal(audit.replica.hub.digest(), stopped.digest);
    const acknowledged = [...a.acknowledged, ...b.acknowledged];
    assertExactlyOnce(audit, acknowledged);
    const verify = verifyExported(await exportedDirectory('kill'));
    assert.ok((b_leader.epoch as number) > (a_leader.epoch as number), 'the epoch grew');
    faults.push([
      'kill -9 of the leader under load',
      `standby took over (epoch ${b_leader.epoch}); ${acknowledged.length} acknowledged transfers ` +
        `applied once each; digest equal at seq ${stopped.seq}; skipped ${audit.skipped.length}; ` +
        `hutong verify on the exported journal: exit ${verify}`,
    ]);
  });

  test('a paused leader (SIGSTOP) that wakes after a standby took over is fenced and never writes', async () => {
    const a = child('pause', 'a');
    const a_leader = await a.waitFor('leader');
    await a.waitFor('acked', 5);
    const b = child('pause', 'b');
    await b.waitFor('standby');
    await a.waitFor('acked', a.count('acked') + 3);
    a.process.kill('SIGSTOP');
    const b_leader = await b.waitFor('leader');
    await b.waitFor('acked', 3);
    a.process.kill('SIGCONT');
    const fenced = await a.waitFor('fenced');
    assert.ok(
      ['LEASE_EXPIRED', 'LEASE_LOST', 'WRONG_LAST_SEQUENCE'].includes(fenced.reason as string),
      `fenced for ${fenced.reason}`,
    );
    await a.waitExit();
    b.process.kill('SIGTERM');
    const stopped = await b.waitFor('stopped');
    const audit = await auditJournal(connection, testJournal('pause').names);
    const b_marker = audit.markers.find(([, epoch]) => epoch === b_leader.epoch);
    assert.ok(b_marker !== undefined, 'the new leader wrote its epoch marker');
    const stale = audit.skipped.filter((skipped) => skipped.epoch === a_leader.epoch);
    assert.deepEqual(stale, [], 'nothing of the old epoch after the marker');
    assert.equal(audit.replica.hub.digest(), stopped.digest);
    assertExactlyOnce(audit, [...a.acknowledged, ...b.acknowledged]);
    faults.push([
      'SIGSTOP of the leader, SIGCONT after takeover',
      `old leader fenced (${fenced.reason}), wrote nothing after epoch ${b_leader.epoch}'s marker; ` +
        `${a.acknowledged.length + b.acknowledged.length} acknowledged applied once; digest equal`,
    ]);
  });

  test('a leader cut off from NATS by a partition is fenced, and writes nothing after healing', async () => {
    for (const server of cluster.servers) {
      proxies.push(await TcpProxy.start(Number(new URL(server).port)));
    }
    const a = child(
      'partition',
      'a',
      proxies.map((proxy) => proxy.url),
    );
    const a_leader = await a.waitFor('leader');
    await a.waitFor('acked', 5);
    const b = child('partition', 'b');
    await b.waitFor('standby');
    await a.waitFor('acked', a.count('acked') + 3);
    for (const proxy of proxies) proxy.partition();
    const b_leader = await b.waitFor('leader');
    await b.waitFor('acked', 3);
    for (const proxy of proxies) proxy.heal();
    const fenced = await a.waitFor('fenced');
    await a.waitExit();
    b.process.kill('SIGTERM');
    const stopped = await b.waitFor('stopped');
    const audit = await auditJournal(connection, testJournal('partition').names);
    const stale = audit.skipped.filter((skipped) => skipped.epoch === a_leader.epoch);
    assert.deepEqual(stale, [], 'nothing of the old epoch after the marker');
    assert.equal(audit.replica.hub.digest(), stopped.digest);
    assertExactlyOnce(audit, [...a.acknowledged, ...b.acknowledged]);
    faults.push([
      'partition between the leader and NATS, healed',
      `old leader fenced (${fenced.reason}), wrote nothing after epoch ${b_leader.epoch}'s marker; ` +
        `${a.acknowledged.length + b.acknowledged.length} acknowledged applied once; digest equal`,
    ]);
  });
});
