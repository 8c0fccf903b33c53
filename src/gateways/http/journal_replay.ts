/**
 * The readers that keep no snapshot (surveillance, the risk monitor) are rebuilt at start by
 * replaying the journal from genesis through a scratch hub. One pass feeds them all, and it yields
 * to the event loop every few milliseconds: a cluster leader starts its server after taking the
 * lease, and a loop blocked for longer than the lease's grace (1.5 s of a 2 s TTL) would depose it
 * (seen: a takeover at seq 26,926 on a loaded machine, the standby deposed by its own start).
 * @module
 */

import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type CommandResult, type Envelope, Hub } from '../../hub/index.js';
import { decode } from '../../kernel/codec.js';
import type { HubNode } from '../../runtime/node.js';

export interface ReplayedBatch {
  readonly events: CommandResult['events'];
  readonly first_event_seq: number;
  readonly timestamp_us: number;
}

/** Takes replayed batches in journal order (a reader's `replay`). */
export type BatchReplayer = (batches: readonly ReplayedBatch[]) => unknown;

/** The loop is given back after this much work. */
const SLICE_MS = 20;
/** Batches handed to the replayers at a time. */
const CHUNK_BATCHES = 256;

/** The journal's batches from genesis, re-applied to a scratch hub (synchronous). */
export function* journalBatches(node: HubNode): Generator<ReplayedBatch> {
  const scratch = new Hub();
  for (const record of node.journal.records(1)) {
    const envelope = decode(record.payload) as Envelope;
    const result = scratch.apply(envelope);
    yield {
      events: result.events,
      first_event_seq: result.first_event_seq,
      timestamp_us: envelope.timestamp_us,
    };
  }
}

/**
 * Replays the whole journal into every replayer in one pass, giving the loop back every SLICE_MS.
 * Only at start, before anything is submitted: a commit during the pass would reach the readers
 * twice (here and through the server's commit feed).
 */
export async function replayJournal(
  node: HubNode,
  replayers: readonly BatchReplayer[],
  slice_ms = SLICE_MS,
): Promise<void> {
  if (replayers.length === 0) return;
  let chunk: ReplayedBatch[] = [];
  let slice_started_ms = performance.now();
  for (const batch of journalBatches(node)) {
    chunk.push(batch);
    if (chunk.length < CHUNK_BATCHES) continue;
    for (const replay of replayers) replay(chunk);
    chunk = [];
    if (performance.now() - slice_started_ms < slice_ms) continue;
    await nextTurn();
    slice_started_ms = performance.now();
  }
  for (const replay of replayers) replay(chunk);
}
