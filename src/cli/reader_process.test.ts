import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { exited, faultTable, NatsCluster, sleep, streamLastSeq } from '../cluster/index.js';
import { freePort, MAIN } from './process_testing.js';
import { readerKillFault } from './reader_fault_testing.js';

const PG_URL = process.env.HUTONG_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/test';

function reader(args: readonly string[]) {
  return spawnSync(process.execPath, [MAIN, 'reader', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  assert.match(stderr, pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(stderr, /internal error/);
}

describe('hutong reader as a process', { timeout: 120_000 }, () => {
  let cluster: NatsCluster;
  let connection: NatsConnection;
  const nats = () => cluster.servers.join(',');

  before(async () => {
    cluster = await NatsCluster.start();
    connection = await connect({ servers: cluster.servers });
  });
  after(async () => {
    await connection?.close();
    await cluster?.stop();
  });

  test('refusals are one line each: a bad URL, NATS or PostgreSQL unreachable, no journal yet', async () => {
    const help = reader(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /hutong reader projection\|surveillance\|risk --cluster URLS/);
    const bad_url = reader(['projection', '--cluster', 'http://x', '--pg', PG_URL]);
    assert.equal(bad_url.status, 2);
    assertOneLine(bad_url.stderr, /--cluster: http:\/\/x is not a NATS URL/);
    const bad_pg = reader(['projection', '--cluster', nats(), '--pg', 'mysql://u:secret@h/d']);
    assert.equal(bad_pg.status, 2);
    assertOneLine(bad_pg.stderr, /--pg: mysql:\/\/u:\*\*\*@h\/d is not a URL/);
    const no_name = reader(['--cluster', nats()]);
    assert.equal(no_name.status, 2);
    assertOneLine(no_name.stderr, /name the reader: projection, surveillance, risk/);
    const port = await freePort();
    const no_nats = reader(['risk', '--cluster', `nats://127.0.0.1:${port}`]);
    assert.equal(no_nats.status, 1);
    assertOneLine(no_nats.stderr, /cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+/);
    const no_pg = reader([
      'projection',
      '--cluster',
      nats(),
      '--pg',
      `postgresql://postgres:secret@127.0.0.1:${port}/test`,
    ]);
    assert.equal(no_pg.status, 1);
    assertOneLine(no_pg.stderr, /cannot reach PostgreSQL at postgresql:\/\/postgres:\*\*\*@127/);
    assert.doesNotMatch(no_pg.stderr, /secret/);
    const no_stream = reader(['risk', '--cluster', nats(), '--data', tmpdir()]);
    assert.equal(no_stream.status, 1);
    assertOneLine(no_stream.stderr, /JOURNAL_STREAM_NOT_FOUND: no stream JOURNAL/);
  });

  test('projection: killed mid-batch (a transaction open) and at a time, restarted: nothing lost, nothing twice', async () => {
    const row = await readerKillFault({
      servers: cluster.servers,
      connection,
      pg_url: PG_URL,
      schema: `reader_fault_${process.pid}`,
    });
    process.stdout.write(faultTable([row]));
    assert.ok(row.passed, row.outcome);
  });

  test('surveillance and risk follow the stream to its end, answer on --port, stop on SIGTERM', async () => {
    const last_stream_seq = await streamLastSeq(await jetstreamManager(connection));
    assert.ok(last_stream_seq > 0, 'the previous test wrote the journal');
    const data_dir = mkdtempSync(join(tmpdir(), 'hutong-reader-'));
    try {
      for (const [name, read] of [
        ['surveillance', '/alerts?limit=5'],
        ['risk', '/stats'],
      ] as const) {
        const port = await freePort();
        const child = spawn(
          process.execPath,
          [MAIN, 'reader', name, '--cluster', nats(), '--data', data_dir, '--port', String(port)],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        let health: { seq: number; hub_seq: number; stream_seq: number } | null = null;
        for (let i = 0; i < 400 && health?.stream_seq !== last_stream_seq; i += 1) {
          await sleep(50);
          health = await fetch(`http://127.0.0.1:${port}/healthz`)
            .then((r) => r.json() as Promise<typeof health>)
            .catch(() => null);
        }
        assert.equal(health?.stream_seq, last_stream_seq, `${name} read the whole stream`);
        // Its last batch goes to its target once the stream has been quiet for a moment.
        for (let i = 0; i < 100 && health?.seq !== health?.hub_seq; i += 1) {
          await sleep(20);
          health = (await (
            await fetch(`http://127.0.0.1:${port}/healthz`)
          ).json()) as typeof health;
        }
        assert.equal(health?.seq, health?.hub_seq);
        const answer = await fetch(`http://127.0.0.1:${port}${read}`);
        assert.equal(answer.status, 200);
        assert.equal(typeof (await answer.json()), 'object');
        assert.equal((await fetch(`http://127.0.0.1:${port}/nothing`)).status, 404);
        child.kill('SIGTERM');
        assert.ok(await exited(child, 10_000));
        assert.equal(child.exitCode, 0);
        assert.match(output, new RegExp(`stopped after seq ${health?.seq}\\n`));
      }
    } finally {
      rmSync(data_dir, { recursive: true, force: true });
    }
  });
});
