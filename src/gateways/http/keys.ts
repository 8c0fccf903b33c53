/**
 * API keys: one per participant, random, stored in `<data>/api-keys.json` (mode 0600). Keys are
 * created at first start for the operator and every registered party, and later for each party
 * registered while the server runs. A key names a participant; what the participant may do and
 * see follows from the hub's reference data (see scope.ts).
 * @module
 */

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const KEYS_FILE_NAME = 'api-keys.json';
const FORMAT = 'hutong.api-keys.v1';

const KEY_RECORD = z.strictObject({
  participant: z.string().min(1).max(64),
  key: z.string().min(24).max(128),
  created_at: z.string(),
});

const KEY_FILE = z.strictObject({
  format: z.literal(FORMAT),
  keys: z.array(KEY_RECORD),
});

export type ApiKeyRecord = z.infer<typeof KEY_RECORD>;

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

export class KeyStore {
  private readonly by_key = new Map<string, ApiKeyRecord>();
  private readonly by_participant = new Map<string, ApiKeyRecord>();

  private constructor(readonly path: string) {}

  /** Loads `<data_dir>/api-keys.json`, or starts empty when it does not exist yet. */
  static open(data_dir: string): KeyStore {
    const store = new KeyStore(join(data_dir, KEYS_FILE_NAME));
    if (!existsSync(store.path)) return store;
    const parsed = KEY_FILE.safeParse(parseJsonFile(store.path));
    if (!parsed.success)
      throw new KeyFileError(`${store.path} is not a Hutong key file: ${parsed.error.message}`);
    for (const record of parsed.data.keys) store.add(record);
    return store;
  }

  lookup(key: string): ApiKeyRecord | undefined {
    return this.by_key.get(key);
  }

  keyOf(participant: string): string | undefined {
    return this.by_participant.get(participant)?.key;
  }

  list(): readonly ApiKeyRecord[] {
    return [...this.by_participant.values()];
  }

  /** Creates a key for each participant that has none; saves when any was added. */
  ensure(participants: Iterable<string>, now: Date = new Date()): string[] {
    const added: string[] = [];
    for (const participant of participants) {
      if (this.by_participant.has(participant)) continue;
      this.add({ participant, key: newKey(), created_at: now.toISOString() });
      added.push(participant);
    }
    if (added.length > 0) this.save();
    return added;
  }

  private add(record: ApiKeyRecord): void {
    this.by_key.set(record.key, record);
    this.by_participant.set(record.participant, record);
  }

  /** Writes atomically (temporary file, then rename), readable by the owner only. */
  private save(): void {
    const temporary = `${this.path}.tmp`;
    const text = `${JSON.stringify({ format: FORMAT, keys: this.list() }, null, 2)}\n`;
    writeFileSync(temporary, text, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }
}

function parseJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KeyFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** 32 random bytes, URL-safe: `hk_` and 43 characters. */
function newKey(): string {
  return `hk_${randomBytes(32).toString('base64url')}`;
}
