import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../runtime/clock.js';
import { HubNode } from '../runtime/node.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import {
  corruptByte,
  crashJournal,
  dataPaths,
  snapshotFileName,
  tearJournalTail,
} from '../storage/index.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const SNAPSHOT_HEADER_BYTES = 40;

/** Starts `hutong serve` on `data`, waits for its banner, stops it; returns what it printed. */
function serveOnce(data: string): Promise<{ out: string; err: string; code: number | null }> {
  const args = [MAIN, 'serve', '--data', data, '--port', '0', '--clock', 'demo'];
  const child = spawn(process.execPath, [...args, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let stopped = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!stopped && /Press Ctrl\+C to stop/.test(out)) {
      stopped = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ out, err, code })));
}

describe('a start prints what it recovered from (issue 12 item 3)', () => {
  let dir = '';
  let data = '';
  let skipped_seq = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hutong-notices-'));
    data = join(dir, 'data');
    const clock = new ManualClock(DEMO_START_US);
    const node = HubNode.open({ data_dir: data, clock, fsync: 'never' });
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.snapshotNow();
    node.submit('operator', { type: 'hub.tick' });
    node.snapshotNow();
    skipped_seq = node.hub.seq;
    node.submit('operator', { type: 'hub.tick' });
    crashJournal(node.journal, 'after_write');
    node.projection?.close();
    const snapshot = join(dataPaths(data).snapshot_directory, snapshotFileName(skipped_seq));
    corruptByte(snapshot, SNAPSHOT_HEADER_BYTES + 7);
    tearJournalTail(dataPaths(data).journal_path, 10);
    // The crashed writer was this process, which lives on: its lock stands for a dead one.
    rmSync(`${dataPaths(data).journal_path}.lock`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('serve prints the torn tail cut and the skipped snapshot to stderr and to the log', async () => {
    const { out, err, code } = await serveOnce(data);
    assert.equal(code, 0, err);
    const torn =
      /^hutong: recovery: journal .*journal\.log: cut a torn tail of \d+ bytes at byte \d+/m;
    assert.match(err, torn);
    const skipped = new RegExp(
      `^hutong: recovery: snapshot .*${snapshotFileName(skipped_seq)} is unusable \\(payload_checksum\\)`,
      'm',
    );
    assert.match(err, skipped);
    const logged = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    const recovery = logged.filter((line) => line.msg.startsWith('recovery: '));
    assert.equal(recovery.length, 2, out);
    assert.ok(recovery.every((line) => line.level === 40));
    assert.match(recovery[0]?.msg ?? '', /cut a torn tail/);
    assert.match(recovery[1]?.msg ?? '', /unusable \(payload_checksum\)/);
  });

  test('a clean start prints no recovery notice', async () => {
    const { err, code } = await serveOnce(data);
    assert.equal(code, 0, err);
    // The snapshot written at the last stop is newer than the damaged one: nothing to skip.
    assert.doesNotMatch(err, /recovery:/);
  });
});
