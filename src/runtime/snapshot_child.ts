/**
 * The snapshot writer as its own long-lived process, so a snapshot never stops the hub's event
 * loop (issue 12 item 4). `HubNode` starts it once, at nice 10, with IPC; for each message
 * `{seq}` it rebuilds the state at that durable seq from the newest bound snapshot and the journal
 * (read-only, as `hutong replay` does), encodes it, writes it bound to the journal record at that
 * seq, and answers `{seq, from_seq, size_bytes, elapsed_ms}` or `{error}`. The hub hands over
 * nothing but the seq: the journal is the state. It exits when the hub disconnects.
 *
 * Usage (by the hub): `fork('snapshot_child.js', [<data_dir>, <always|never>])`.
 * @module
 */

import { encode } from '../kernel/codec.js';
import { dataPaths, type FsyncMode, Journal, SnapshotStore } from '../storage/index.js';
import { restoreState } from './restore.js';

interface Written {
  readonly seq: number;
  readonly from_seq: number;
  readonly size_bytes: number;
  readonly elapsed_ms: number;
}

function snapshotAt(data_dir: string, seq: number, fsync: FsyncMode): Written {
  const started_ms = performance.now();
  const paths = dataPaths(data_dir);
  const journal = Journal.open(paths.journal_path, { read_only: true });
  try {
    const snapshots = new SnapshotStore(paths.snapshot_directory, { fsync, read_only: true });
    const restored = restoreState(snapshots, journal, undefined, seq);
    if (restored.hub.seq !== seq)
      throw new Error(`journal ends at ${restored.hub.seq}, not ${seq}`);
    const payload = encode(restored.hub.snapshot());
    const writer = new SnapshotStore(paths.snapshot_directory, { fsync });
    const written = writer.writeSync(seq, payload, journal.recordChecksum(seq));
    const elapsed_ms = Math.round(performance.now() - started_ms);
    return { seq, from_seq: restored.snapshot_seq, size_bytes: written.size_bytes, elapsed_ms };
  } finally {
    journal.closeSync();
  }
}

function main(argv: readonly string[]): void {
  const [data_dir, fsync] = argv;
  if (data_dir === undefined || (fsync !== 'always' && fsync !== 'never') || !process.send) {
    process.stderr.write('usage: fork snapshot_child.js <data_dir> <always|never> with IPC\n');
    process.exitCode = 2;
    return;
  }
  process.on('message', (message: unknown) => {
    const seq = (message as { seq?: unknown } | null)?.seq;
    try {
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
        throw new Error(`not a seq: ${String(seq)}`);
      process.send?.(snapshotAt(data_dir, seq, fsync));
    } catch (error) {
      process.send?.({ error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main(process.argv.slice(2));
