/**
 * `npm run bench -- demo`: surveillance on the demo day itself. One demo day as `hutong start`
 * runs it (src/sim/demo_day.ts: the compressed clock, 50 simulator steps a second), first with
 * ordinary agents only, then with `--abuse`; every event through the detectors with the standard
 * preset. Without abuse every alert but the focus list (a watch list, not an accusation) and the
 * HFT classification (a definition the makers meet) is a false alarm; with abuse, alerts are
 * matched to the agents' labelled episodes (src/oversight/surveillance/evaluation.ts) for
 * precision and recall. No peer: the figures stand on their own (docs/sim.md).
 * @module
 */

import {
  type EvaluationReport,
  evaluateScenarios,
  runScenarioDetectors,
} from '../oversight/surveillance/evaluation.js';
import { runDemoMarketDay } from '../sim/demo_day.js';
import { type BenchFigure, type Benchmark, figure } from './harness.js';

const SEED = 2026;
/** Kinds that are not accusations: a watch list, and a classification by definition. */
const NOT_ACCUSATIONS = new Set(['focus_list', 'hft_classification']);

export const DEMO_BENCHMARK: Benchmark = {
  name: 'demo',
  description:
    'surveillance on the demo day: false alarms without abuse, precision/recall with --abuse',
  async run() {
    const normal = runDemoMarketDay({ seed: SEED, abuse: false });
    const alerts = runScenarioDetectors(normal, 'standard').alerts;
    const accusations = alerts.filter((a) => !NOT_ACCUSATIONS.has(a.kind));
    const figures: BenchFigure[] = [
      plain('demo.normal.alerts', alerts.length, 'alerts', byKind(alerts)),
      plain('demo.normal.false_alarms', accusations.length, 'alerts', byKind(accusations)),
    ];
    const abuse = runDemoMarketDay({ seed: SEED, abuse: true });
    figures.push(...qualityFigures(evaluateScenarios([abuse], 'standard', [SEED])));
    return figures;
  },
};

function plain(metric: string, value: number, unit: string, note: string): BenchFigure {
  return figure({ bench: 'demo', metric, value, unit, peer: null, peer_value: null, note });
}

function byKind(alerts: ReadonlyArray<{ kind: string; subtype: string }>): string {
  const counts = new Map<string, number>();
  for (const a of alerts) {
    const key = a.subtype === '' ? a.kind : `${a.kind}:${a.subtype}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `seed ${SEED}; ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`;
}

function qualityFigures(report: EvaluationReport): BenchFigure[] {
  const total = { alerts: 0, true_positives: 0, episodes: 0, detected: 0 };
  const figures: BenchFigure[] = [];
  for (const d of report.detectors) {
    total.alerts += d.alerts;
    total.true_positives += d.true_positives;
    total.episodes += d.episodes;
    total.detected += d.detected;
    const note = `${d.true_positives}/${d.alerts} alerts true, ${d.detected}/${d.episodes} episodes found`;
    if (d.precision !== null)
      plainPush(figures, `demo.abuse.${d.detector}.precision`, d.precision, note);
    if (d.recall !== null) plainPush(figures, `demo.abuse.${d.detector}.recall`, d.recall, note);
  }
  const note = `seed ${SEED}; all evaluated detectors: ${total.true_positives}/${total.alerts} alerts true, ${total.detected}/${total.episodes} episodes found`;
  plainPush(
    figures,
    'demo.abuse.precision',
    total.true_positives / Math.max(1, total.alerts),
    note,
  );
  plainPush(figures, 'demo.abuse.recall', total.detected / Math.max(1, total.episodes), note);
  return figures;
}

function plainPush(figures: BenchFigure[], metric: string, value: number, note: string): void {
  figures.push(plain(metric, Math.round(value * 1000) / 1000, 'ratio', note));
}
