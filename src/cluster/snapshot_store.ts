/**
 * Snapshots of a replica in the JetStream object store, so a new standby starts from a snapshot
 * and the tail of the journal instead of from genesis. Each snapshot is its own object,
 * `hub-<stream seq>`, holding the hub, its replica position (stream seq, highest epoch, last
 * applied seq) and the state digest. Objects are never replaced: a reader lists them and takes the
 * newest (the store lists an object only once it is whole), and only snapshots older than the two
 * newest are deleted. (An object `latest` that named the newest was replaced on every snapshot;
 * a read of it while a standby wrote the next one could wait forever, so it is gone.) Loading restores the hub and
 * checks the digest, so a damaged snapshot is refused, never half used.
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
const KEPT = 2;
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
  assert(position.last_seq === replica.hub.seq, 'a snapshot of a replica at its own position');
  const stored: StoredSnapshot = {
    format: FORMAT,
    position,
    digest: replica.hub.digest(),
    snapshot: replica.hub.snapshot(),
  };
  const data = new TextEncoder().encode(encode(stored));
  const name = `hub-${String(position.stream_seq).padStart(16, '0')}`;
  await store.putBlob({ name, description: `hub at stream seq ${position.stream_seq}` }, data);
  const older = (await store.list())
    .map((info) => info.name)
    .filter((other) => other.startsWith('hub-') && other < name)
    .sort();
  for (const stale of older.slice(0, Math.max(0, older.length - (KEPT - 1)))) {
    await store.delete(stale);
  }
  return position;
}

/** The replica restored from the newest snapshot, or null when there is none. */
export function loadSnapshot(store: ObjectStore): Promise<Replica | null> {
  return loadSnapshotAtOrBelow(store, Number.MAX_SAFE_INTEGER);
}

/**
 * The replica restored from the newest snapshot whose last applied seq is at or below
 * `last_seq_max` (a reader resuming at that seq must not start past it), or null when there is
 * none. Snapshot names grow with the stream seq and so with the last applied seq: the newest are
 * tried first; one deleted while this reads is passed over.
 */
export async function loadSnapshotAtOrBelow(
  store: ObjectStore,
  last_seq_max: number,
): Promise<Replica | null> {
  const names = (await store.list())
    .map((info) => info.name)
    .filter((name) => name.startsWith('hub-'))
    .sort()
    .reverse();
  for (const name of names) {
    const data = await store.getBlob(name).catch(() => null);
    if (data === null) continue;
    const stored = decodeStored(data);
    if (stored.position.last_seq <= last_seq_max) return restoreStored(stored);
  }
  return null;
}

function decodeStored(data: Uint8Array): StoredSnapshot {
  const stored = decode(new TextDecoder().decode(data)) as StoredSnapshot;
  if (stored.format !== FORMAT) throw new Error(`Unknown cluster snapshot format ${stored.format}`);
  return stored;
}

function restoreStored(stored: StoredSnapshot): Replica {
  const hub = new Hub(restoreHub(stored.snapshot));
  if (hub.digest() !== stored.digest) {
    throw new Error(`The snapshot at stream seq ${stored.position.stream_seq} fails its digest`);
  }
  assert(hub.seq === stored.position.last_seq, 'snapshot hub at its recorded seq');
  return new Replica(hub, stored.position);
}
