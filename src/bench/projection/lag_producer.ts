/**
 * The lag bench's hub, on a worker thread: it sequences the order workload a group per
 * event-loop turn, as the server's loop commits them, and posts each group's results to the
 * reader (the main thread) as it is made; the set-up is not posted (the reader makes the same,
 * deterministically). Its last message says when it finished and how many events it made.
 * @module
 */

import { setImmediate } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { orderHub } from './workload.js';

export type ProducerMessage =
  | { readonly kind: 'group'; readonly group: ReturnType<ReturnType<typeof orderHub>['nextGroup']> }
  | { readonly kind: 'end'; readonly events: number; readonly seconds: number };

const { count } = workerData as { readonly count: number };
const hub = orderHub(count);
const started = process.hrtime.bigint();
let events = 0;
for (let group = hub.nextGroup(); group.length > 0; group = hub.nextGroup()) {
  for (const [, result] of group) events += result.events.length;
  parentPort?.postMessage({ kind: 'group', group } satisfies ProducerMessage);
  await setImmediate();
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
parentPort?.postMessage({ kind: 'end', events, seconds } satisfies ProducerMessage);
