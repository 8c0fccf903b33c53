import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDemoMarketDay } from '../../sim/demo_day.js';
import { evaluateScenarios, runScenarioDetectors } from './evaluation.js';

// The demo day as `hutong start` runs it (a step every 20 ms of wall time); the ordinary day is
// stepped at half that pace to keep the test fast. Seed 2026 is the demo's.
const SEED = 2026;
const STEP_WALL_MS = 40;
const SERVER_STEP_WALL_MS = 20;
const NOT_ACCUSATIONS = new Set(['focus_list', 'hft_classification']);

test('an ordinary demo day raises few alerts: no flood of spoofing or momentum ignition', () => {
  const day = runDemoMarketDay({ seed: SEED, abuse: false, step_wall_ms: STEP_WALL_MS });
  assert.equal(day.labels.length, 0);
  const alerts = runScenarioDetectors(day, 'standard').alerts;
  const accusations = alerts.filter((a) => !NOT_ACCUSATIONS.has(a.kind));
  const summary = accusations.map((a) => `${a.kind}:${a.subtype} ${a.owners.join(',')}`);
  assert.ok(accusations.length <= 8, summary.join('\n'));
  assert.ok(!accusations.some((a) => a.kind === 'spoofing_layering'), summary.join('\n'));
});

test('with --abuse the alerts name the abusive agents: precision and recall on the demo day', () => {
  const day = runDemoMarketDay({ seed: SEED, abuse: true, step_wall_ms: SERVER_STEP_WALL_MS });
  assert.ok(day.labels.length > 10, `episodes: ${day.labels.length}`);
  const report = evaluateScenarios([day], 'standard', [SEED]);
  const total = { alerts: 0, true_positives: 0, episodes: 0, detected: 0 };
  for (const d of report.detectors) {
    total.alerts += d.alerts;
    total.true_positives += d.true_positives;
    total.episodes += d.episodes;
    total.detected += d.detected;
  }
  const figures = JSON.stringify(
    report.detectors.map((d) => [d.detector, d.alerts, d.true_positives, d.episodes, d.detected]),
  );
  assert.ok(total.true_positives >= 0.75 * total.alerts, figures);
  assert.ok(total.detected >= 0.6 * total.episodes, figures);
  const agents = new Set(day.labels.flatMap((e) => e.owners));
  const spoofing = runScenarioDetectors(day, 'standard').alerts.filter(
    (a) => a.kind === 'spoofing_layering' || a.kind === 'wash_trade',
  );
  assert.ok(spoofing.length > 0);
  for (const a of spoofing)
    assert.ok(
      a.owners.some((o) => agents.has(o)),
      `${a.kind} names ${a.owners.join(',')}`,
    );
});
