/**
 * History read from the projection through `ProjectionQueries` (asynchronous, so the same routes
 * can be served from SQLite in this process or from PostgreSQL): events by sequence, a command's
 * outcome and events, an account's transfers, and the recent trades the market data starts from.
 * The projection is fed after each group commit, so it holds committed history only. A server
 * without a projection answers as an empty one.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import type {
  CommandRow,
  ProjectionQueries,
  StoredEvent,
  TradeEvent,
  TransferRow,
} from '../../projection/index.js';

export type { CommandRow, StoredEvent, TransferRow } from '../../projection/index.js';

/** Events after `after_event_seq`, oldest first, optionally of one type. */
export async function eventsAfter(
  projection: ProjectionQueries | null,
  after_event_seq: number,
  limit: number,
  type: string | null,
): Promise<StoredEvent[]> {
  return projection === null ? [] : projection.eventsAfter(after_event_seq, limit, type);
}

/** The events of an accepted command, for answering a retry with the original result. */
export async function originalEvents(
  projection: ProjectionQueries | null,
  seq: number,
): Promise<Array<{ event_seq: number; event: HubEvent }>> {
  return projection === null ? [] : projection.originalEvents(seq);
}

export async function commandAt(
  projection: ProjectionQueries | null,
  seq: number,
): Promise<CommandRow | undefined> {
  return projection === null ? undefined : projection.commandAt(seq);
}

/** An account's transfers, newest first. */
export async function transfersOf(
  projection: ProjectionQueries | null,
  account_id: string,
  limit: number,
): Promise<TransferRow[]> {
  return projection === null ? [] : projection.transfersOf(account_id, limit);
}

/** The newest trades, oldest first, for the market data to start from after a restart. */
export async function recentTrades(
  projection: ProjectionQueries | null,
  limit: number,
): Promise<TradeEvent[]> {
  return projection === null ? [] : projection.recentTrades(limit);
}
