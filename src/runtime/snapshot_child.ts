/**
 * The snapshot writer as its own process, so a snapshot never stops the hub's event loop
 * (issue 12 item 4). `HubNode` starts it at nice 10 with a durable seq; it rebuilds the state at
 * that seq from the newest bound snapshot and the journal (read-only, as `hutong replay` does),
 * encodes it and writes it bound to the journal record at that seq. The hub hands over nothing
 * but the seq: the journal is the state.
 *
 * Usage: `node snapshot_child.js <data_dir> <seq> <always|never>`. Prints one JSON line.
 * @module
 */

import { encode } from '../kernel/codec.js';
import { dataPaths, Journal, SnapshotStore } from '../storage/index.js';
import { restoreState } from './restore.js';

function main(argv: readonly string[]): number {
  const [data_dir, seq_text, fsync] = argv;
  const seq = Number(seq_text);
  if (data_dir === undefined || !Number.isSafeInteger(seq) || seq < 1) {
    process.stderr.write('usage: snapshot_child.js <data_dir> <seq> <always|never>\n');
    return 2;
  }
  if (fsync !== 'always' && fsync !== 'never') {
    process.stderr.write('snapshot_child: fsync must be always or never\n');
    return 2;
  }
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
    const result = {
      seq,
      from_seq: restored.snapshot_seq,
      size_bytes: written.size_bytes,
      elapsed_ms,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    journal.closeSync();
  }
}

process.exitCode = main(process.argv.slice(2));
