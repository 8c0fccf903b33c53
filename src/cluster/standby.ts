/**
 * A hot standby: replays the journal stream into its own hub as it grows (an ordered consumer),
 * watches the lease, and when the lease is free takes it and becomes the leader:
 *
 * 1. take the lease (compare-and-set): its revision is the new epoch;
 * 2. stop consuming and read the stream to its last sequence L;
 * 3. publish an epoch marker (no envelopes) expecting last sequence L; on wrong-last-sequence a
 *    deposed leader is still writing: read again and retry;
 * 4. read from L + 1 to where the marker landed, through the same filter as every replica (a
 *    deposed leader's batch acknowledged before the marker is applied, one after it skipped);
 * 5. serve, with the hub it has replayed, publishing after the marker.
 * @module
 */

import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import {
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { assert } from '../kernel/index.js';
import type { Clock } from '../runtime/index.js';
import {
  DEFAULT_JOURNAL_NAMES,
  ensureJournalStream,
  type JournalStreamNames,
  JournalWriter,
  readStreamRange,
  streamLastSeq,
} from './journal_stream.js';
import { ClusterLeader, type LeaderOptions } from './leader.js';
import {
  DEFAULT_LEASE_CONFIG,
  type LeaseConfig,
  type LeaseHolder,
  LeaseObserver,
  type LeaseValue,
  openLeaseBucket,
} from './lease.js';
import { Replica } from './replica.js';
import { writeSnapshot } from './snapshot_store.js';
import { LeaderFencedError } from './types.js';

export interface StandbyOptions {
  /** Names this process in the lease. */
  readonly holder: string;
  /** Where this node's API answers once it leads, written in the lease for standbys to point to. */
  readonly advertise_url?: string;
  readonly clock: Clock;
  readonly names?: JournalStreamNames;
  readonly lease?: LeaseConfig;
  readonly stream_replicas?: number;
  readonly leader?: Omit<LeaderOptions, 'clock'>;
  /** A replica to continue from (a snapshot and its position); a fresh hub otherwise. */
  readonly replica?: Replica;
  readonly log?: (line: string) => void;
  /** Write a snapshot to this object store after every `every_commands` commands applied. */
  readonly snapshots?: { readonly store: ObjectStore; readonly every_commands: number };
}

const MARKER_ATTEMPTS_MAX = 5;

export class Standby {
  private messages: ConsumerMessages | null = null;
  private consumed: Promise<void> = Promise.resolve();
  private promoted = false;
  private snapshot_seq = 0;
  private snapshot_writing: Promise<unknown> | null = null;
  private observer: LeaseObserver | null = null;

  private constructor(
    readonly replica: Replica,
    private readonly client: JetStreamClient,
    private readonly manager: JetStreamManager,
    private readonly kv: KV,
    private readonly options: StandbyOptions,
  ) {}

  static async open(connection: NatsConnection, options: StandbyOptions): Promise<Standby> {
    const manager = await jetstreamManager(connection);
    const names = options.names ?? DEFAULT_JOURNAL_NAMES;
    // Two processes creating the same replicated stream at once can time out on a cluster that
    // has just elected its meta leader (seen with nats-server 2.9.10): try again, a few times.
    await withRetries(() =>
      ensureJournalStream(manager, { names, replicas: options.stream_replicas ?? 3 }),
    );
    const kv = await withRetries(() =>
      openLeaseBucket(connection, options.lease ?? DEFAULT_LEASE_CONFIG),
    );
    const replica = options.replica ?? new Replica();
    replica.on_skipped ??= (skipped) =>
      options.log?.(
        `skipped stream message ${skipped.stream_seq} (${skipped.reason}): epoch ` +
          `${skipped.epoch}, first seq ${skipped.first_seq}, ${skipped.count} commands`,
      );
    return new Standby(replica, jetstream(connection), manager, kv, options);
  }

  private get names(): JournalStreamNames {
    return this.options.names ?? DEFAULT_JOURNAL_NAMES;
  }

  /** Starts replaying the stream from the replica's position, in the background. */
  async startConsuming(): Promise<void> {
    assert(this.messages === null && !this.promoted, 'consuming once, before promotion');
    // A replica restored from a snapshot is not due for another one until it has moved on.
    this.snapshot_seq = Math.max(this.snapshot_seq, this.replica.hub.seq);
    const consumer = await this.client.consumers.get(this.names.stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.replica.stream_seq + 1,
    });
    const messages = await consumer.consume({ max_messages: 256 });
    this.messages = messages;
    this.consumed = (async () => {
      for await (const message of messages) {
        if (message.seq <= this.replica.stream_seq) continue;
        this.replica.applyMessage(message.seq, message.data);
        this.snapshotIfDue();
      }
    })();
  }

  /**
   * Writes a snapshot when `every_commands` have been applied since the last one; a due snapshot
   * skipped while another was written is taken when that one ends. Never once this node leads:
   * a leader's loop must stay free for its lease and its clients.
   */
  private snapshotIfDue(): void {
    const snapshots = this.options.snapshots;
    if (snapshots === undefined || this.snapshot_writing !== null || this.promoted) return;
    if (this.replica.hub.seq - this.snapshot_seq < snapshots.every_commands) return;
    this.snapshot_seq = this.replica.hub.seq;
    this.snapshot_writing = writeSnapshot(snapshots.store, this.replica)
      .catch((error: unknown) => this.options.log?.(`snapshot failed: ${String(error)}`))
      .finally(() => {
        this.snapshot_writing = null;
        this.snapshotIfDue();
      });
  }

  /**
   * Resolves when no snapshot is being written, including one that became due while the last
   * was written and started as it ended.
   */
  async snapshotsIdle(): Promise<void> {
    while (this.snapshot_writing !== null) await this.snapshot_writing;
  }

  async stopConsuming(): Promise<void> {
    const messages = this.messages;
    if (messages === null) return;
    this.messages = null;
    messages.stop();
    await this.consumed;
  }

  /** Resolves when the replica has read the stream up to `stream_seq`. */
  async waitForStreamSeq(stream_seq: number, timeout_ms = 20_000): Promise<void> {
    const deadline_ms = Date.now() + timeout_ms;
    while (this.replica.stream_seq < stream_seq) {
      if (Date.now() > deadline_ms) {
        throw new Error(`Replica at ${this.replica.stream_seq} did not reach ${stream_seq}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The leader as last read from the lease while campaigning (null before the first read). */
  leaderSeen(): LeaseValue | null {
    return this.observer?.seen ?? null;
  }

  /** Watches the lease until it is free, takes it and becomes the leader. */
  async campaign(options: { poll_ms?: number; signal?: AbortSignal } = {}): Promise<ClusterLeader> {
    const { writer, lease } = await this.campaignWriter(options);
    return new ClusterLeader(this.replica.hub, writer, lease, {
      ...this.options.leader,
      clock: this.options.clock,
    });
  }

  /**
   * Watches the lease until it is free, takes it, writes its epoch's marker and reads to it: the
   * writer (positioned after the marker) and the lease of the new leader, whose replica's hub is
   * then exactly what the stream holds. For a leader that is more than a bare hub (a HubNode).
   */
  async campaignWriter(
    options: { poll_ms?: number; signal?: AbortSignal } = {},
  ): Promise<{ writer: JournalWriter; lease: LeaseHolder }> {
    const lease_config = this.options.lease ?? DEFAULT_LEASE_CONFIG;
    const observer = new LeaseObserver(this.kv, lease_config);
    this.observer = observer;
    const poll_ms = options.poll_ms ?? Math.max(20, lease_config.ttl_ms / 10);
    for (;;) {
      if (options.signal?.aborted === true) throw new Error('The campaign was aborted');
      if (await observer.poll()) {
        const holder = await observer.take(this.options.holder, this.options.advertise_url);
        if (holder !== null) return this.promote(holder);
      }
      await new Promise((resolve) => setTimeout(resolve, poll_ms));
    }
  }

  private async promote(
    lease: LeaseHolder,
  ): Promise<{ writer: JournalWriter; lease: LeaseHolder }> {
    this.promoted = true;
    await this.stopConsuming();
    const epoch = lease.epoch;
    lease.startRenewing();
    for (let attempt = 1; attempt <= MARKER_ATTEMPTS_MAX; attempt += 1) {
      const last_seq = await streamLastSeq(this.manager, this.names);
      await this.readTo(last_seq);
      if (!lease.held()) {
        throw new LeaderFencedError('LEASE_EXPIRED', 'the lease expired while catching up');
      }
      const marker_writer = new JournalWriter(this.client, epoch, last_seq, this.names);
      const marker = { epoch, first_seq: this.replica.hub.seq + 1, envelopes: [] };
      let landed_seq: number;
      try {
        landed_seq = (await marker_writer.publish(marker)).stream_seq;
      } catch (error) {
        if (!(error instanceof LeaderFencedError)) throw error;
        if (error.reason === 'WRONG_LAST_SEQUENCE') continue;
        if (error.reason !== 'STREAM_POSITION_MISMATCH') throw error;
        landed_seq = await streamLastSeq(this.manager, this.names);
      }
      await this.readTo(landed_seq);
      if (this.replica.filter.highest_epoch !== epoch) {
        lease.stop();
        throw new LeaderFencedError(
          'NEWER_EPOCH_SEEN',
          `epoch ${this.replica.filter.highest_epoch}`,
        );
      }
      this.options.log?.(
        `leader with epoch ${epoch} from stream seq ${landed_seq}, seq ${this.replica.hub.seq}`,
      );
      const writer = new JournalWriter(this.client, epoch, this.replica.stream_seq, this.names);
      return { writer, lease };
    }
    lease.stop();
    throw new LeaderFencedError('WRONG_LAST_SEQUENCE', 'the stream kept moving under the marker');
  }

  private readTo(stream_seq: number): Promise<void> {
    return readStreamRange(
      this.manager,
      { from_seq: this.replica.stream_seq + 1, to_seq: stream_seq, names: this.names },
      (seq, data) => this.replica.applyMessage(seq, data),
    );
  }
}

const SETUP_ATTEMPTS_MAX = 3;

async function withRetries<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= SETUP_ATTEMPTS_MAX) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
