/**
 * Snapshots of a replica in the JetStream object store, so a new standby starts from a snapshot
 * and the tail of the journal instead of from genesis. One object, `hub`, holds the newest
 * snapshot with its replica position (stream seq, highest epoch, last applied seq) and the state
 * digest; a put replaces it whole (the object's metadata is written after its chunks). Loading
 * restores the hub and checks the digest, so a damaged snapshot is refused, never half used.
 * @module
 */

import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { Hub, type HubSnapshot, restoreHub } from '../hub/index.js';
import { assert, decode, encode } from '../kernel/index.js';
import { Replica, type ReplicaPosition } from './replica.js';

export interface SnapshotStoreConfig {
  readonly bucket: string;
  readonly replicas: number;
}

export const DEFAULT_SNAPSHOT_STORE: SnapshotStoreConfig = { bucket: 'SNAPSHOTS', replicas: 3 };
const OBJECT_NAME = 'hub';
const FORMAT = 'hutong.cluster.snapshot.v1';

interface StoredSnapshot {
  readonly format: string;
  readonly position: ReplicaPosition;
  readonly digest: string;
  readonly snapshot: HubSnapshot;
}

export async function openSnapshotStore(
  connection: NatsConnection,
  config: SnapshotStoreConfig = DEFAULT_SNAPSHOT_STORE,
): Promise<ObjectStore> {
  return new Objm(connection).create(config.bucket, { replicas: config.replicas });
}

/** Writes the replica's state at its current position; returns the position written. */
export async function writeSnapshot(
  store: ObjectStore,
  replica: Replica,
): Promise<ReplicaPosition> {
  const position = replica.position;
  const stored: StoredSnapshot = {
    format: FORMAT,
    position,
    digest: replica.hub.digest(),
    snapshot: replica.hub.snapshot(),
  };
  const data = new TextEncoder().encode(encode(stored));
  await store.putBlob(
    { name: OBJECT_NAME, description: `hub at stream seq ${position.stream_seq}` },
    data,
  );
  return position;
}

/** The replica restored from the newest snapshot, or null when there is none. */
export async function loadSnapshot(store: ObjectStore): Promise<Replica | null> {
  const data = await store.getBlob(OBJECT_NAME);
  if (data === null) return null;
  const stored = decode(new TextDecoder().decode(data)) as StoredSnapshot;
  if (stored.format !== FORMAT) throw new Error(`Unknown cluster snapshot format ${stored.format}`);
  const hub = new Hub(restoreHub(stored.snapshot));
  if (hub.digest() !== stored.digest) {
    throw new Error(`The snapshot at stream seq ${stored.position.stream_seq} fails its digest`);
  }
  assert(hub.seq === stored.position.last_seq, 'snapshot hub at its recorded seq');
  return new Replica(hub, stored.position);
}
