/**
 * The PostgreSQL projection following a live hub: the hub runs on a worker thread
 * (lag_producer.ts) and posts each group's results as it sequences them; the writer, on the main
 * thread as a reader process would be, applies everything queued at each step (one transaction),
 * handing the next batch over while the previous one is written.
 * Measured: events made but not yet committed when the hub's last group arrives, and the time
 * the writer then needs to catch up.
 * @module
 */

import { setImmediate } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { CommandResult, Envelope } from '../../hub/index.js';
import { PgProjection } from '../../projection/index.js';
import { withPgSchema } from '../peers/pg_pool.js';
import type { ProducerMessage } from './lag_producer.js';
import { orderHub } from './workload.js';

export interface LagRun {
  readonly events_behind: number;
  readonly drain_ms: number;
  readonly hub_events_per_s: number;
  readonly applies: number;
}

type Entry = readonly [Envelope, CommandResult];

/** What the hub's last group left: events not yet committed, when it arrived, the hub's rate. */
interface ProducerEnd {
  readonly events_behind: number;
  readonly at: bigint;
  readonly hub_events_per_s: number;
}

export async function measureLag(count: number): Promise<LagRun | null> {
  const run = await withPgSchema(
    { connections: 2, schema_prefix: 'bench_projection_lag' },
    (pool, schema) => follow(count, PgProjection.open({ pool, schema })),
  );
  return 'skipped' in run ? null : run;
}

async function follow(count: number, opening: Promise<PgProjection>): Promise<LagRun> {
  const projection = await opening;
  await projection.apply(orderHub(count).setup);
  let queue: Entry[] = [];
  let queued_events = 0;
  let applies = 0;
  let wake: (() => void) | null = null;
  const produced: { end: ProducerEnd | null } = { end: null };
  const worker = new Worker(new URL('./lag_producer.js', import.meta.url), {
    workerData: { count },
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  worker.on('message', (message: ProducerMessage) => {
    if (message.kind === 'group')
      for (const entry of message.group) {
        queue.push(entry);
        queued_events += entry[1].events.length;
      }
    else
      produced.end = {
        events_behind: queued_events,
        at: process.hrtime.bigint(),
        hub_events_per_s: message.events / message.seconds,
      };
    wake?.();
  });
  const in_flight: Promise<void>[] = [];
  const writer = async () => {
    while (produced.end === null || queue.length > 0) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      const batch = queue;
      const events = batch.reduce((n, [, r]) => n + r.events.length, 0);
      queue = [];
      // Handed over while the previous batch is written; at most two in flight.
      const applied = projection.apply(batch).then(() => {
        queued_events -= events;
        applies += 1;
      });
      applied.catch(() => undefined);
      in_flight.push(applied);
      if (in_flight.length >= 2) await in_flight.shift();
      else await setImmediate();
    }
    await Promise.all(in_flight);
  };
  try {
    await Promise.race([writer(), failed]);
  } finally {
    await worker.terminate();
  }
  const drained_at = process.hrtime.bigint();
  await projection.close();
  const done = produced.end as ProducerEnd;
  return {
    events_behind: done.events_behind,
    drain_ms: Number(drained_at - done.at) / 1e6,
    hub_events_per_s: done.hub_events_per_s,
    applies,
  };
}
