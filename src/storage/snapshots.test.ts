import assert from 'node:assert/strict';
import { readdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AssertionError, encode } from '../kernel/index.js';
import { corruptByte } from './faults.js';
import { SNAPSHOT_HEADER_BYTES } from './snapshot_format.js';
import { SnapshotStore, snapshotFileName } from './snapshots.js';
import { withTempDir, withTempDirAsync } from './testing.js';

/** Stands for the header checksum of the journal record at the snapshot's seq. */
const RECORD_CHECKSUM = 0xdeadbeef;

function state(seq: number): string {
  return encode({ seq, balances: { alice: BigInt(seq) * 10n ** 20n }, label: '港股通' });
}

describe('SnapshotStore', () => {
  test('writes a snapshot named by seq and reads it back', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(join(directory, 'data', 'snapshots'));
      const written = store.writeSync(42, state(42), RECORD_CHECKSUM);
      assert.equal(written.path, join(store.directory, 'snapshot-0000000000000042.snap'));
      assert.deepEqual(readdirSync(store.directory), ['snapshot-0000000000000042.snap']);
      const latest = store.latest();
      assert.equal(latest.snapshot?.seq, 42);
      assert.equal(latest.snapshot?.payload, state(42));
      assert.equal(latest.snapshot?.record_checksum, RECORD_CHECKSUM);
      assert.deepEqual(latest.skipped, []);
    });
  });

  test('skips a version-1 snapshot (no journal binding) and says so', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory);
      store.writeSync(5, state(5), RECORD_CHECKSUM);
      const body = Buffer.from(state(9), 'utf8');
      const v1 = Buffer.alloc(32 + body.length);
      v1.writeUInt32LE(0x534854ff, 0);
      v1.writeUInt16LE(1, 8);
      v1.writeUInt32LE(body.length, 16);
      v1.writeUInt32LE(9, 24);
      body.copy(v1, 32);
      writeFileSync(join(directory, snapshotFileName(9)), v1);
      const latest = store.latest();
      assert.equal(latest.snapshot?.seq, 5);
      assert.deepEqual(
        latest.skipped.map((problem) => [problem.seq, problem.fault]),
        [[9, 'unsupported_version']],
      );
      assert.match(latest.skipped[0]?.message ?? '', /unsupported_version/);
    });
  });

  test('an empty store has no snapshot', () => {
    withTempDir((directory) => {
      assert.deepEqual(new SnapshotStore(directory).latest(), { snapshot: null, skipped: [] });
    });
  });

  test('latest() is the newest by seq, not by name or write order', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory, { keep: 5 });
      for (const seq of [900, 10_000, 95]) store.writeSync(seq, state(seq), RECORD_CHECKSUM);
      assert.equal(store.latest().snapshot?.seq, 10_000);
      assert.deepEqual(
        store.list().map((file) => file.seq),
        [10_000, 900, 95],
      );
    });
  });

  test('falls back past a corrupt newest snapshot and says why', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory, { keep: 3 });
      for (const seq of [10, 20, 30]) store.writeSync(seq, state(seq), RECORD_CHECKSUM);
      corruptByte(join(directory, snapshotFileName(30)), SNAPSHOT_HEADER_BYTES + 3);
      truncateSync(join(directory, snapshotFileName(20)), SNAPSHOT_HEADER_BYTES + 5);
      const latest = store.latest();
      assert.equal(latest.snapshot?.seq, 10);
      assert.equal(latest.snapshot?.payload, state(10));
      assert.deepEqual(
        latest.skipped.map((problem) => [problem.seq, problem.fault]),
        [
          [30, 'payload_checksum'],
          [20, 'length_mismatch'],
        ],
      );
      assert.match(latest.skipped[0]?.message ?? '', /snapshot-0000000000000030\.snap/);
    });
  });

  test('detects a damaged header and a snapshot renamed to another seq', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory, { keep: 3 });
      for (const seq of [1, 2, 3]) store.writeSync(seq, state(seq), RECORD_CHECKSUM);
      corruptByte(join(directory, snapshotFileName(3)), 25, 0x01);
      renameSync(join(directory, snapshotFileName(2)), join(directory, snapshotFileName(7)));
      const latest = store.latest();
      assert.deepEqual(
        latest.skipped.map((problem) => [problem.seq, problem.fault]),
        [
          [7, 'seq_mismatch'],
          [3, 'header_checksum'],
        ],
      );
      assert.equal(latest.snapshot?.seq, 1);
      assert.deepEqual(
        store.check().map((check) => [check.seq, check.fault]),
        [
          [7, 'seq_mismatch'],
          [3, 'header_checksum'],
          [1, null],
        ],
      );
    });
  });

  test('no snapshot verifies: says so for each', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory);
      store.writeSync(5, state(5), RECORD_CHECKSUM);
      writeFileSync(join(directory, snapshotFileName(6)), 'not a snapshot'.repeat(5));
      truncateSync(join(directory, snapshotFileName(5)), 10);
      const latest = store.latest();
      assert.equal(latest.snapshot, null);
      assert.deepEqual(
        latest.skipped.map((problem) => problem.fault),
        ['bad_magic', 'truncated_header'],
      );
    });
  });

  test('keeps only the newest K snapshots', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory, { keep: 2 });
      const deleted: string[] = [];
      for (const seq of [1, 2, 3, 4, 5])
        deleted.push(...store.writeSync(seq, state(seq), RECORD_CHECKSUM).deleted);
      assert.deepEqual(
        store.list().map((file) => file.seq),
        [5, 4],
      );
      assert.deepEqual(
        deleted,
        [1, 2, 3].map((seq) => join(store.directory, snapshotFileName(seq))),
      );
    });
  });

  test('a snapshot interrupted before its rename is invisible and cleaned up on open', () => {
    withTempDir((directory) => {
      const store = new SnapshotStore(directory);
      store.writeSync(10, state(10), RECORD_CHECKSUM);
      const temp = join(directory, `${snapshotFileName(11)}.tmp`);
      writeFileSync(temp, 'half a snapshot');
      assert.equal(store.latest().snapshot?.seq, 10);
      const reopened = new SnapshotStore(directory);
      assert.deepEqual(readdirSync(directory), [snapshotFileName(10)]);
      assert.equal(reopened.latest().snapshot?.seq, 10);
    });
  });

  test('the async write produces the same file as the sync one', async () => {
    await withTempDirAsync(async (directory) => {
      const a = new SnapshotStore(join(directory, 'a'));
      const b = new SnapshotStore(join(directory, 'b'));
      const payload = state(7).repeat(10_000);
      const written = await a.write(7, payload, RECORD_CHECKSUM);
      b.writeSync(7, payload, RECORD_CHECKSUM);
      assert.equal(written.size_bytes, Buffer.byteLength(payload) + SNAPSHOT_HEADER_BYTES);
      assert.equal(a.latest().snapshot?.payload, payload);
      const [file_a, file_b] = [a.list()[0], b.list()[0]];
      assert.ok(file_a !== undefined && file_b !== undefined);
      assert.deepEqual(readFileSync(file_a.path), readFileSync(file_b.path));
    });
  });

  test('refuses a negative seq, a keep below 1 and a lone surrogate', () => {
    withTempDir((directory) => {
      assert.throws(() => new SnapshotStore(directory, { keep: 0 }), AssertionError);
      const store = new SnapshotStore(directory);
      assert.throws(() => store.writeSync(-1, 'x', RECORD_CHECKSUM), AssertionError);
      assert.throws(() => store.writeSync(1, '\udc00', RECORD_CHECKSUM), AssertionError);
      assert.deepEqual(readdirSync(directory), []);
    });
  });
});
