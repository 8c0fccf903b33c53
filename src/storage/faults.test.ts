import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AssertionError } from '../kernel/index.js';
import { corruptByte, journalLayout, tearJournalTail } from './faults.js';
import { KIND_COMMIT, KIND_DATA, KIND_FILE } from './format.js';
import { buildJournal, fileBytes, withTempDir } from './testing.js';

describe('fault helpers', () => {
  test('journalLayout lists records and markers in file order, end to end', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [2, 1]);
      const layout = journalLayout(path);
      assert.deepEqual(
        layout.map((extent) => [extent.kind, extent.seq]),
        [
          [KIND_FILE, 0],
          [KIND_DATA, 1],
          [KIND_DATA, 2],
          [KIND_COMMIT, 2],
          [KIND_DATA, 3],
          [KIND_COMMIT, 3],
        ],
      );
      const last = layout.at(-1);
      assert.equal(last && last.position + last.bytes, statSync(path).size);
    });
  });

  test('corruptByte is exact and undoes itself with the same mask', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [2]);
      const original = fileBytes(path);
      const change = corruptByte(path, 40, 0x5a);
      assert.equal(change.before, original[40]);
      assert.equal(change.after, (original[40] as number) ^ 0x5a);
      const damaged = fileBytes(path);
      assert.equal(damaged.subarray(41).compare(original.subarray(41)), 0);
      assert.equal(damaged.subarray(0, 40).compare(original.subarray(0, 40)), 0);
      corruptByte(path, 40, 0x5a);
      assert.deepEqual(fileBytes(path), original);
      assert.throws(() => corruptByte(path, original.length), AssertionError);
      assert.throws(() => corruptByte(path, 0, 0), AssertionError);
    });
  });

  test('tearJournalTail keeps exactly n bytes of the last data record', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [3]);
      const last = journalLayout(path).filter((extent) => extent.kind === KIND_DATA)[2];
      assert.ok(last !== undefined);
      const report = tearJournalTail(path, 7);
      assert.equal(report.size_bytes_after, last.position + 7);
      assert.equal(statSync(path).size, last.position + 7);
      assert.throws(() => tearJournalTail(path, { cut_at: last.position + 8 }), AssertionError);
    });
  });

  test('tearJournalTail refuses a keep that is not a strict prefix', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [1]);
      const record = journalLayout(path)[1];
      assert.ok(record !== undefined && record.kind === KIND_DATA);
      assert.throws(() => tearJournalTail(path, record.bytes), AssertionError);
      assert.throws(() => tearJournalTail(path, -1), AssertionError);
    });
  });
});
