/**
 * The command journal: an append-only file of checksummed, sequence-numbered records with group
 * commit. See docs/storage.md for the format, the recovery rules and the durability guarantees.
 *
 * `append` only buffers; `commit` writes everything buffered, fdatasyncs, then writes a commit
 * marker and fdatasyncs again. A record is acknowledged (its commit promise resolves) only after
 * both, which is what makes torn-tail recovery safe (see scan.ts).
 * @module
 */

import {
  closeSync,
  fdatasync as fdatasyncCallback,
  fdatasyncSync,
  fstatSync,
  openSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ACCEPTED_VOID, assert, type Outcome, reject } from '../kernel/index.js';
import { JOURNAL_BUFFER_FULL, JournalFailedError } from './errors.js';
import { assertWellFormed, openReadWrite, writeAll, writeAllSync } from './files.js';
import {
  encodeCommitMarker,
  encodeFileHeader,
  RECORD_HEADER_BYTES,
  RECORD_PAYLOAD_MAX_BYTES,
} from './format.js';
import { GroupBuffer } from './group_buffer.js';
import { acquireLock, releaseLock } from './lock.js';
import { type JournalRecord, readRecords } from './records.js';
import { describeOnly, type Recovered, type RecoveryReport, repair } from './recovery.js';
import { type ScanResult, scanJournal } from './scan.js';
import type { SparseIndex } from './sparse_index.js';

const fdatasyncAsync = promisify(fdatasyncCallback);

export type FsyncMode = 'always' | 'never';

export interface JournalOptions {
  /**
   * 'always' (default): a commit resolves only after fdatasync. 'never': write without fsync;
   * UNSAFE, for tests and benchmarks only: a power failure can lose acknowledged records.
   */
  readonly fsync?: FsyncMode;
  /** Open for reading only: never modifies the file, reports a torn tail instead of cutting it. */
  readonly read_only?: boolean;
  /**
   * Open for writing, take the lock, but change no byte yet: `recovery` says what would be cut
   * and sealed, records (unsealed ones included) can be read to decide whether to start at all,
   * and `finishRecovery()` then cuts and seals. Appending before that is an assertion.
   */
  readonly defer_recovery?: boolean;
  /** Create the file when it does not exist (default true; ignored when read-only). */
  readonly create?: boolean;
  /** Maximum bytes buffered for the next commit group (records plus headers). */
  readonly buffer_bytes_max?: number;
  /** Maximum records buffered for the next commit group. */
  readonly buffer_records_max?: number;
}

export const JOURNAL_BUFFER_BYTES_MAX: number = 8 * 1024 * 1024;
export const JOURNAL_BUFFER_RECORDS_MAX = 16_384;

/** Where `simulateCrash` stops a commit: see faults.ts. */
export type CrashPoint = 'before_write' | 'after_write' | 'after_fsync';

interface CommitGroup {
  readonly buffer: GroupBuffer;
  readonly position: number;
  readonly marker: Buffer;
}

/** Paths open for writing in this process: two writers on one journal is a bug. */
const writers = new Set<string>();

export class Journal {
  private appended_seq: number;
  private durable_seq: number;
  private durable_bytes: number;
  private next_position: number;
  private chain_checksum: number;
  private active: GroupBuffer;
  private spare: GroupBuffer | null;
  private flushing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** The last promise `commit` handed out. */
  private handed: Promise<void> | null = null;
  private failure: JournalFailedError | null = null;
  private closed = false;
  /** The scan whose repair `finishRecovery` still has to do (deferred open only). */
  private pending: ScanResult | null;
  private report: RecoveryReport;
  /** Header checksum of the last data record appended or found (0 for none). */
  private last_record_checksum: number;

  private constructor(
    readonly path: string,
    private fd: number,
    private readonly settings: Required<JournalOptions>,
    private readonly index: SparseIndex,
    scan: ScanResult,
    recovered: Recovered,
    pending: boolean,
  ) {
    this.report = recovered.report;
    this.pending = pending ? scan : null;
    this.last_record_checksum = scan.last_data_checksum;
    this.appended_seq = scan.last_seq;
    this.durable_seq = recovered.committed_seq;
    this.durable_bytes = recovered.size_bytes;
    this.next_position = recovered.size_bytes;
    this.chain_checksum = recovered.chain_checksum;
    const capacity = settings.read_only ? RECORD_HEADER_BYTES + 1 : settings.buffer_bytes_max;
    this.active = new GroupBuffer(capacity);
    this.spare = new GroupBuffer(capacity);
  }

