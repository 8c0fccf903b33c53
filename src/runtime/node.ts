/**
 * A running hub with its storage: the sequencer (stamps seq and time, journals, applies), group
 * commit, snapshots every N commands, and the SQLite projection as a reader.
 *
 * A command is applied as soon as it is journaled in memory, and its result may be shown to the
 * client only after `commit()` has made its journal record durable: if the process dies before,
 * the command never happened (its record is lost or cut as a torn tail) and the client retries.
 * @module
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, CommandResult, Envelope } from '../hub/index.js';
import { Hub } from '../hub/index.js';
import { assert } from '../kernel/assert.js';
import { decode, encode, encodeRecord } from '../kernel/codec.js';
import type { Rejection } from '../kernel/index.js';
import {
  type LocalProjection,
  type ProjectionQueries,
  ProjectionThread,
  SqliteProjection,
} from '../projection/index.js';
import {
  dataPaths,
  type FsyncMode,
  Journal,
  LostAcknowledgedError,
  SnapshotStore,
} from '../storage/index.js';
import type { Clock } from './clock.js';
import { recoveryNotices } from './notices.js';
import type { Replicator } from './replicator.js';
import { restoreState } from './restore.js';
import { SnapshotWriter, type SnapshotWriterStatus } from './snapshot_writer.js';

export interface NodeOptions {
  readonly data_dir: string;
  readonly clock: Clock;
  readonly fsync?: FsyncMode;
  /** Take a snapshot after this many commands (0 = never). */
  readonly snapshot_every_commands?: number;
  /**
   * Where the periodic snapshot is encoded and written. 'loop' (default): on the caller's thread,
   * deterministic, for tools, tests and the simulation. 'child': by a child process at nice 10
   * (snapshot_writer.ts), so a server's event loop never stops for it.
   */
  readonly snapshot_in?: 'loop' | 'child';
  /** Told when a background snapshot fails (the journal still holds everything). */
  readonly on_snapshot_failure?: (message: string) => void;
  /**
   * Keep the SQLite projection (default true: on the caller's thread). 'thread': written by a
   * worker thread, off the hub's thread (projection/thread.ts), for a server under load.
   */
  readonly projection?: boolean | 'thread';
}

export interface OpenReport {
  readonly snapshot_seq: number;
  readonly replayed_commands: number;
  readonly skipped_snapshots: readonly string[];
  readonly torn_tail_bytes: number;
  /** One line per thing recovered from (torn tail, sealed records, skipped snapshots): print them. */
  readonly notices: readonly string[];
}

export class HubNode {
  private readonly pending: Array<readonly [Envelope, CommandResult]> = [];
  private commands_since_snapshot = 0;
  private closed = false;
  private readonly writer: SnapshotWriter | null;
  /** The envelope of the last command sequenced, for callers that keep their own log. */
  last_envelope: Envelope | null = null;
  /** Set when the node leads a cluster: commits wait for the journal stream too. */
  private replicator: Replicator | null = null;

  private constructor(
    readonly hub: Hub,
    readonly journal: Journal,
    private readonly snapshots: SnapshotStore,
    readonly projection: LocalProjection | null,
    private readonly options: NodeOptions,
    readonly opened: OpenReport,
  ) {
    this.writer =
      options.snapshot_in === 'child'
        ? new SnapshotWriter(
            options.data_dir,
            options.fsync ?? 'always',
            options.on_snapshot_failure,
          )
        : null;
  }

  /** The background snapshot writer's state (null when snapshots are taken on the loop). */
  get snapshot_status(): SnapshotWriterStatus | null {
    return this.writer?.status ?? null;
  }

