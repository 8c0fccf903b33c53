/**
 * Shared types of the cluster: a journal batch as framed in one stream message, the reasons a
 * reader skips a batch, and the reasons a leader fences itself.
 * @module
 */

/**
 * One stream message: the envelopes of one group commit, stamped with the epoch of the leader
 * that wrote it. A batch with no envelopes is an epoch marker, the first thing a new leader
 * writes.
 */
export interface JournalBatch {
  /** The leader's epoch: the revision of the lease when it was taken. */
  readonly epoch: number;
  /** The seq of the first envelope (for a marker: the seq the leader will stamp next). */
  readonly first_seq: number;
  /** The encoded envelopes (kernel/codec), seq `first_seq + i`. */
  readonly envelopes: readonly string[];
}

/** Why a reader skipped a stream message (the same decision on every replica). */
export type SkipReason = 'malformed_frame' | 'stale_epoch' | 'sequence_gap' | 'already_applied';

export interface SkippedBatch {
  readonly stream_seq: number;
  readonly reason: SkipReason;
  readonly epoch: number;
  readonly first_seq: number;
  readonly count: number;
}

/** Why a leader stopped accepting commands. It never writes again under this epoch. */
export type FenceReason =
  | 'LEASE_LOST'
  | 'LEASE_EXPIRED'
  | 'WRONG_LAST_SEQUENCE'
  | 'STREAM_POSITION_MISMATCH'
  | 'PUBLISH_FAILED'
  | 'NEWER_EPOCH_SEEN'
  | 'CLOSED';

/** The rejection code a fenced leader answers every command with. */
export const LEADER_FENCED = 'LEADER_FENCED';

export class LeaderFencedError extends Error {
  readonly code = LEADER_FENCED;

  constructor(
    readonly reason: FenceReason,
    detail: string,
  ) {
    super(`The leader is fenced (${reason}): ${detail}`);
    this.name = 'LeaderFencedError';
  }
}
