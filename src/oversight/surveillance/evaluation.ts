/**
 * Measured quality: run the labelled abuse scenario (real hub, normal flow, negative controls,
 * injected abuse) for several seeds, feed every batch to the detectors and to the naive baseline,
 * and match alerts to labelled episodes.
 *
 * Matching rule: an alert matches an episode when the kinds agree (for `abnormal_trading`, the
 * subtypes too), at least one alert owner is an episode owner (for convergent trading: at least
 * half of the alert's owners), the alert's instrument is one of the episode's (or either side
 * names none), and the two time windows overlap, give or take `TOLERANCE_US`. An abnormal-trading
 * alert (the exchanges' screen for manipulation) also counts as true on an episode of any kind.
 * Precision = alerts that match some episode / alerts; recall = completed episodes matched by some alert / completed
 * episodes. Counts are summed over seeds before the ratios are taken. The HFT classification is
 * scored against an independent recount of every account's messages (the rule is a definition,
 * so the market maker that passes 20,000 a day is a true positive). Accuracy is never reported.
 * @module
 */

import type { HubEvent } from '../../hub/index.js';
import { marketDate, timestampAt, US_PER_SECOND } from '../../kernel/time.js';
import { type Episode, runScenario, type ScenarioResult } from '../../sim/abuse/index.js';
import { type BaselineAlert, CancelRatioBaseline } from './baseline.js';
import { type PresetName, surveillanceConfig } from './config.js';
import { Surveillance } from './surveillance.js';
import type { Alert, AlertKind } from './types.js';

export const TOLERANCE_US = 60 * US_PER_SECOND;

export interface EvaluatedDetector {
  readonly detector: string;
  readonly kind: AlertKind;
  readonly subtype: string | null;
}

export const EVALUATED: readonly EvaluatedDetector[] = [
  { detector: 'spoofing_layering', kind: 'spoofing_layering', subtype: null },
  { detector: 'spoofing_criminal_threshold', kind: 'spoofing_criminal_threshold', subtype: null },
  { detector: 'wash_trade', kind: 'wash_trade', subtype: null },
  { detector: 'marking_the_close', kind: 'marking_the_close', subtype: null },
  { detector: 'momentum_ignition', kind: 'momentum_ignition', subtype: null },
  { detector: 'abnormal_trading:order_burst', kind: 'abnormal_trading', subtype: 'order_burst' },
  { detector: 'abnormal_trading:rapid_cancel', kind: 'abnormal_trading', subtype: 'rapid_cancel' },
  {
    detector: 'abnormal_trading:repeated_push',
    kind: 'abnormal_trading',
    subtype: 'repeated_push',
  },
  {
    detector: 'abnormal_trading:large_trade_move',
    kind: 'abnormal_trading',
    subtype: 'large_trade_move',
  },
  { detector: 'hft_classification', kind: 'hft_classification', subtype: null },
  { detector: 'convergent_trading', kind: 'convergent_trading', subtype: null },
  { detector: 'market_maker_obligation', kind: 'market_maker_obligation', subtype: null },
];

export interface Counts {
  alerts: number;
  true_positives: number;
  episodes: number;
  detected: number;
}

