/**
 * The PostgreSQL projection following a live hub in the same process: the hub sequences a group
 * of orders per event-loop turn and queues the results; the writer applies everything queued at
 * each step, as a reader behind the journal would.
 * @module
 */

import type { CommandResult, Envelope } from '../../hub/index.js';
import { PgProjection } from '../../projection/index.js';
import { withPgSchema } from '../peers/pg_pool.js';
import { orderHub } from './workload.js';

export interface LagRun {
  readonly events_behind: number;
  readonly drain_ms: number;
  readonly hub_events_per_s: number;
  readonly applies: number;
}

type Entry = readonly [Envelope, CommandResult];

export async function measureLag(count: number): Promise<LagRun | null> {
  const run = await withPgSchema(
    { connections: 2, schema_prefix: 'bench_projection_lag' },
    (pool, schema) => follow(count, PgProjection.open({ pool, schema })),
  );
  return 'skipped' in run ? null : run;
}

async function follow(count: number, opening: Promise<PgProjection>): Promise<LagRun> {
  const projection = await opening;
  const hub = orderHub(count);
  await projection.apply(hub.setup);
  let queue: Entry[] = [];
  let queued_events = 0;
  let producing = true;
  let applies = 0;
  const writer = (async () => {
    while (producing || queue.length > 0) {
      if (queue.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const batch = queue;
      const events = batch.reduce((n, [, r]) => n + r.events.length, 0);
      queue = [];
      await projection.apply(batch);
      queued_events -= events;
      applies += 1;
    }
  })();
  const started = process.hrtime.bigint();
  let hub_events = 0;
  for (let group = hub.nextGroup(); group.length > 0; group = hub.nextGroup()) {
    for (const entry of group) {
      queue.push(entry);
      queued_events += entry[1].events.length;
      hub_events += entry[1].events.length;
    }
    // One group per turn, as the server's loop commits them; the writer's I/O runs in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const produced_at = process.hrtime.bigint();
  const events_behind = queued_events;
  producing = false;
  await writer;
  const drained_at = process.hrtime.bigint();
  await projection.close();
  return {
    events_behind,
    drain_ms: Number(drained_at - produced_at) / 1e6,
    hub_events_per_s: hub_events / (Number(produced_at - started) / 1e9),
    applies,
  };
}
