/**
 * Operating errors of the storage layer. Programmer errors are assertions instead.
 * @module
 */

import { describeFault, type RecordFault, type SequenceFault } from './format.js';

export type CorruptionReason = RecordFault | SequenceFault;

export interface CorruptionFacts {
  readonly path: string;
  /** Byte offset of the first record that cannot be trusted. */
  readonly position: number;
  /** The sequence number the data record at `position` should carry. */
  readonly expected_seq: number;
  readonly reason: CorruptionReason;
  /**
   * Where the evidence that this is not a torn tail was found: the offset of a valid commit
   * marker after `position`, or `position` itself for a record whose checksums verify but whose
   * sequence or chain is wrong.
   */
  readonly evidence_position: number;
}

/**
 * The journal is damaged before its last commit: acknowledged records may be affected, so
 * Hutong refuses to open it rather than guess. See docs/storage.md, "What to do on corruption".
 */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
  readonly facts: CorruptionFacts;

  constructor(facts: CorruptionFacts) {
    const evidence =
      facts.evidence_position === facts.position
        ? ''
        : `; the valid commit marker at byte ${facts.evidence_position} shows this was ` +
          'committed data, not a torn write';
    super(
      `Journal ${facts.path} is corrupt at byte ${facts.position} (expected seq ` +
        `${facts.expected_seq}): ${describeFault(facts.reason)}${evidence}`,
    );
    this.facts = facts;
  }
}

/**
 * A write or fsync of the journal failed. After a failed fsync the page cache can no longer be
 * trusted, so the journal refuses all further work: restart and recover from disk.
 */
export class JournalFailedError extends Error {
  override readonly name = 'JournalFailedError';

  constructor(path: string, cause: unknown) {
    const text = cause instanceof Error ? cause.message : String(cause);
    super(`Journal ${path} failed and accepts no more work: ${text}`, { cause });
  }
}

/** The code `append` returns when the group buffer is full (back-pressure, not a failure). */
export const JOURNAL_BUFFER_FULL = 'JOURNAL_BUFFER_FULL';

/** What proves that the journal lost a record that had been acknowledged. */
export type LostAcknowledgedReason =
  /** A snapshot was taken after a record the journal no longer has. */
  | 'snapshot_ahead_of_journal'
  /** The journal's record at a snapshot's seq is not the record the snapshot was taken after. */
  | 'snapshot_mismatch'
  /** The projection holds commands the journal no longer has. */
  | 'projection_ahead_of_journal';

export interface LostAcknowledgedFacts {
  readonly reason: LostAcknowledgedReason;
  /** The seq the evidence proves was committed (the snapshot's or the projection's). */
  readonly acknowledged_seq: number;
  /** The last seq the journal holds (after any torn tail it would cut). */
  readonly journal_last_seq: number;
  /** The file that proves it: a snapshot or the projection. */
  readonly evidence_path: string;
}

/**
 * The journal no longer holds a record that was acknowledged: a snapshot or the projection was
 * written after it was committed. Hutong refuses to start (and changes no byte) rather than serve
 * a history that lost acknowledged commands. See docs/storage.md, "Lost acknowledged records".
 */
export class LostAcknowledgedError extends Error {
  override readonly name = 'LostAcknowledgedError';
  readonly facts: LostAcknowledgedFacts;

  constructor(facts: LostAcknowledgedFacts) {
    super(describeLoss(facts));
    this.facts = facts;
  }
}

function describeLoss(facts: LostAcknowledgedFacts): string {
  const { reason, acknowledged_seq, journal_last_seq, evidence_path } = facts;
  const proof =
    reason === 'snapshot_mismatch'
      ? `the snapshot ${evidence_path} was taken after a different record ${acknowledged_seq} ` +
        'than the journal holds (the journal lost acknowledged records and was written again ' +
        'after them, or belongs to another hub)'
      : `${reason === 'projection_ahead_of_journal' ? 'the projection' : 'the snapshot'} ` +
        `${evidence_path} holds seq ${acknowledged_seq}, but the journal ends at seq ${journal_last_seq}`;
  return (
    `lost_acknowledged: the journal lost records that were acknowledged: ${proof}. ` +
    'The journal was not changed. Restore it from a replica or a backup; see docs/storage.md'
  );
}
