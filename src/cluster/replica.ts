/**
 * A replica of the hub fed from the journal stream: the filter every reader applies, the same on
 * every machine, and the hub it feeds.
 *
 * The filter, for each stream message in stream order:
 * - a malformed frame is skipped (`malformed_frame`);
 * - a batch whose epoch is lower than the highest epoch seen is skipped (`stale_epoch`): a deposed
 *   leader that slipped a write past the stream's sequence check is ignored by everyone;
 * - an epoch marker (no envelopes) raises the highest epoch seen;
 * - a batch whose first seq does not follow the last applied one is skipped (`already_applied`
 *   or `sequence_gap`);
 * - otherwise the batch is applied, envelope by envelope, and its epoch becomes the highest seen.
 * @module
 */

import type { CommandResult, Envelope } from '../hub/index.js';
import { Hub } from '../hub/index.js';
import { assert, decode } from '../kernel/index.js';
import { decodeBatch } from './batch_frame.js';
import type { JournalBatch, SkippedBatch, SkipReason } from './types.js';

export type Admission =
  | { readonly kind: 'apply'; readonly batch: JournalBatch }
  | { readonly kind: 'marker'; readonly batch: JournalBatch }
  | { readonly kind: 'skip'; readonly skipped: SkippedBatch };

export interface FilterPosition {
  /** The highest epoch seen in an admitted batch or marker. */
  readonly highest_epoch: number;
  /** The seq of the last envelope applied. */
  readonly last_seq: number;
}

/** The deterministic admission rule, without the hub: pure, for tests and the leader's check. */
export class BatchFilter {
  highest_epoch: number;
  last_seq: number;

  constructor(position: FilterPosition = { highest_epoch: 0, last_seq: 0 }) {
    this.highest_epoch = position.highest_epoch;
    this.last_seq = position.last_seq;
  }

  admit(stream_seq: number, batch: JournalBatch | null): Admission {
    if (batch === null) return skip(stream_seq, 'malformed_frame', null);
    if (batch.epoch < this.highest_epoch) return skip(stream_seq, 'stale_epoch', batch);
    if (batch.envelopes.length === 0) {
      this.highest_epoch = batch.epoch;
      return { kind: 'marker', batch };
    }
    if (batch.first_seq <= this.last_seq) return skip(stream_seq, 'already_applied', batch);
    if (batch.first_seq !== this.last_seq + 1) return skip(stream_seq, 'sequence_gap', batch);
    this.highest_epoch = batch.epoch;
    this.last_seq = batch.first_seq + batch.envelopes.length - 1;
    return { kind: 'apply', batch };
  }
}

function skip(stream_seq: number, reason: SkipReason, batch: JournalBatch | null): Admission {
  return {
    kind: 'skip',
    skipped: {
      stream_seq,
      reason,
      epoch: batch?.epoch ?? 0,
      first_seq: batch?.first_seq ?? 0,
      count: batch?.envelopes.length ?? 0,
    },
  };
}

export interface ReplicaPosition extends FilterPosition {
  /** The last stream message read (applied or skipped). */
  readonly stream_seq: number;
}

export type AppliedListener = (envelope: Envelope, result: CommandResult, encoded: string) => void;

const SKIPPED_KEPT_MAX = 1_000;

/** A hub fed from stream messages through the filter. */
export class Replica {
  readonly filter: BatchFilter;
  stream_seq: number;
  /** The most recent skipped batches (at most SKIPPED_KEPT_MAX); `skipped_count` counts all. */
  readonly skipped: SkippedBatch[] = [];
  skipped_count = 0;
  on_applied: AppliedListener | null = null;
  on_skipped: ((skipped: SkippedBatch) => void) | null = null;

  constructor(
    readonly hub: Hub = new Hub(),
    position: ReplicaPosition = { stream_seq: 0, highest_epoch: 0, last_seq: 0 },
  ) {
    assert(position.last_seq === hub.seq, 'replica position matches its hub');
    this.filter = new BatchFilter(position);
    this.stream_seq = position.stream_seq;
  }

  get position(): ReplicaPosition {
    return {
      stream_seq: this.stream_seq,
      highest_epoch: this.filter.highest_epoch,
      last_seq: this.filter.last_seq,
    };
  }

  /** Reads the next stream message; messages must come in stream order, with no gap. */
  applyMessage(stream_seq: number, data: Uint8Array): Admission {
    assert(
      stream_seq === this.stream_seq + 1,
      `stream message ${stream_seq} after ${this.stream_seq}`,
    );
    this.stream_seq = stream_seq;
    const admission = this.filter.admit(stream_seq, decodeBatch(data));
    if (admission.kind === 'apply') this.applyBatch(admission.batch);
    if (admission.kind === 'skip') this.recordSkip(admission.skipped);
    return admission;
  }

  private applyBatch(batch: JournalBatch): void {
    for (let i = 0; i < batch.envelopes.length; i += 1) {
      const encoded = batch.envelopes[i] as string;
      const envelope = decode(encoded) as Envelope;
      assert(envelope.seq === batch.first_seq + i, 'envelope seq follows its batch');
      const result = this.hub.apply(envelope);
      this.on_applied?.(envelope, result, encoded);
    }
    assert(this.hub.seq === this.filter.last_seq, 'hub and filter agree after a batch');
  }

  private recordSkip(skipped: SkippedBatch): void {
    this.skipped_count += 1;
    this.skipped.push(skipped);
    if (this.skipped.length > SKIPPED_KEPT_MAX) this.skipped.shift();
    this.on_skipped?.(skipped);
  }
}
