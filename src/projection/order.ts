/**
 * Where a batch starts for a projection at `last_seq`: results already applied are skipped (a
 * reader may be handed them again after a restart), and a gap is refused.
 * @module
 */

import { type ProjectionBatch, ProjectionGapError } from './types.js';

/** The index of the batch's first result to apply; throws ProjectionGapError on any gap. */
export function unappliedFrom(batch: ProjectionBatch, last_seq: number): number {
  let from = 0;
  while (from < batch.length && (batch[from] as (typeof batch)[number])[0].seq <= last_seq)
    from += 1;
  let expected = last_seq + 1;
  for (let i = from; i < batch.length; i += 1) {
    const seq = (batch[i] as (typeof batch)[number])[0].seq;
    if (seq !== expected) throw new ProjectionGapError(expected - 1, seq);
    expected += 1;
  }
  return from;
}
