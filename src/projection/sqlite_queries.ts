/**
 * The read side of the SQLite projection: the statements behind `ProjectionQueries`, compiled
 * once, answered synchronously (the async wrappers live on SqliteProjection).
 * @module
 */

import type Database from 'better-sqlite3';
import type { HubEvent } from '../hub/index.js';
import { type EventRow, storedEvent } from './stored.js';
import type {
  CommandRow,
  LatestValuation,
  ProjectionQueries,
  StoredEvent,
  TradeEvent,
  TransferRow,
} from './types.js';

export class SqliteQueries {
  private readonly events_after: Database.Statement;
  private readonly events_after_of_type: Database.Statement;
  private readonly command_at: Database.Statement;
  private readonly events_between: Database.Statement;
  private readonly transfers_of: Database.Statement;
  private readonly newest_of_type: Database.Statement;
  private readonly newest_with_field: Database.Statement;
  private readonly valuations: Database.Statement;

  constructor(db: Database.Database) {
    this.events_after = db.prepare(
      'select * from events where event_seq > ? order by event_seq limit ?',
    );
    this.events_after_of_type = db.prepare(
      'select * from events where type = ? and event_seq > ? order by event_seq limit ?',
    );
    this.command_at = db.prepare('select * from commands where seq = ?');
    this.events_between = db.prepare(
      'select * from events where event_seq >= ? and event_seq < ? order by event_seq',
    );
    this.transfers_of = db.prepare(
      `select * from (
         select * from transfers where debit_account_id = ?
         union all
         select * from transfers where credit_account_id = ? and debit_account_id <> ?
       ) order by command_seq desc, id limit ?`,
    );
    this.newest_of_type = db.prepare(
      'select * from events where type = ? order by event_seq desc limit ?',
    );
    this.newest_with_field = db.prepare(
      "select * from events where type = ? and json_extract(body, '$.' || ?) = ? order by event_seq desc limit 1",
    );
    this.valuations = db.prepare(
      "select json_extract(body, '$.isin') as isin, max(timestamp_us) as at_us from events where type = 'bond_valuation_published' group by 1 order by 1",
    );
  }

  eventsAfter(after_event_seq: number, limit: number, type: string | null): StoredEvent[] {
    const rows = (
      type === null
        ? this.events_after.all(after_event_seq, limit)
        : this.events_after_of_type.all(type, after_event_seq, limit)
    ) as EventRow[];
    return rows.map(storedEvent);
  }

  originalEvents(seq: number): Array<{ event_seq: number; event: HubEvent }> {
    const command = this.commandAt(seq);
    if (command === undefined) return [];
    const rows = this.events_between.all(
      command.first_event_seq,
      command.first_event_seq + command.event_count,
    ) as EventRow[];
    return rows.map((row) => ({ event_seq: row.event_seq, event: storedEvent(row).event }));
  }

  commandAt(seq: number): CommandRow | undefined {
    return this.command_at.get(seq) as CommandRow | undefined;
  }

  transfersOf(account_id: string, limit: number): TransferRow[] {
    return this.transfers_of.all(account_id, account_id, account_id, limit) as TransferRow[];
  }

  recentTrades(limit: number): TradeEvent[] {
    return this.newestEventsOfType('trade', limit)
      .reverse()
      .map((row) => row.event as TradeEvent);
  }

  newestEventsOfType(type: string, limit: number): StoredEvent[] {
    return (this.newest_of_type.all(type, limit) as EventRow[]).map(storedEvent);
  }

  newestEventWithField(type: string, field: string, value: string): StoredEvent | undefined {
    const row = this.newest_with_field.get(type, field, value) as EventRow | undefined;
    return row === undefined ? undefined : storedEvent(row);
  }

  latestValuationTimes(): LatestValuation[] {
    return this.valuations.all() as LatestValuation[];
  }
}

/**
 * The queries through the asynchronous interface, each asked of `current()` at call time (a
 * projection on another thread first waits for the rows committed before the call).
 */
export function asyncQueries(current: () => SqliteQueries): ProjectionQueries {
  return {
    eventsAfter: async (after_event_seq, limit, type) =>
      current().eventsAfter(after_event_seq, limit, type),
    originalEvents: async (seq) => current().originalEvents(seq),
    commandAt: async (seq) => current().commandAt(seq),
    transfersOf: async (account_id, limit) => current().transfersOf(account_id, limit),
    recentTrades: async (limit) => current().recentTrades(limit),
    newestEventsOfType: async (type, limit) => current().newestEventsOfType(type, limit),
    newestEventWithField: async (type, field, value) =>
      current().newestEventWithField(type, field, value),
    latestValuationTimes: async () => current().latestValuationTimes(),
  };
}
