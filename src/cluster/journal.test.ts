import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ManualClock } from '../runtime/index.js';
import { encodeBatch } from './batch_frame.js';
import { JournalWriter, streamLastSeq } from './journal_stream.js';
import { ClusterLeader } from './leader.js';
import { LeaseObserver, openLeaseBucket } from './lease.js';
import { NatsCluster, sleep } from './nats_cluster.js';
import { loadSnapshot, openSnapshotStore } from './snapshot_store.js';
import {
  commitGenesis,
  commitTransfers,
  openTestNode,
  type TestNode,
  testJournal,
} from './testing.js';
import { LEADER_FENCED, LeaderFencedError } from './types.js';
import { DEMO_START_US, workloadTransfer } from './workload.js';

describe('the journal on JetStream', { timeout: 60_000 }, () => {
  let cluster: NatsCluster;
  const nodes: TestNode[] = [];
  const open = async (name: string, holder: string, ttl_ms = 1_000) => {
    const node = await openTestNode(cluster.servers, testJournal(name, ttl_ms), holder);
    nodes.push(node);
    return node;
  };

  before(async () => {
    cluster = await NatsCluster.start();
  });
  after(async () => {
    for (const node of nodes) await node.connection.close().catch(() => undefined);
    await cluster?.stop();
  });

  test('a standby replays the leader’s batches to the same digest at the same seq', async () => {
    const a = await open('roundtrip', 'a');
    const leader = await a.standby.campaign();
    await commitGenesis(leader);
    await commitTransfers(leader, 'a', { from: 0, groups: 20, per_group: 50 });
    const b = await open('roundtrip', 'b');
    await b.standby.startConsuming();
    await b.standby.waitForStreamSeq(leader.last_stream_seq);
    assert.equal(b.standby.replica.hub.seq, leader.hub.seq);
    assert.equal(b.standby.replica.hub.digest(), leader.hub.digest());
    assert.equal(b.standby.replica.skipped_count, 0);
    await b.standby.stopConsuming();
    await leader.close();
  });

  test('a new standby starts from the snapshot in the object store and reads only the tail', async () => {
    const a = await open('snapshot', 'a');
    const leader = await a.standby.campaign();
    await commitGenesis(leader);
    await commitTransfers(leader, 'a', { from: 0, groups: 5, per_group: 20 });
    const store = await openSnapshotStore(a.connection);
    const b = await openTestNode(cluster.servers, testJournal('snapshot'), 'b', {
      snapshots: { store, every_commands: 40 },
    });
    nodes.push(b);
    await b.standby.startConsuming();
    await b.standby.waitForStreamSeq(leader.last_stream_seq);
    await b.standby.stopConsuming();
    await b.standby.snapshotsIdle();
    await commitTransfers(leader, 'a', { from: 100, groups: 5, per_group: 20 });
    const restored = await loadSnapshot(store);
    assert.ok(restored !== null);
    const written = restored.position;
    assert.ok(written.last_seq >= 40, 'the standby wrote a snapshot as it read');
    assert.equal(written.last_seq, restored.hub.seq);
    let messages_read = 0;
    const previous = restored.applyMessage.bind(restored);
    restored.applyMessage = (seq, data) => {
      messages_read += 1;
      return previous(seq, data);
    };
    const c = await openTestNode(cluster.servers, testJournal('snapshot'), 'c', {
      replica: restored,
    });
    nodes.push(c);
    await c.standby.startConsuming();
    await c.standby.waitForStreamSeq(leader.last_stream_seq);
    assert.equal(messages_read, leader.last_stream_seq - written.stream_seq);
    assert.equal(c.standby.replica.hub.digest(), leader.hub.digest());
    await c.standby.stopConsuming();
    await leader.close();
  });

  test('a publish repeated with the same message id is stored once', async () => {
    const a = await open('dedupe', 'a');
    const leader = await a.standby.campaign();
    await commitGenesis(leader, 10);
    const manager = await jetstreamManager(a.connection);
    const last = await streamLastSeq(manager, testJournal('dedupe').names);
    const writer = new JournalWriter(
      jetstream(a.connection),
      leader.epoch,
      last,
      testJournal('dedupe').names,
    );
    const data = encodeBatch({ epoch: leader.epoch, first_seq: leader.hub.seq + 1, envelopes: [] });
    const first = await writer.publishAt(data, 'dedupe-1', last + 1);
    const again = await writer.publishAt(data, 'dedupe-1', last + 1);
    assert.deepEqual(first, { stream_seq: last + 1, duplicate: false });
    assert.deepEqual(again, { stream_seq: last + 1, duplicate: true });
    assert.equal(await streamLastSeq(manager, testJournal('dedupe').names), last + 1);
    await leader.close();
  });

  test('a deposed leader is fenced by the sequence check; a stale epoch slipped in is skipped', async () => {
    const a = await open('fence', 'a');
    const old_leader = await a.standby.campaign();
    await commitGenesis(old_leader);
    const old_epoch = old_leader.epoch;
    const old_last = old_leader.last_stream_seq;
    await old_leader.close();
    const b = await open('fence', 'b');
    await b.standby.startConsuming();
    const new_leader = await b.standby.campaign();
    assert.ok(new_leader.epoch > old_epoch, 'epochs grow');
    // The deposed leader wakes with its old position: its publish fails the sequence check.
    const names = testJournal('fence').names;
    const zombie = new ClusterLeader(
      a.standby.replica.hub,
      new JournalWriter(jetstream(a.connection), old_epoch, old_last, names),
      null,
      { clock: new ManualClock(DEMO_START_US) },
    );
    const transfer = workloadTransfer('zombie', 1);
    assert.equal(zombie.submit(transfer.participant, transfer.command).status, 'accepted');
    await assert.rejects(zombie.commit(), (error: unknown) => {
      assert.ok(error instanceof LeaderFencedError);
      assert.equal(error.reason, 'WRONG_LAST_SEQUENCE');
      return true;
    });
    const refused = zombie.submit(transfer.participant, workloadTransfer('zombie', 2).command);
    assert.equal(refused.rejection?.code, LEADER_FENCED);
    assert.equal(refused.seq, 0);
    // If the server's check had let it through (nats-server#4320), every reader skips it.
    const manager = await jetstreamManager(a.connection);
    const slipped = new JournalWriter(
      jetstream(a.connection),
      old_epoch,
      await streamLastSeq(manager, names),
      names,
    );
    await slipped.publish({
      epoch: old_epoch,
      first_seq: new_leader.hub.seq + 1,
      envelopes: ['{}'],
    });
    new_leader.fence('CLOSED', 'its hub is taken over by the test below');
    const resumed = new JournalWriter(
      jetstream(b.connection),
      new_leader.epoch,
      slipped.predicted_stream_seq - 1,
      names,
    );
    const after_slip = new ClusterLeader(new_leader.hub, resumed, null, {
      clock: new ManualClock(DEMO_START_US),
    });
    await commitTransfers(after_slip, 'b', { from: 0, groups: 3, per_group: 10 });
    const c = await open('fence', 'c');
    await c.standby.startConsuming();
    await c.standby.waitForStreamSeq(after_slip.last_stream_seq);
    assert.deepEqual(
      c.standby.replica.skipped.map((skipped) => skipped.reason),
      ['stale_epoch'],
    );
    assert.equal(c.standby.replica.hub.digest(), new_leader.hub.digest());
    await c.standby.stopConsuming();
    await after_slip.close();
  });

  test('the lease: renewals keep the epoch, a taker waits out the TTL and gets a higher epoch', async () => {
    const a = await open('lease', 'a', 600);
    const b = await open('lease', 'b', 600);
    const kv_a = await openLeaseBucket(a.connection, testJournal('lease', 600).lease);
    const kv_b = await openLeaseBucket(b.connection, testJournal('lease', 600).lease);
    const observer_a = new LeaseObserver(kv_a, testJournal('lease', 600).lease);
    assert.equal(await observer_a.poll(), true, 'an absent lease is free');
    const holder = await observer_a.take('a');
    assert.ok(holder !== null);
    const observer_b = new LeaseObserver(kv_b, testJournal('lease', 600).lease);
    for (let i = 0; i < 5; i += 1) {
      assert.equal(await holder.renew(), true);
      assert.equal(await observer_b.poll(), false, 'a renewed lease is not free');
      await sleep(200);
    }
    holder.stop();
    await sleep(700);
    assert.equal(holder.held(), false, 'not renewed for 3/4 of the TTL: no longer held');
    assert.equal(await observer_b.poll(), true, 'not renewed for the TTL: free');
    const taker = await observer_b.take('b');
    assert.ok(
      taker !== null && taker.epoch > holder.epoch + 5,
      'the new epoch is above every renewal',
    );
    assert.equal(await new LeaseObserver(kv_a, testJournal('lease', 600).lease).take('a'), null);
    taker.stop();
  });

  test('a NATS node killed under load: the stream keeps quorum, the leader rides out the lease bucket’s election', async () => {
    // The default TTL (2 s) is far shorter than the bucket's election after its leader dies
    // (7.1 s measured): the leader must keep its lease and a standby must not take over.
    const a = await open('quorum', 'a', 2_000);
    const b = await open('quorum', 'b', 2_000);
    const leader = await a.standby.campaign();
    await commitGenesis(leader);
    const manager = await jetstreamManager(a.connection);
    const lease_stream = `KV_${testJournal('quorum').lease.bucket}`;
    const info = await manager.streams.info(lease_stream);
    const lease_leader = Number((info.cluster?.leader ?? 'n1').slice(1)) - 1;
    const campaign = new AbortController();
    let took_over = false;
    const standby_campaign = b.standby
      .campaign({ signal: campaign.signal })
      .then(async (taken) => {
        took_over = true;
        await taken.close();
      })
      .catch(() => undefined);
    await cluster.kill(lease_leader);
    const acknowledged: string[] = [];
    const until_ms = Date.now() + 10_000;
    while (Date.now() < until_ms) {
      const from = acknowledged.length;
      acknowledged.push(
        ...(await commitTransfers(leader, 'a', { from, groups: 1, per_group: 20 })),
      );
      await sleep(50);
    }
    assert.equal(leader.fenced, null, 'the leader kept its lease through the election');
    assert.equal(took_over, false, 'no standby took over');
    const stats = leader.lease_stats;
    assert.ok(stats !== null && stats.renewals_unanswered > 0, 'the bucket was unanswering');
    assert.ok(stats.longest_ride_out_ms > 2_000, `rode out ${stats.longest_ride_out_ms} ms > TTL`);
    campaign.abort();
    await standby_campaign;
    cluster.restart(lease_leader);
    await cluster.waitReady();
    const c = await open('quorum', 'c', 2_000);
    await c.standby.startConsuming();
    await c.standby.waitForStreamSeq(leader.last_stream_seq);
    assert.equal(c.standby.replica.hub.digest(), leader.hub.digest());
    await c.standby.stopConsuming();
    await leader.close();
  });
});
