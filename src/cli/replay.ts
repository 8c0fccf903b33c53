/**
 * `hutong replay --data DIR` and `hutong verify --data DIR`: rebuild the state read-only.
 * @module
 */

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Hub } from '../hub/index.js';
import { projectedSeq } from '../projection/index.js';
import { replayInto, restoreState } from '../runtime/restore.js';
import {
  chooseSnapshot,
  dataPaths,
  Journal,
  JournalCorruptError,
  type JournalVerifyReport,
  LostAcknowledgedError,
  type LostAcknowledgedFacts,
  SnapshotStore,
  verifyJournal,
  withLossEvidence,
} from '../storage/index.js';
import { CliError, type CommandSpec, parseOptions, stringOption, withUsage } from './args.js';

export const REPLAY_COMMAND: CommandSpec = {
  name: 'replay',
  summary:
    'Rebuild the state read-only from the newest good snapshot and the journal after it, and\n' +
    "print its digest. Run it on a stopped server's directory or on a copy.",
  options: { data: { type: 'string', value: 'DIR', help: 'the data directory (required)' } },
  notes: ['example: hutong replay --data ./data'],
};

export const VERIFY_COMMAND: CommandSpec = {
  name: 'verify',
  summary:
    'Check every journal record and snapshot, replay from the newest snapshot and from genesis,\n' +
    'check every invariant and compare the digests. Exit 0 when all hold, 1 otherwise.',
  options: { data: { type: 'string', value: 'DIR', help: 'the data directory (required)' } },
  notes: ['example: hutong verify --data ./data'],
};

/** The journal's path in `data_dir`, or a one-line error naming what is missing. */
function journalPathIn(data_dir: string): string {
  if (!existsSync(data_dir)) throw new CliError(`no directory ${data_dir}`);
  if (!statSync(data_dir).isDirectory()) throw new CliError(`${data_dir} is not a directory`);
  const paths = dataPaths(data_dir);
  if (!existsSync(paths.journal_path))
    throw new CliError(
      `no journal in ${data_dir} (expected ${paths.journal_path}): is it a Hutong data directory?`,
    );
  return paths.journal_path;
}

function openReadOnly(data_dir: string): { journal: Journal; snapshots: SnapshotStore } {
  const paths = dataPaths(data_dir);
  journalPathIn(data_dir);
  return {
    journal: Journal.open(paths.journal_path, { read_only: true }),
    snapshots: new SnapshotStore(paths.snapshot_directory, { read_only: true }),
  };
}

export function runReplay(argv: readonly string[]): Promise<number> {
  return withUsage(REPLAY_COMMAND, () => {
    const data_dir = stringOption(parseOptions(argv, REPLAY_COMMAND), 'data');
    try {
      const { journal, snapshots } = openReadOnly(data_dir);
      const restored = restoreState(snapshots, journal);
      for (const skipped of restored.skipped) process.stdout.write(`warning: ${skipped}\n`);
      journal.closeSync();
      process.stdout.write(
        `replayed: snapshot at seq ${restored.snapshot_seq} + ${restored.replayed} journal records = seq ${restored.hub.seq}\n`,
      );
      process.stdout.write(`digest: ${restored.hub.digest()}\n`);
      return 0;
    } catch (error) {
      return reportFailure(error);
    }
  });
}

export function runVerify(argv: readonly string[]): Promise<number> {
  return withUsage(VERIFY_COMMAND, () => {
    const data_dir = stringOption(parseOptions(argv, VERIFY_COMMAND), 'data');
    const report = verifyJournal(journalPathIn(data_dir));
    if (report.status === 'corrupt') {
      process.stdout.write(`journal: ${report.summary}\n`);
      const c = report.corruption;
      const where =
        c === null
          ? ''
          : `: record at byte ${c.position} (expected seq ${c.expected_seq}) ${c.reason}`;
      process.stderr.write(`verify FAILED: the journal is corrupt${where}\n`);
      return 1;
    }
    try {
      const { journal, snapshots } = openReadOnly(data_dir);
      try {
        return verifyOpened(data_dir, report, journal, snapshots);
      } finally {
        journal.closeSync();
      }
    } catch (error) {
      return reportFailure(error);
    }
  });
}

/** The checks after the journal verified: loss evidence, snapshots, both replays agree. */
function verifyOpened(
  data_dir: string,
  journal_report: JournalVerifyReport,
  journal: Journal,
  snapshots: SnapshotStore,
): number {
  const report = withLossEvidence(journal_report, lossEvidence(data_dir, journal, snapshots));
  process.stdout.write(`journal: ${report.summary}\n`);
  let snapshot_problems = 0;
  for (const check of snapshots.check()) {
    const ok = check.fault === null;
    if (!ok) snapshot_problems += 1;
    process.stdout.write(
      `snapshot seq ${check.seq}: ${ok ? 'ok' : `BAD (${check.fault}) ${check.path}`}\n`,
    );
  }
  if (report.status === 'lost_acknowledged') {
    process.stderr.write(`verify FAILED: ${report.summary}\n`);
    return 1;
  }
  const restored = restoreState(snapshots, journal);
  restored.hub.checkInvariants();
  const from_genesis = new Hub();
  replayInto(from_genesis, journal, 1);
  from_genesis.checkInvariants();
  const digest = restored.hub.digest();
  process.stdout.write(
    `replay from snapshot ${restored.snapshot_seq}: seq ${restored.hub.seq}, invariants hold\n`,
  );
  process.stdout.write(`replay from genesis: seq ${from_genesis.seq}, invariants hold\n`);
  if (from_genesis.digest() !== digest) {
    process.stderr.write('verify FAILED: the snapshot and a replay from genesis disagree\n');
    return 1;
  }
  if (snapshot_problems > 0) {
    process.stderr.write(`verify FAILED: ${snapshot_problems} snapshot(s) do not verify\n`);
    return 1;
  }
  process.stdout.write(`digest: ${digest}\n`);
  return 0;
}

/** A snapshot or the projection that proves the journal lost acknowledged records, if any. */
function lossEvidence(
  data_dir: string,
  journal: Journal,
  snapshots: SnapshotStore,
): LostAcknowledgedFacts | null {
  const choice = chooseSnapshot(snapshots, journal);
  if (choice.lost !== null) return choice.lost;
  const projection_path = join(data_dir, 'projection.sqlite');
  const projected = projectedSeq(projection_path);
  if (projected === null || projected <= journal.last_seq) return null;
  return {
    reason: 'projection_ahead_of_journal',
    acknowledged_seq: projected,
    journal_last_seq: journal.last_seq,
    evidence_path: projection_path,
  };
}

function reportFailure(error: unknown): number {
  if (error instanceof JournalCorruptError || error instanceof LostAcknowledgedError) {
    process.stderr.write(`FAILED: ${error.message}\n`);
    return 1;
  }
  if (error instanceof Error && error.name === 'AssertionError') {
    process.stderr.write(`FAILED: invariant broken: ${error.message}\n`);
    return 1;
  }
  throw error;
}
