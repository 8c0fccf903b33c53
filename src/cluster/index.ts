/**
 * The cluster: the command journal on NATS JetStream, leader leases, hot standbys and failover.
 * @module
 */

export * from './audit.js';
export * from './batch_frame.js';
export * from './child_testing.js';
export * from './faults.js';
export * from './journal_stream.js';
export * from './leader.js';
export * from './lease.js';
export * from './nats_cluster.js';
export * from './replica.js';
export * from './snapshot_store.js';
export * from './standby.js';
export * from './stream_follower.js';
export * from './stream_replicator.js';
export * from './types.js';
export * from './workload.js';
