import assert from 'node:assert/strict';
import test from 'node:test';
import { measurePgRevaluation } from '../peers/pg_revaluation.js';
import { measureHubRepos } from './hub_repo.js';
import { benchPositions, measureRevaluation, REVALUATION_BONDS } from './revaluation.js';

// The benchmark compares the two sides' calls; here a small book must agree to the minor unit
// (the local PostgreSQL runs on every machine of this project's CI).
test('the PostgreSQL revaluation peer issues the same calls as the columns, to the minor unit', async () => {
  const ours = measureRevaluation(benchPositions(2_000));
  assert.ok(ours.calls > 0 && ours.calls < 2_000, `some calls, not all: ${ours.calls}`);
  const peer = await measurePgRevaluation(2_000, REVALUATION_BONDS);
  assert.ok('run_ms' in peer, 'skipped' in peer ? peer.skipped : 'no figure');
  assert.equal(peer.calls, ours.calls);
  assert.equal(peer.called_minor, ours.called_minor);
});

test('the hub repo benchmark settles both legs of every repo it opens', () => {
  // measureHubRepos throws unless 2 × count legs settled and no repo is left open.
  assert.ok(measureHubRepos(20) > 0);
});
