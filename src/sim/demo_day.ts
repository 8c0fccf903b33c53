/**
 * One demo day as `hutong start` runs it, in memory: genesis, then the demo market (with or
 * without `--abuse`) stepped 50 times a second of wall time on the compressed demo clock
 * (src/runtime/demo_day_clock.ts: 1.8 s of trading a step) from 09:00 to 16:15, after both
 * closing auctions. The result has the labelled scenario's shape, so surveillance's evaluation
 * scores the demo day itself (`npm run bench -- demo`, docs/sim.md).
 * @module
 */

import { type CommandResult, Hub } from '../hub/index.js';
import { timestampAt } from '../kernel/time.js';
import { DemoDayClock } from '../runtime/index.js';
import type { ScenarioBatch, ScenarioResult } from './abuse/index.js';
import { DemoMarket } from './demo_market.js';
import { DEMO_START_US, genesisSubmissions, type Submission } from './genesis.js';

export interface DemoDayOptions {
  readonly seed: number;
  readonly abuse: boolean;
  /** Wall time per simulator step (default 20 ms: `hutong start`'s 50 steps a second). */
  readonly step_wall_ms?: number;
  /** Local clock time the day ends (default 16:15, after Hong Kong's closing auction). */
  readonly until?: string;
}

export const DEMO_DAY = '2026-01-05';

export function runDemoMarketDay(options: DemoDayOptions): ScenarioResult {
  const hub = new Hub();
  const batches: ScenarioBatch[] = [];
  const rejected = new Map<string, number>();
  let commands = 0;
  const submit = (s: Submission, timestamp_us: number, who: string): CommandResult => {
    const result = hub.apply({
      seq: hub.seq + 1,
      timestamp_us: Math.max(timestamp_us, hub.now_us),
      participant: s.participant,
      idempotency_key: s.idempotency_key ?? null,
      command: s.command,
    });
    commands += 1;
    if (result.status === 'rejected') {
      const key = `${who}:${result.rejection?.code ?? ''}`;
      rejected.set(key, (rejected.get(key) ?? 0) + 1);
    }
    if (result.events.length > 0)
      batches.push({
        events: result.events,
        first_event_seq: result.first_event_seq,
        timestamp_us: hub.now_us,
      });
    return result;
  };
  for (const s of genesisSubmissions()) submit(s, DEMO_START_US, 'genesis');
  let wall_ms = 0;
  const clock = DemoDayClock.startingAt(DEMO_START_US, () => wall_ms);
  const demo = new DemoMarket({ seed: options.seed, abuse: options.abuse });
  const end_us = timestampAt(DEMO_DAY, options.until ?? '16:15');
  while (hub.now_us < end_us) {
    wall_ms += options.step_wall_ms ?? 20;
    const now_us = Math.min(clock.now_us(), end_us);
    const steps = demo.step(hub.state, now_us);
    if (steps.length === 0)
      submit({ participant: 'operator', command: { type: 'hub.tick' } }, now_us, 'tick');
    for (const s of steps) demo.observe(s, submit(s, now_us, 'demo'), now_us);
  }
  demo.finish(end_us);
  return {
    batches,
    labels: demo.episodes(),
    linked_groups: demo.linked_groups,
    commands,
    rejected,
    digest: hub.digest(),
    live_orders: hub.state.markets.markets.orders.size,
  };
}
