import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { encode } from '../kernel/codec.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { dataPaths, SnapshotStore } from '../storage/index.js';
import { ManualClock } from './clock.js';
import { HubNode } from './node.js';
import { SnapshotWriter } from './snapshot_writer.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(clock: ManualClock, every: number): HubNode {
  return HubNode.open({
    data_dir: join(dir, 'data'),
    clock,
    fsync: 'never',
    snapshot_every_commands: every,
    snapshot_in: 'child',
  });
}

describe('snapshots written by a child process (issue 12 item 4)', () => {
  test('the child writes the same bytes the hub would, bound to the journal, off the loop', async () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = open(clock, 5);
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.commitSync();
    const seq = node.hub.seq;
    const expected = encode(node.hub.snapshot());
    // commitSync returned before any snapshot was written: the child has only been started.
    assert.equal(node.snapshot_status?.in_flight_seq, seq);
    const store = new SnapshotStore(dataPaths(join(dir, 'data')).snapshot_directory);
    assert.equal(store.list().length, 0);
    await node.snapshotsIdle();
    assert.equal(node.snapshot_status?.last_seq, seq, node.snapshot_status?.last_error ?? '');
    assert.equal(node.snapshot_status?.written, 1);
    assert.equal(node.snapshot_status?.last_from_seq, 0);
    const latest = store.latest();
    assert.equal(latest.snapshot?.seq, seq);
    assert.equal(latest.snapshot?.payload, expected);
    assert.equal(latest.snapshot?.record_checksum, node.journal.recordChecksum(seq));
    node.submit('operator', { type: 'hub.tick' });
    const digest = node.hub.digest();
    await node.close();
    const again = HubNode.open({ data_dir: join(dir, 'data'), clock, fsync: 'never' });
    assert.equal(again.opened.snapshot_seq, seq);
    assert.equal(again.opened.replayed_commands, 1);
    assert.equal(again.hub.digest(), digest);
    again.closeSync();
  });

  test('the next child starts from the previous snapshot; one runs at a time', async () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = open(clock, 3);
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.commitSync();
    const first = node.hub.seq;
    for (let i = 0; i < 3; i += 1) node.submit('operator', { type: 'hub.tick' });
    node.commitSync();
    // Due again, but the first child still runs: no second one is started.
    assert.equal(node.snapshot_status?.in_flight_seq, first);
    await node.snapshotsIdle();
    for (let i = 0; i < 3; i += 1) node.submit('operator', { type: 'hub.tick' });
    node.commitSync();
    const second = node.hub.seq;
    const expected = encode(node.hub.snapshot());
    await node.snapshotsIdle();
    assert.equal(node.snapshot_status?.last_seq, second, node.snapshot_status?.last_error ?? '');
    assert.equal(node.snapshot_status?.last_from_seq, first);
    const store = new SnapshotStore(dataPaths(join(dir, 'data')).snapshot_directory);
    assert.equal(store.latest().snapshot?.payload, expected);
    await node.close();
  });

  test('a writer process that died is started again for the next snapshot; a bad seq is an error', async () => {
    const clock = new ManualClock(DEMO_START_US);
    const node = HubNode.open({ data_dir: join(dir, 'data'), clock, fsync: 'never' });
    for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
    node.commitSync();
    const seq = node.hub.seq;
    const failures: string[] = [];
    const writer = new SnapshotWriter(join(dir, 'data'), 'never', (m) => failures.push(m));
    assert.equal(writer.start(seq + 1_000), true);
    await writer.idle();
    assert.equal(writer.status.failed, 1);
    assert.match(writer.status.last_error ?? '', /journal ends at/);
    writer.kill();
    assert.equal(writer.start(seq), true);
    assert.equal(writer.start(seq), false, 'one snapshot at a time');
    await writer.idle();
    assert.equal(writer.status.last_seq, seq, writer.status.last_error ?? '');
    assert.equal(writer.status.written, 1);
    assert.equal(failures.length, 1);
    writer.kill();
    node.closeSync();
  });
});
