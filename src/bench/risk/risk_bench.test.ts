import assert from 'node:assert/strict';
import test from 'node:test';
import { compileScenarios, runStress } from '../../oversight/risk/index.js';
import { measurePgStress } from '../peers/pg_stress.js';
import { ISSUE_17_WORKLOAD, measureStress, stressWorkload } from './stress_timing.js';

const SMALL = { ...ISSUE_17_WORKLOAD, accounts: 600, participants: 30, scenarios: 12 };

test('the stress timing stresses every position and sizes a fund per CCP', () => {
  const timing = measureStress(stressWorkload(SMALL));
  assert.equal(timing.positions, 600 * 5);
  assert.equal(timing.cover2_minor.length, 2);
  assert.ok(timing.cover2_minor.every((c) => c > 0n));
});

test('PostgreSQL stresses the same accounts to the same member losses as ours', async () => {
  // The local PostgreSQL runs on every machine of this project's CI.
  const workload = stressWorkload(SMALL);
  const matrix = compileScenarios(workload.portfolio, workload.scenarios);
  assert.ok(matrix.ok);
  const ours = runStress(workload.portfolio, matrix.value, workload.member_im_minor);
  assert.ok(ours.ok);
  const total = ours.value.member_loss.reduce((sum, x) => sum + x, 0);
  const peer = await measurePgStress(workload.portfolio, matrix.value);
  assert.ok('run_ms' in peer, 'skipped' in peer ? peer.skipped : 'no figure');
  assert.equal(peer.accounts, 600);
  assert.ok(
    Math.abs(peer.total_member_loss - total) <= 1e-6 * Math.abs(total),
    `${peer.total_member_loss} vs ${total}`,
  );
});
