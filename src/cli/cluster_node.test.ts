import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { loadSnapshot, NatsCluster, openSnapshotStore, type Replica } from '../cluster/index.js';
import { freePort, HutongProcess, MAIN } from './process_testing.js';

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(url: string, key: string, body?: unknown): Promise<Reply> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const response = await fetch(
    url,
    body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('hutong serve --cluster: a standby takes over from a killed leader', {
  timeout: 120_000,
}, () => {
  let cluster: NatsCluster;
  let directory = '';
  const nodes: HutongProcess[] = [];

  before(async () => {
    cluster = await NatsCluster.start();
    directory = mkdtempSync(join(tmpdir(), 'hutong-cluster-node-'));
  });
  after(async () => {
    for (const node of nodes) node.process.kill('SIGKILL');
    await cluster?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  test('commands acknowledged by the leader are on the new leader; the standby refuses until then', async () => {
    const data = join(directory, 'data');
    const [port_a, port_b] = [await freePort(), await freePort()];
    const servers = cluster.servers.join(',');
    const common = ['--cluster', servers, '--data', data, '--demo', '--clock', 'demo'];
    const a = new HutongProcess(['serve', ...common, '--node', 'a', '--port', String(port_a)]);
    nodes.push(a);
    await a.waitFor(/Hutong cluster node a: leader, epoch \d+/);
    await a.waitFor(/Press Ctrl\+C to stop/);
    const b = new HutongProcess([
      'standby',
      ...common,
      '--node',
      'b',
      '--port',
      String(port_b),
      '--snapshot-every',
      '10',
    ]);
    nodes.push(b);
    await b.waitFor(/answers 503 NOT_LEADER until this node leads/);

    const keys = spawnSync(process.execPath, [MAIN, 'keys', '--data', data], { encoding: 'utf8' });
    const operator = /^operator\s+(\S+)/m.exec(keys.stdout)?.[1] ?? '';
    assert.notEqual(operator, '', keys.stderr);

    const leader_url = `http://127.0.0.1:${port_a}`;
    const standby_url = `http://127.0.0.1:${port_b}`;
    const acknowledged: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const reply = await call(`${leader_url}/v1/commands`, operator, { type: 'hub.tick' });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      acknowledged.push(reply.body.seq as number);
    }
    // The standby names the leader once it has read the lease (its first poll, right after start).
    let refused = await call(`${standby_url}/v1/commands`, operator, { type: 'hub.tick' });
    for (let i = 0; i < 40 && leaderNamed(refused.body) === undefined; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      refused = await call(`${standby_url}/v1/commands`, operator, { type: 'hub.tick' });
    }
    assert.equal(refused.status, 503);
    assert.equal((refused.body.error as { code: string }).code, 'NOT_LEADER');
    assert.deepEqual(leaderNamed(refused.body), { holder: 'a', url: leader_url });
    assert.match((refused.body.error as { message: string }).message, new RegExp(leader_url));

    // The standby writes snapshots to the object store as it replays, for new readers/standbys.
    // Every 10 commands; a due one skipped while another was written follows when it ends.
    const snapshot = await newestSnapshot(cluster.servers, (acknowledged.at(-1) ?? 0) - 10);
    assert.ok(snapshot.hub.seq >= 10, `a snapshot at seq ${snapshot.hub.seq}`);

    a.process.kill('SIGKILL');
    await b.waitFor(/Hutong cluster node b: leader, epoch \d+/);
    await b.waitFor(/Press Ctrl\+C to stop/);
    for (const seq of acknowledged) {
      const stored = await call(`${standby_url}/v1/commands/${seq}`, operator);
      assert.equal(stored.status, 200, `command ${seq} after the takeover`);
      assert.equal(stored.body.type, 'hub.tick');
      assert.equal(stored.body.status, 'accepted');
    }
    const next = await call(`${standby_url}/v1/commands`, operator, { type: 'hub.tick' });
    assert.equal(next.status, 200, JSON.stringify(next.body));
    assert.ok((next.body.seq as number) > Math.max(...acknowledged));

    b.process.kill('SIGTERM');
    assert.equal(await b.exit(), 0, b.out);
    assert.match(b.out, /hutong: stopped at seq \d+/);
  });

  test('--cluster refuses what is not a NATS URL, and standby without --cluster, in one line', () => {
    const advertise = spawnSync(
      process.execPath,
      [MAIN, 'serve', '--cluster', 'nats://127.0.0.1:1', '--advertise', 'ftp://x'],
      { encoding: 'utf8' },
    );
    assert.equal(advertise.status, 2);
    assert.match(advertise.stderr, /--advertise: a base URL like http:\/\/10\.0\.0\.1:8700/);
    const bad = spawnSync(process.execPath, [MAIN, 'serve', '--cluster', 'http://x'], {
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--cluster: http:\/\/x is not a NATS URL/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    const bare = spawnSync(process.execPath, [MAIN, 'standby'], { encoding: 'utf8' });
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /standby needs --cluster/);
    const unreachable = spawnSync(
      process.execPath,
      [
        MAIN,
        'serve',
        '--cluster',
        'nats://127.0.0.1:1',
        '--port',
        '0',
        '--data',
        join(directory, 'x'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /cannot reach NATS at nats:\/\/127\.0\.0\.1:1/);
    assert.doesNotMatch(unreachable.stderr, /\n\s+at /, 'no stack trace');
  });
});

/** The leader a NOT_LEADER answer names, if any. */
function leaderNamed(body: Record<string, unknown>): unknown {
  const details = (body.error as { details?: { leader?: unknown } } | undefined)?.details;
  return details?.leader ?? undefined;
}

/** The newest snapshot in the cluster's object store, once one at or after `seq_min` is there. */
async function newestSnapshot(servers: string[], seq_min: number): Promise<Replica> {
  const connection = await connect({ servers });
  try {
    const store = await openSnapshotStore(connection);
    const deadline_ms = Date.now() + 20_000;
    let newest = 0;
    while (Date.now() < deadline_ms) {
      const replica = await loadSnapshot(store);
      newest = replica?.hub.seq ?? 0;
      if (replica !== null && newest >= seq_min) return replica;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no snapshot at or after seq ${seq_min} within 20 s (newest: ${newest})`);
  } finally {
    await connection.close();
  }
}
