/**
 * Test helpers for storage tests: real temporary directories, removed afterwards, and journals
 * built from a plan of commit groups.
 * @module
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '../kernel/index.js';
import { Journal, type JournalOptions } from './journal.js';

export function withTempDir<T>(run: (directory: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-storage-'));
  try {
    return run(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function withTempDirAsync<T>(run: (directory: string) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-storage-'));
  try {
    return await run(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A command-like payload of varying length, with non-ASCII text, as the codec produces it. */
export function samplePayload(seq: number, padding = seq % 7): string {
  return encode({
    type: 'order.place',
    seq,
    amount_minor: BigInt(seq) * 1_000_000_007n,
    note: '互通'.repeat(padding),
  });
}

/**
 * Writes a journal whose commit groups hold `group_sizes[i]` records each (with `fsync: 'never'`
 * for speed: the bytes are identical) and returns the payloads by seq (index 0 is seq 1).
 */
export function buildJournal(
  path: string,
  group_sizes: readonly number[],
  options: JournalOptions = {},
): string[] {
  const journal = Journal.open(path, { fsync: 'never', ...options });
  const payloads: string[] = [];
  for (const size of group_sizes) {
    for (let i = 0; i < size; i += 1) {
      const seq = journal.last_seq + 1;
      const payload = samplePayload(seq);
      const outcome = journal.append(seq, payload);
      if (!outcome.ok) throw new Error(`append refused: ${outcome.code}`);
      payloads.push(payload);
    }
    journal.commitSync();
  }
  journal.closeSync();
  return payloads;
}

export function readAll(journal: Journal, from_seq = 1): string[] {
  return [...journal.records(from_seq)].map((record) => record.payload);
}

export function fileBytes(path: string): Buffer {
  return readFileSync(path);
}
