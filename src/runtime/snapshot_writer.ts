/**
 * Periodic snapshots off the event loop: one long-lived writer process (snapshot_child.ts), at
 * nice 10, started with the node; for each snapshot it is sent a durable seq over IPC, rebuilds
 * the state at that seq from the journal and writes the snapshot. Started once because starting a
 * process forks the hub's: the fork copies the page tables of the hub's heap, 385 ms on the event
 * loop at 1 M resting orders (bench api-snapshot, 2026-12-05). One snapshot at a time; a writer
 * that died is started again at the next snapshot.
 * @module
 */

import { type ChildProcess, fork } from 'node:child_process';
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
  private stderr = '';
  private exited: Promise<void> = Promise.resolve();
  private done: () => void = () => undefined;
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
  ) {
    this.spawnChild();
  }

  get status(): SnapshotWriterStatus {
    return this.state;
  }

  get busy(): boolean {
    return this.state.in_flight_seq !== null;
  }

  /** Asks the writer for durable seq `seq`. Returns false (nothing asked) while one runs. */
  start(seq: number): boolean {
    if (this.busy) return false;
    const child = this.child ?? this.spawnChild();
    this.state = { ...this.state, in_flight_seq: seq };
    this.exited = new Promise((resolve) => {
      this.done = resolve;
    });
    child.send({ seq });
    return true;
  }

  /** Resolves when no snapshot is being written. */
  idle(): Promise<void> {
    return this.exited;
  }

  /** Stops the writer process (a snapshot in flight is abandoned; its temp file is removed by
   * the next store opened). */
  kill(): void {
    const child = this.child;
    this.child = null;
    child?.kill('SIGKILL');
    if (this.busy) this.finished(null, 'stopped');
  }

  private spawnChild(): ChildProcess {
    const child = fork(CHILD, [this.data_dir, this.fsync], {
      execArgv: ['--max-semi-space-size=64'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.stderr = '';
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, SNAPSHOT_CHILD_NICE);
      } catch {
        // Not fatal: the writer runs at the hub's priority.
      }
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2_000);
    });
    // A writer that was replaced (killed) speaks no more for the snapshot in flight.
    child.on('message', (message: unknown) => {
      if (this.child === child) this.finished(parseResult(message), 'no result');
    });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.busy) this.finished(null, `${signal ?? `exit ${code}`}: ${this.stderr.trim()}`);
    });
    // The writer must not keep a process alive that has nothing else to do.
    child.unref();
    child.channel?.unref();
    return child;
  }

  private finished(result: ChildResult | ChildFailure | null, failure: string): void {
    const seq = this.state.in_flight_seq;
    if (seq === null) return;
    if (result === null || 'error' in result) {
      const why = result === null ? failure : result.error;
      const message = `snapshot at seq ${seq} failed (${why}); the journal holds everything`;
      this.state = {
        ...this.state,
        in_flight_seq: null,
        last_error: message,
        failed: this.state.failed + 1,
      };
      this.on_failure(message);
    } else {
      this.state = {
        ...this.state,
        in_flight_seq: null,
        last_seq: seq,
        last_from_seq: result.from_seq,
        last_elapsed_ms: result.elapsed_ms,
        last_size_bytes: result.size_bytes,
        last_error: null,
        written: this.state.written + 1,
      };
    }
    this.done();
  }
}

interface ChildResult {
  readonly from_seq: number;
  readonly elapsed_ms: number;
  readonly size_bytes: number;
}

interface ChildFailure {
  readonly error: string;
}

function parseResult(message: unknown): ChildResult | ChildFailure | null {
  if (typeof message !== 'object' || message === null) return null;
  const result = message as Partial<Record<keyof ChildResult | 'error', unknown>>;
  if (typeof result.error === 'string') return { error: result.error };
  const { from_seq, elapsed_ms, size_bytes } = result;
  if (typeof from_seq !== 'number' || typeof elapsed_ms !== 'number') return null;
  if (typeof size_bytes !== 'number') return null;
  return { from_seq, elapsed_ms, size_bytes };
}
