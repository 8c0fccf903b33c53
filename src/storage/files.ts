/**
 * Small, exact file helpers: whole writes (a short write is retried, never ignored), directory
 * fsync after a create or rename, and a well-formedness check for text going to disk.
 * @module
 */

import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  openSync,
  unlinkSync,
  write as writeCallback,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { assert } from '../kernel/index.js';

const writeAsync = promisify(writeCallback);

/** Writes all of `bytes` at `position`, retrying short writes. */
export function writeAllSync(fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  // Bounded: each pass writes at least one byte or throws.
  while (written < bytes.length) {
    const count = writeSync(fd, bytes, written, bytes.length - written, position + written);
    assert(count > 0, 'write made no progress');
    written += count;
  }
}

/** Writes all of `bytes` at `position` on the libuv thread pool, retrying short writes. */
export async function writeAll(fd: number, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0;
  // Bounded: each pass writes at least one byte or throws.
  while (written < bytes.length) {
    const { bytesWritten } = await writeAsync(
      fd,
      bytes,
      written,
      bytes.length - written,
      position + written,
    );
    assert(bytesWritten > 0, 'write made no progress');
    written += bytesWritten;
  }
}

/** Makes a directory entry (a created, renamed or deleted file) durable. */
export function fsyncDirectory(directory: string): void {
  const fd = openSync(directory, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a file for reading and writing. When it does not exist and `create` is set, creates it
 * atomically with `initial` as its content: written and fsynced under a temporary name, then
 * linked into place (link, unlike rename, never replaces a file that appeared meanwhile), and the
 * directory fsynced. So the file either does not exist or holds all of `initial`, durably.
 */
export function openReadWrite(path: string, create: boolean, initial: Uint8Array): number {
  try {
    return openSync(path, constants.O_RDWR);
  } catch (error) {
    if (!create || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp_path = `${path}.creating`;
  const fd = openSync(temp_path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o644);
  try {
    writeAllSync(fd, initial, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  linkSync(temp_path, path);
  unlinkSync(temp_path);
  fsyncDirectory(dirname(path));
  return openSync(path, constants.O_RDWR);
}

interface WellFormedString {
  isWellFormed(): boolean;
}

/** Text with a lone surrogate cannot round-trip through UTF-8; writing it would lose data. */
export function assertWellFormed(text: string, what: string): void {
  assert((text as unknown as WellFormedString).isWellFormed(), `${what} has a lone surrogate`);
}
