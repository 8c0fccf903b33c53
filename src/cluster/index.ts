/**
 * The cluster: the command journal on NATS JetStream, leader leases, hot standbys and failover.
 * @module
 */

export * from './nats_cluster.js';