  static open(options: NodeOptions): HubNode {
    mkdirSync(options.data_dir, { recursive: true });
    const paths = dataPaths(options.data_dir);
    const fsync = options.fsync ?? 'always';
    const snapshots = new SnapshotStore(paths.snapshot_directory, { fsync });
    // Decide first, then repair: the journal is not cut or sealed until the snapshot and the
    // projection agree with it (a torn tail they prove was acknowledged is a refusal).
    const journal = Journal.open(paths.journal_path, { fsync, defer_recovery: true });
    let projection: LocalProjection | null = null;
    try {
      projection = openProjection(options);
      refuseProjectionAhead(projection, journal);
      const catch_up = new CatchUp(projection);
      const restored = restoreState(snapshots, journal, catch_up.listener);
      journal.finishRecovery();
      catch_up.finish(restored, journal);
      const report: OpenReport = {
        snapshot_seq: restored.snapshot_seq,
        replayed_commands: restored.replayed,
        skipped_snapshots: restored.skipped,
        torn_tail_bytes: journal.recovery.torn_tail?.bytes ?? 0,
        notices: recoveryNotices(journal.path, journal.recovery, restored.skipped),
      };
      return new HubNode(restored.hub, journal, snapshots, projection, options, report);
    } catch (error) {
      projection?.close();
      journal.closeSync();
      throw error;
    }
  }

  /**
   * From now on every command is replicated before its commit resolves (a cluster's leader; the
   * local journal becomes a cache of the stream).
   */
  replicateTo(replicator: Replicator): void {
    assert(this.replicator === null, 'a node replicates to one place');
    this.replicator = replicator;
  }

  /**
   * A command sequenced elsewhere and applied to this node's hub by a replica of the cluster's
   * stream: kept in the local journal and fed to the readers at the next commit, as if submitted.
   */
  recordReplicated(envelope: Envelope, encoded: string, result: CommandResult): void {
    assert(envelope.seq === this.hub.seq, 'a replicated command is the last one applied');
    // A replica catching up on a long stream fills the local buffer faster than its commit timer
    // empties it: commit (the stream holds the durable copy) and append again.
    let appended = this.journal.append(envelope.seq, encoded);
    if (!appended.ok) {
      this.commitSync();
      appended = this.journal.append(envelope.seq, encoded);
    }
    assert(appended.ok, `the local journal refused replicated seq ${envelope.seq}`);
    this.last_envelope = envelope;
    if (this.projection !== null) this.pending.push([envelope, result]);
    this.commands_since_snapshot += 1;
  }

  /**
   * Sequences, journals (in memory) and applies one command. Returns a rejection without
   * sequencing when the journal's buffer is full (back-pressure) or a cluster leader is fenced:
   * nothing happened.
   */
  submit(
    participant: string,
    command: Command,
    idempotency_key: string | null = null,
  ): CommandResult {
    const refused = this.replicator?.refusal() ?? null;
    if (refused !== null) return unsequenced(refused);
    const hub = this.hub;
    const envelope: Envelope = {
      seq: hub.seq + 1,
      timestamp_us: Math.max(this.options.clock.now_us(), hub.now_us),
      participant,
      idempotency_key,
      command,
    };
    // An order's envelope as a compact record, anything else as JSON (kernel/order_record.ts).
    const encoded = encodeRecord(envelope);
    const appended = this.journal.append(envelope.seq, encoded);
    if (!appended.ok) return unsequenced(appended);
    this.replicator?.add(envelope.seq, encoded);
    const result = hub.apply(envelope);
    this.last_envelope = envelope;
    if (this.projection !== null) this.pending.push([envelope, result]);
    this.commands_since_snapshot += 1;
    return result;
  }

  /** Makes everything submitted so far durable, then feeds the readers and snapshots if due. */
  async commit(): Promise<void> {
    const batch = this.pending.splice(0, this.pending.length);
    const replicated = this.replicator?.commit();
    await this.journal.commit();
    await replicated;
    this.afterCommit(batch);
  }

  commitSync(): void {
    const batch = this.pending.splice(0, this.pending.length);
    this.journal.commitSync();
    this.afterCommit(batch);
  }

  private afterCommit(batch: Array<readonly [Envelope, CommandResult]>): void {
    this.projection?.apply(batch);
    const every = this.options.snapshot_every_commands ?? 0;
    if (every === 0 || this.commands_since_snapshot < every) return;
    if (this.writer !== null) {
      // The child rebuilds the state at a durable seq from the journal: nothing to hand over.
      if (this.writer.start(this.journal.committed_seq)) this.commands_since_snapshot = 0;
      return;
    }
    // Only when everything applied is durable; otherwise at the next commit.
    if (this.journal.committed_seq === this.hub.seq) this.snapshotNow();
  }

