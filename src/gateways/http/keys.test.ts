import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { KEYS_FILE_NAME, KeyFileError, KeyStore } from './keys.js';

describe('API keys', () => {
  test('are random, stored readable by the owner only, and the same after reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hutong-keys-'));
    try {
      const store = KeyStore.open(dir);
      assert.deepEqual(store.ensure(['operator', 'HARBOUR', 'PEAK']), [
        'operator',
        'HARBOUR',
        'PEAK',
      ]);
      assert.deepEqual(store.ensure(['HARBOUR', 'BUND']), ['BUND'], 'existing keys are kept');
      const path = join(dir, KEYS_FILE_NAME);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const harbour = store.keyOf('HARBOUR');
      assert.match(harbour ?? '', /^hk_[A-Za-z0-9_-]{43}$/);
      assert.notEqual(harbour, store.keyOf('PEAK'));
      const reopened = KeyStore.open(dir);
      assert.equal(reopened.keyOf('HARBOUR'), harbour);
      assert.equal(reopened.lookup(harbour ?? '')?.participant, 'HARBOUR');
      assert.equal(reopened.lookup('hk_guess'), undefined);
      assert.equal(JSON.parse(readFileSync(path, 'utf8')).format, 'hutong.api-keys.v1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a damaged key file is refused with the reason, not overwritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hutong-keys-'));
    try {
      writeFileSync(
        join(dir, KEYS_FILE_NAME),
        '{"format":"hutong.api-keys.v1","keys":[{"participant":1}]}',
      );
      assert.throws(() => KeyStore.open(dir), KeyFileError);
      writeFileSync(join(dir, KEYS_FILE_NAME), 'not json');
      assert.throws(() => KeyStore.open(dir), /not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
