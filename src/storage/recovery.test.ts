import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AssertionError } from '../kernel/index.js';
import { JournalCorruptError } from './errors.js';
import { corruptByte, crashJournal, journalLayout, tearJournalTail } from './faults.js';
import { KIND_COMMIT, KIND_DATA, RECORD_HEADER_BYTES } from './format.js';
import { Journal } from './journal.js';
import { buildJournal, fileBytes, readAll, samplePayload, withTempDir } from './testing.js';
import { verifyJournal } from './verify.js';

const SEED = 20_260_521;

function dataExtents(path: string) {
  return journalLayout(path).filter((extent) => extent.kind === KIND_DATA);
}

function commitExtents(path: string) {
  return journalLayout(path).filter((extent) => extent.kind === KIND_COMMIT);
}

/** Opening must refuse with exactly these facts, and verify must report the same, changing nothing. */
function assertRefused(path: string, position: number, expected_seq: number): void {
  const before = fileBytes(path);
  const report = verifyJournal(path);
  assert.equal(report.status, 'corrupt');
  assert.equal(report.corruption?.position, position);
  assert.equal(report.corruption?.expected_seq, expected_seq);
  assert.throws(
    () => Journal.open(path),
    (error: unknown) =>
      error instanceof JournalCorruptError &&
      error.facts.position === position &&
      error.facts.expected_seq === expected_seq &&
      error.message.includes(`byte ${position}`),
  );
  assert.deepEqual(fileBytes(path), before, 'a refused open changes no byte');
}

