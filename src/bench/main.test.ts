import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchUsage, runBench } from './main.js';
import { BENCHMARKS } from './registry.js';

// Usage errors return before any benchmark runs, so these tests measure nothing.
test('--help prints the usage with every benchmark and runs none', async () => {
  assert.equal(await runBench(['--help']), 0);
  const usage = benchUsage();
  for (const b of BENCHMARKS) assert.match(usage, new RegExp(`^  ${b.name} `, 'm'));
});

test('an unknown option, benchmark, run count or duration is a usage error (exit 2)', async () => {
  assert.equal(await runBench(['--fast']), 2);
  assert.equal(await runBench(['no-such-bench']), 2);
  assert.equal(await runBench(['book', '--runs', '0']), 2);
  assert.equal(await runBench(['book', '--runs', 'three']), 2);
  assert.equal(await runBench(['book', '--runs']), 2);
  assert.equal(await runBench(['payments', '--duration', '2']), 2);
  assert.equal(await runBench(['payments', '--duration', 'ten']), 2);
  assert.equal(await runBench(['payments', '--duration']), 2);
});
