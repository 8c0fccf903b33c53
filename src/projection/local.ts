/**
 * What the hub's node needs of its local projection, on its own thread or another.
 * @module
 */

import type Database from 'better-sqlite3';
import type { CommandResult, Envelope } from '../hub/index.js';
import type { ProjectionQueries } from './types.js';

export interface LocalProjection {
  readonly path: string;
  /** A connection to read with; reading through it sees every batch applied so far. */
  readonly db: Database.Database;
  /** The queries readers ask, answered with everything applied before they are asked. */
  readonly queries: ProjectionQueries;
  /** The last command seq projected; 0 for an empty projection. */
  readonly last_seq: number;
  /** Projects a committed batch (in order, after the previous one). */
  apply(batch: ReadonlyArray<readonly [Envelope, CommandResult]>): void;
  close(): void;
}