export interface Score extends Counts {
  readonly detector: string;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

/** What matching needs of an alert (the baseline's alerts have the same shape). */
export interface Flag {
  readonly kind: AlertKind | 'baseline';
  readonly subtype: string;
  readonly owners: readonly string[];
  readonly instrument: string | null;
  readonly window_start_us: number;
  readonly window_end_us: number;
}

export function matches(flag: Flag, episode: Episode, any_kind = false): boolean {
  if (!any_kind && flag.kind !== episode.kind) return false;
  if (!any_kind && flag.kind === 'abnormal_trading' && flag.subtype !== episode.subtype)
    return false;
  const shared = flag.owners.filter((o) => episode.owners.includes(o)).length;
  if (shared === 0) return false;
  if (flag.kind === 'convergent_trading' && shared * 2 < flag.owners.length) return false;
  const instruments = episode.instruments;
  if (flag.instrument !== null && instruments.length > 0 && !instruments.includes(flag.instrument))
    return false;
  return (
    flag.window_start_us <= episode.window_end_us + TOLERANCE_US &&
    episode.window_start_us <= flag.window_end_us + TOLERANCE_US
  );
}

/** Counts for one detector on one run: `flags` are that detector's alerts. */
export function count(
  flags: readonly Flag[],
  episodes: readonly Episode[],
  any_kind = false,
): Counts {
  const completed = episodes.filter((e) => e.completed);
  return {
    alerts: flags.length,
    true_positives: flags.filter((f) => episodes.some((e) => matches(f, e, any_kind))).length,
    episodes: completed.length,
    detected: completed.filter((e) => flags.some((f) => matches(f, e, any_kind))).length,
  };
}

export function score(detector: string, c: Counts): Score {
  const precision = c.alerts === 0 ? null : c.true_positives / c.alerts;
  const recall = c.episodes === 0 ? null : c.detected / c.episodes;
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? null
      : (2 * precision * recall) / (precision + recall);
  return { detector, ...c, precision, recall, f1 };
}

function add(total: Counts, c: Counts): void {
  total.alerts += c.alerts;
  total.true_positives += c.true_positives;
  total.episodes += c.episodes;
  total.detected += c.detected;
}

export interface EvaluationOptions {
  readonly seeds: readonly number[];
  readonly preset: PresetName;
  readonly days?: number;
}

export interface EvaluationReport {
  readonly preset: PresetName;
  readonly seeds: readonly number[];
  readonly events: number;
  readonly alerts: number;
  /** Alerts whose completing event lies in the batch that returned them (target: all). */
  readonly alerts_in_batch: number;
  readonly detectors: readonly Score[];
  readonly baseline: readonly Score[];
}

export function evaluate(options: EvaluationOptions): EvaluationReport {
  const scenarios = options.seeds.map((seed) => runScenario({ seed, days: options.days ?? 1 }));
  return evaluateScenarios(scenarios, options.preset, options.seeds);
}

/** Scores one preset on scenarios already run (so several presets share them). */
export function evaluateScenarios(
  scenarios: readonly ScenarioResult[],
  preset: PresetName,
  seeds: readonly number[] = [],
): EvaluationReport {
  const totals = EVALUATED.map(zero);
  const baseline_totals = EVALUATED.map(zero);
  let events = 0;
  let alerts_total = 0;
  let in_batch = 0;
  for (const scenario of scenarios) {
    const run = runScenarioDetectors(scenario, preset);
    events += run.events;
    alerts_total += run.alerts.length;
    in_batch += run.in_batch;
    EVALUATED.forEach((d, i) => {
      const truth = run.truth.filter(
        (e) => e.kind === d.kind && (d.subtype === null || e.subtype === d.subtype),
      );
      const flags = run.alerts.filter(
        (a) => a.kind === d.kind && (d.subtype === null || a.subtype === d.subtype),
      );
      const c = count(flags, truth);
      // The exchanges' abnormal-trading list screens for manipulation: an abnormal-trading alert
      // on any labelled episode (same owner, instrument, time) is a true positive.
      if (d.kind === 'abnormal_trading')
        c.true_positives = flags.filter((f) => run.truth.some((e) => matches(f, e, true))).length;
      add(totals[i] as Counts, c);
      add(baseline_totals[i] as Counts, count(run.baseline, truth, true));
    });
  }
  return {
    preset,
    seeds,
    events,
    alerts: alerts_total,
    alerts_in_batch: in_batch,
    detectors: EVALUATED.map((d, i) => score(d.detector, totals[i] as Counts)),
    baseline: EVALUATED.map((d, i) => score(d.detector, baseline_totals[i] as Counts)),
  };
}

function zero(): Counts {
  return { alerts: 0, true_positives: 0, episodes: 0, detected: 0 };
}

export interface SeedRun {
  readonly alerts: Alert[];
  readonly baseline: Flag[];
  readonly truth: Episode[];
  readonly events: number;
  readonly in_batch: number;
}

/** Runs the detectors and the baseline over one scenario; the truth adds the HFT recount. */
export function runScenarioDetectors(scenario: ScenarioResult, preset: PresetName): SeedRun {
  const config = surveillanceConfig(preset, { linked_groups: scenario.linked_groups });
  const surveillance = new Surveillance({ config });
  const baseline = new CancelRatioBaseline();
  const alerts: Alert[] = [];
  const baseline_alerts: BaselineAlert[] = [];
  let events = 0;
  let in_batch = 0;
  for (const b of scenario.batches) {
    const raised = surveillance.consume(b.events, b.first_event_seq, b.timestamp_us);
    for (const a of raised) {
      if (a.event_seq >= b.first_event_seq && a.event_seq < b.first_event_seq + b.events.length)
        in_batch += 1;
    }
    alerts.push(...raised);
    baseline_alerts.push(...baseline.consume(b.events, b.first_event_seq, b.timestamp_us));
    events += b.events.length;
  }
  const hft = hftTruth(scenario.batches, config.hft.per_second_min, config.hft.per_day_min);
  const truth = [...scenario.labels.filter((e) => e.kind !== 'hft_classification'), ...hft];
  return { alerts, baseline: baseline_alerts.map(baselineFlag), truth, events, in_batch };
}

/** One seed's scenario and detectors (for investigating a seed). */
export function runSeed(seed: number, options: EvaluationOptions): SeedRun {
  return runScenarioDetectors(runScenario({ seed, days: options.days ?? 1 }), options.preset);
}

function baselineFlag(a: BaselineAlert): Flag {
  return {
    kind: 'baseline',
    subtype: '',
    owners: [a.owner],
    instrument: a.instrument,
    window_start_us: a.window_start_us,
    window_end_us: a.window_end_us,
  };
}

/**
 * The HFT definition recounted from the raw events, independently of the detector: per account
 * and day, orders + cancels (+ replaces) in any one-second window, and in the day.
 */
export function hftTruth(
  batches: ReadonlyArray<{ events: readonly HubEvent[]; timestamp_us: number }>,
  per_second_min: number,
  per_day_min: number,
): Episode[] {
  const owner_of = new Map<number, string>();
  const times = new Map<string, number[]>();
  for (const b of batches) {
    for (const e of b.events) {
      let owner: string | undefined;
      if (e.type === 'order_accepted') {
        owner_of.set(e.order_id, e.owner);
        owner = e.owner;
      } else if (e.type === 'order_cancelled' && e.reason === 'user_cancel') owner = e.owner;
      else if (e.type === 'order_replaced') owner = owner_of.get(e.order_id);
      if (owner === undefined) continue;
      const key = `${owner}\u0000${marketDate(b.timestamp_us)}`;
      const list = times.get(key) ?? [];
      list.push(b.timestamp_us);
      times.set(key, list);
    }
  }
  const truth: Episode[] = [];
  for (const [key, list] of times) {
    const [owner, date] = key.split('\u0000') as [string, string];
    if (list.length < per_day_min && peakPerSecond(list) < per_second_min) continue;
    truth.push({
      episode_id: `hft-${owner}-${date}`,
      kind: 'hft_classification',
      subtype: '',
      agent: 'recount',
      owners: [owner],
      instruments: [],
      window_start_us: timestampAt(date, '00:00'),
      window_end_us: timestampAt(date, '23:59'),
      completed: true,
      note: `${list.length} messages, peak ${peakPerSecond(list)} per second`,
    });
  }
  return truth;
}

/** The most timestamps in any half-open one-second window (times sorted ascending). */
export function peakPerSecond(times: readonly number[]): number {
  let peak = 0;
  let head = 0;
  for (let tail = 0; tail < times.length; tail += 1) {
    while ((times[tail] as number) - (times[head] as number) >= US_PER_SECOND) head += 1;
    peak = Math.max(peak, tail - head + 1);
  }
  return peak;
}
