/**
 * The cluster leader: the sequencer of runtime/HubNode with the journal on JetStream, over a bare
 * hub (the tests, the fault children and the benchmark; `hutong serve --cluster` leads with a
 * whole HubNode and the same StreamReplicator).
 *
 * `submit` stamps seq and time, encodes the envelope, hands it to the replicator and applies it to
 * the hub; `commit` resolves only when the group is acknowledged by the stream, so a client is
 * answered only after its command is replicated. Fencing is the replicator's (stream_replicator.ts):
 * a fenced leader refuses every command with `LEADER_FENCED` and its hub must be discarded.
 * @module
 */

import type { Command, CommandResult, Envelope, Hub } from '../hub/index.js';
import { encode } from '../kernel/index.js';
import type { Clock } from '../runtime/index.js';
import type { JournalWriter } from './journal_stream.js';
import type { LeaseHolder } from './lease.js';
import { type ReplicatorOptions, StreamReplicator } from './stream_replicator.js';
import type { FenceReason, LeaderFencedError } from './types.js';

export { CLUSTER_BUFFER_FULL } from './stream_replicator.js';

export interface LeaderOptions extends ReplicatorOptions {
  readonly clock: Clock;
}

export class ClusterLeader {
  readonly replicator: StreamReplicator;

  constructor(
    readonly hub: Hub,
    writer: JournalWriter,
    lease: LeaseHolder | null,
    private readonly options: LeaderOptions,
  ) {
    this.replicator = new StreamReplicator(writer, lease, hub.seq + 1, options);
  }

  get epoch(): number {
    return this.replicator.epoch;
  }

  /** The stream sequence of the last message published (acknowledged once `commit` resolved). */
  get last_stream_seq(): number {
    return this.replicator.last_stream_seq;
  }

  /** The lease's renewal figures (unanswered renewals, the longest election ridden out). */
  get lease_stats(): LeaseHolder['stats'] | null {
    return this.replicator.lease_stats;
  }

  /** The fence, when the leader has stopped accepting commands; null while it serves. */
  get fenced(): LeaderFencedError | null {
    return this.replicator.fenced;
  }

  fence(reason: FenceReason, detail: string): LeaderFencedError {
    return this.replicator.fence(reason, detail);
  }

  submit(
    participant: string,
    command: Command,
    idempotency_key: string | null = null,
  ): CommandResult {
    const refused = this.replicator.refusal();
    if (refused !== null) {
      return {
        seq: 0,
        status: 'rejected',
        rejection: refused,
        events: [],
        first_event_seq: 0,
        duplicate_of: null,
      };
    }
    const hub = this.hub;
    const envelope: Envelope = {
      seq: hub.seq + 1,
      timestamp_us: Math.max(this.options.clock.now_us(), hub.now_us),
      participant,
      idempotency_key,
      command,
    };
    this.replicator.add(envelope.seq, encode(envelope));
    return hub.apply(envelope);
  }

  /** Publishes every pending command; resolves when all are acknowledged, in commit order. */
  commit(): Promise<void> {
    return this.replicator.commit();
  }

  /** Stops renewing and refuses further commands (the standbys take over after the lease TTL). */
  close(): Promise<void> {
    return this.replicator.close();
  }
}
