/**
 * Rows as both projections store them, turned into what the queries answer.
 * @module
 */

import type { HubEvent } from '../hub/index.js';
import type { StoredEvent } from './types.js';

/** An `events` row with its integers as numbers. */
export interface EventRow {
  readonly event_seq: number;
  readonly command_seq: number;
  readonly timestamp_us: number;
  readonly type: string;
  readonly body: string;
}

export function storedEvent(row: EventRow): StoredEvent {
  return {
    event_seq: row.event_seq,
    seq: row.command_seq,
    timestamp_us: row.timestamp_us,
    type: row.type,
    event: JSON.parse(row.body) as HubEvent,
  };
}

/**
 * The tables, in the order a dump lists them, each with its ordering columns: text columns are
 * marked so PostgreSQL compares them bytewise ("C"), as SQLite does.
 */
export const TABLE_ORDER: ReadonlyArray<
  readonly [table: string, order_by: ReadonlyArray<readonly [column: string, text: boolean]>]
> = [
  ['meta', [['key', true]]],
  ['commands', [['seq', false]]],
  ['events', [['event_seq', false]]],
  ['accounts', [['id', true]]],
  [
    'transfers',
    [
      ['command_seq', false],
      ['id', true],
      ['action', true],
    ],
  ],
  ['orders', [['order_id', false]]],
  ['trades', [['trade_id', true]]],
];
