import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toPlainJson } from '../../kernel/codec.js';
import { timestampAt } from '../../kernel/time.js';
import { type AbuseKind, runScenario, type ScenarioResult } from './index.js';

let day: ScenarioResult | null = null;
function scenario(): ScenarioResult {
  day ??= runScenario({ seed: 21 });
  return day;
}

test('the same seed replays the same hub state, batches and labels', () => {
  const again = runScenario({ seed: 21 });
  assert.equal(again.digest, scenario().digest);
  assert.equal(again.batches.length, scenario().batches.length);
  assert.deepEqual(toPlainJson(again.labels), toPlainJson(scenario().labels));
});

test('every kind of abuse is labelled, inside the trading day', () => {
  const kinds = new Set(scenario().labels.map((e) => e.kind));
  const expected: AbuseKind[] = [
    'spoofing_layering',
    'wash_trade',
    'marking_the_close',
    'momentum_ignition',
    'abnormal_trading',
    'hft_classification',
    'convergent_trading',
    'market_maker_obligation',
  ];
  for (const kind of expected) assert.ok(kinds.has(kind), `no ${kind} episode`);
  const midnight = timestampAt('2026-01-05', '00:00');
  const close = timestampAt('2026-01-05', '16:15');
  for (const e of scenario().labels) {
    assert.ok(e.window_start_us >= midnight && e.window_end_us <= close, e.episode_id);
    assert.ok(e.owners.length > 0, e.episode_id);
  }
  const subtypes = new Set(
    scenario()
      .labels.filter((e) => e.kind === 'abnormal_trading')
      .map((e) => e.subtype),
  );
  assert.deepEqual([...subtypes].sort(), [
    'large_trade_move',
    'order_burst',
    'rapid_cancel',
    'repeated_push',
  ]);
});

test('most labelled episodes happened as designed', () => {
  const labels = scenario().labels.filter((e) => e.kind !== 'momentum_ignition');
  const completed = labels.filter((e) => e.completed).length;
  assert.ok(completed >= labels.length * 0.8, `${completed} of ${labels.length} completed`);
});

test('agents send orders the hub accepts: few rejections, none for the abuse cast set-up', () => {
  const rejected = scenario().rejected;
  assert.equal([...rejected.keys()].filter((k) => k.startsWith('genesis:')).length, 0);
  const agents = [...rejected].filter(([k]) => !k.startsWith('market:'));
  const total = agents.reduce((sum, [, n]) => sum + n, 0);
  assert.ok(total < scenario().commands / 100, `agent rejections ${JSON.stringify(agents)}`);
});

test('without abuse the scenario is the normal market: no labels, ordinary trading', () => {
  const normal = runScenario({ seed: 21, abuse: false, from: '09:00', to: '10:00' });
  assert.equal(normal.labels.length, 0);
  assert.ok(normal.batches.some((b) => b.events.some((e) => e.type === 'trade')));
});
