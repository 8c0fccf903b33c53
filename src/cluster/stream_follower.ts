/**
 * A reader's view of the journal stream: follows it through a Replica (the same filter and hub as
 * every standby, so the results are the leader's) and hands each applied command's
 * (envelope, result) to a sink in batches, with at most `in_flight_max` batches handed over and
 * not yet taken before it reads on (back-pressure; 1 by default: each awaited).
 *
 * Resuming a sink that holds everything up to seq L: the hub must be rebuilt up to L (results
 * depend on the state), so the follower starts from the newest snapshot in the object store at or
 * below L when there is one, else from genesis, replays without emitting up to L and emits from
 * L + 1. A batch goes to the sink when it reaches `batch_max` commands or when the stream has
 * been quiet for `idle_ms`; on stop, what was applied goes to the sink before `run` resolves.
 * @module
 */

import {
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { CommandResult, Envelope } from '../hub/index.js';
import { DEFAULT_JOURNAL_NAMES, type JournalStreamNames, streamLastSeq } from './journal_stream.js';
import { Replica } from './replica.js';
import { loadSnapshotAtOrBelow } from './snapshot_store.js';

export type FollowedBatch = ReadonlyArray<readonly [Envelope, CommandResult]>;

/**
 * Takes a batch in seq order. With `in_flight_max` above 1 it is handed the next batches before
 * the first resolves, and must take them in call order (as PgProjection.apply does).
 */
export type FollowerSink = (batch: FollowedBatch) => Promise<void>;

export interface StreamFollowerOptions {
  readonly sink: FollowerSink;
  /** The last command seq the sink already holds (0: nothing): replayed, not emitted. */
  readonly after_seq: number;
  readonly names?: JournalStreamNames;
  /** Start from the newest snapshot at or below `after_seq` in this store when there is one. */
  readonly snapshots?: ObjectStore | null;
  /** Commands per batch at most (a stream message's commands are never split): 1,000. */
  readonly batch_max?: number;
  /** A partial batch goes to the sink after this much quiet on the stream: 50 ms. */
  readonly idle_ms?: number;
  /**
   * Batches handed to the sink and not yet resolved, at most, before the follower reads on: 1.
   * Two let a database sink write one batch while the follower replays and folds the next.
   */
  readonly in_flight_max?: number;
  readonly log?: (line: string) => void;
}

/** A follower that cannot go on: a stable code and a message for the operator. */
export class FollowerError extends Error {
  override readonly name = 'FollowerError';
  constructor(
    readonly code: 'JOURNAL_STREAM_NOT_FOUND' | 'SINK_AHEAD_OF_STREAM',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const BATCH_MAX = 1_000;
const IDLE_MS = 50;
const CONSUMER_MESSAGES_MAX = 256;
const IDLE = Symbol('idle');

export class StreamFollower {
  private pending: Array<readonly [Envelope, CommandResult]> = [];
  /** The sink's answers for the batches handed over, oldest first. */
  private in_flight: Array<Promise<void>> = [];
  private messages: ConsumerMessages | null = null;
  private stopping = false;
  /** The last seq the sink has taken (`after_seq` until the first batch). */
  sunk_seq: number;
  /** Where the hub started: 'snapshot' (and its stream seq) or 'genesis'. */
  readonly start: { readonly from: 'snapshot' | 'genesis'; readonly stream_seq: number };

  private constructor(
    readonly replica: Replica,
    private readonly connection: NatsConnection,
    private readonly manager: JetStreamManager,
    private readonly options: StreamFollowerOptions,
    /** The stream's last seq at open: once read, the hub must have reached `after_seq`. */
    private readonly open_last_seq: number,
  ) {
    this.sunk_seq = options.after_seq;
    this.start = {
      from: replica.stream_seq > 0 ? 'snapshot' : 'genesis',
      stream_seq: replica.stream_seq,
    };
    replica.on_applied = (envelope, result) => {
      if (envelope.seq > options.after_seq) this.pending.push([envelope, result]);
    };
    replica.on_skipped ??= (skipped) =>
      options.log?.(
        `skipped stream message ${skipped.stream_seq} (${skipped.reason}): epoch ` +
          `${skipped.epoch}, first seq ${skipped.first_seq}, ${skipped.count} commands`,
      );
  }

  static async open(
    connection: NatsConnection,
    options: StreamFollowerOptions,
  ): Promise<StreamFollower> {
    const manager = await jetstreamManager(connection);
    const names = options.names ?? DEFAULT_JOURNAL_NAMES;
    let last_seq: number;
    try {
      last_seq = await streamLastSeq(manager, names);
    } catch (error) {
      if (!/stream not found/i.test(String(error))) throw error;
      throw new FollowerError(
        'JOURNAL_STREAM_NOT_FOUND',
        `no stream ${names.stream} on this NATS cluster: start a leader (hutong serve --cluster) first`,
      );
    }
    const store = options.snapshots ?? null;
    const restored =
      store !== null && options.after_seq > 0
        ? await loadSnapshotAtOrBelow(store, options.after_seq)
        : null;
    const replica = restored ?? new Replica();
    return new StreamFollower(replica, connection, manager, options, last_seq);
  }

  private get names(): JournalStreamNames {
    return this.options.names ?? DEFAULT_JOURNAL_NAMES;
  }

  /** The stream's last sequence now (for progress: lag = it − `replica.stream_seq`). */
  streamLastSeq(): Promise<number> {
    return streamLastSeq(this.manager, this.names);
  }

  /**
   * Follows the stream until `stop()`: resolves once the last applied commands are in the sink;
   * rejects when the sink fails (nothing more is read) or the stream cannot be followed.
   */
  async run(): Promise<void> {
    this.checkNotAhead();
    const consumer = await jetstream(this.connection).consumers.get(this.names.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.replica.stream_seq + 1,
    });
    const messages = await consumer.consume({ max_messages: CONSUMER_MESSAGES_MAX });
    this.messages = messages;
    if (this.stopping) messages.stop();
    try {
      await this.follow(messages);
      await this.flush();
      await this.settle(0);
    } finally {
      // A failed batch leaves the ones behind it failing too: their rejections are observed here.
      await Promise.allSettled(this.in_flight);
      messages.stop();
    }
  }

  private async follow(messages: ConsumerMessages): Promise<void> {
    const iterator = messages[Symbol.asyncIterator]();
    const batch_max = this.options.batch_max ?? BATCH_MAX;
    let next = iterator.next();
    for (;;) {
      const step = this.pending.length === 0 ? await next : await this.untilIdle(next);
      if (step === IDLE) {
        await this.flush();
        continue;
      }
      if (step.done === true) return;
      next = iterator.next();
      this.read(step.value);
      if (this.pending.length >= batch_max) await this.flush();
      if (this.stopping) return;
    }
  }

  private read(message: JsMsg): void {
    if (message.seq <= this.replica.stream_seq) return;
    this.replica.applyMessage(message.seq, message.data);
    this.checkNotAhead();
  }

  /** Once the stream is read as far as it went at open, the hub must have reached `after_seq`. */
  private checkNotAhead(): void {
    const after_seq = this.options.after_seq;
    if (this.replica.stream_seq >= this.open_last_seq && this.replica.hub.seq < after_seq) {
      throw new FollowerError(
        'SINK_AHEAD_OF_STREAM',
        `the sink holds seq ${after_seq} but the stream ${this.names.stream} reaches seq ` +
          `${this.replica.hub.seq}: it was built from another journal; rebuild it from empty`,
      );
    }
  }

  /** The next message, or IDLE when none comes within `idle_ms`. */
  private async untilIdle<T>(next: Promise<T>): Promise<T | typeof IDLE> {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<typeof IDLE>((resolve) => {
      timer = setTimeout(() => resolve(IDLE), this.options.idle_ms ?? IDLE_MS);
    });
    try {
      return await Promise.race([next, idle]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Hands the pending commands to the sink; waits while too many batches are in flight. */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const last_seq = (batch[batch.length - 1] as (typeof batch)[number])[0].seq;
    const taken = this.options.sink(batch).then(() => {
      this.sunk_seq = last_seq;
    });
    taken.catch(() => undefined); // awaited in settle; not an unhandled rejection meanwhile
    this.in_flight.push(taken);
    await this.settle((this.options.in_flight_max ?? 1) - 1);
  }

  /** Waits for the oldest batches until at most `left` are in flight; throws a sink's failure. */
  private async settle(left: number): Promise<void> {
    while (this.in_flight.length > left) await this.in_flight.shift();
  }

  /** Asks `run` to stop after the batch in flight (its promise resolves when it has). */
  stop(): void {
    this.stopping = true;
    this.messages?.stop();
  }
}
