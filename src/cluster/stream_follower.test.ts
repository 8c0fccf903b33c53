import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { encode } from '../kernel/index.js';
import type { ClusterLeader } from './leader.js';
import { NatsCluster, sleep } from './nats_cluster.js';
import { openSnapshotStore } from './snapshot_store.js';
import {
  type FollowedBatch,
  FollowerError,
  StreamFollower,
  type StreamFollowerOptions,
} from './stream_follower.js';
import {
  commitGenesis,
  commitTransfers,
  openTestNode,
  type TestNode,
  testJournal,
} from './testing.js';

const JOURNAL = testJournal('follow');

/** A follower run in the background, its batches kept. */
interface Followed {
  readonly follower: StreamFollower;
  readonly batches: FollowedBatch[];
  readonly running: Promise<void>;
}

function seqsOf(batches: readonly FollowedBatch[]): number[] {
  return batches.flatMap((batch) => batch.map(([envelope]) => envelope.seq));
}

async function until(condition: () => boolean, what: string, timeout_ms = 20_000): Promise<void> {
  const deadline_ms = Date.now() + timeout_ms;
  while (!condition()) {
    if (Date.now() > deadline_ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('following the journal stream into a sink', { timeout: 60_000 }, () => {
  let cluster: NatsCluster;
  let connection: NatsConnection;
  let node: TestNode;
  let leader: ClusterLeader;
  /** Every command's result as the genesis follower saw it, encoded, by seq. */
  const reference = new Map<number, string>();
  const running: StreamFollower[] = [];

  const follow = async (
    options: Partial<StreamFollowerOptions> & { after_seq: number },
  ): Promise<Followed> => {
    const batches: FollowedBatch[] = [];
    const follower = await StreamFollower.open(connection, {
      names: JOURNAL.names,
      sink: async (batch) => {
        batches.push(batch);
      },
      ...options,
    });
    running.push(follower);
    return { follower, batches, running: follower.run() };
  };

  before(async () => {
    cluster = await NatsCluster.start();
    connection = await connect({ servers: cluster.servers });
    node = await openTestNode(cluster.servers, JOURNAL, 'a');
    leader = await node.standby.campaign();
    await commitGenesis(leader);
    await commitTransfers(leader, 'a', { from: 0, groups: 10, per_group: 50 });
  });
  after(async () => {
    for (const follower of running) follower.stop();
    await leader?.close();
    await node?.connection.close();
    await connection?.close();
    await cluster?.stop();
  });

  test('from genesis: every command once, in order, in bounded batches, live as the leader writes', async () => {
    const { follower, batches, running: done } = await follow({ after_seq: 0, batch_max: 100 });
    assert.deepEqual(follower.start, { from: 'genesis', stream_seq: 0 });
    await until(() => follower.sunk_seq === leader.hub.seq, 'the backlog');
    await commitTransfers(leader, 'a', { from: 500, groups: 5, per_group: 30 });
    await until(() => follower.sunk_seq === leader.hub.seq, 'the live tail');
    follower.stop();
    await done;
    const seqs = seqsOf(batches);
    assert.deepEqual(
      seqs,
      Array.from({ length: leader.hub.seq }, (_, i) => i + 1),
    );
    // A batch ends at a stream message's end, so it exceeds batch_max by less than one message.
    for (const batch of batches) assert.ok(batch.length < 100 + 50, `batch of ${batch.length}`);
    assert.ok(batches.length > 1);
    assert.equal(follower.replica.hub.digest(), leader.hub.digest());
    for (const batch of batches) {
      for (const [envelope, result] of batch) reference.set(envelope.seq, encode(result));
    }
  });

  test('resuming at seq L: replays to L without emitting, then emits L + 1 on, results equal', async () => {
    const resume_seq = 123;
    const { follower, batches, running: done } = await follow({ after_seq: resume_seq });
    await until(() => follower.sunk_seq === leader.hub.seq, 'the resumed follower');
    follower.stop();
    await done;
    const seqs = seqsOf(batches);
    assert.equal(seqs[0], resume_seq + 1);
    assert.equal(seqs.length, leader.hub.seq - resume_seq);
    for (const batch of batches) {
      for (const [envelope, result] of batch) {
        assert.equal(encode(result), reference.get(envelope.seq), `result of seq ${envelope.seq}`);
      }
    }
  });

  test('starts from the newest snapshot at or below L, from genesis when every one is above', async () => {
    const store = await openSnapshotStore(connection, { bucket: 'S_follow', replicas: 3 });
    const writer = await openTestNode(cluster.servers, JOURNAL, 'b', {
      snapshots: { store, every_commands: 200 },
    });
    await writer.standby.startConsuming();
    await writer.standby.waitForStreamSeq(leader.last_stream_seq);
    await writer.standby.stopConsuming();
    await writer.standby.snapshotsIdle();
    await writer.connection.close();
    const tip = leader.hub.seq;
    const resumed = await follow({ after_seq: tip - 1, snapshots: store });
    assert.equal(resumed.follower.start.from, 'snapshot');
    assert.ok(resumed.follower.start.stream_seq > 0);
    assert.ok(resumed.follower.replica.hub.seq <= tip - 1);
    const early = await follow({ after_seq: 5, snapshots: store });
    assert.deepEqual(early.follower.start, { from: 'genesis', stream_seq: 0 });
    await until(() => resumed.follower.sunk_seq === tip, 'the follower from a snapshot');
    await until(() => early.follower.sunk_seq === tip, 'the follower from genesis');
    for (const followed of [resumed, early]) {
      followed.follower.stop();
      await followed.running;
    }
    assert.deepEqual(seqsOf(resumed.batches), [tip]);
    assert.equal(encode(resumed.batches[0]?.[0]?.[1]), reference.get(tip));
    assert.equal(seqsOf(early.batches).length, tip - 5);
    assert.equal(resumed.follower.replica.hub.digest(), leader.hub.digest());
  });

  test('back-pressure: while the sink has not answered, nothing more is read', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const follower = await StreamFollower.open(connection, {
      names: JOURNAL.names,
      after_seq: 0,
      batch_max: 10,
      sink: async () => {
        calls += 1;
        if (calls === 1) await gate;
      },
    });
    running.push(follower);
    const done = follower.run();
    await until(() => calls === 1, 'the first batch');
    const read_at = follower.replica.stream_seq;
    await sleep(300);
    assert.equal(follower.replica.stream_seq, read_at, 'no message read while the sink is busy');
    assert.equal(calls, 1);
    release();
    await until(() => follower.sunk_seq === leader.hub.seq, 'the rest');
    follower.stop();
    await done;
  });

  test('two in flight: the next batch is handed over before the first is taken, not a third', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const taken: number[] = [];
    let calls = 0;
    const follower = await StreamFollower.open(connection, {
      names: JOURNAL.names,
      after_seq: 0,
      batch_max: 10,
      in_flight_max: 2,
      sink: async (batch) => {
        calls += 1;
        if (calls <= 2) await gate;
        taken.push(...batch.map(([envelope]) => envelope.seq));
      },
    });
    running.push(follower);
    const done = follower.run();
    await until(() => calls === 2, 'the second batch handed over');
    const read_at = follower.replica.stream_seq;
    await sleep(300);
    assert.equal(calls, 2, 'no third batch while two are in flight');
    assert.equal(follower.replica.stream_seq, read_at, 'no message read meanwhile');
    assert.equal(follower.sunk_seq, 0, 'nothing counted as taken before the sink answers');
    release();
    await until(() => follower.sunk_seq === leader.hub.seq, 'the rest');
    follower.stop();
    await done;
    assert.deepEqual(
      taken,
      Array.from({ length: leader.hub.seq }, (_, i) => i + 1),
      'every command once, in order',
    );
  });

  test('a sink that fails stops the follower with its error; a sink ahead of the stream is refused', async () => {
    const failing = await StreamFollower.open(connection, {
      names: JOURNAL.names,
      after_seq: 0,
      sink: async () => {
        throw new Error('sink broke');
      },
    });
    await assert.rejects(failing.run(), /sink broke/);
    assert.equal(failing.sunk_seq, 0);
    const ahead = await StreamFollower.open(connection, {
      names: JOURNAL.names,
      after_seq: leader.hub.seq + 10,
      sink: async () => undefined,
    });
    await assert.rejects(ahead.run(), (error: unknown) => {
      assert.ok(error instanceof FollowerError);
      assert.equal(error.code, 'SINK_AHEAD_OF_STREAM');
      return true;
    });
    await assert.rejects(
      StreamFollower.open(connection, {
        names: { stream: 'NO_SUCH_STREAM', subject: 'hutong.none' },
        after_seq: 0,
        sink: async () => undefined,
      }),
      { code: 'JOURNAL_STREAM_NOT_FOUND' },
    );
  });
});
