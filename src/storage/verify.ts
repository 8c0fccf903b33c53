/**
 * `hutong verify`: a read-only check of a journal file that never changes a byte.
 * @module
 */

import { statSync } from 'node:fs';
import {
  type CorruptionFacts,
  JournalCorruptError,
  LostAcknowledgedError,
  type LostAcknowledgedFacts,
} from './errors.js';
import { Journal } from './journal.js';
import type { TornTail } from './scan.js';

/**
 * ok: every byte verifies; torn_tail: open would cut `torn_tail` (never acknowledged);
 * corrupt: open refuses; lost_acknowledged: a snapshot or the projection proves the journal lost
 * records that were acknowledged (see `withLossEvidence`), so a start refuses too.
 */
export type JournalStatus = 'ok' | 'torn_tail' | 'corrupt' | 'lost_acknowledged';

export interface JournalVerifyReport {
  readonly path: string;
  readonly status: JournalStatus;
  /** Size of the file, torn tail included. */
  readonly size_bytes: number;
  /** Valid data records (for a corrupt journal: those before the corruption). */
  readonly data_records: number;
  readonly first_seq: number | null;
  readonly last_seq: number;
  /** Seq named by the last commit marker: the acknowledged records (null when corrupt). */
  readonly committed_seq: number | null;
  /** Durable records after the last commit marker, which open will seal. */
  readonly unsealed_records: number;
  readonly torn_tail: TornTail | null;
  readonly corruption: CorruptionFacts | null;
  /** What proves acknowledged records were lost (status lost_acknowledged), else null. */
  readonly lost: LostAcknowledgedFacts | null;
  /** One line a person can read. */
  readonly summary: string;
}

export function verifyJournal(path: string): JournalVerifyReport {
  let journal: Journal;
  try {
    journal = Journal.open(path, { read_only: true });
  } catch (error) {
    if (error instanceof JournalCorruptError) return corruptReport(error);
    throw error;
  }
  try {
    return healthyReport(journal);
  } finally {
    journal.closeSync();
  }
}

function healthyReport(journal: Journal): JournalVerifyReport {
  const torn_tail = journal.recovery.torn_tail;
  const last_seq = journal.last_seq;
  const size_bytes = journal.size_bytes + (torn_tail === null ? 0 : torn_tail.bytes);
  const status: JournalStatus = torn_tail === null ? 'ok' : 'torn_tail';
  const records = `${last_seq} records (seq 1..${last_seq}), ${size_bytes} bytes`;
  const tail =
    torn_tail === null
      ? ''
      : `; torn tail of ${torn_tail.bytes} bytes at byte ${torn_tail.position} (${torn_tail.fault}), never acknowledged, will be cut on open`;
  const unsealed = journal.recovery.unsealed_records;
  const seal = unsealed === 0 ? '' : `; ${unsealed} unsealed records will be sealed on open`;
  return {
    path: journal.path,
    status,
    size_bytes,
    data_records: last_seq,
    first_seq: last_seq > 0 ? 1 : null,
    last_seq,
    committed_seq: journal.committed_seq,
    unsealed_records: journal.recovery.unsealed_records,
    torn_tail,
    corruption: null,
    lost: null,
    summary: `${status}: ${records}${tail}${seal}`,
  };
}

function corruptReport(error: JournalCorruptError): JournalVerifyReport {
  const facts = error.facts;
  const last_seq = facts.expected_seq - 1;
  return {
    path: facts.path,
    status: 'corrupt',
    size_bytes: statSync(facts.path).size,
    data_records: last_seq,
    first_seq: last_seq > 0 ? 1 : null,
    last_seq,
    committed_seq: null,
    unsealed_records: 0,
    torn_tail: null,
    corruption: facts,
    lost: null,
    summary: `corrupt: ${error.message}`,
  };
}

/**
 * The report once other files have been heard: a snapshot or projection that proves a record was
 * acknowledged turns a journal that lacks it (a "torn tail" included) into `lost_acknowledged`.
 */
export function withLossEvidence(
  report: JournalVerifyReport,
  lost: LostAcknowledgedFacts | null,
): JournalVerifyReport {
  if (lost === null || report.status === 'corrupt') return report;
  const tail =
    report.torn_tail === null
      ? ''
      : ` (the ${report.torn_tail.bytes}-byte tail at byte ${report.torn_tail.position} is not a torn write of unacknowledged data)`;
  const summary = `${new LostAcknowledgedError(lost).message}${tail}`;
  return { ...report, status: 'lost_acknowledged', lost, summary };
}