  /** What open found and did: torn tail, truncation, sealing. */
  get recovery(): RecoveryReport {
    return this.report;
  }

  /** True while a deferred open has not yet cut and sealed (see `defer_recovery`). */
  get recovery_pending(): boolean {
    return this.pending !== null;
  }

  /**
   * Does the recovery a deferred open held back: cuts the torn tail, seals unsealed records.
   * Call it only once the caller has decided to start on this journal.
   */
  finishRecovery(): void {
    assert(!this.closed, 'journal is closed');
    const scan = this.pending;
    if (scan === null) return;
    const recovered = repair(this.fd, scan, this.settings.fsync === 'always');
    this.pending = null;
    this.report = recovered.report;
    this.durable_seq = recovered.committed_seq;
    this.durable_bytes = recovered.size_bytes;
    this.next_position = recovered.size_bytes;
    this.chain_checksum = recovered.chain_checksum;
  }

  /**
   * Header checksum of data record `seq` (0 for seq 0): what a snapshot of the state after `seq`
   * stores to be bound to this journal. The record must exist.
   */
  recordChecksum(seq: number): number {
    assert(Number.isSafeInteger(seq) && seq >= 0 && seq <= this.appended_seq, 'no such record');
    if (seq === 0) return 0;
    if (seq === this.appended_seq) return this.last_record_checksum;
    const record = this.records(seq).next();
    assert(record.done !== true && record.value.seq === seq, `record ${seq} not found`);
    return record.value.checksum;
  }

  /**
   * Opens (or creates) a journal and recovers it: verifies every record, cuts a torn tail,
   * refuses corruption with JournalCorruptError. Read-only mode changes no byte.
   */
  static open(path: string, options: JournalOptions = {}): Journal {
    const settings = resolveOptions(options);
    const full_path = resolve(path);
    if (settings.read_only) return Journal.recover(full_path, settings, openSync(full_path, 'r'));
    if (writers.has(full_path)) assert(false, `journal already open for writing: ${full_path}`);
    const lock_path = acquireLock(full_path);
    try {
      const fd = openReadWrite(full_path, settings.create, encodeFileHeader());
      const journal = Journal.recover(full_path, settings, fd);
      writers.add(full_path);
      return journal;
    } catch (error) {
      releaseLock(lock_path);
      throw error;
    }
  }

