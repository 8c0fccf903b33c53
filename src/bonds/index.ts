/**
 * The bonds domain: bond terms and their validation, coupon schedules, accrued interest, clean
 * and dirty prices, yield to maturity, all in exact integer arithmetic. Other domains import
 * only this entry. See docs/bonds.md.
 * @module
 */

export * from './day_count.js';
export * from './pricing.js';
export * from './schedule.js';
export * from './terms.js';
export * from './testing.js';
export * from './types.js';
export * from './yield.js';
