import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { crashJournal } from './faults.js';
import { Journal } from './journal.js';
import { JournalLockedError } from './lock.js';
import { withTempDir, withTempDirAsync } from './testing.js';

describe('one writer per journal across processes', () => {
  test('a writer holds a lock file with its pid and removes it on close', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path, { fsync: 'never' });
      assert.equal(readFileSync(`${path}.lock`, 'utf8'), `${process.pid}\n`);
      const reader = Journal.open(path, { read_only: true });
      reader.closeSync();
      assert.ok(existsSync(`${path}.lock`), 'a reader neither takes nor drops the lock');
      journal.closeSync();
      assert.equal(existsSync(`${path}.lock`), false);
    });
  });

  test('refuses to open a journal locked by a live process', async () => {
    await withTempDirAsync(async (directory) => {
      const path = join(directory, 'journal.log');
      Journal.open(path, { fsync: 'never' }).closeSync();
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      try {
        assert.ok(other.pid !== undefined);
        writeFileSync(`${path}.lock`, `${other.pid}\n`);
        assert.throws(
          () => Journal.open(path),
          (error: unknown) => error instanceof JournalLockedError && error.pid === other.pid,
        );
        assert.equal(readFileSync(`${path}.lock`, 'utf8'), `${other.pid}\n`);
      } finally {
        other.kill();
      }
    });
  });

  test('takes over a lock left by a dead process or a crash', async () => {
    await withTempDirAsync(async (directory) => {
      const path = join(directory, 'journal.log');
      Journal.open(path, { fsync: 'never' }).closeSync();
      const dead = spawn(process.execPath, ['-e', '']);
      const dead_pid = dead.pid;
      await new Promise((resolve) => dead.on('exit', resolve));
      writeFileSync(`${path}.lock`, `${dead_pid}\n`);
      const journal = Journal.open(path, { fsync: 'never' });
      assert.ok(journal.append(1, 'x').ok);
      crashJournal(journal, 'after_write');
      assert.ok(existsSync(`${path}.lock`), 'a crash leaves its lock behind');
      const reopened = Journal.open(path, { fsync: 'never' });
      assert.equal(reopened.last_seq, 1);
      reopened.closeSync();
      writeFileSync(`${path}.lock`, 'garbage');
      Journal.open(path, { fsync: 'never' }).closeSync();
    });
  });
});
