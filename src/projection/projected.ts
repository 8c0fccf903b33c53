/**
 * A committed command prepared for a projection on another thread: its row, and its business
 * events as the JSON bodies the events table stores (best bid and offer changes left out, as
 * `SqliteProjection.apply` leaves them out). A group crosses to the worker packed in three strings
 * (packProjected, unpackProjected), and the worker's rows equal the ones the hub's thread would
 * write.
 * @module
 */

import type { CommandResult, Envelope, HubEvent } from '../hub/index.js';
import type { Transfer } from '../ledger/index.js';
import { eventJson } from './event_json.js';
import { commandRow } from './stored.js';
import type { CommandRow } from './types.js';

/** The command's row, and its business events as the bodies the events table stores. */
export interface ProjectedCommand extends CommandRow {
  /** The event seq of each body. */
  readonly event_seqs: readonly number[];
  /** The events as plain JSON (bigints as decimal strings). */
  readonly bodies: readonly string[];
}

/** The hub thread's share of projecting: one JSON body per business event. */
export function projectedCommands(
  batch: ReadonlyArray<readonly [Envelope, CommandResult]>,
): ProjectedCommand[] {
  return unpackProjected(packProjected(batch));
}

/**
 * A committed group as it crosses to the projection thread: two strings, so the copy is two
 * memcpys instead of a structured clone of an object per command and a string per event.
 */
export interface PackedProjection {
  /** JSON of one flat array: per command, ROW_WIDTH values (its row, then its body count). */
  readonly rows: string;
  /** JSON of the event seq of every body, in order. */
  readonly event_seqs: string;
  /** The bodies, joined by newlines (JSON text never holds a raw newline). */
  readonly bodies: string;
}

const ROW_WIDTH = 11;

/** What the hub's thread does per group: the rows' values and one body per business event. */
export function packProjected(
  batch: ReadonlyArray<readonly [Envelope, CommandResult]>,
): PackedProjection {
  const rows: unknown[] = [];
  const event_seqs: number[] = [];
  const bodies: string[] = [];
  for (const [envelope, result] of batch) {
    const before = bodies.length;
    for (let i = 0; i < result.events.length; i += 1) {
      const event = result.events[i] as HubEvent;
      if (event.type === 'bbo') continue;
      event_seqs.push(result.first_event_seq + i);
      bodies.push(eventJson(event));
    }
    const row = commandRow(envelope, result);
    rows.push(row.seq, row.timestamp_us, row.participant, row.type, row.status);
    rows.push(row.rejection_code, row.rejection_message, row.first_event_seq, row.event_count);
    rows.push(row.duplicate_of, bodies.length - before);
  }
  return {
    rows: JSON.stringify(rows),
    event_seqs: JSON.stringify(event_seqs),
    bodies: bodies.join('\n'),
  };
}

/** The projection thread's side: the commands as `projectedCommands` gives them. */
export function unpackProjected(packed: PackedProjection): ProjectedCommand[] {
  const rows = JSON.parse(packed.rows) as unknown[];
  const all_seqs = JSON.parse(packed.event_seqs) as number[];
  const all_bodies = all_seqs.length === 0 ? [] : packed.bodies.split('\n');
  const commands: ProjectedCommand[] = [];
  let next = 0;
  for (let r = 0; r < rows.length; r += ROW_WIDTH) {
    const count = rows[r + 10] as number;
    commands.push({
      seq: rows[r] as number,
      timestamp_us: rows[r + 1] as number,
      participant: rows[r + 2] as string,
      type: rows[r + 3] as string,
      status: rows[r + 4] as string,
      rejection_code: rows[r + 5] as string | null,
      rejection_message: rows[r + 6] as string | null,
      first_event_seq: rows[r + 7] as number,
      event_count: rows[r + 8] as number,
      duplicate_of: rows[r + 9] as number | null,
      event_seqs: all_seqs.slice(next, next + count),
      bodies: all_bodies.slice(next, next + count),
    });
    next += count;
  }
  return commands;
}

type BatchOfEvent = Extract<HubEvent, { type: 'transfer_batch_created' }>['batch'];

/**
 * A transfer batch's transfers, from the hub's columnar batch or from its JSON form (as parsed
 * back from an event body: `{ transfers: [...] }`, amounts as decimal strings, which the
 * projection stores as text either way).
 */
export function batchTransfers(batch: BatchOfEvent): readonly Transfer[] {
  const plain = batch as unknown as { transfers: unknown };
  if (Array.isArray(plain.transfers)) return plain.transfers as Transfer[];
  return batch.transfers();
}
