/**
 * Reads the whole journal stream back through the replica filter: the state every replica
 * reaches, what was skipped and why, and how many times each transfer id was applied (the
 * fault tests check that each acknowledged command is there exactly once).
 * @module
 */

import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  DEFAULT_JOURNAL_NAMES,
  type JournalStreamNames,
  readStreamRange,
  streamLastSeq,
} from './journal_stream.js';
import { Replica } from './replica.js';
import type { SkippedBatch } from './types.js';
import { transferIdsOf } from './workload.js';

export interface JournalAudit {
  readonly replica: Replica;
  readonly stream_last_seq: number;
  readonly skipped: readonly SkippedBatch[];
  /** Transfer id → how many envelopes carrying it were applied. */
  readonly transfer_applications: ReadonlyMap<string, number>;
  /** Epoch markers, in stream order: [stream_seq, epoch]. */
  readonly markers: ReadonlyArray<readonly [number, number]>;
}

export async function auditJournal(
  connection: NatsConnection,
  names: JournalStreamNames = DEFAULT_JOURNAL_NAMES,
): Promise<JournalAudit> {
  const manager = await jetstreamManager(connection);
  const stream_last_seq = await streamLastSeq(manager, names);
  const replica = new Replica();
  const skipped: SkippedBatch[] = [];
  const transfer_applications = new Map<string, number>();
  const markers: Array<readonly [number, number]> = [];
  replica.on_skipped = (batch) => skipped.push(batch);
  replica.on_applied = (envelope) => {
    for (const id of transferIdsOf(envelope.command)) {
      transfer_applications.set(id, (transfer_applications.get(id) ?? 0) + 1);
    }
  };
  await readStreamRange(manager, { from_seq: 1, to_seq: stream_last_seq, names }, (seq, data) => {
    const admission = replica.applyMessage(seq, data);
    if (admission.kind === 'marker') markers.push([seq, admission.batch.epoch]);
  });
  return { replica, stream_last_seq, skipped, transfer_applications, markers };
}
