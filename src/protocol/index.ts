/**
 * The wire protocol: command schemas shared by every gateway, the CLI and the simulator.
 * @module
 */

export * from './bonds.js';
export * from './commands.js';
export * from './fields.js';
export * from './hub.js';
export * from './ledger.js';
export * from './market.js';
export * from './reference.js';
export * from './rules.js';
export * from './settlement.js';
