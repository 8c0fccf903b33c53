/**
 * RFQ trading (Bond Connect, both directions): FIX 4.4-shaped messages and a pure, deterministic
 * state machine. See docs/bonds.md §5.
 * @module
 */

export * from './quotes.js';
export * from './rfq.js';
export * from './snapshot.js';
export * from './types.js';
