import assert from 'node:assert/strict';
import { test } from 'node:test';

// The console's browser modules are plain ES modules: load them from the source tree.
const { usedText, fillPercent } = (await import(
  new URL('../../src/console/static/gauge.js', import.meta.url).href
)) as {
  usedText: (used: bigint, total: bigint) => string;
  fillPercent: (used: bigint, total: bigint) => number;
};

const QUOTA = 2_000_000_000_000n; // RMB 20 bn in fen

test('a quota gauge: the share used, or a net inflow, never a negative or overfull bar', () => {
  assert.equal(usedText(500_000_000_000n, QUOTA), '25.0% used');
  assert.equal(fillPercent(500_000_000_000n, QUOTA), 25);
  // Sells brought in RMB 0.06 bn more than buys took out: a net inflow, an empty bar.
  assert.equal(usedText(-6_000_000_000n, QUOTA), 'net inflow RMB 0.06 bn');
  assert.equal(fillPercent(-6_000_000_000n, QUOTA), 0);
  // Beyond the quota (a failed sell's release): the bar stops at full.
  assert.equal(fillPercent(QUOTA + 1_000_000_000n, QUOTA), 100);
  assert.equal(usedText(0n, 0n), '0.0% used');
});
