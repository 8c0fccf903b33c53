/**
 * Rows as both projections store them, turned into what the queries answer.
 * @module
 */

import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';
import type { CommandRow, StoredEvent } from './types.js';

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

/** A command's row, as both projections store it. */
export function commandRow(envelope: Envelope, result: CommandResult): CommandRow {
  return {
    seq: envelope.seq,
    timestamp_us: envelope.timestamp_us,
    participant: envelope.participant,
    type: envelope.command.type,
    status: result.status,
    rejection_code: result.rejection?.code ?? null,
    rejection_message: result.rejection?.message ?? null,
    first_event_seq: result.first_event_seq,
    event_count: result.events.length,
    duplicate_of: result.duplicate_of,
  };
}

/** A command row's values in the `commands` table's column order. */
export function commandValues(row: CommandRow): unknown[] {
  return [
    row.seq,
    row.timestamp_us,
    row.participant,
    row.type,
    row.status,
    row.rejection_code,
    row.rejection_message,
    row.first_event_seq,
    row.event_count,
    row.duplicate_of,
  ];
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
