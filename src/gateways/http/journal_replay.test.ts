import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { commitGenesis, DEMO_START_US, workloadTransfer } from '../../cluster/index.js';
import { HubNode, ManualClock } from '../../runtime/index.js';
import { journalBatches, type ReplayedBatch, replayJournal } from './journal_replay.js';

test('the start-up replay feeds every reader the whole journal in order, giving the loop back between slices', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'hutong-replay-'));
  const node = HubNode.open({
    data_dir: directory,
    clock: new ManualClock(DEMO_START_US),
    fsync: 'never',
    projection: false,
  });
  try {
    await commitGenesis(node);
    for (let n = 0; n < 2_000; n += 1) {
      const { participant, command, idempotency_key } = workloadTransfer('replay', n);
      node.submit(participant, command, idempotency_key);
    }
    await node.commit();
    const seen: ReplayedBatch[][] = [[], []];
    // A task queued on the loop runs only when the replay gives the loop back.
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await replayJournal(
      node,
      seen.map((into) => (batches: readonly ReplayedBatch[]) => into.push(...batches)),
      0,
    );
    counting = false;
    const expected = [...journalBatches(node)];
    assert.equal(expected.length, node.hub.seq);
    for (const into of seen) assert.deepEqual(into, expected);
    assert.ok(turns >= 5, `the loop ran ${turns} times during the replay`);
  } finally {
    await node.close();
    rmSync(directory, { recursive: true, force: true });
  }
});