describe('recovery: torn tails are cut', () => {
  test('a tear at every cut point of the last record recovers exactly the valid prefix', () => {
    withTempDir((directory) => {
      const original = join(directory, 'original.log');
      const payloads = buildJournal(original, [5, 1]);
      const last = dataExtents(original).at(-1);
      assert.ok(last !== undefined && last.seq === 6);
      const path = join(directory, 'journal.log');
      // Exhaustive: every byte count the crash could have left of the last record.
      for (let keep = 0; keep < last.bytes; keep += 1) {
        copyFileSync(original, path);
        tearJournalTail(path, keep);
        const torn = fileBytes(path);
        const report = verifyJournal(path);
        assert.equal(report.status, keep === 0 ? 'ok' : 'torn_tail', `keep ${keep}`);
        assert.equal(report.last_seq, 5);
        assert.deepEqual(fileBytes(path), torn, 'verify changes no byte');
        const journal = Journal.open(path);
        assert.equal(journal.recovery.truncated, keep > 0);
        assert.equal(journal.recovery.torn_tail?.position ?? last.position, last.position);
        assert.equal(journal.last_seq, 5);
        assert.deepEqual(fileBytes(path), torn.subarray(0, last.position), 'cut at the record');
        assert.ok(journal.append(6, 'again').ok);
        journal.commitSync();
        assert.deepEqual(readAll(journal), [...payloads.slice(0, 5), 'again']);
        journal.closeSync();
      }
    });
  });

  test('a tear anywhere in the last, unfinished commit group keeps every whole record before it', () => {
    withTempDir((directory) => {
      const original = join(directory, 'original.log');
      const path = join(directory, 'journal.log');
      const payloads = buildJournal(original, [3, 4]);
      const marker = commitExtents(original)[0];
      assert.ok(marker !== undefined);
      const group_start = marker.position + marker.bytes;
      const group_end = commitExtents(original)[1]?.position ?? 0;
      const starts = dataExtents(original).map((extent) => extent.position);
      fc.assert(
        fc.property(fc.integer({ min: group_start, max: group_end }), (cut_at) => {
          copyFileSync(original, path);
          tearJournalTail(path, { cut_at });
          const whole = dataExtents(original).filter((e) => e.position + e.bytes <= cut_at);
          const journal = Journal.open(path);
          assert.equal(journal.last_seq, whole.length);
          assert.equal(
            journal.recovery.truncated,
            !starts.includes(cut_at) && cut_at !== group_end,
          );
          assert.equal(journal.recovery.sealed, whole.length > 3);
          assert.deepEqual(readAll(journal), payloads.slice(0, whole.length));
          journal.closeSync();
          assert.equal(verifyJournal(path).status, 'ok');
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
  });

  test('a damaged final commit marker is cut and the records before it are kept and resealed', () => {
    withTempDir((directory) => {
      const original = join(directory, 'original.log');
      const path = join(directory, 'journal.log');
      const payloads = buildJournal(original, [2, 3]);
      const marker = commitExtents(original).at(-1);
      assert.ok(marker !== undefined);
      for (let offset = 0; offset < RECORD_HEADER_BYTES; offset += 1) {
        copyFileSync(original, path);
        corruptByte(path, marker.position + offset);
        const report = verifyJournal(path);
        assert.equal(report.status, 'torn_tail', `offset ${offset}`);
        assert.equal(report.torn_tail?.position, marker.position);
        assert.equal(report.unsealed_records, 3);
        const journal = Journal.open(path);
        assert.equal(journal.recovery.sealed, true);
        assert.deepEqual(readAll(journal), payloads);
        journal.closeSync();
        assert.deepEqual(fileBytes(path), fileBytes(original), 'resealed to the same bytes');
      }
    });
  });
});

describe('recovery: corruption is refused', () => {
  test('any flipped byte in any committed data record is refused at that record', () => {
    withTempDir((directory) => {
      const original = join(directory, 'original.log');
      const path = join(directory, 'journal.log');
      buildJournal(original, [4, 1, 6]);
      const extents = dataExtents(original);
      const target = fc
        .constantFrom(...extents)
        .chain((extent) =>
          fc.tuple(fc.constant(extent), fc.nat(extent.bytes - 1), fc.integer({ min: 1, max: 255 })),
        );
      fc.assert(
        fc.property(target, ([extent, offset, mask]) => {
          copyFileSync(original, path);
          corruptByte(path, extent.position + offset, mask);
          assertRefused(path, extent.position, extent.seq);
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  });

  test('a flipped byte in the last data record is refused: its commit marker vouches for it', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [3]);
      const last = dataExtents(path).at(-1);
      assert.ok(last !== undefined);
      corruptByte(path, last.position + RECORD_HEADER_BYTES + 2);
      assertRefused(path, last.position, 3);
      let error: unknown = null;
      try {
        Journal.open(path);
      } catch (caught) {
        error = caught;
      }
      assert.ok(error instanceof JournalCorruptError);
      assert.equal(error.facts.reason, 'payload_checksum');
      assert.equal(error.facts.evidence_position, last.position + last.bytes);
    });
  });

  test('a flipped byte in a middle commit marker is refused', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [2, 2]);
      const marker = commitExtents(path)[0];
      assert.ok(marker !== undefined);
      corruptByte(path, marker.position + 26, 0x01);
      assertRefused(path, marker.position, 3);
    });
  });

  test('a missing middle record is a sequence gap', () => {
    withTempDir((directory) => {
      const original = join(directory, 'original.log');
      const path = join(directory, 'journal.log');
      buildJournal(original, [3, 3]);
      const bytes = fileBytes(original);
      const second = dataExtents(original)[1];
      assert.ok(second !== undefined);
      const spliced = Buffer.concat([
        bytes.subarray(0, second.position),
        bytes.subarray(second.position + second.bytes),
      ]);
      writeBytes(path, spliced);
      assertRefused(path, second.position, 2);
      const report = verifyJournal(path);
      assert.equal(report.corruption?.reason, 'sequence_gap');
    });
  });

  test('a record repeated in place of its successor is a sequence gap, not a torn tail', () => {
    withTempDir((directory) => {
      const original = join(directory, 'original.log');
      const path = join(directory, 'journal.log');
      buildJournal(original, [2]);
      const bytes = fileBytes(original);
      const first = dataExtents(original)[0];
      assert.ok(first !== undefined);
      // The whole file, then its first record again: valid checksums, wrong place.
      writeBytes(
        path,
        Buffer.concat([bytes, bytes.subarray(first.position, first.position + first.bytes)]),
      );
      assertRefused(path, bytes.length, 3);
      assert.equal(verifyJournal(path).corruption?.reason, 'sequence_gap');
    });
  });

  test('records from another journal with the right seqs break the checksum chain', () => {
    withTempDir((directory) => {
      const a = join(directory, 'a.log');
      const b = join(directory, 'b.log');
      buildJournal(a, [2, 2]);
      const journal = Journal.open(b, { fsync: 'never' });
      for (const seq of [1, 2, 3, 4]) assert.ok(journal.append(seq, `other ${seq}`).ok);
      journal.commitSync();
      journal.closeSync();
      const cut = commitExtents(a)[0];
      const b_third = dataExtents(b)[2];
      assert.ok(cut !== undefined && b_third !== undefined);
      const path = join(directory, 'mixed.log');
      const head = fileBytes(a).subarray(0, cut.position + cut.bytes);
      writeBytes(path, Buffer.concat([head, fileBytes(b).subarray(b_third.position)]));
      assertRefused(path, head.length, 3);
      assert.equal(verifyJournal(path).corruption?.reason, 'chain_broken');
    });
  });
});

describe('recovery: crashes inside a commit', () => {
  test('before the write: the buffered records are simply gone', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [3]);
      const journal = Journal.open(path);
      for (const seq of [4, 5]) assert.ok(journal.append(seq, samplePayload(seq)).ok);
      crashJournal(journal, 'before_write');
      const reopened = Journal.open(path);
      assert.equal(reopened.last_seq, 3);
      assert.equal(reopened.recovery.sealed, false);
      reopened.closeSync();
    });
  });

  for (const at of ['after_write', 'after_fsync'] as const) {
    test(`${at}: the durable but unsealed records are kept and sealed on open`, () => {
      withTempDir((directory) => {
        const path = join(directory, 'journal.log');
        buildJournal(path, [3]);
        const journal = Journal.open(path);
        for (const seq of [4, 5]) assert.ok(journal.append(seq, samplePayload(seq)).ok);
        crashJournal(journal, at);
        const before = fileBytes(path);
        const reader = Journal.open(path, { read_only: true });
        assert.deepEqual(
          [...reader.records(4)].map((record) => record.seq),
          [4, 5],
        );
        reader.closeSync();
        const report = verifyJournal(path);
        assert.equal(report.status, 'ok');
        assert.equal(report.committed_seq, 3);
        assert.equal(report.unsealed_records, 2);
        assert.deepEqual(fileBytes(path), before);
        const reopened = Journal.open(path);
        assert.equal(reopened.recovery.unsealed_records, 2);
        assert.equal(reopened.recovery.sealed, true);
        assert.equal(reopened.committed_seq, 5);
        reopened.closeSync();
        assert.equal(verifyJournal(path).unsealed_records, 0);
      });
    });
  }

  test('a hole inside an unsealed group is a torn tail even with whole records after it', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [2]);
      const journal = Journal.open(path);
      for (const seq of [3, 4, 5, 6]) assert.ok(journal.append(seq, samplePayload(seq)).ok);
      crashJournal(journal, 'after_write');
      // A page of the unsealed group never reached the disk; later pages did.
      const hole = dataExtents(path)[3];
      assert.ok(hole !== undefined && hole.seq === 4);
      corruptByte(path, hole.position + RECORD_HEADER_BYTES);
      const report = verifyJournal(path);
      assert.equal(report.status, 'torn_tail');
      assert.equal(report.torn_tail?.data_records_dropped, 3, 'seqs 4 (header intact), 5, 6');
      const reopened = Journal.open(path);
      assert.equal(reopened.last_seq, 3);
      assert.equal(reopened.committed_seq, 3);
      reopened.closeSync();
    });
  });
});

