/**
 * Which snapshot a start may load: the newest that verifies, and only if the journal still holds
 * the very record the snapshot was taken after (its header checksum, stored in the snapshot).
 * A snapshot that verifies but is ahead of the journal, or bound to another record at its seq,
 * proves that the journal lost acknowledged records (a snapshot is taken only after its record is
 * committed): that is a refusal, never a silent fall back.
 * @module
 */

import type { LostAcknowledgedFacts } from './errors.js';
import type { Journal } from './journal.js';
import type { LoadedSnapshot, SnapshotProblem, SnapshotStore } from './snapshots.js';

export interface SnapshotChoice {
  /** The snapshot to load, or null to replay from genesis. */
  readonly snapshot: LoadedSnapshot | null;
  /** Newer snapshot files passed over (corrupt, old format), newest first. Print them. */
  readonly skipped: readonly SnapshotProblem[];
  /** Non-null: the journal lost acknowledged records; do not start. */
  readonly lost: LostAcknowledgedFacts | null;
}

/** `below_seq`: only snapshots at or below it (a snapshot writer rebuilding an older seq). */
export function chooseSnapshot(
  store: SnapshotStore,
  journal: Journal,
  below_seq = Number.MAX_SAFE_INTEGER,
): SnapshotChoice {
  const { snapshot, skipped } = store.latest(below_seq);
  if (snapshot === null) return { snapshot: null, skipped, lost: null };
  const lost = snapshotLoss(snapshot, journal);
  return lost === null ? { snapshot, skipped, lost } : { snapshot: null, skipped, lost };
}

/** Null when `journal` holds the record `snapshot` was taken after. */
export function snapshotLoss(
  snapshot: Pick<LoadedSnapshot, 'seq' | 'path' | 'record_checksum'>,
  journal: Journal,
): LostAcknowledgedFacts | null {
  const facts = {
    acknowledged_seq: snapshot.seq,
    journal_last_seq: journal.last_seq,
    evidence_path: snapshot.path,
  };
  if (snapshot.seq > journal.last_seq) return { reason: 'snapshot_ahead_of_journal', ...facts };
  if (journal.recordChecksum(snapshot.seq) !== snapshot.record_checksum) {
    return { reason: 'snapshot_mismatch', ...facts };
  }
  return null;
}