  /**
   * Writes a snapshot of the state as of the last applied command, committing it first: a
   * snapshot must never be ahead of the durable journal (a start would take it as proof of lost
   * acknowledged records). Not while an async commit is in flight.
   */
  snapshotNow(): void {
    assert(this.writer?.busy !== true, 'snapshotNow while a background snapshot runs');
    if (this.journal.committed_seq !== this.hub.seq) this.commitSync();
    const seq = this.hub.seq;
    this.snapshots.writeSync(seq, encode(this.hub.snapshot()), this.journal.recordChecksum(seq));
    this.commands_since_snapshot = 0;
  }

  /** The projection's queries (null without a projection). */
  get queries(): ProjectionQueries | null {
    return this.projection?.queries ?? null;
  }

  /** Resolves when no background snapshot is being written. */
  snapshotsIdle(): Promise<void> {
    return this.writer?.idle() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.snapshotsIdle();
    this.writer?.kill();
    await this.commit();
    await this.journal.close();
    this.projection?.close();
  }

  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer?.kill();
    this.commitSync();
    this.journal.closeSync();
    this.projection?.close();
  }
}

/** A command refused before it was sequenced: nothing happened. */
function unsequenced(rejection: Rejection): CommandResult {
  return {
    seq: 0,
    status: 'rejected',
    rejection,
    events: [],
    first_event_seq: 0,
    duplicate_of: null,
  };
}

/**
 * Brings the projection up to the journal on open. The projection is fed after each commit and
 * snapshots are taken after that, so it is normally at or past the snapshot and the restore's own
 * replay carries it forward; only a deleted or lagging projection needs a replay from genesis.
 */
class CatchUp {
  private batch: Array<readonly [Envelope, CommandResult]> = [];
  private readonly from_seq: number;

  constructor(private readonly projection: LocalProjection | null) {
    this.from_seq = projection?.last_seq ?? 0;
  }

  readonly listener = (envelope: Envelope, result: CommandResult): void => {
    if (this.projection === null || envelope.seq <= this.from_seq) return;
    this.batch.push([envelope, result]);
    if (this.batch.length >= 1_000) this.flush();
  };

  finish(restored: { hub: Hub; snapshot_seq: number }, journal: Journal): void {
    if (this.projection === null) return;
    if (this.from_seq < restored.snapshot_seq) {
      this.batch = [];
      replayFromGenesis(this.projection, journal);
    }
    this.flush();
  }

  private flush(): void {
    this.projection?.apply(this.batch);
    this.batch = [];
  }
}

function openProjection(options: NodeOptions): LocalProjection | null {
  const path = join(options.data_dir, 'projection.sqlite');
  if (options.projection === false) return null;
  return options.projection === 'thread' ? new ProjectionThread(path) : new SqliteProjection(path);
}

/** A projection that holds commands the journal lacks proves the journal lost acknowledged ones. */
function refuseProjectionAhead(projection: LocalProjection | null, journal: Journal): void {
  if (projection === null || projection.last_seq <= journal.last_seq) return;
  throw new LostAcknowledgedError({
    reason: 'projection_ahead_of_journal',
    acknowledged_seq: projection.last_seq,
    journal_last_seq: journal.last_seq,
    evidence_path: projection.path,
  });
}

/** Replays the journal into a fresh hub to project what the projection has not yet seen. */
function replayFromGenesis(projection: LocalProjection, journal: Journal): void {
  const replay = new Hub();
  const projected_seq = projection.last_seq;
  let batch: Array<readonly [Envelope, CommandResult]> = [];
  for (const record of journal.records(1)) {
    const envelope = decode(record.payload) as Envelope;
    const result = replay.apply(envelope);
    if (envelope.seq <= projected_seq) continue;
    batch.push([envelope, result]);
    if (batch.length >= 1_000) {
      projection.apply(batch);
      batch = [];
    }
  }
  projection.apply(batch);
}
