/**
 * The journal on JetStream: the stream, the leader's writer, and reading messages back.
 *
 * The writer publishes one message per batch with the stream-level expected last sequence and a
 * `Nats-Msg-Id` of `<epoch>-<first_seq>-<count>`. It predicts where each message lands (it is the
 * only writer, and one connection's publishes arrive in order) and checks the acknowledged stream
 * sequence against the prediction: the server's own check had gaps in nats-server 2.9.x (#4320,
 * reference §6), an adjacent acknowledged position proves no other writer's message came between
 * two of ours. Any failure fences the writer for good.
 * @module
 */

import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { assert } from '../kernel/index.js';
import { encodeBatch } from './batch_frame.js';
import type { FenceReason, JournalBatch } from './types.js';
import { LeaderFencedError } from './types.js';

export interface JournalStreamNames {
  readonly stream: string;
  readonly subject: string;
}

export const DEFAULT_JOURNAL_NAMES: JournalStreamNames = {
  stream: 'JOURNAL',
  subject: 'hutong.journal',
};

/** nats-server's wrong-last-sequence API error (docs.nats.io, JetStream error codes). */
const WRONG_LAST_SEQUENCE_CODE = 10071;
const DUPLICATE_WINDOW_MS = 120_000;
/**
 * How long one publish is retried (timeouts, no responders while a stream leader is elected),
 * well within the duplicate window.
 */
const PUBLISH_RETRY_MS = 15_000;
const PUBLISH_RETRY_DELAY_MS = 200;

/** Creates the journal stream if it does not exist: file storage, replicated, no deletes. */
export async function ensureJournalStream(
  manager: JetStreamManager,
  options: { names?: JournalStreamNames; replicas?: number } = {},
): Promise<void> {
  const names = options.names ?? DEFAULT_JOURNAL_NAMES;
  const replicas = options.replicas ?? 3;
  try {
    const info = await manager.streams.info(names.stream);
    assert(info.config.deny_delete === true, 'the journal stream denies deletes');
    return;
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
  }
  await manager.streams.add({
    name: names.stream,
    subjects: [names.subject],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    num_replicas: replicas,
    deny_delete: true,
    deny_purge: true,
    duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000,
    max_msg_size: 1024 * 1024,
  });
}

function isStreamNotFound(error: unknown): boolean {
  return (error as { code?: number }).code === 10059 || /stream not found/i.test(String(error));
}

/** The stream's last sequence (0 when empty). */
export async function streamLastSeq(
  manager: JetStreamManager,
  names: JournalStreamNames = DEFAULT_JOURNAL_NAMES,
): Promise<number> {
  const info = await manager.streams.info(names.stream);
  return info.state.last_seq;
}

/** Reads messages `from_seq..to_seq` one by one (for the short tail a new leader catches up). */
export async function readStreamRange(
  manager: JetStreamManager,
  range: { from_seq: number; to_seq: number; names?: JournalStreamNames },
  each: (stream_seq: number, data: Uint8Array) => void,
): Promise<void> {
  const names = range.names ?? DEFAULT_JOURNAL_NAMES;
  for (let seq = range.from_seq; seq <= range.to_seq; seq += 1) {
    const message = await manager.streams.getMessage(names.stream, { seq });
    assert(message !== null, `journal message ${seq} is missing (deletes are denied)`);
    each(message.seq, message.data);
  }
}

export interface PublishedBatch {
  readonly stream_seq: number;
  readonly duplicate: boolean;
}

/** The leader's writer: predicted positions, expected-last-sequence, fencing on any surprise. */
export class JournalWriter {
  private next_stream_seq: number;
  private fence: LeaderFencedError | null = null;

  constructor(
    private readonly client: JetStreamClient,
    readonly epoch: number,
    /** The stream's last sequence when this writer starts. */
    last_stream_seq: number,
    private readonly names: JournalStreamNames = DEFAULT_JOURNAL_NAMES,
    private readonly timeout_ms = 5_000,
  ) {
    assert(epoch > 0, 'a writer has an epoch');
    this.next_stream_seq = last_stream_seq + 1;
  }

  get fenced(): LeaderFencedError | null {
    return this.fence;
  }

  /** The stream sequence the next publish is expected to land on. */
  get predicted_stream_seq(): number {
    return this.next_stream_seq;
  }

  fenceWith(reason: FenceReason, detail: string): LeaderFencedError {
    this.fence ??= new LeaderFencedError(reason, detail);
    return this.fence;
  }

  /**
   * Publishes one batch. Call in batch order; publishes may be in flight together. Resolves with
   * the acknowledged position, or rejects with the fence.
   */
  publish(batch: JournalBatch): Promise<PublishedBatch> {
    if (this.fence !== null) return Promise.reject(this.fence);
    assert(batch.epoch === this.epoch, 'a writer publishes only its own epoch');
    const predicted = this.next_stream_seq;
    this.next_stream_seq += 1;
    const message_id = `${batch.epoch}-${batch.first_seq}-${batch.envelopes.length}`;
    return this.publishAt(encodeBatch(batch), message_id, predicted);
  }

  /**
   * Publishes framed bytes at a predicted position (also used by the de-duplication test). A
   * timeout is retried with the same message id: if the first attempt was stored, the stream
   * answers the retry as a duplicate at the same position (de-duplication is checked before the
   * expected sequence), so a slow election never stores a batch twice.
   */
  async publishAt(
    data: Uint8Array,
    message_id: string,
    predicted: number,
  ): Promise<PublishedBatch> {
    let stream_seq = 0;
    let duplicate = false;
    const deadline_ms = Date.now() + PUBLISH_RETRY_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const ack = await this.client.publish(this.names.subject, data, {
          msgID: message_id,
          expect: { lastSequence: predicted - 1, streamName: this.names.stream },
          timeout: this.timeout_ms,
        });
        stream_seq = ack.seq;
        duplicate = ack.duplicate;
        break;
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === WRONG_LAST_SEQUENCE_CODE) {
          throw this.fenceWith('WRONG_LAST_SEQUENCE', `expected last ${predicted - 1}: ${error}`);
        }
        if (Date.now() >= deadline_ms || this.fence !== null) {
          throw this.fenceWith(
            'PUBLISH_FAILED',
            `${message_id} after ${attempt} attempts: ${error}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, PUBLISH_RETRY_DELAY_MS));
      }
    }
    if (this.fence !== null) throw this.fence;
    if (stream_seq !== predicted) {
      throw this.fenceWith(
        'STREAM_POSITION_MISMATCH',
        `batch ${message_id} landed at ${stream_seq}, expected ${predicted}`,
      );
    }
    return { stream_seq, duplicate };
  }
}
