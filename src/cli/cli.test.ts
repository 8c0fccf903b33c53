import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { corruptByte, journalLayout, KIND_DATA } from '../storage/index.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

function hutong(...args: string[]): { code: number; out: string; err: string } {
  return hutongIn(process.cwd(), ...args);
}

function hutongIn(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
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
    assert.match(bad_number.err, /--seed must be a whole number, not "x"/);
    const bad_option = hutong('verify', '--dat', data);
    assert.equal(bad_option.code, 2);
    assert.match(
      bad_option.err,
      /hutong verify: Unknown option '--dat'\n\(see: hutong verify --help\)\n$/,
    );
    const bad_probability = hutong(
      'simulate',
      '--seed',
      '1',
      '--steps',
      '5',
      '--crash-probability',
      '2',
    );
    assert.equal(bad_probability.code, 2);
    assert.match(bad_probability.err, /from 0 to 1/);
  });

  test('every command answers --help with each of its options, on stdout, exit 0', () => {
    const expected: Record<string, readonly string[]> = {
      start: [
        '--data',
        '--port',
        '--host',
        '--seed',
        '--sim-speed',
        '--no-sim',
        '--clock',
        '--fsync',
        '--rate-limit',
        '--log-level',
      ],
      serve: [
        '--data',
        '--port',
        '--host',
        '--demo',
        '--sim',
        '--clock',
        '--fsync',
        '--rate-limit',
        '--log-level',
      ],
      keys: ['--data'],
      demo: ['--data', '--seed', '--steps'],
      simulate: ['--seed', '--steps', '--data', '--crash-probability', '--check-every'],
      replay: ['--data'],
      verify: ['--data'],
      bench: ['--runs', '--quick'],
    };
    for (const [command, options] of Object.entries(expected)) {
      const help = hutong(command, '--help');
      assert.equal(help.code, 0, `${command} --help: ${help.err}`);
      assert.equal(help.err, '', command);
      for (const option of options)
        assert.ok(help.out.includes(option), `${command} --help lacks ${option}`);
    }
    assert.equal(hutong('demo', '-h').code, 0);
  });

  test('replay and verify on a missing or wrong directory print one line, no stack', () => {
    const missing = join(dir, 'nowhere');
    for (const command of ['replay', 'verify']) {
      const run = hutong(command, '--data', missing);
      assert.equal(run.code, 1, command);
      assert.equal(run.err, `hutong ${command}: no directory ${missing}\n`);
      const empty = hutong(command, '--data', dir);
      assert.equal(empty.code, 1);
      assert.match(empty.err, /^hutong \w+: no journal in .*: is it a Hutong data directory\?\n$/);
    }
  });

  test('demo runs in a temporary directory unless --data is given, and names reasons and symbols', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hutong-demo-cwd-'));
    try {
      const run = hutongIn(cwd, 'demo', '--steps', '200', '--seed', '5');
      assert.equal(run.code, 0, run.err);
      assert.deepEqual(readdirSync(cwd), [], 'demo wrote into the working directory');
      assert.match(run.out, /a temporary directory, now removed/);
      assert.match(run.out, /rejected with a reason\n( +\d+ {2}[A-Z][A-Z0-9_]+\n)+/);
      assert.match(run.out, /600519 Kweichow Moutai/);
      assert.doesNotMatch(run.out, /CN[0-9A-Z]{10}/, 'an ISIN where a symbol belongs');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('simulate reports progress with rate and time left, and says the invariants held', () => {
    const run = hutong('simulate', '--seed', '4', '--steps', '1000');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /step 1000\/1000 \(100 %\), \d+ steps\/s, \d+ s left/);
    assert.match(run.out, /invariants held at every checked step/);
  });
});
