/**
 * A committed command prepared for a projection on another thread: its row, and its business
 * events as the JSON bodies the events table stores (best bid and offer changes left out, as
 * `SqliteProjection.apply` leaves them out). Strings and numbers only, so it crosses to a worker
 * by a cheap structured clone, and the worker's rows equal the ones the hub's thread would write.
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
  const commands: ProjectedCommand[] = [];
  for (const [envelope, result] of batch) {
    const event_seqs: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < result.events.length; i += 1) {
      const event = result.events[i] as HubEvent;
      if (event.type === 'bbo') continue;
      event_seqs.push(result.first_event_seq + i);
      bodies.push(eventJson(event));
    }
    commands.push({ ...commandRow(envelope, result), event_seqs, bodies });
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
