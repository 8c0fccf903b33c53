import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AssertionError } from '../kernel/index.js';
import { JOURNAL_BUFFER_FULL, JournalCorruptError } from './errors.js';
import { RECORD_HEADER_BYTES } from './format.js';
import { Journal } from './journal.js';
import { buildJournal, fileBytes, readAll, samplePayload, withTempDir } from './testing.js';
import { verifyJournal } from './verify.js';

describe('Journal: appending and reading', () => {
  test('round-trips thousands of records across many commit groups', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const payloads = buildJournal(path, [1, 999, 2500, 1, 1499]);
      const journal = Journal.open(path);
      assert.equal(journal.last_seq, 5000);
      assert.equal(journal.committed_seq, 5000);
      assert.equal(journal.size_bytes, statSync(path).size);
      assert.deepEqual(readAll(journal), payloads);
      assert.deepEqual(
        [...journal.records(4999)].map((r) => r.seq),
        [4999, 5000],
      );
      journal.closeSync();
    });
  });

  test('reopening continues the sequence where it stopped', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [10]);
      const journal = Journal.open(path);
      assert.equal(journal.recovery.torn_tail, null);
      assert.equal(journal.recovery.sealed, false);
      assert.ok(journal.append(11, samplePayload(11)).ok);
      journal.commitSync();
      journal.closeSync();
      const again = Journal.open(path);
      assert.deepEqual(
        [...again.records()].map((r) => r.seq),
        Array.from({ length: 11 }, (_, i) => i + 1),
      );
      again.closeSync();
    });
  });

  test('streams from a middle seq, past the sparse index entries, with positions', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const payloads = buildJournal(path, [3000, 3000]);
      const journal = Journal.open(path);
      const records = [...journal.records(2500)];
      assert.equal(records.length, 3501);
      assert.equal(records[0]?.seq, 2500);
      assert.equal(records[0]?.payload, payloads[2499]);
      const bytes = fileBytes(path);
      for (const record of records.slice(0, 50)) {
        assert.equal(bytes.readUInt32LE(record.position + 24), record.seq);
      }
      assert.deepEqual([...journal.records(6001)], []);
      assert.throws(() => journal.records(6002), AssertionError);
      journal.closeSync();
    });
  });

  test('reads a record larger than the read window', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const big = JSON.stringify({ blob: 'x'.repeat(3 * 1024 * 1024) });
      const journal = Journal.open(path, { fsync: 'never' });
      assert.ok(journal.append(1, 'small').ok);
      assert.ok(journal.append(2, big).ok);
      assert.ok(journal.append(3, 'after').ok);
      journal.commitSync();
      journal.closeSync();
      const again = Journal.open(path, { read_only: true });
      assert.deepEqual(readAll(again), ['small', big, 'after']);
      again.closeSync();
    });
  });

  test('a new journal holds only its file header, reports seq 0 and verifies', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path);
      assert.equal(journal.last_seq, 0);
      assert.deepEqual(readAll(journal), []);
      journal.closeSync();
      assert.equal(statSync(path).size, RECORD_HEADER_BYTES);
      assert.deepEqual(readdirSync(directory), ['journal.log']);
      assert.equal(verifyJournal(path).status, 'ok');
    });
  });

  test('refuses a file that is not a journal, and changes none of it', () => {
    withTempDir((directory) => {
      const path = join(directory, 'notes.txt');
      for (const content of ['', 'short', 'a text file that is not a journal at all\n']) {
        writeFileSync(path, content);
        assert.throws(() => Journal.open(path), JournalCorruptError);
        assert.equal(verifyJournal(path).status, 'corrupt');
        assert.equal(readFileSync(path, 'utf8'), content);
      }
    });
  });

  test('fsync "never" writes exactly the same bytes as fsync "always"', () => {
    withTempDir((directory) => {
      buildJournal(join(directory, 'a.log'), [3, 4], { fsync: 'always' });
      buildJournal(join(directory, 'b.log'), [3, 4], { fsync: 'never' });
      assert.deepEqual(fileBytes(join(directory, 'a.log')), fileBytes(join(directory, 'b.log')));
    });
  });
});

describe('Journal: programming errors are assertions', () => {
  test('refuses a seq that is not the next one', () => {
    withTempDir((directory) => {
      const journal = Journal.open(join(directory, 'journal.log'), { fsync: 'never' });
      assert.throws(() => journal.append(2, 'x'), AssertionError);
      assert.ok(journal.append(1, 'x').ok);
      assert.throws(() => journal.append(1, 'x'), AssertionError);
      assert.throws(() => journal.append(3, 'x'), AssertionError);
      assert.equal(journal.last_seq, 1);
      journal.closeSync();
    });
  });

  test('refuses text that cannot round-trip through UTF-8', () => {
    withTempDir((directory) => {
      const journal = Journal.open(join(directory, 'journal.log'), { fsync: 'never' });
      assert.throws(() => journal.append(1, 'lone \ud800 surrogate'), AssertionError);
      assert.equal(journal.buffered_records, 0);
      journal.closeSync();
    });
  });

  test('refuses a second writer on the same file, and writes in read-only mode', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path, { fsync: 'never' });
      assert.throws(() => Journal.open(path), AssertionError);
      const reader = Journal.open(path, { read_only: true });
      assert.throws(() => reader.append(1, 'x'), AssertionError);
      reader.closeSync();
      journal.closeSync();
      Journal.open(path).closeSync();
    });
  });

  test('read-only open of a missing file fails and creates nothing', () => {
    withTempDir((directory) => {
      const path = join(directory, 'missing.log');
      assert.throws(() => Journal.open(path, { read_only: true }), { code: 'ENOENT' });
      assert.throws(() => Journal.open(path, { create: false }), { code: 'ENOENT' });
      writeFileSync(join(directory, 'other'), '');
      assert.throws(() => statSync(path), { code: 'ENOENT' });
    });
  });
});

describe('Journal: the buffer is bounded', () => {
  test('rejects with JOURNAL_BUFFER_FULL at the record bound and changes nothing', () => {
    withTempDir((directory) => {
      const journal = Journal.open(join(directory, 'journal.log'), {
        fsync: 'never',
        buffer_records_max: 3,
      });
      for (const seq of [1, 2, 3]) assert.ok(journal.append(seq, 'abc').ok);
      const refused = journal.append(4, 'abc');
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.code, JOURNAL_BUFFER_FULL);
      assert.equal(!refused.ok && refused.details.buffer_records_max, 3);
      assert.equal(journal.last_seq, 3);
      assert.equal(journal.buffered_records, 3);
      journal.commitSync();
      assert.ok(journal.append(4, 'abc').ok);
      journal.closeSync();
    });
  });

  test('rejects with JOURNAL_BUFFER_FULL at the byte bound', () => {
    withTempDir((directory) => {
      const record_bytes = RECORD_HEADER_BYTES + 10;
      const journal = Journal.open(join(directory, 'journal.log'), {
        fsync: 'never',
        buffer_bytes_max: 2 * record_bytes + RECORD_HEADER_BYTES + 1,
      });
      assert.ok(journal.append(1, '0123456789').ok);
      assert.ok(journal.append(2, '0123456789').ok);
      const refused = journal.append(3, '0123456789');
      assert.equal(!refused.ok && refused.code, JOURNAL_BUFFER_FULL);
      assert.equal(journal.buffered_bytes, 2 * record_bytes);
      assert.ok(journal.append(3, '0').ok, 'a smaller record still fits');
      assert.throws(() => journal.append(4, 'x'.repeat(200)), AssertionError);
      journal.closeSync();
    });
  });
});
