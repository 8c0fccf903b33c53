/**
 * Test support for process-level faults: a leader child (leader_child.ts) started with its
 * config, its stdout events collected, and waits on them with a deadline.
 * @module
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildConfig } from './leader_child.js';
import { exited, sleep } from './nats_cluster.js';

export interface ChildEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

export class LeaderChild {
  readonly events: ChildEvent[] = [];
  readonly process: ChildProcess;
  private buffered = '';

  constructor(readonly config: ChildConfig) {
    const entry = fileURLToPath(new URL('./leader_child.js', import.meta.url));
    this.process = spawn(process.execPath, [entry, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.process.stdout?.setEncoding('utf8');
    this.process.stdout?.on('data', (chunk: string) => this.read(chunk));
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.trim() !== '') this.events.push(JSON.parse(line) as ChildEvent);
      newline = this.buffered.indexOf('\n');
    }
  }

  /** The transfer ids of every group this child reported acknowledged. */
  get acknowledged(): string[] {
    return this.events.flatMap((event) => (event.event === 'acked' ? (event.ids as string[]) : []));
  }

  count(kind: string): number {
    return this.events.filter((event) => event.event === kind).length;
  }

  async waitFor(kind: string, count = 1, timeout_ms = 30_000): Promise<ChildEvent> {
    const deadline_ms = Date.now() + timeout_ms;
    while (Date.now() < deadline_ms) {
      const matching = this.events.filter((event) => event.event === kind);
      if (matching.length >= count) return matching[count - 1] as ChildEvent;
      const error = this.events.find((event) => event.event === 'error');
      if (error !== undefined) throw new Error(`child ${this.config.holder}: ${error.message}`);
      await sleep(20);
    }
    throw new Error(`child ${this.config.holder} did not report ${count} × ${kind}`);
  }

  async waitExit(timeout_ms = 15_000): Promise<boolean> {
    return exited(this.process, timeout_ms);
  }

  /** Kills the child for good (after a test, whatever state it is in). */
  async destroy(): Promise<void> {
    this.process.kill('SIGCONT');
    this.process.kill('SIGKILL');
    await exited(this.process, 5_000);
  }
}
