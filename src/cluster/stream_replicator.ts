/**
 * A leader's side of the journal stream: the encoded envelopes of the commands it sequenced, kept
 * until `commit` publishes them as batches (one message per group, split at `batch_bytes_max`)
 * and resolves once every message is acknowledged at its predicted stream position. Commits may
 * overlap (their publishes are in flight together) but resolve in order, and one failure fails
 * every later one.
 *
 * Fencing: a lost or expired lease, a wrong last sequence, an unexpected position or a publish that
 * fails after its retries fences the replicator for good. Every later command is refused with
 * `LEADER_FENCED`, nothing is published again, and the hub that sequenced the refused or
 * unacknowledged commands must be discarded by its owner (the process restarts as a standby).
 *
 * Used by `ClusterLeader` (a bare hub) and by a `HubNode` that leads (`hutong serve --cluster`).
 * @module
 */

import { assert } from '../kernel/index.js';
import { type Rejection, reject } from '../kernel/rejection.js';
import type { Replicator } from '../runtime/index.js';
import { frameBytes } from './batch_frame.js';
import type { JournalWriter } from './journal_stream.js';
import type { LeaseHolder } from './lease.js';
import type { FenceReason, JournalBatch } from './types.js';
import { LEADER_FENCED, type LeaderFencedError } from './types.js';

export const CLUSTER_BUFFER_FULL = 'CLUSTER_BUFFER_FULL';

export interface ReplicatorOptions {
  /** Largest stream message (JetStream's default max_payload is 1 MiB). */
  readonly batch_bytes_max?: number;
  /** Commands sequenced and not yet committed, at most. */
  readonly pending_max?: number;
  /** Told once, when the replicator is fenced. */
  readonly on_fenced?: (fence: LeaderFencedError) => void;
}

export class StreamReplicator implements Replicator {
  private pending: string[] = [];
  private pending_first_seq: number;
  private last_commit: Promise<void> = Promise.resolve();
  private fenced_told = false;

  constructor(
    private readonly writer: JournalWriter,
    private readonly lease: LeaseHolder | null,
    /** The seq of the next command the leader will sequence. */
    next_seq: number,
    private readonly options: ReplicatorOptions = {},
  ) {
    this.pending_first_seq = next_seq;
    lease?.startRenewing();
    lease?.onLost((reason) => this.fence(reason, 'the lease was not renewed in time'));
  }

  get epoch(): number {
    return this.writer.epoch;
  }

  /** The stream sequence of the last message published (acknowledged once `commit` resolved). */
  get last_stream_seq(): number {
    return this.writer.predicted_stream_seq - 1;
  }

  get lease_stats(): LeaseHolder['stats'] | null {
    return this.lease?.stats ?? null;
  }

  /** The fence, once the replicator has stopped; null while it may publish. */
  get fenced(): LeaderFencedError | null {
    if (this.writer.fenced === null && this.lease !== null && !this.lease.held()) {
      this.fence('LEASE_EXPIRED', 'the lease was not renewed in time');
    }
    return this.writer.fenced;
  }

  fence(reason: FenceReason, detail: string): LeaderFencedError {
    const fence = this.writer.fenceWith(reason, detail);
    this.lease?.stop();
    if (!this.fenced_told) {
      this.fenced_told = true;
      this.options.on_fenced?.(fence);
    }
    return fence;
  }

  refusal(): Rejection | null {
    const fence = this.fenced;
    if (fence !== null) {
      return reject(LEADER_FENCED, fence.message, { reason: fence.reason });
    }
    if (this.pending.length >= (this.options.pending_max ?? 200_000)) {
      return reject(CLUSTER_BUFFER_FULL, 'Too many commands wait for their commit', {
        pending: this.pending.length,
      });
    }
    return null;
  }

  add(seq: number, encoded: string): void {
    assert(
      seq === this.pending_first_seq + this.pending.length,
      'commands are replicated in seq order',
    );
    this.pending.push(encoded);
  }

  commit(): Promise<void> {
    void this.fenced; // a lease past its time fences before anything is published
    const batches = this.takeBatches();
    const previous = this.last_commit;
    const publishes = batches.map((batch) => this.writer.publish(batch));
    const done = (async () => {
      try {
        await previous;
        await Promise.all(publishes);
      } catch (error) {
        const fence = this.writer.fenced;
        if (fence !== null) this.fence(fence.reason, fence.message);
        throw error;
      }
    })();
    for (const publish of publishes) publish.catch(() => undefined);
    this.last_commit = done;
    return done;
  }

  /** Publishes what is pending, then refuses everything (the standbys take over after the TTL). */
  async close(): Promise<void> {
    await this.commit().catch(() => undefined);
    this.fence('CLOSED', 'the leader was closed');
  }

  private takeBatches(): JournalBatch[] {
    const envelopes = this.pending;
    const first_seq = this.pending_first_seq;
    this.pending = [];
    this.pending_first_seq = first_seq + envelopes.length;
    const bytes_max = this.options.batch_bytes_max ?? 512 * 1024;
    const batches: JournalBatch[] = [];
    let start = 0;
    let frame_bytes = frameBytes([]);
    for (let i = 0; i < envelopes.length; i += 1) {
      const entry_bytes = 4 + Buffer.byteLength(envelopes[i] as string);
      if (i > start && frame_bytes + entry_bytes > bytes_max) {
        batches.push(this.batchOf(envelopes.slice(start, i), first_seq + start));
        start = i;
        frame_bytes = frameBytes([]);
      }
      frame_bytes += entry_bytes;
    }
    if (start < envelopes.length) {
      batches.push(this.batchOf(envelopes.slice(start), first_seq + start));
    }
    return batches;
  }

  private batchOf(envelopes: string[], first_seq: number): JournalBatch {
    return { epoch: this.writer.epoch, first_seq, envelopes };
  }
}
