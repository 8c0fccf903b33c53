/**
 * One writer per journal. Within a process a second writer is a bug (an assertion in
 * journal.ts); across processes a lock file `<journal>.lock` holding the writer's pid keeps a
 * second `hutong serve` off a journal that is in use. A lock left by a dead process (a crash) is
 * taken over. This is advisory, not kernel-enforced: Node has no flock.
 * @module
 */

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

export class JournalLockedError extends Error {
  override readonly name = 'JournalLockedError';

  constructor(
    readonly lock_path: string,
    readonly pid: number,
  ) {
    super(
      `Journal is in use by process ${pid} (lock file ${lock_path}); stop that process, or ` +
        'remove the lock file if no Hutong process is running',
    );
  }
}

/**
 * Takes the lock or throws JournalLockedError; returns the lock file's path. The caller has
 * already checked that no writer in this process holds the journal, so a lock with this process's
 * own pid is stale (left by a simulated crash).
 */
export function acquireLock(journal_path: string): string {
  const lock_path = `${journal_path}.lock`;
  // Bounded: the second pass follows the removal of a stale lock; a third is a live contender.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(lock_path)) return lock_path;
    const pid = lockOwner(lock_path);
    if (pid === null) continue; // vanished between our create and read: try again
    if (pid !== process.pid && isAlive(pid)) throw new JournalLockedError(lock_path, pid);
    removeIfPresent(lock_path);
  }
  throw new JournalLockedError(lock_path, lockOwner(lock_path) ?? -1);
}

export function releaseLock(lock_path: string): void {
  removeIfPresent(lock_path);
}

function tryCreate(lock_path: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock_path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function lockOwner(lock_path: string): number | null {
  let text: string;
  try {
    text = readFileSync(lock_path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const pid = Number(text.trim());
  // An unreadable lock (torn by a crash while being written) is stale: no live owner wrote it.
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
