/**
 * Test support for the CLI's process tests: a free loopback port, and a `hutong` child process
 * whose output is kept, with a wait for a line and for its exit.
 * @module
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** A loopback port nobody listens on now (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise((done) => server.close(done));
  return address.port;
}

/** `node dist/cli/main.js <args> --log-level warn`, stdout and stderr kept in `out`. */
export class HutongProcess {
  readonly process: ChildProcess;
  out = '';

  constructor(args: readonly string[]) {
    this.process = spawn(process.execPath, [MAIN, ...args, '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.out += chunk.toString();
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
  }

  /** Resolves once `pattern` is in the output; fails if the process exits or time runs out. */
  async waitFor(pattern: RegExp, timeout_ms = 30_000): Promise<void> {
    const deadline_ms = Date.now() + timeout_ms;
    while (!pattern.test(this.out)) {
      if (Date.now() > deadline_ms) assert.fail(`no ${pattern} in:\n${this.out}`);
      if (this.process.exitCode !== null)
        assert.fail(`exited ${this.process.exitCode}:\n${this.out}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  /** Its exit status (null when a signal ended it). */
  exit(): Promise<number | null> {
    if (this.process.exitCode !== null || this.process.signalCode !== null)
      return Promise.resolve(this.process.exitCode);
    return new Promise((done) => this.process.once('exit', (code) => done(code)));
  }
}
