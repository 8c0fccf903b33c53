import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NatsCluster } from './nats_cluster.js';

describe('NatsCluster', () => {
  let cluster: NatsCluster;
  before(async () => {
    cluster = await NatsCluster.start();
  });
  after(async () => {
    await cluster?.stop();
  });

  test('starts three JetStream nodes that elect a meta leader and keep it after a node is killed', async () => {
    assert.equal(cluster.servers.length, 3);
    await cluster.kill(0);
    await cluster.waitReady();
    const connection = await connect({ servers: cluster.servers.slice(1) });
    try {
      const manager = await jetstreamManager(connection);
      const info = await manager.getAccountInfo();
      assert.ok(info.limits !== undefined);
    } finally {
      await connection.close();
    }
    cluster.restart(0);
    await cluster.waitReady();
  });
});
