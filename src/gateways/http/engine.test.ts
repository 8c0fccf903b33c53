import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ManualClock } from '../../runtime/clock.js';
import { HubNode } from '../../runtime/node.js';
import { DEMO_START_US } from '../../sim/genesis.js';
import { type Committed, Engine } from './engine.js';
import { temporaryDataDir } from './testing.js';

function openEngine(): {
  engine: Engine;
  node: HubNode;
  batches: Committed[][];
  cleanup(): Promise<void>;
} {
  const data_dir = temporaryDataDir();
  const node = HubNode.open({ data_dir, clock: new ManualClock(DEMO_START_US), fsync: 'never' });
  const engine = new Engine(node, (error) => {
    throw error;
  });
  const batches: Committed[][] = [];
  engine.addListener({ committed: (batch) => batches.push([...batch]) });
  return {
    engine,
    node,
    batches,
    cleanup: async () => {
      await node.close();
      rmSync(join(data_dir, '..'), { recursive: true, force: true });
    },
  };
}

describe('engine: pipelined group commit', () => {
  test('commands submitted in one turn share one commit and are published in order after it', async () => {
    const { engine, batches, cleanup } = openEngine();
    const waits: Array<Promise<void>> = [];
    for (let i = 0; i < 50; i += 1) {
      engine.submit('operator', { type: 'hub.tick' }, null);
      waits.push(engine.committed());
    }
    assert.equal(batches.length, 0, 'nothing is published before the commit');
    await Promise.all(waits);
    assert.equal(engine.stats.commits, 1);
    assert.deepEqual(
      batches.map((b) => b.map((c) => c.result.seq)),
      [Array.from({ length: 50 }, (_, i) => i + 1)],
    );
    await cleanup();
  });

  test('commands submitted while a commit is in flight form the next group', async () => {
    const { engine, batches, cleanup } = openEngine();
    engine.submit('operator', { type: 'hub.tick' }, null);
    const first = engine.committed();
    await new Promise((resolve) => setImmediate(resolve)); // the first group has started
    engine.submit('operator', { type: 'hub.tick' }, null);
    engine.submit('operator', { type: 'hub.tick' }, null);
    const second = engine.committed();
    await Promise.all([first, second]);
    assert.deepEqual(
      batches.map((b) => b.map((c) => c.result.seq)),
      [[1], [2, 3]],
    );
    await engine.idle();
    await cleanup();
  });

  test('a throw inside the hub halts the engine: later commands are refused, nothing is swallowed', async () => {
    const { engine, node, cleanup } = openEngine();
    const reported: unknown[] = [];
    const halting = new Engine(node, (error) => reported.push(error));
    const broken = { type: 'no.such_command' } as unknown as Parameters<Engine['submit']>[1];
    assert.throws(() => halting.submit('operator', broken, null), /halted/);
    assert.equal(reported.length, 1);
    assert.throws(() => halting.submit('operator', { type: 'hub.tick' }, null), /halted/);
    await assert.rejects(halting.committed(), /halted/);
    assert.equal(engine.halted, null);
    await cleanup();
  });
});
