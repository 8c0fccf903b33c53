import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AssertionError } from '../kernel/index.js';
import { JOURNAL_BUFFER_FULL, JournalFailedError } from './errors.js';
import { failJournalDisk } from './faults.js';
import { Journal } from './journal.js';
import { samplePayload, withTempDirAsync } from './testing.js';
import { verifyJournal } from './verify.js';

const SEED = 4_242;

function appendRange(journal: Journal, first: number, last: number): void {
  for (let seq = first; seq <= last; seq += 1) {
    const outcome = journal.append(seq, samplePayload(seq));
    assert.ok(outcome.ok, `append ${seq}`);
  }
}

/** What the file on disk holds, read independently of the journal object. */
function durableOnDisk(path: string): { last_seq: number; committed_seq: number | null } {
  const report = verifyJournal(path);
  assert.equal(report.status, 'ok');
  return { last_seq: report.last_seq, committed_seq: report.committed_seq };
}

describe('group commit', () => {
  test('answers callers in the order they asked, even when a running group took later records', async () => {
    await withTempDirAsync(async (directory) => {
      const journal = Journal.open(join(directory, 'journal.log'));
      const order: string[] = [];
      appendRange(journal, 1, 1);
      const a = journal.commit();
      appendRange(journal, 2, 2);
      const b = journal.commit().then(() => order.push('b'));
      appendRange(journal, 3, 3); // joins b's group, which starts when a's is durable
      await a;
      // Record 3 is already in the running group: c waits on that group, but must not overtake b.
      const c = journal.commit().then(() => order.push('c'));
      await Promise.all([b, c]);
      assert.deepEqual(order, ['b', 'c']);
      await journal.close();
    });
  });

  test('concurrent commits resolve in order, each only once its records are on disk', async () => {
    await withTempDirAsync(async (directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path);
      const resolved: string[] = [];
      appendRange(journal, 1, 3);
      const first = journal.commit().then(() => {
        resolved.push('first');
        assert.deepEqual(durableOnDisk(path), { last_seq: 3, committed_seq: 3 });
      });
      assert.equal(journal.buffered_records, 0, 'the in-flight group took records 1..3');
      appendRange(journal, 4, 5);
      const second = journal.commit().then(() => {
        resolved.push('second');
        assert.ok(journal.committed_seq >= 5);
        assert.equal(durableOnDisk(path).committed_seq, 6);
      });
      assert.equal(journal.buffered_records, 2, 'records 4..5 wait for the next group');
      appendRange(journal, 6, 6);
      const third = journal.commit().then(() => resolved.push('third'));
      await Promise.all([first, second, third]);
      assert.deepEqual(resolved, ['first', 'second', 'third']);
      assert.equal(journal.committed_seq, 6);
      await journal.close();
    });
  });

  test('a commit with nothing new still waits for the group in flight', async () => {
    await withTempDirAsync(async (directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path);
      appendRange(journal, 1, 2);
      const in_flight = journal.commit();
      let empty_resolved_at = -1;
      const empty = journal.commit().then(() => {
        empty_resolved_at = journal.committed_seq;
      });
      await Promise.all([in_flight, empty]);
      assert.equal(empty_resolved_at, 2);
      await journal.commit();
      await journal.close();
    });
  });

  test('the buffer bound holds while a commit is in flight', async () => {
    await withTempDirAsync(async (directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path, { buffer_records_max: 2 });
      appendRange(journal, 1, 2);
      const in_flight = journal.commit();
      appendRange(journal, 3, 4);
      const refused = journal.append(5, samplePayload(5));
      assert.equal(!refused.ok && refused.code, JOURNAL_BUFFER_FULL);
      assert.equal(journal.last_seq, 4);
      await in_flight;
      await journal.commit();
      assert.ok(journal.append(5, samplePayload(5)).ok);
      await journal.close();
      assert.equal(verifyJournal(path).last_seq, 5);
    });
  });

  test('random interleavings of appends and commits: every commit resolves after its records', async () => {
    await withTempDirAsync(async (directory) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 120 }), async (plan) => {
          run += 1;
          const journal = Journal.open(join(directory, `run-${run}.log`), { fsync: 'never' });
          const waits: Promise<void>[] = [];
          for (const [index, commit_now] of plan.entries()) {
            const seq = index + 1;
            assert.ok(journal.append(seq, samplePayload(seq)).ok);
            if (!commit_now) continue;
            waits.push(
              journal.commit().then(() => {
                assert.ok(journal.committed_seq >= seq, `commit after ${seq} resolved early`);
              }),
            );
          }
          await Promise.all(waits);
          await journal.close();
          assert.equal(verifyJournal(join(directory, `run-${run}.log`)).last_seq, plan.length);
        }),
        { seed: SEED, numRuns: 60 },
      );
    });
  });

  test('commitSync refuses to run beside an async commit', async () => {
    await withTempDirAsync(async (directory) => {
      const journal = Journal.open(join(directory, 'journal.log'));
      appendRange(journal, 1, 1);
      const in_flight = journal.commit();
      appendRange(journal, 2, 2);
      assert.throws(() => journal.commitSync(), AssertionError);
      await in_flight;
      journal.commitSync();
      assert.equal(journal.committed_seq, 2);
      journal.closeSync();
    });
  });
});

describe('a failing disk', () => {
  test('a failed write rejects the commit and every later use, without acknowledging', async () => {
    await withTempDirAsync(async (directory) => {
      const path = join(directory, 'journal.log');
      const journal = Journal.open(path);
      appendRange(journal, 1, 2);
      await journal.commit();
      appendRange(journal, 3, 4);
      failJournalDisk(journal);
      const first = journal.commit();
      appendRange(journal, 5, 5);
      const queued = journal.commit();
      await assert.rejects(first, JournalFailedError);
      await assert.rejects(queued, JournalFailedError);
      assert.equal(journal.committed_seq, 2);
      assert.throws(() => journal.append(6, 'x'), JournalFailedError);
      await assert.rejects(journal.commit(), JournalFailedError);
      assert.throws(() => journal.commitSync(), JournalFailedError);
      await journal.close();
      const report = verifyJournal(path);
      assert.deepEqual([report.status, report.last_seq, report.committed_seq], ['ok', 2, 2]);
    });
  });
});
