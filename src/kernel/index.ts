/**
 * The kernel: the small toolbox every domain shares. No I/O, no clock, no randomness of its own.
 * @module
 */

export { AssertionError, assert, unreachable } from './assert.js';
export * from './codec.js';
export * from './compare.js';
export * from './digest.js';
export * from './id_index.js';
export * from './money.js';
export * from './random.js';
export * from './rejection.js';
export * from './text.js';
export * from './time.js';
