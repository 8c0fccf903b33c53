/**
 * Projections: readers that turn the hub's results into queryable tables.
 * @module
 */

export type { LocalProjection } from './local.js';
export { projectedSeq, SqliteProjection } from './sqlite.js';
export { ProjectionThread, ProjectionThreadError } from './thread.js';
