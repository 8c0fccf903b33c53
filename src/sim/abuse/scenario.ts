/**
 * The labelled abuse scenario: the demo market from genesis, the normal market simulator (market
 * makers that requote and cancel a lot, investors in both markets), busy legitimate traders as
 * negative controls, and the abusive agents, all driving a real hub through ordinary commands.
 * Agents act at the microsecond they choose; the normal flow steps every two seconds. Everything
 * follows from the seed, so a scenario replays exactly.
 * @module
 */

import type { CommandResult, HubEvent } from '../../hub/index.js';
import { TestHub } from '../../hub/testing.js';
import { Mulberry32 } from '../../kernel/random.js';
import { addDays, timestampAt, US_PER_SECOND } from '../../kernel/time.js';
import { DEMO_START_US, genesisSubmissions, type Submission } from '../genesis.js';
import { MarketSimulator } from '../market/simulator.js';
import type { AbuseAgent } from './agent.js';
import { ABUSE_LINKED_GROUPS, abuseCastSubmissions } from './cast.js';
import { type Episode, LabelBook } from './labels.js';
import { type AbuseVariant, dayAgents } from './roster.js';

export interface ScenarioOptions {
  readonly seed: number;
  /** The first trading day (default 2026-01-05, a trading day in both markets). */
  readonly date?: string;
  readonly days?: number;
  /** Local clock times the simulation runs between each day. */
  readonly from?: string;
  readonly to?: string;
  /** Abusive agents and negative controls (default true); false gives the normal market only. */
  readonly abuse?: boolean;
  /** How hard the abusive agents try to stay under the detectors' bars (default standard). */
  readonly variant?: AbuseVariant;
  /** Called with every batch as the hub produces it (a live reader, the demo). */
  readonly on_batch?: (batch: ScenarioBatch) => void;
}

/** One hub step's events as a reader receives them. */
export interface ScenarioBatch {
  readonly events: readonly HubEvent[];
  readonly first_event_seq: number;
  readonly timestamp_us: number;
}

export interface ScenarioResult {
  readonly batches: readonly ScenarioBatch[];
  readonly labels: readonly Episode[];
  readonly linked_groups: typeof ABUSE_LINKED_GROUPS;
  readonly commands: number;
  /** Rejections by `<agent or 'market'>:<code>`. */
  readonly rejected: ReadonlyMap<string, number>;
  readonly digest: string;
  /** Orders still live in the hub at the end (the shared book has no close). */
  readonly live_orders: number;
}

const NORMAL_STEP_US = 2 * US_PER_SECOND;

class Runner {
  readonly hub = new TestHub(DEMO_START_US);
  readonly batches: ScenarioBatch[] = [];
  readonly rejected = new Map<string, number>();
  commands = 0;

  constructor(private readonly on_batch: (batch: ScenarioBatch) => void) {}

  submit(who: string, submission: Submission): CommandResult {
    const result = this.hub.submit(submission.participant, submission.command);
    this.commands += 1;
    if (result.status === 'rejected') {
      const key = `${who}:${result.rejection?.code ?? ''}`;
      this.rejected.set(key, (this.rejected.get(key) ?? 0) + 1);
    }
    if (result.events.length > 0) {
      const batch = {
        events: result.events,
        first_event_seq: result.first_event_seq,
        timestamp_us: this.hub.hub.now_us,
      };
      this.batches.push(batch);
      this.on_batch(batch);
    }
    return result;
  }
}

export function runScenario(options: ScenarioOptions): ScenarioResult {
  const runner = new Runner(options.on_batch ?? (() => {}));
  const labels = new LabelBook();
  for (const s of genesisSubmissions()) runner.submit('genesis', s);
  if (options.abuse ?? true) for (const s of abuseCastSubmissions()) runner.submit('genesis', s);
  const rng = new Mulberry32(options.seed);
  const market = new MarketSimulator({ seed: rng.int(0, 0x7fffffff) });
  let date = options.date ?? '2026-01-05';
  for (let day = 0; day < (options.days ?? 1); day += 1) {
    const agents =
      (options.abuse ?? true) ? dayAgents(date, rng.fork(), labels, options.variant) : [];
    runDay(runner, market, agents, date, options);
    date = addDays(date, day === 4 ? 3 : 1);
  }
  return {
    batches: runner.batches,
    labels: labels.all(),
    linked_groups: ABUSE_LINKED_GROUPS,
    commands: runner.commands,
    rejected: runner.rejected,
    digest: runner.hub.hub.digest(),
    live_orders: runner.hub.hub.state.markets.markets.orders.size,
  };
}

function runDay(
  runner: Runner,
  market: MarketSimulator,
  agents: readonly AbuseAgent[],
  date: string,
  options: ScenarioOptions,
): void {
  const t = runner.hub;
  const end_us = timestampAt(date, options.to ?? '16:15');
  t.now_us = Math.max(t.now_us, timestampAt(date, options.from ?? '09:00'));
  let normal_us = t.now_us;
  for (;;) {
    let agent: AbuseAgent | null = null;
    for (const a of agents) if (a.next_us < (agent?.next_us ?? normal_us)) agent = a;
    const next_us = agent === null ? normal_us : agent.next_us;
    if (next_us > end_us) break;
    t.now_us = Math.max(t.now_us, next_us);
    if (agent === null) {
      for (const s of market.step(t.hub.state, t.now_us)) runner.submit('market', s);
      normal_us += NORMAL_STEP_US;
      continue;
    }
    for (const s of agent.act(t.hub.state, t.now_us))
      agent.observe(s, runner.submit(agent.name, s), t.now_us);
  }
  for (const a of agents) a.finish(end_us);
  t.now_us = Math.max(t.now_us, end_us);
  runner.submit('tick', { participant: 'operator', command: { type: 'hub.tick' } });
}
