/**
 * Snapshots of hub state: one checksummed file per snapshot, written atomically (temp file,
 * fsync, rename, fsync of the directory), named by seq, the last `keep` kept. The journal is never
 * truncated at the head: a snapshot only shortens replay, it never replaces history.
 * @module
 */

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { open as openAsync } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assert } from '../kernel/index.js';
import { assertWellFormed, fsyncDirectory, writeAllSync } from './files.js';
import type { FsyncMode } from './journal.js';
import { decodeSnapshot, encodeSnapshotHeader, type SnapshotFault } from './snapshot_format.js';

export const SNAPSHOT_KEEP = 3;
const NAME_PATTERN = /^snapshot-(\d{16})\.snap$/;
const TEMP_SUFFIX = '.tmp';

export interface SnapshotStoreOptions {
  /** How many snapshots to keep (default 3, at least 1). */
  readonly keep?: number;
  /** 'never' skips every fsync: UNSAFE, for tests and benchmarks only. */
  readonly fsync?: FsyncMode;
  /**
   * Only read: create nothing, remove no temp file (a snapshot writer may be writing one right
   * now), write nothing. For `hutong verify`/`replay` and the snapshot writer's own reads.
   */
  readonly read_only?: boolean;
}

export interface SnapshotFile {
  readonly seq: number;
  readonly path: string;
}

export interface SnapshotWritten extends SnapshotFile {
  readonly size_bytes: number;
  /** Older snapshots removed by retention. */
  readonly deleted: readonly string[];
}

export interface LoadedSnapshot extends SnapshotFile {
  /** Header checksum of the journal record at `seq` when the snapshot was taken. */
  readonly record_checksum: number;
  readonly payload: string;
}

/** A snapshot file that failed verification and was passed over. */
export interface SnapshotProblem extends SnapshotFile {
  readonly fault: SnapshotFault;
  readonly message: string;
}

export interface SnapshotCheck extends SnapshotFile {
  /** Null when the snapshot verifies. */
  readonly fault: SnapshotFault | null;
}

export interface SnapshotLatest {
  /** The newest snapshot that verifies, or null when none does. */
  readonly snapshot: LoadedSnapshot | null;
  /** Newer snapshots passed over because they are corrupt, newest first. Print them. */
  readonly skipped: readonly SnapshotProblem[];
}

export function snapshotFileName(seq: number): string {
  assert(Number.isSafeInteger(seq) && seq >= 0, 'snapshot seq must be a safe integer');
  return `snapshot-${String(seq).padStart(16, '0')}.snap`;
}

export class SnapshotStore {
  readonly directory: string;
  private readonly keep: number;
  private readonly fsync: boolean;
  private readonly read_only: boolean;

  /** Creates the directory if needed and removes temp files left by an interrupted write. */
  constructor(directory: string, options: SnapshotStoreOptions = {}) {
    this.directory = resolve(directory);
    this.keep = options.keep ?? SNAPSHOT_KEEP;
    this.fsync = (options.fsync ?? 'always') === 'always';
    this.read_only = options.read_only ?? false;
    assert(Number.isSafeInteger(this.keep) && this.keep >= 1, 'keep must be at least 1');
    if (this.read_only) return;
    const created = mkdirSync(this.directory, { recursive: true });
    if (created !== undefined && this.fsync) fsyncCreatedDirectories(created, this.directory);
    this.removeTempFiles();
  }

  /** Snapshot files by seq, newest first, not verified. */
  list(): readonly SnapshotFile[] {
    const files: SnapshotFile[] = [];
    if (this.read_only && !existsSync(this.directory)) return files;
    for (const name of this.names()) {
      const match = NAME_PATTERN.exec(name);
      if (match !== null) files.push({ seq: Number(match[1]), path: join(this.directory, name) });
    }
    return files.sort((a, b) => b.seq - a.seq);
  }

