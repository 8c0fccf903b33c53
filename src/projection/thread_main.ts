/**
 * The projection thread's body: applies the prepared batches the hub's thread posts, each in one
 * SQLite transaction, and publishes the last seq applied in shared memory, so the hub's thread
 * can wait for it without a message. A failure is written there too, with its text on the error
 * port; the thread then stops applying.
 * @module
 */

import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type PackedProjection, unpackProjected } from './projected.js';
import { SqliteProjection } from './sqlite.js';
import { FAILED_SLOT, SEQ_SLOT } from './thread_slots.js';

interface ThreadData {
  readonly path: string;
  readonly progress: SharedArrayBuffer;
  readonly errors: MessagePort;
}

const data = workerData as ThreadData;
const progress = new BigInt64Array(data.progress);
const projection = new SqliteProjection(data.path);
let failed = false;

parentPort?.on('message', (packed: PackedProjection | null) => {
  if (packed === null) {
    projection.close();
    parentPort?.close();
    data.errors.close();
    return;
  }
  if (failed) return;
  try {
    const commands = unpackProjected(packed);
    projection.applyProjected(commands);
    const last = commands[commands.length - 1];
    if (last !== undefined) Atomics.store(progress, SEQ_SLOT, BigInt(last.seq));
  } catch (error) {
    failed = true;
    data.errors.postMessage(String((error as Error)?.stack ?? error));
    Atomics.store(progress, FAILED_SLOT, 1n);
  }
  Atomics.notify(progress, SEQ_SLOT);
});
