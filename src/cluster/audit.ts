/**
 * Reads the whole journal stream back through the replica filter: the state every replica
 * reaches, what was skipped and why, and how many times each transfer id was applied (the
 * fault tests check that each acknowledged command is there exactly once).
 * @module
 */

import { mkdirSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Envelope } from '../hub/index.js';
import { encode } from '../kernel/index.js';
import { dataPaths, Journal } from '../storage/index.js';
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
  on_applied: ((envelope: Envelope) => void) | null = null,
): Promise<JournalAudit> {
  const manager = await jetstreamManager(connection);
  const stream_last_seq = await streamLastSeq(manager, names);
  const replica = new Replica();
  const skipped: SkippedBatch[] = [];
  const transfer_applications = new Map<string, number>();
  const markers: Array<readonly [number, number]> = [];
  replica.on_skipped = (batch) => skipped.push(batch);
  replica.on_applied = (envelope) => {
    on_applied?.(envelope);
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

/**
 * Writes the commands the stream's readers apply (skipped batches left out) into a local journal
 * in `data_dir`, so `hutong verify` and `hutong replay` check the replicated journal with the same
 * tools as a local one.
 */
export async function exportJournal(
  connection: NatsConnection,
  data_dir: string,
  names: JournalStreamNames = DEFAULT_JOURNAL_NAMES,
): Promise<JournalAudit> {
  mkdirSync(data_dir, { recursive: true });
  const journal = Journal.open(dataPaths(data_dir).journal_path, { fsync: 'always' });
  try {
    const audit = await auditJournal(connection, names, (envelope) => {
      if (!journal.append(envelope.seq, encode(envelope)).ok) {
        journal.commitSync();
        const again = journal.append(envelope.seq, encode(envelope));
        if (!again.ok) throw new Error(`Cannot export command ${envelope.seq}: ${again.message}`);
      }
    });
    journal.commitSync();
    return audit;
  } finally {
    journal.closeSync();
  }
}
