/**
 * Projections: readers that turn the hub's results into queryable tables.
 * @module
 */

export { projectedSeq, SqliteProjection } from './sqlite.js';
