/**
 * The projection behind one interface: what a reader writes (`ProjectionWriter`) and what the
 * gateway reads (`ProjectionQueries`). Both are asynchronous so that PostgreSQL can serve them;
 * the SQLite projection answers them at once. Row shapes are the SQLite rows: integers as
 * numbers, amounts as decimal strings, event bodies parsed from their stored JSON.
 * @module
 */

import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';

/** A group of results in commit order, as the hub produced them. */
export type ProjectionBatch = ReadonlyArray<readonly [Envelope, CommandResult]>;

export interface StoredEvent {
  readonly event_seq: number;
  /** The command's seq. */
  readonly seq: number;
  readonly timestamp_us: number;
  readonly type: string;
  /** The event as plain JSON (bigints as decimal strings). */
  readonly event: HubEvent;
}

export interface CommandRow {
  readonly seq: number;
  readonly timestamp_us: number;
  readonly participant: string;
  readonly type: string;
  readonly status: string;
  readonly rejection_code: string | null;
  readonly rejection_message: string | null;
  readonly first_event_seq: number;
  readonly event_count: number;
  readonly duplicate_of: number | null;
}

export interface TransferRow {
  readonly id: string;
  readonly action: string;
  readonly debit_account_id: string;
  readonly credit_account_id: string;
  readonly asset: string;
  /** Decimal minor units: exact at any size. */
  readonly amount_minor: string;
  readonly pending_id: string | null;
  readonly timeout_s: number;
  readonly code: string;
  readonly reference: string;
  readonly submitted_by: string;
  readonly timestamp_us: number;
  readonly command_seq: number;
  readonly hold_status: string | null;
}

export type TradeEvent = Extract<HubEvent, { type: 'trade' }>;

/** When a bond's latest valuation was published (hub time). */
export interface LatestValuation {
  readonly isin: string;
  readonly at_us: number;
}

export interface ProjectionQueries {
  /** Events after `after_event_seq`, oldest first, optionally of one type. */
  eventsAfter(after_event_seq: number, limit: number, type: string | null): Promise<StoredEvent[]>;
  /** The events of a command (for answering a retry with the original result), oldest first. */
  originalEvents(seq: number): Promise<Array<{ event_seq: number; event: HubEvent }>>;
  /** The command's outcome row; undefined when the projection has not seen it. */
  commandAt(seq: number): Promise<CommandRow | undefined>;
  /** An account's transfers (as debit or credit side), newest command first, then by id. */
  transfersOf(account_id: string, limit: number): Promise<TransferRow[]>;
  /** The newest trades, returned oldest first. */
  recentTrades(limit: number): Promise<TradeEvent[]>;
  /** The newest `limit` events of a type, returned newest first. */
  newestEventsOfType(type: string, limit: number): Promise<StoredEvent[]>;
  /**
   * The newest event of a type whose top-level JSON field `field` equals `value` (a string), or
   * undefined. `field` must be a plain identifier.
   */
  newestEventWithField(
    type: string,
    field: string,
    value: string,
  ): Promise<StoredEvent | undefined>;
  /** Per bond, the hub time of its newest `bond_valuation_published` event, by isin. */
  latestValuationTimes(): Promise<LatestValuation[]>;
}

export interface ProjectionWriter {
  /** The last command seq applied; 0 for an empty projection. */
  lastSeq(): Promise<number>;
  /**
   * Applies a batch in one transaction, the last seq written in it: after a crash the projection
   * holds all of the batch or none of it. Results at or below the last seq are skipped (a
   * re-delivery); a batch that would leave a gap is refused with `ProjectionGapError`.
   */
  apply(batch: ProjectionBatch): Promise<void>;
  close(): Promise<void>;
}

/** A projection both written and queried (what a reader process and a gateway share). */
export type Projection = ProjectionWriter & ProjectionQueries;

/** Results that do not follow the last one applied: applying them would hide lost commands. */
export class ProjectionGapError extends Error {
  readonly code = 'PROJECTION_GAP';
  constructor(
    /** The seq the next result had to follow. */
    readonly after_seq: number,
    readonly got_seq: number,
  ) {
    super(
      `Results must follow seq ${after_seq} without a gap, got seq ${got_seq}: feed the projection from ${after_seq + 1}`,
    );
    this.name = 'ProjectionGapError';
  }
}
