import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { timestampAt } from '../kernel/time.js';
import { parseCommand } from '../protocol/index.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import {
  crashJournal,
  dataPaths,
  journalLayout,
  KIND_DATA,
  LostAcknowledgedError,
  snapshotFileName,
  tearJournalTail,
} from '../storage/index.js';
import { ManualClock } from './clock.js';
import { HubNode } from './node.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const MOUTAI = 'CNE0000018R8';

let dir = '';
let data = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hutong-lost-'));
  data = join(dir, 'data');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(clock: ManualClock): HubNode {
  return HubNode.open({ data_dir: data, clock, fsync: 'never' });
}

function order(node: HubNode, id: string, price_units: number): void {
  const parsed = parseCommand({
    type: 'market.submit_order',
    client_order_id: id,
    instrument: MOUTAI,
    side: 'buy',
    price_units,
    quantity_units: 100,
    owner: 'cn-retail-zhang',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const result = node.submit('BUND', parsed.command);
  assert.equal(result.status, 'accepted', result.rejection?.message);
}

/** Cuts the journal inside data record `seq`: its bytes and its commit marker are lost. */
function cutInsideRecord(seq: number): void {
  const journal = dataPaths(data).journal_path;
  const record = journalLayout(journal).find((r) => r.kind === KIND_DATA && r.seq === seq);
  assert.ok(record, `record ${seq} is in the journal`);
  tearJournalTail(journal, { cut_at: record.position + 40 });
}

function hutongVerify(): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [MAIN, 'verify', '--data', data], { encoding: 'utf8' });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

/** Acknowledges an order at seq N, stops gracefully (snapshot N), then loses record N. */
function acknowledgeThenLose(clock: ManualClock): number {
  const node = open(clock);
  for (const s of genesisSubmissions()) node.submit(s.participant, s.command);
  clock.set(timestampAt('2026-01-05', '10:00'));
  order(node, 'acknowledged', 146_000); // at the previous close: inside the price cage
  node.commitSync();
  const acknowledged_seq = node.hub.seq;
  node.snapshotNow();
  node.closeSync();
  cutInsideRecord(acknowledged_seq);
  return acknowledged_seq;
}

describe('a journal that lost an acknowledged record (issue 12 item 2)', () => {
  test('start refuses on the projection and on the snapshot, and never cuts the journal', () => {
    const clock = new ManualClock(DEMO_START_US);
    const n = acknowledgeThenLose(clock);
    const journal_path = dataPaths(data).journal_path;
    const cut = readFileSync(journal_path);
    assert.throws(
      () => open(clock),
      (error: unknown) =>
        error instanceof LostAcknowledgedError &&
        error.facts.reason === 'projection_ahead_of_journal' &&
        error.facts.acknowledged_seq === n &&
        error.facts.journal_last_seq === n - 1,
    );
    assert.deepEqual(readFileSync(journal_path), cut, 'the refused start changed the journal');
    rmSync(join(data, 'projection.sqlite'));
    assert.throws(
      () => open(clock),
      (error: unknown) =>
        error instanceof LostAcknowledgedError &&
        error.facts.reason === 'snapshot_ahead_of_journal' &&
        error.facts.acknowledged_seq === n,
    );
    assert.deepEqual(readFileSync(journal_path), cut, 'the refused start changed the journal');
  });

  test('verify calls the cut record lost_acknowledged, not a torn tail never acknowledged', () => {
    const clock = new ManualClock(DEMO_START_US);
    const n = acknowledgeThenLose(clock);
    const verified = hutongVerify();
    assert.equal(verified.code, 1, verified.out);
    assert.match(verified.out, /^journal: lost_acknowledged: /m);
    assert.doesNotMatch(verified.out, /never acknowledged/);
    assert.match(
      verified.err,
      new RegExp(`verify FAILED: .*holds seq ${n}, but the journal ends at seq ${n - 1}`),
    );
  });

  test('a snapshot taken from the lost history is never loaded over the new one', () => {
    // The whole sequence: the snapshot of the lost record is put aside for a start at
    // N-1, new commands are acknowledged, the process is killed, and the snapshot comes back.
    const clock = new ManualClock(DEMO_START_US);
    const n = acknowledgeThenLose(clock);
    rmSync(join(data, 'projection.sqlite'));
    const snapshots = dataPaths(data).snapshot_directory;
    const aside = join(dir, 'aside.snap');
    renameSync(join(snapshots, snapshotFileName(n)), aside);
    const node = open(clock);
    assert.equal(node.hub.seq, n - 1);
    assert.ok(node.opened.torn_tail_bytes > 0);
    order(node, 'after-restart-1', 145_000);
    order(node, 'after-restart-2', 144_000);
    node.commitSync();
    const digest = node.hub.digest();
    crashJournal(node.journal, 'before_write');
    node.projection?.close();
    renameSync(aside, join(snapshots, snapshotFileName(n)));
    rmSync(join(data, 'projection.sqlite'));
    assert.throws(
      () => open(clock),
      (error: unknown) =>
        error instanceof LostAcknowledgedError &&
        error.facts.reason === 'snapshot_mismatch' &&
        error.facts.acknowledged_seq === n,
    );
    const verified = hutongVerify();
    assert.equal(verified.code, 1, verified.out);
    assert.match(verified.out, /^journal: lost_acknowledged: .*taken after a different record/m);
    // Without the stale snapshot the journal is whole again and replays to the same state.
    rmSync(join(snapshots, snapshotFileName(n)));
    const again = open(clock);
    assert.equal(again.hub.digest(), digest);
    again.closeSync();
  });
});
