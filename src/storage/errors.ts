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
