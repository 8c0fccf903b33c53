/**
 * Periodic snapshots off the event loop: one child process at a time (snapshot_child.ts), at
 * nice 10, rebuilds the state at a durable seq from the journal and writes the snapshot. The hub
 * only spawns it and hears its exit, so a 1 M-order snapshot costs the loop nothing but the spawn.
 * @module
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FsyncMode } from '../storage/index.js';

const CHILD = fileURLToPath(new URL('./snapshot_child.js', import.meta.url));
export const SNAPSHOT_CHILD_NICE = 10;

export interface SnapshotWriterStatus {
  /** Seq of the snapshot being written now, or null. */
  readonly in_flight_seq: number | null;
  /** Seq of the last snapshot the child wrote (0: none yet). */
  readonly last_seq: number;
  /** The snapshot the last one was rebuilt from (0: a replay from genesis). */
  readonly last_from_seq: number | null;
  readonly last_elapsed_ms: number | null;
  readonly last_size_bytes: number | null;
  /** Why the last attempt failed (the journal still holds everything), or null. */
  readonly last_error: string | null;
  readonly written: number;
  readonly failed: number;
}

export class SnapshotWriter {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private state: SnapshotWriterStatus = {
    in_flight_seq: null,
    last_seq: 0,
    last_from_seq: null,
    last_elapsed_ms: null,
    last_size_bytes: null,
    last_error: null,
    written: 0,
    failed: 0,
  };

  constructor(
    private readonly data_dir: string,
    private readonly fsync: FsyncMode,
    private readonly on_failure: (message: string) => void = () => undefined,
  ) {}

  get status(): SnapshotWriterStatus {
    return this.state;
  }

  get busy(): boolean {
    return this.child !== null;
  }

  /** Starts a child for durable seq `seq`. Returns false (nothing started) while one runs. */
  start(seq: number): boolean {
    if (this.child !== null) return false;
    const args = ['--max-semi-space-size=64', CHILD, this.data_dir, String(seq), this.fsync];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.state = { ...this.state, in_flight_seq: seq };
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, SNAPSHOT_CHILD_NICE);
      } catch {
        // Not fatal: the child runs at the hub's priority.
      }
    }
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.finished(seq, code === 0 ? out : null, `${signal ?? `exit ${code}`}: ${err.trim()}`);
        resolve();
      });
    });
    return true;
  }

  /** Resolves when no child is running. */
  idle(): Promise<void> {
    return this.exited;
  }

  /** Stops a running child (its temp file is removed by the next store opened). */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  private finished(seq: number, output: string | null, failure: string): void {
    this.child = null;
    const parsed = output === null ? null : parseResult(output);
    if (parsed === null) {
      const message = `snapshot at seq ${seq} failed (${failure}); the journal holds everything`;
      this.state = {
        ...this.state,
        in_flight_seq: null,
        last_error: message,
        failed: this.state.failed + 1,
      };
      this.on_failure(message);
      return;
    }
    this.state = {
      ...this.state,
      in_flight_seq: null,
      last_seq: seq,
      last_from_seq: parsed.from_seq,
      last_elapsed_ms: parsed.elapsed_ms,
      last_size_bytes: parsed.size_bytes,
      last_error: null,
      written: this.state.written + 1,
    };
  }
}

interface ChildResult {
  readonly from_seq: number;
  readonly elapsed_ms: number;
  readonly size_bytes: number;
}

function parseResult(output: string): ChildResult | null {
  try {
    const result = JSON.parse(output.trim()) as Partial<Record<keyof ChildResult, unknown>>;
    const { from_seq, elapsed_ms, size_bytes } = result;
    if (typeof from_seq !== 'number' || typeof elapsed_ms !== 'number') return null;
    if (typeof size_bytes !== 'number') return null;
    return { from_seq, elapsed_ms, size_bytes };
  } catch {
    return null;
  }
}
