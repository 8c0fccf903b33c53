/**
 * The read side of the PostgreSQL projection: `ProjectionQueries` on a pool, each answer shaped
 * exactly as the SQLite projection's (integers as numbers, amounts as decimal strings).
 * @module
 */

import type pg from 'pg';
import type { HubEvent } from '../hub/index.js';
import { INT8_AS_NUMBER } from './pg_types.js';
import { type EventRow, storedEvent } from './stored.js';
import type {
  CommandRow,
  LatestValuation,
  ProjectionQueries,
  StoredEvent,
  TradeEvent,
  TransferRow,
} from './types.js';

export class PgQueries implements ProjectionQueries {
  constructor(
    protected readonly pool: pg.Pool,
    /** The schema, already checked as a plain identifier. */
    protected readonly s: string,
  ) {}

  private async rows<T>(text: string, values: unknown[]): Promise<T[]> {
    const result = await this.pool.query({ text, values, types: INT8_AS_NUMBER });
    return result.rows as T[];
  }

  async eventsAfter(
    after_event_seq: number,
    limit: number,
    type: string | null,
  ): Promise<StoredEvent[]> {
    const rows =
      type === null
        ? await this.rows<EventRow>(
            `select * from ${this.s}.events where event_seq > $1 order by event_seq limit $2`,
            [after_event_seq, limit],
          )
        : await this.rows<EventRow>(
            `select * from ${this.s}.events where type = $1 and event_seq > $2 order by event_seq limit $3`,
            [type, after_event_seq, limit],
          );
    return rows.map(storedEvent);
  }

  async originalEvents(seq: number): Promise<Array<{ event_seq: number; event: HubEvent }>> {
    const rows = await this.rows<EventRow>(
      `select e.* from ${this.s}.commands c join ${this.s}.events e
         on e.event_seq >= c.first_event_seq and e.event_seq < c.first_event_seq + c.event_count
       where c.seq = $1 order by e.event_seq`,
      [seq],
    );
    return rows.map((row) => ({ event_seq: row.event_seq, event: storedEvent(row).event }));
  }

  async commandAt(seq: number): Promise<CommandRow | undefined> {
    const rows = await this.rows<CommandRow>(`select * from ${this.s}.commands where seq = $1`, [
      seq,
    ]);
    return rows[0];
  }

  async transfersOf(account_id: string, limit: number): Promise<TransferRow[]> {
    // Ties (one command's transfers) by id, bytewise as SQLite compares: both stores agree.
    return this.rows<TransferRow>(
      `select * from (
         select * from ${this.s}.transfers where debit_account_id = $1
         union all
         select * from ${this.s}.transfers where credit_account_id = $1 and debit_account_id <> $1
       ) t order by command_seq desc, id collate "C" limit $2`,
      [account_id, limit],
    );
  }

  async recentTrades(limit: number): Promise<TradeEvent[]> {
    const rows = await this.newestEventsOfType('trade', limit);
    return rows.reverse().map((row) => row.event as TradeEvent);
  }

  async newestEventsOfType(type: string, limit: number): Promise<StoredEvent[]> {
    const rows = await this.rows<EventRow>(
      `select * from ${this.s}.events where type = $1 order by event_seq desc limit $2`,
      [type, limit],
    );
    return rows.map(storedEvent);
  }

  async newestEventWithField(
    type: string,
    field: string,
    value: string,
  ): Promise<StoredEvent | undefined> {
    const rows = await this.rows<EventRow>(
      `select * from ${this.s}.events where type = $1 and (body::json ->> $2) = $3
       order by event_seq desc limit 1`,
      [type, field, value],
    );
    const row = rows[0];
    return row === undefined ? undefined : storedEvent(row);
  }

  async latestValuationTimes(): Promise<LatestValuation[]> {
    return this.rows<LatestValuation>(
      `select body::json ->> 'isin' as isin, max(timestamp_us) as at_us from ${this.s}.events
       where type = 'bond_valuation_published' group by 1 order by (body::json ->> 'isin') collate "C"`,
      [],
    );
  }
}
