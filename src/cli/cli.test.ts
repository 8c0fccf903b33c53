import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { corruptByte, journalLayout, KIND_DATA } from '../storage/index.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

function hutong(...args: string[]): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

function digestOf(output: string): string {
  const match = /^digest: ([0-9a-f]{64})$/m.exec(output);
  assert.ok(match, `no digest line in:\n${output}`);
  return match[1] as string;
}

describe('hutong CLI', () => {
  let dir = '';
  let data = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hutong-cli-'));
    data = join(dir, 'data');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('simulate, replay and verify agree on the digest', () => {
    const simulated = hutong('simulate', '--seed', '3', '--steps', '120', '--data', data);
    assert.equal(simulated.code, 0, simulated.err);
    const digest = digestOf(simulated.out);
    const replayed = hutong('replay', '--data', data);
    assert.equal(replayed.code, 0, replayed.err);
    assert.equal(digestOf(replayed.out), digest);
    const verified = hutong('verify', '--data', data);
    assert.equal(verified.code, 0, verified.err);
    assert.equal(digestOf(verified.out), digest);
    assert.match(verified.out, /invariants hold/);
  });

  test('a corrupted record in the middle stops verify and replay with its byte position', () => {
    const journal = join(data, 'journal.log');
    const records = journalLayout(journal).filter((r) => r.kind === KIND_DATA);
    const middle = records[Math.floor(records.length / 2)];
    assert.ok(middle);
    corruptByte(journal, middle.position + 40);
    const verified = hutong('verify', '--data', data);
    assert.equal(verified.code, 1);
    assert.match(verified.err, new RegExp(`byte ${middle.position}`));
    const replayed = hutong('replay', '--data', data);
    assert.equal(replayed.code, 1);
    assert.match(replayed.err, /FAILED/);
  });

  test('usage errors exit 2 and say what is wrong', () => {
    const missing = hutong('simulate', '--steps', '5');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--seed is required/);
    const unknown = hutong('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command/);
    const bad_number = hutong('simulate', '--seed', 'x', '--steps', '5');
    assert.equal(bad_number.code, 2);
  });
});
