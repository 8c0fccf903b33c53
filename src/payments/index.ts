/**
 * The payments domain (issue 16, first slice): Payment Connect between Hong Kong's FPS and the
 * Mainland's IBPS. Proxy directories, the rules by date with their limits and counters, FX on
 * exact integers, and the payment's life as a state machine whose ledger effects are lists of
 * transfer instructions for the hub to apply atomically. Pure functions and plain state; time is
 * passed in. The ISO 20022 gateway (XSD validation, XML in and out) is its own entry,
 * `./iso20022/index.js`, so the hub never loads it. See docs/payments.md.
 * @module
 */

export * from './accounts.js';
export * from './book.js';
export * from './codes.js';
export * from './fx.js';
export * from './limits.js';
export * from './machine.js';
export * from './mask.js';
export * from './phone.js';
export * from './process.js';
export * from './proxy.js';
export * from './returns.js';
export * from './rules.js';
export * from './salary.js';
export * from './types.js';
