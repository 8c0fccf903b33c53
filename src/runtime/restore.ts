/**
 * Restart: the newest snapshot that verifies, then every journal record after it.
 * @module
 */

import type { CommandResult, Envelope, HubSnapshot } from '../hub/index.js';
import { Hub, restoreHub } from '../hub/index.js';
import { assert } from '../kernel/assert.js';
import { decode } from '../kernel/codec.js';
import {
  chooseSnapshot,
  type Journal,
  LostAcknowledgedError,
  type SnapshotStore,
} from '../storage/index.js';

export interface Restored {
  readonly hub: Hub;
  readonly snapshot_seq: number;
  readonly replayed: number;
  readonly skipped: readonly string[];
}

export type ResultListener = (envelope: Envelope, result: CommandResult) => void;

/**
 * Restores from the newest usable snapshot and replays the journal after it, telling `listener`
 * each replayed command's result (so a reader that is behind can catch up without a second replay).
 * Throws LostAcknowledgedError, before replaying anything, when the newest snapshot proves the
 * journal lost acknowledged records (ahead of it, or bound to another record at its seq).
 */
export function restoreState(
  snapshots: SnapshotStore,
  journal: Journal,
  listener?: ResultListener,
  to_seq = Number.MAX_SAFE_INTEGER,
): Restored {
  const choice = chooseSnapshot(snapshots, journal, to_seq);
  if (choice.lost !== null) throw new LostAcknowledgedError(choice.lost);
  const skipped = choice.skipped.map((problem) => problem.message);
  let hub = new Hub();
  let snapshot_seq = 0;
  if (choice.snapshot !== null) {
    const snapshot = decode(choice.snapshot.payload) as HubSnapshot;
    assert(snapshot.seq === choice.snapshot.seq, 'snapshot seq differs from its file');
    hub = new Hub(restoreHub(snapshot));
    snapshot_seq = snapshot.seq;
  }
  const replayed = replayInto(hub, journal, snapshot_seq + 1, listener, to_seq);
  return { hub, snapshot_seq, replayed, skipped };
}

/** Applies every journal record from `from_seq` on, up to `to_seq`. Returns how many. */
export function replayInto(
  hub: Hub,
  journal: Journal,
  from_seq: number,
  listener?: ResultListener,
  to_seq = Number.MAX_SAFE_INTEGER,
): number {
  let replayed = 0;
  for (const record of journal.records(from_seq)) {
    if (record.seq > to_seq) break;
    const envelope = decode(record.payload) as Envelope;
    assert(
      envelope.seq === record.seq,
      `journal record ${record.seq} holds envelope ${envelope.seq}`,
    );
    const result = hub.apply(envelope);
    listener?.(envelope, result);
    replayed += 1;
  }
  return replayed;
}