  private static recover(path: string, settings: Required<JournalOptions>, fd: number): Journal {
    try {
      const scan = scanJournal(fd, path, fstatSync(fd).size);
      const fsync = settings.fsync === 'always';
      const hold = settings.read_only || settings.defer_recovery;
      const recovered = hold ? describeOnly(scan) : repair(fd, scan, fsync);
      return new Journal(
        path,
        fd,
        settings,
        scan.index,
        scan,
        recovered,
        !settings.read_only && hold,
      );
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Seq of the last appended record, buffered or durable (0 for an empty journal). */
  get last_seq(): number {
    return this.appended_seq;
  }

  /** Seq of the last durable, committed record: everything up to it may be acknowledged. */
  get committed_seq(): number {
    return this.durable_seq;
  }

  /** Bytes of the journal file that are written and committed. */
  get size_bytes(): number {
    return this.durable_bytes;
  }

  /** Records waiting for the next commit group (not those of a commit in flight). */
  get buffered_records(): number {
    return this.active.records;
  }

  get buffered_bytes(): number {
    return this.active.used_bytes;
  }

  /**
   * Buffers a record for the next commit. `seq` must be `last_seq + 1` (an assertion). When the
   * buffer is full, returns a JOURNAL_BUFFER_FULL rejection and changes nothing: commit, then
   * retry.
   */
  append(seq: number, payload: string): Outcome<undefined> {
    this.assertWritable();
    // The message is built only on failure: this is the hot path.
    if (seq !== this.appended_seq + 1) {
      assert(false, `append out of sequence: ${seq} after ${this.appended_seq}`);
    }
    assertWellFormed(payload, 'journal payload');
    const payload_bytes = Buffer.byteLength(payload, 'utf8');
    const record_bytes = RECORD_HEADER_BYTES + payload_bytes;
    assert(payload_bytes <= RECORD_PAYLOAD_MAX_BYTES, 'payload larger than any record');
    assert(record_bytes <= this.settings.buffer_bytes_max, 'record larger than the buffer');
    const group = this.active;
    if (group.records >= this.settings.buffer_records_max || !group.fits(payload_bytes)) {
      return reject(
        JOURNAL_BUFFER_FULL,
        'The journal buffer is full; retry after the next commit',
        {
          buffered_records: group.records,
          buffered_bytes: group.used_bytes,
          buffer_records_max: this.settings.buffer_records_max,
          buffer_bytes_max: this.settings.buffer_bytes_max,
          record_bytes,
        },
      );
    }
    this.chain_checksum = group.appendData(seq, payload, payload_bytes, this.chain_checksum);
    this.last_record_checksum = this.chain_checksum;
    this.index.note(seq, this.next_position);
    this.next_position += record_bytes;
    this.appended_seq = seq;
    return ACCEPTED_VOID;
  }

  /**
   * Makes every record appended so far durable. At most one commit is in flight; records
   * appended meanwhile form the next group. Resolves only after this caller's records are
   * durable; rejects with JournalFailedError if the disk failed (the journal is then unusable).
   */
  commit(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.assertWritable();
    const durable = this.durableWhen();
    // Callers are answered in the order they asked: a promise handed out later never resolves
    // before one handed out earlier (a commit whose records a running group already took would
    // otherwise get that group's own promise and overtake the caller waiting on the queue).
    const previous = this.handed;
    this.handed =
      previous === null ? durable : Promise.all([previous, durable]).then(() => undefined);
    return this.handed;
  }

  /** When everything appended so far is durable. */
  private durableWhen(): Promise<void> {
    if (this.active.records === 0) return this.flushing ?? Promise.resolve();
    if (this.flushing === null) return this.startFlush();
    this.queued ??= this.flushing.then(() => {
      this.queued = null;
      return this.startFlush();
    });
    return this.queued;
  }

  /** `commit`, synchronously, for tools, benchmarks and the simulation. */
  commitSync(): void {
    if (this.failure !== null) throw this.failure;
    this.assertWritable();
    assert(this.flushing === null, 'commitSync while an async commit is in flight');
    if (this.active.records === 0) return;
    const group = this.takeGroup();
    try {
      writeAllSync(this.fd, group.buffer.bytes, group.position);
      if (this.settings.fsync === 'always') fdatasyncSync(this.fd);
      writeAllSync(this.fd, group.marker, group.position + group.buffer.used_bytes);
      if (this.settings.fsync === 'always') fdatasyncSync(this.fd);
    } catch (error) {
      throw this.fail(error);
    }
    this.groupDurable(group);
  }

  /**
   * Streams durable data records from `from_seq` on (default: from the first record). Read-only,
   * that includes valid records a crash left unsealed, which a writable open would seal.
   */
  records(from_seq = 1): Generator<JournalRecord> {
    assert(!this.closed, 'journal is closed');
    assert(Number.isSafeInteger(from_seq) && from_seq >= 1, 'from_seq must be a positive integer');
    const everything = this.settings.read_only || this.pending !== null;
    const readable_seq = everything ? this.appended_seq : this.durable_seq;
    if (from_seq > readable_seq + 1) assert(false, `from_seq ${from_seq} is beyond the records`);
    return readRecords({
      fd: this.fd,
      path: this.path,
      start: this.index.floor(from_seq),
      end_position: this.durable_bytes,
      from_seq,
    });
  }

  /** Commits what is buffered, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    let failure: unknown = null;
    if (this.failure === null && !this.settings.read_only && this.pending === null) {
      await this.commit().catch((error: unknown) => {
        failure = error;
      });
    }
    assert(this.flushing === null, 'close while records are still being appended');
    this.release();
    if (failure !== null) throw failure;
  }

  closeSync(): void {
    if (this.closed) return;
    if (this.failure === null && !this.settings.read_only && this.pending === null) {
      this.commitSync();
    }
    this.release();
  }

  /**
   * TEST ONLY (faults.ts): stops as a crashed process would, at `at` within a commit of what is
   * buffered, and closes the file without a commit marker. The journal is unusable afterwards.
   */
  simulateCrash(at: CrashPoint): void {
    this.assertWritable();
    assert(this.flushing === null, 'simulateCrash while an async commit is in flight');
    if (at !== 'before_write' && this.active.records > 0) {
      const group = this.takeGroup();
      writeAllSync(this.fd, group.buffer.bytes, group.position);
      if (at === 'after_fsync' && this.settings.fsync === 'always') fdatasyncSync(this.fd);
    }
    this.release(true);
  }

  /**
   * TEST ONLY (faults.ts): from now on every write fails, as on a failing disk. The file is
   * reopened read-only under the journal, so writes fail with EBADF while reads still work.
   */
  simulateDiskFailure(): void {
    this.assertWritable();
    assert(this.flushing === null, 'simulateDiskFailure while an async commit is in flight');
    closeSync(this.fd);
    this.fd = openSync(this.path, 'r');
  }

  private startFlush(): Promise<void> {
    if (this.active.records === 0) return Promise.resolve();
    const group = this.takeGroup();
    const done = this.writeGroup(group).finally(() => {
      if (this.flushing === done) this.flushing = null;
    });
    this.flushing = done;
    return done;
  }

  private async writeGroup(group: CommitGroup): Promise<void> {
    const fsync = this.settings.fsync === 'always';
    try {
      await writeAll(this.fd, group.buffer.bytes, group.position);
      if (fsync) await fdatasyncAsync(this.fd);
      await writeAll(this.fd, group.marker, group.position + group.buffer.used_bytes);
      if (fsync) await fdatasyncAsync(this.fd);
    } catch (error) {
      throw this.fail(error);
    }
    this.groupDurable(group);
  }

  /** Closes the active group: the spare buffer takes new appends, the marker is fixed. */
  private takeGroup(): CommitGroup {
    const buffer = this.active;
    const spare = this.spare;
    assert(spare !== null, 'no spare buffer: a commit is already in flight');
    const position = this.next_position - buffer.used_bytes;
    assert(position === this.durable_bytes, 'group does not start at the durable end');
    const marker = encodeCommitMarker(buffer.last_seq, this.chain_checksum);
    this.chain_checksum = marker.header_checksum;
    this.next_position += marker.bytes.length;
    spare.reset();
    this.active = spare;
    this.spare = null;
    return { buffer, position, marker: marker.bytes };
  }

  private groupDurable(group: CommitGroup): void {
    this.durable_seq = group.buffer.last_seq;
    this.durable_bytes = group.position + group.buffer.used_bytes + group.marker.length;
    this.spare = group.buffer;
  }

  private fail(cause: unknown): JournalFailedError {
    this.failure ??= new JournalFailedError(this.path, cause);
    return this.failure;
  }

  /** Closes the file; a crash leaves its lock file behind, as a dead process would. */
  private release(crashed = false): void {
    closeSync(this.fd);
    this.closed = true;
    if (this.settings.read_only) return;
    writers.delete(this.path);
    if (!crashed) releaseLock(`${this.path}.lock`);
  }

  private assertWritable(): void {
    assert(!this.closed, 'journal is closed');
    assert(!this.settings.read_only, 'journal is open read-only');
    assert(this.pending === null, 'journal recovery is still pending: call finishRecovery()');
    if (this.failure !== null) throw this.failure;
  }
}

function resolveOptions(options: JournalOptions): Required<JournalOptions> {
  const settings: Required<JournalOptions> = {
    fsync: options.fsync ?? 'always',
    read_only: options.read_only ?? false,
    defer_recovery: options.defer_recovery ?? false,
    create: options.create ?? true,
    buffer_bytes_max: options.buffer_bytes_max ?? JOURNAL_BUFFER_BYTES_MAX,
    buffer_records_max: options.buffer_records_max ?? JOURNAL_BUFFER_RECORDS_MAX,
  };
  assert(settings.fsync === 'always' || settings.fsync === 'never', 'fsync must be always|never');
  assert(
    Number.isSafeInteger(settings.buffer_bytes_max) &&
      settings.buffer_bytes_max > RECORD_HEADER_BYTES,
    'buffer_bytes_max too small',
  );
  assert(
    Number.isSafeInteger(settings.buffer_records_max) && settings.buffer_records_max >= 1,
    'buffer_records_max must be at least 1',
  );
  return settings;
}
