/**
 * Projections: readers that turn the hub's results into queryable tables.
 * @module
 */

export { SqliteProjection } from './sqlite.js';