function writeBytes(path: string, bytes: Buffer): void {
  writeFileSync(path, bytes);
}

describe('recovery: a deferred open decides before it repairs', () => {
  test('changes no byte until finishRecovery, then cuts the torn tail', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      const payloads = buildJournal(path, [3, 2]);
      const last = dataExtents(path).at(-1);
      assert.ok(last !== undefined);
      tearJournalTail(path, 10);
      const torn = fileBytes(path);
      const journal = Journal.open(path, { fsync: 'never', defer_recovery: true });
      assert.equal(journal.recovery_pending, true);
      assert.equal(journal.recovery.truncated, false);
      assert.equal(journal.recovery.torn_tail?.position, last.position);
      assert.deepEqual(readAll(journal), payloads.slice(0, 4));
      assert.throws(() => journal.append(5, 'x'), AssertionError);
      assert.deepEqual(fileBytes(path), torn, 'a deferred open changed the journal');
      journal.finishRecovery();
      assert.equal(journal.recovery.truncated, true);
      // Record 4 lost its commit marker with the tail: open seals it with a new one.
      assert.equal(journal.recovery.sealed, true);
      assert.equal(fileBytes(path).length, last.position + RECORD_HEADER_BYTES);
      assert.equal(journal.append(5, samplePayload(5)).ok, true);
      journal.closeSync();
      assert.deepEqual(readAll(Journal.open(path, { read_only: true })), [
        ...payloads.slice(0, 4),
        samplePayload(5),
      ]);
    });
  });

  test('a deferred open closed without finishing leaves the file as it was', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [2]);
      tearJournalTail(path, 5);
      const torn = fileBytes(path);
      Journal.open(path, { fsync: 'never', defer_recovery: true }).closeSync();
      assert.deepEqual(fileBytes(path), torn);
    });
  });

  test('recordChecksum is the header checksum of the record, appended or read back', () => {
    withTempDir((directory) => {
      const path = join(directory, 'journal.log');
      buildJournal(path, [3, 4]);
      const journal = Journal.open(path, { fsync: 'never' });
      const read = [...journal.records(1)].map((record) => record.checksum);
      assert.deepEqual(
        [1, 2, 3, 4, 5, 6, 7].map((seq) => journal.recordChecksum(seq)),
        read,
      );
      assert.equal(journal.recordChecksum(0), 0);
      journal.append(8, samplePayload(8));
      const appended = journal.recordChecksum(8);
      journal.closeSync();
      const reopened = Journal.open(path, { read_only: true });
      assert.equal(reopened.recordChecksum(8), appended);
      assert.equal([...reopened.records(8)][0]?.checksum, appended);
      reopened.closeSync();
    });
  });
});
