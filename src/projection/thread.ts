/**
 * The SQLite projection on its own thread (issue 19: take the projection off the request path).
 * The hub's thread keeps only the cheap part of projecting, one JSON body per business event
 * (`packProjected`), and posts each committed batch; a worker thread writes the rows. Readers
 * on the hub's thread keep a read-only connection to the same file (SQLite's WAL lets it read
 * while the worker writes) and see everything committed before they read: `db` first waits, in
 * shared memory, until the worker has applied every batch posted so far. Under load the wait is
 * at most the batch in flight; answering commands never waits.
 *
 * A failure on the projection thread is not swallowed: the next `apply`, `db` or `last_seq`
 * throws it, and the engine halts as it would for a projection on its own thread.
 * @module
 */

import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CommandResult, Envelope } from '../hub/index.js';
import type { LocalProjection } from './local.js';
import { packProjected } from './projected.js';
import { SqliteProjection } from './sqlite.js';
import { asyncQueries, SqliteQueries } from './sqlite_queries.js';
import { FAILED_SLOT, SEQ_SLOT, SLOTS } from './thread_slots.js';
import type { ProjectionQueries } from './types.js';

/** How long a reader waits for the projection thread before calling it stuck. */
const CATCH_UP_MAX_MS = 60_000;

export class ProjectionThreadError extends Error {
  override readonly name = 'ProjectionThreadError';
}

export class ProjectionThread implements LocalProjection {
  private readonly worker: Worker;
  private readonly progress: BigInt64Array;
  private readonly errors: MessagePort;
  private readonly reader: Database.Database;
  readonly queries: ProjectionQueries;
  private posted_seq: number;
  private failure: ProjectionThreadError | null = null;
  private closed = false;

  constructor(readonly path: string) {
    // Create or check the schema here, synchronously, so the node can compare the projection's
    // seq with the journal's before it starts.
    const opened = new SqliteProjection(path);
    this.posted_seq = opened.last_seq;
    opened.close();
    const shared = new SharedArrayBuffer(SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
    this.progress = new BigInt64Array(shared);
    Atomics.store(this.progress, SEQ_SLOT, BigInt(this.posted_seq));
    const channel = new MessageChannel();
    this.errors = channel.port1;
    this.worker = new Worker(new URL('./thread_main.js', import.meta.url), {
      workerData: { path, progress: shared, errors: channel.port2 },
      transferList: [channel.port2],
    });
    this.worker.unref();
    this.reader = new Database(path, { readonly: true, fileMustExist: true });
    const statements = new SqliteQueries(this.reader);
    this.queries = asyncQueries(() => {
      this.caughtUp();
      return statements;
    });
  }

  /** The read connection, once every batch posted so far is applied. */
  get db(): Database.Database {
    this.caughtUp();
    return this.reader;
  }

  get last_seq(): number {
    this.caughtUp();
    return this.posted_seq;
  }

  apply(batch: ReadonlyArray<readonly [Envelope, CommandResult]>): void {
    this.throwIfFailed();
    const last = batch[batch.length - 1];
    if (last === undefined) return;
    this.worker.postMessage(packProjected(batch));
    this.posted_seq = last[0].seq;
  }

  /** Blocks until the projection thread has applied every batch posted (normally: at once). */
  caughtUp(): void {
    const started_ms = performance.now();
    for (;;) {
      this.throwIfFailed();
      const applied = Atomics.load(this.progress, SEQ_SLOT);
      if (applied >= BigInt(this.posted_seq)) return;
      if (performance.now() - started_ms > CATCH_UP_MAX_MS) {
        throw this.fail(`the projection thread is stuck at seq ${applied} of ${this.posted_seq}`);
      }
      Atomics.wait(this.progress, SEQ_SLOT, applied, 1_000);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.failure === null) this.caughtUp();
    } finally {
      this.reader.close();
      this.worker.postMessage(null);
      this.errors.close();
    }
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
    if (Atomics.load(this.progress, FAILED_SLOT) === 0n) return;
    const message = receiveMessageOnPort(this.errors)?.message as string | undefined;
    throw this.fail(`the projection thread failed: ${message ?? 'no message'}`);
  }

  private fail(message: string): ProjectionThreadError {
    this.failure ??= new ProjectionThreadError(message);
    return this.failure;
  }
}