  /**
   * Writes the state after journal record `seq`; `record_checksum` is that record's header
   * checksum (`JournalRecord.checksum`, 0 for seq 0), which binds the snapshot to the journal.
   */
  writeSync(seq: number, payload: string, record_checksum: number): SnapshotWritten {
    assert(!this.read_only, 'snapshot store is read-only');
    const { path, temp_path, header, body } = this.prepare(seq, payload, record_checksum);
    const fd = openSync(temp_path, 'w', 0o644);
    try {
      writeAllSync(fd, header, 0);
      writeAllSync(fd, body, header.length);
      if (this.fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return this.publish(seq, temp_path, path);
  }

  /** `writeSync` with the large write and its fsync on the libuv thread pool. */
  async write(seq: number, payload: string, record_checksum: number): Promise<SnapshotWritten> {
    assert(!this.read_only, 'snapshot store is read-only');
    const { path, temp_path, header, body } = this.prepare(seq, payload, record_checksum);
    const handle = await openAsync(temp_path, 'w', 0o644);
    try {
      // writeFile loops over short writes; the second call continues where the first ended.
      await handle.writeFile(header);
      await handle.writeFile(body);
      if (this.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    return this.publish(seq, temp_path, path);
  }

  /**
   * The newest snapshot that verifies (at or below `below_seq`); corrupt newer ones are reported
   * in `skipped`.
   */
  latest(below_seq = Number.MAX_SAFE_INTEGER): SnapshotLatest {
    const skipped: SnapshotProblem[] = [];
    for (const file of this.list()) {
      if (file.seq > below_seq) continue;
      const decoded = readSnapshot(file);
      if (decoded.ok) {
        const { record_checksum, payload } = decoded;
        return { snapshot: { ...file, record_checksum, payload }, skipped };
      }
      const message = `snapshot ${file.path} is unusable (${decoded.fault}); falling back to an older one`;
      skipped.push({ ...file, fault: decoded.fault, message });
    }
    return { snapshot: null, skipped };
  }

  /** Verifies every snapshot file, newest first, reading each whole: for `hutong verify`. */
  check(): readonly SnapshotCheck[] {
    return this.list().map((file) => {
      const decoded = readSnapshot(file);
      return { ...file, fault: decoded.ok ? null : decoded.fault };
    });
  }

  private prepare(seq: number, payload: string, record_checksum: number) {
    assertWellFormed(payload, 'snapshot payload');
    const body = Buffer.from(payload, 'utf8');
    const path = join(this.directory, snapshotFileName(seq));
    return {
      path,
      temp_path: `${path}${TEMP_SUFFIX}`,
      header: encodeSnapshotHeader(seq, record_checksum, body),
      body,
    };
  }

  /** Renames the durable temp file into place, makes the rename durable, applies retention. */
  private publish(seq: number, temp_path: string, path: string): SnapshotWritten {
    renameSync(temp_path, path);
    if (this.fsync) fsyncDirectory(this.directory);
    const size_bytes = statSync(path).size;
    const deleted = this.applyRetention(seq);
    return { seq, path, size_bytes, deleted };
  }

  /** Keeps the `keep` newest snapshots; the one just written (`kept_seq`) is always kept. */
  private applyRetention(kept_seq: number): string[] {
    const deleted: string[] = [];
    const files = this.list();
    for (const [rank, file] of files.entries()) {
      if (rank < this.keep || file.seq === kept_seq) continue;
      unlinkSync(file.path);
      deleted.push(file.path);
    }
    if (deleted.length > 0 && this.fsync) fsyncDirectory(this.directory);
    return deleted;
  }

  private removeTempFiles(): void {
    let removed = false;
    for (const name of this.names()) {
      if (!name.endsWith(TEMP_SUFFIX)) continue;
      unlinkSync(join(this.directory, name));
      removed = true;
    }
    if (removed && this.fsync) fsyncDirectory(this.directory);
  }

  /** Loops over this listing are bounded by its length. */
  private names(): string[] {
    return readdirSync(this.directory);
  }
}

function readSnapshot(file: SnapshotFile): ReturnType<typeof decodeSnapshot> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.path);
  } catch {
    return { ok: false, fault: 'unreadable' };
  }
  return decodeSnapshot(bytes, file.seq);
}

/** Makes new directories durable: each one's entry lives in its parent. */
function fsyncCreatedDirectories(first_created: string, deepest: string): void {
  // Bounded: each pass moves one level up, and `first_created` is an ancestor of `deepest`.
  for (let directory = deepest; ; directory = dirname(directory)) {
    fsyncDirectory(dirname(directory));
    if (directory === first_created || directory === dirname(directory)) return;
  }
}
