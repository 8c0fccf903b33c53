/**
 * The risk monitor's throughput: events per second through a monitor with every view kept and
 * every alert check on, over the synthetic day of monitor_workload.ts (the hub's event shapes in
 * a demo day's mix). Each run is a fresh monitor: the reference data and opening holdings are fed
 * first, untimed; the trading stream is timed. The first run warms the JIT and is not counted;
 * the figure is the median of the runs that fit in `seconds`. Not a registered benchmark yet
 * (issue 17's `npm run bench -- risk` will call this); `node dist/bench/risk/monitor_timing.js`
 * runs it alone.
 * @module
 */

import { performance } from 'node:perf_hooks';
import { RiskMonitor, riskMonitorSettings } from '../../oversight/risk/monitor/index.js';
import { median } from '../harness.js';
import { monitorWorkload, type Workload, type WorkloadOptions } from './monitor_workload.js';

export interface MonitorTimingOptions extends WorkloadOptions {
  /** Wall-clock budget for the timed runs (after the warm-up), default 2 s. */
  readonly seconds?: number;
}

export interface MonitorTiming {
  readonly events_per_second: number;
  /** Each timed run's figure. */
  readonly runs: readonly number[];
  readonly events: number;
  readonly batches: number;
  readonly alerts: number;
  /** Reading every view once after the day (flows, exposures, concentration), milliseconds. */
  readonly views_ms: number;
  readonly mix: ReadonlyMap<string, number>;
}

/** Every check on: flow levels on every Connect series, limits, both concentration shares. */
function settings() {
  const flow = (
    link: 'sh_hk_stock' | 'sz_hk_stock',
    direction: 'northbound' | 'southbound',
    currency: 'CNY' | 'HKD',
  ) => ({
    ...{ link, direction, currency },
    ...{ outflow_level_minor: 50_000_000_000n, reversal_level_minor: 5_000_000_000n },
  });
  const outcome = riskMonitorSettings({
    flow_thresholds: [
      flow('sh_hk_stock', 'northbound', 'CNY'),
      flow('sz_hk_stock', 'northbound', 'CNY'),
      flow('sh_hk_stock', 'southbound', 'HKD'),
      flow('sz_hk_stock', 'southbound', 'HKD'),
    ],
    exposure_limits: [
      {
        participant: null,
        currency: 'CNY',
        measure: 'gross_position',
        limit_minor: 100_000_000_000n,
      },
      {
        participant: null,
        currency: 'HKD',
        measure: 'gross_position',
        limit_minor: 100_000_000_000n,
      },
      { participant: null, currency: 'CNY', measure: 'net_payable', limit_minor: 1_000_000_000n },
    ],
    holding_share: '0.05',
    turnover_share: '0.1',
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}

function once(workload: Workload): { seconds: number; alerts: number; monitor: RiskMonitor } {
  const monitor = new RiskMonitor(settings());
  for (const b of workload.genesis) monitor.consume(b.events, b.first_event_seq, b.timestamp_us);
  let alerts = 0;
  const trading = workload.trading;
  const start = performance.now();
  for (let i = 0; i < trading.length; i += 1) {
    const b = trading[i] as (typeof trading)[number];
    alerts += monitor.consume(b.events, b.first_event_seq, b.timestamp_us).length;
  }
  return { seconds: (performance.now() - start) / 1_000, alerts, monitor };
}

export function monitorTiming(options: MonitorTimingOptions = {}): MonitorTiming {
  const workload = monitorWorkload(options);
  const budget_ms = (options.seconds ?? 2) * 1_000;
  once(workload); // warm-up
  const runs: number[] = [];
  let last = once(workload);
  runs.push(workload.trading_events / last.seconds);
  const started = performance.now();
  while (performance.now() - started < budget_ms) {
    last = once(workload);
    runs.push(workload.trading_events / last.seconds);
  }
  const views_start = performance.now();
  last.monitor.flows();
  last.monitor.exposures();
  last.monitor.concentration();
  const views_ms = performance.now() - views_start;
  return {
    events_per_second: Math.round(median(runs)),
    runs: runs.map(Math.round),
    events: workload.trading_events,
    batches: workload.trading.length,
    alerts: last.alerts,
    views_ms: Math.round(views_ms),
    mix: workload.mix,
  };
}

if (process.argv[1]?.endsWith('monitor_timing.js')) {
  const result = monitorTiming({ seconds: Number(process.argv[2] ?? 2) });
  const { mix, ...figures } = result;
  console.log(JSON.stringify(figures));
  const total = [...mix.values()].reduce((a, b) => a + b, 0);
  for (const [type, n] of [...mix].sort((a, b) => b[1] - a[1])) {
    console.log(`${type.padEnd(24)} ${((100 * n) / total).toFixed(2)} %`);
  }
}
