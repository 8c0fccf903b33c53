/**
 * The cluster leader: the sequencer of runtime/HubNode with the journal on JetStream.
 *
 * `submit` stamps seq and time, encodes the envelope into the pending group and applies it to the
 * hub; `commit` publishes the group (split into messages of at most `batch_bytes_max`) and
 * resolves only when every message is acknowledged at its predicted stream position, so a client
 * is answered only after its command is replicated. Commits may overlap (their publishes are in
 * flight together) but resolve in order, and one failure fails every later commit.
 *
 * A leader that loses its lease, gets a wrong-last-sequence, or sees an unexpected position is
 * fenced: every later command is refused with `LEADER_FENCED`, nothing is published again, and
 * its in-memory hub (which may hold commands never acknowledged) is discarded by its owner.
 * @module
 */

import type { Command, CommandResult, Envelope, Hub } from '../hub/index.js';
import { assert, encode } from '../kernel/index.js';
import type { Clock } from '../runtime/index.js';
import { frameBytes } from './batch_frame.js';
import type { JournalWriter } from './journal_stream.js';
import type { LeaseHolder } from './lease.js';
import type { FenceReason, JournalBatch } from './types.js';
import { LEADER_FENCED, type LeaderFencedError } from './types.js';

export const CLUSTER_BUFFER_FULL = 'CLUSTER_BUFFER_FULL';

export interface LeaderOptions {
  readonly clock: Clock;
  /** Largest stream message (JetStream's default max_payload is 1 MiB). */
  readonly batch_bytes_max?: number;
  /** Commands submitted and not yet committed, at most. */
  readonly pending_max?: number;
  /** Told once, when the leader is fenced. */
  readonly on_fenced?: (fence: LeaderFencedError) => void;
}

export class ClusterLeader {
  private pending: string[] = [];
  private pending_first_seq: number;
  private last_commit: Promise<void> = Promise.resolve();
  private fenced_told = false;

  constructor(
    readonly hub: Hub,
    private readonly writer: JournalWriter,
    private readonly lease: LeaseHolder | null,
    private readonly options: LeaderOptions,
  ) {
    this.pending_first_seq = hub.seq + 1;
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

  /** The lease's renewal figures (unanswered renewals, the longest election ridden out). */
  get lease_stats(): LeaseHolder['stats'] | null {
    return this.lease?.stats ?? null;
  }

  /** The fence, when the leader has stopped accepting commands; null while it serves. */
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

  submit(
    participant: string,
    command: Command,
    idempotency_key: string | null = null,
  ): CommandResult {
    const fence = this.fenced;
    if (fence !== null) return refusal(LEADER_FENCED, fence.message, { reason: fence.reason });
    if (this.pending.length >= (this.options.pending_max ?? 200_000)) {
      return refusal(CLUSTER_BUFFER_FULL, 'Too many commands wait for their commit', {
        pending: this.pending.length,
      });
    }
    const hub = this.hub;
    const envelope: Envelope = {
      seq: hub.seq + 1,
      timestamp_us: Math.max(this.options.clock.now_us(), hub.now_us),
      participant,
      idempotency_key,
      command,
    };
    this.pending.push(encode(envelope));
    return hub.apply(envelope);
  }

  /** Publishes every pending command; resolves when all are acknowledged, in commit order. */
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

  /** Stops renewing and refuses further commands (the standbys take over after the lease TTL). */
  async close(): Promise<void> {
    await this.commit().catch(() => undefined);
    this.fence('CLOSED', 'the leader was closed');
  }

  private takeBatches(): JournalBatch[] {
    const envelopes = this.pending;
    const first_seq = this.pending_first_seq;
    this.pending = [];
    this.pending_first_seq = first_seq + envelopes.length;
    assert(this.pending_first_seq === this.hub.seq + 1, 'every applied command is pending or sent');
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

function refusal(code: string, message: string, details: Record<string, unknown>): CommandResult {
  return {
    seq: 0,
    status: 'rejected',
    rejection: { code, message, details },
    events: [],
    first_event_seq: 0,
    duplicate_of: null,
  };
}
