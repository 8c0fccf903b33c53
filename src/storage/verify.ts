/**
 * `hutong verify`: a read-only check of a journal file that never changes a byte.
 * @module
 */

import { statSync } from 'node:fs';
import { type CorruptionFacts, JournalCorruptError } from './errors.js';
import { Journal } from './journal.js';
import type { TornTail } from './scan.js';

export type JournalStatus = 'ok' | 'torn_tail' | 'corrupt';

export interface JournalVerifyReport {
  readonly path: string;
  /** ok: every byte verifies; torn_tail: open would cut `torn_tail`; corrupt: open refuses. */
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
    summary: `corrupt: ${error.message}`,
  };
}
