/**
 * The runtime: the hub with its clock, journal, snapshots and projection.
 * @module
 */

export * from './clock.js';
export * from './demo_day_clock.js';
export * from './node.js';
export * from './notices.js';
export * from './replicator.js';
export * from './restore.js';
export * from './snapshot_writer.js';
