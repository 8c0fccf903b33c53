/**
 * Projections: readers that turn the hub's results into queryable tables, in SQLite (embedded,
 * fed by HubNode) or PostgreSQL (a reader process), behind one interface.
 * @module
 */

export type { LocalProjection } from './local.js';
export { PgProjection, type PgProjectionOptions } from './pg.js';
export { PgQueries } from './pg_queries.js';
export { checkSchemaName } from './pg_schema.js';
export { projectedSeq, SqliteProjection, type SqliteProjectionOptions } from './sqlite.js';
export { ProjectionThread, ProjectionThreadError } from './thread.js';
export {
  type CommandRow,
  type LatestValuation,
  type Projection,
  type ProjectionBatch,
  ProjectionGapError,
  type ProjectionQueries,
  type ProjectionWriter,
  type StoredEvent,
  type TradeEvent,
  type TransferRow,
} from './types.js';
