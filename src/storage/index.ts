/**
 * Storage: the durable command journal (group commit, torn-tail recovery, corruption refusal),
 * atomic snapshots, and fault injection for tests and the simulation. See docs/storage.md.
 * @module
 */

export {
  type CorruptionFacts,
  type CorruptionReason,
  JOURNAL_BUFFER_FULL,
  JournalCorruptError,
  JournalFailedError,
  LostAcknowledgedError,
  type LostAcknowledgedFacts,
  type LostAcknowledgedReason,
} from './errors.js';
export {
  type ByteChange,
  corruptByte,
  crashJournal,
  failJournalDisk,
  journalLayout,
  type RecordExtent,
  type TearReport,
  tearJournalTail,
} from './faults.js';
export {
  KIND_DATA,
  RECORD_HEADER_BYTES,
  RECORD_PAYLOAD_MAX_BYTES,
  type RecordFault,
} from './format.js';
export {
  type CrashPoint,
  type FsyncMode,
  JOURNAL_BUFFER_BYTES_MAX,
  JOURNAL_BUFFER_RECORDS_MAX,
  Journal,
  type JournalOptions,
} from './journal.js';
export { JournalLockedError } from './lock.js';
export { type DataPaths, dataPaths } from './paths.js';
export type { JournalRecord } from './records.js';
export type { RecoveryReport } from './recovery.js';
export type { TornTail } from './scan.js';
export { chooseSnapshot, type SnapshotChoice, snapshotLoss } from './snapshot_binding.js';
export type { SnapshotFault } from './snapshot_format.js';
export {
  type LoadedSnapshot,
  SNAPSHOT_KEEP,
  type SnapshotCheck,
  type SnapshotFile,
  type SnapshotLatest,
  type SnapshotProblem,
  SnapshotStore,
  type SnapshotStoreOptions,
  type SnapshotWritten,
  snapshotFileName,
} from './snapshots.js';
export {
  type JournalStatus,
  type JournalVerifyReport,
  verifyJournal,
  withLossEvidence,
} from './verify.js';
