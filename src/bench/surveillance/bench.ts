/**
 * `npm run bench -- surveillance`: detection quality and throughput.
 *
 * Quality: the labelled abuse scenario (real hub, normal flow, negative controls, injected abuse)
 * for several seeds; per detector, precision, recall and F1 with the standard preset (and the
 * sensitive one), next to the naive baseline (a fixed cancel-ratio rule) scored on the same
 * labels; then the evasive variant of the spoofers, wash traders and markers, to show where the
 * detectors stop seeing them. Accuracy is not reported: with abuse this rare it says nothing.
 * Throughput: every event of those scenarios (the large pre-generated stream) through all
 * detectors, events per second, against the baseline rule alone on the same stream; and the share
 * of alerts raised in the batch of the event that completed their pattern.
 * @module
 */

import { CancelRatioBaseline } from '../../oversight/surveillance/baseline.js';
import { type PresetName, surveillanceConfig } from '../../oversight/surveillance/config.js';
import {
  type EvaluationReport,
  evaluateScenarios,
  type Score,
} from '../../oversight/surveillance/evaluation.js';
import { Surveillance } from '../../oversight/surveillance/surveillance.js';
import { runScenario, type ScenarioResult } from '../../sim/abuse/index.js';
import { type BenchFigure, type Benchmark, figure, median } from '../harness.js';

const SEEDS = [1, 2, 3, 4, 5] as const;
const QUICK_SEEDS = [1, 2] as const;
/** The naive rule: ≥ 70 % of ≥ 10 orders cancelled, per account, book and day. */
const PEER = 'cancel-ratio baseline';

export const surveillanceBenchmark: Benchmark = {
  name: 'surveillance',
  description:
    'detector precision/recall/F1 on labelled abuse vs a cancel-ratio baseline; events/s',
  async run(options) {
    const seeds = options.quick ? [...QUICK_SEEDS] : [...SEEDS];
    const scenarios = seeds.map((seed) => runScenario({ seed }));
    const figures: BenchFigure[] = [];
    for (const preset of ['standard', 'sensitive'] as const) {
      figures.push(...qualityFigures(evaluateScenarios(scenarios, preset, seeds), preset));
    }
    // The same agents trying to stay under the bars: where the detectors stop seeing them.
    const evasive = seeds.map((seed) => runScenario({ seed, variant: 'evasive' }));
    for (const preset of ['standard', 'sensitive'] as const) {
      const report = evaluateScenarios(evasive, preset, seeds);
      const kept = qualityFigures(report, preset, 'evasive.').filter((f) =>
        EVASIVE_DETECTORS.some((d) => f.metric.includes(`.${d}.`)),
      );
      figures.push(...kept);
    }
    figures.push(...throughputFigures(scenarios, options.runs));
    return figures;
  },
};

/** Detectors whose agents have an evasive variant. */
const EVASIVE_DETECTORS = ['spoofing_layering', 'wash_trade', 'marking_the_close'] as const;

function qualityFigures(report: EvaluationReport, preset: PresetName, prefix = ''): BenchFigure[] {
  const figures: BenchFigure[] = [];
  report.detectors.forEach((d, i) => {
    const base = report.baseline[i] as Score;
    const note =
      `${prefix}${preset}; seeds ${report.seeds.join(',')}; ${d.true_positives}/${d.alerts} alerts true, ` +
      `${d.detected}/${d.episodes} episodes found; baseline ${base.true_positives}/${base.alerts}, ` +
      `${base.detected}/${base.episodes}`;
    for (const metric of ['precision', 'recall', 'f1'] as const) {
      // No alerts: precision (and F1) are undefined, not 0; the note has the counts.
      if (d[metric] === null) continue;
      figures.push(
        figure({
          bench: 'surveillance',
          metric: `${prefix}${preset}.${d.detector}.${metric}`,
          value: round(d[metric]),
          unit: 'ratio',
          peer: PEER,
          peer_value: base[metric] === null ? null : round(base[metric]),
          note,
        }),
      );
    }
  });
  figures.push(
    figure({
      bench: 'surveillance',
      metric: `${prefix}${preset}.alerts_in_same_batch`,
      value: report.alerts === 0 ? 1 : report.alerts_in_batch / report.alerts,
      unit: 'share',
      peer: null,
      peer_value: null,
      note: `${report.alerts_in_batch} of ${report.alerts} alerts raised by the batch holding the completing event`,
    }),
  );
  return figures;
}

function throughputFigures(scenarios: readonly ScenarioResult[], runs: number): BenchFigure[] {
  const events = scenarios.reduce(
    (sum, s) => sum + s.batches.reduce((n, b) => n + b.events.length, 0),
    0,
  );
  const batches = scenarios.reduce((sum, s) => sum + s.batches.length, 0);
  measureDetectors(scenarios); // warm-up: JIT
  measureBaseline(scenarios);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < Math.max(1, runs); run += 1) {
    ours.push(events / measureDetectors(scenarios));
    theirs.push(events / measureBaseline(scenarios));
  }
  return [
    figure({
      bench: 'surveillance',
      metric: 'throughput_all_detectors',
      value: Math.round(median(ours)),
      unit: 'events/s',
      peer: PEER,
      peer_value: Math.round(median(theirs)),
      note: `${events} events in ${batches} batches (${scenarios.length} scenario days), median of ${Math.max(1, runs)} runs after a warm-up`,
    }),
  ];
}

/** Seconds to feed every scenario through a fresh reader with all detectors (standard preset). */
function measureDetectors(scenarios: readonly ScenarioResult[]): number {
  const start = process.hrtime.bigint();
  for (const s of scenarios) {
    const reader = new Surveillance({
      config: surveillanceConfig('standard', { linked_groups: s.linked_groups }),
    });
    for (const b of s.batches) reader.consume(b.events, b.first_event_seq, b.timestamp_us);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function measureBaseline(scenarios: readonly ScenarioResult[]): number {
  const start = process.hrtime.bigint();
  for (const s of scenarios) {
    const baseline = new CancelRatioBaseline();
    for (const b of s.batches) baseline.consume(b.events, b.first_event_seq, b.timestamp_us);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function round(value: number | null): number {
  return value === null ? 0 : Math.round(value * 1000) / 1000;
}
