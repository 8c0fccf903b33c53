/**
 * History read from the SQLite projection (read-only statements on the projection's own
 * database): events by sequence, a command's outcome and events, an account's transfers, and the
 * recent trades the market data starts from. The projection is fed after each group commit, so it
 * holds committed history only.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import type { HubNode } from '../../runtime/index.js';

export interface StoredEvent {
  readonly event_seq: number;
  readonly seq: number;
  readonly timestamp_us: number;
  readonly type: string;
  /** The event as plain JSON (bigints as decimal strings). */
  readonly event: HubEvent;
}

interface EventRow {
  readonly event_seq: number;
  readonly command_seq: number;
  readonly timestamp_us: number;
  readonly type: string;
  readonly body: string;
}

function storedEvent(row: EventRow): StoredEvent {
  return {
    event_seq: row.event_seq,
    seq: row.command_seq,
    timestamp_us: row.timestamp_us,
    type: row.type,
    event: JSON.parse(row.body) as HubEvent,
  };
}

/** Events after `after_event_seq`, oldest first, optionally of one type. */
export function eventsAfter(
  node: HubNode,
  after_event_seq: number,
  limit: number,
  type: string | null,
): StoredEvent[] {
  const db = node.projection?.db;
  if (db === undefined) return [];
  const rows = (
    type === null
      ? db
          .prepare('select * from events where event_seq > ? order by event_seq limit ?')
          .all(after_event_seq, limit)
      : db
          .prepare(
            'select * from events where type = ? and event_seq > ? order by event_seq limit ?',
          )
          .all(type, after_event_seq, limit)
  ) as EventRow[];
  return rows.map(storedEvent);
}

/** The events of an accepted command, for answering a retry with the original result. */
export function originalEvents(
  node: HubNode,
  seq: number,
): Array<{ event_seq: number; event: HubEvent }> {
  const db = node.projection?.db;
  if (db === undefined) return [];
  const command = db
    .prepare('select first_event_seq, event_count from commands where seq = ?')
    .get(seq) as { first_event_seq: number; event_count: number } | undefined;
  if (command === undefined) return [];
  const rows = db
    .prepare('select * from events where event_seq >= ? and event_seq < ? order by event_seq')
    .all(command.first_event_seq, command.first_event_seq + command.event_count) as EventRow[];
  return rows.map((row) => ({ event_seq: row.event_seq, event: storedEvent(row).event }));
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

export function commandAt(node: HubNode, seq: number): CommandRow | undefined {
  return node.projection?.db.prepare('select * from commands where seq = ?').get(seq) as
    | CommandRow
    | undefined;
}

export interface TransferRow {
  readonly id: string;
  readonly action: string;
  readonly debit_account_id: string;
  readonly credit_account_id: string;
  readonly asset: string;
  readonly amount_minor: string;
  readonly pending_id: string | null;
  readonly code: string;
  readonly reference: string;
  readonly submitted_by: string;
  readonly timestamp_us: number;
  readonly command_seq: number;
  readonly hold_status: string | null;
}

/** An account's transfers, newest first. */
export function transfersOf(node: HubNode, account_id: string, limit: number): TransferRow[] {
  const db = node.projection?.db;
  if (db === undefined) return [];
  return db
    .prepare(
      `select * from (
         select * from transfers where debit_account_id = ?
         union all
         select * from transfers where credit_account_id = ? and debit_account_id <> ?
       ) order by command_seq desc limit ?`,
    )
    .all(account_id, account_id, account_id, limit) as TransferRow[];
}

/** The newest trades, oldest first, for the market data to start from after a restart. */
export function recentTrades(
  node: HubNode,
  limit: number,
): Array<Extract<HubEvent, { type: 'trade' }>> {
  const db = node.projection?.db;
  if (db === undefined) return [];
  const rows = db
    .prepare("select body from events where type = 'trade' order by event_seq desc limit ?")
    .all(limit) as Array<{ body: string }>;
  return rows.reverse().map((row) => JSON.parse(row.body) as Extract<HubEvent, { type: 'trade' }>);
}
