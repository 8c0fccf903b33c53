/**
 * What `hutong start` runs: the market simulator (makers, investors, the shared book, the bond
 * desk) and, with `--abuse`, the labelled abusive agents of src/sim/abuse beside it (spoofers,
 * layerers, wash traders, closing-price markers, momentum igniters, pushers, an HFT burster,
 * convergent algorithms, a failing market maker) with their negative controls. Each demo day the
 * agents are drawn afresh from the seed; their episodes are labelled, so surveillance's alerts on
 * the demo day itself can be scored (docs/sim.md).
 *
 * Agents act at the first step at or after the moment they asked for (the demo clock steps
 * seconds at a time), and see the result of each command through `observe`.
 * @module
 */

import type { CommandResult, HubState } from '../hub/index.js';
import { Mulberry32 } from '../kernel/random.js';
import { marketDate, secondOfDay } from '../kernel/time.js';
import {
  ABUSE_LINKED_GROUPS,
  type AbuseAgent,
  abuseCastSubmissions,
  dayAgents,
  type Episode,
  LabelBook,
} from './abuse/index.js';
import { type Submission, southboundRates } from './genesis.js';
import { MarketSimulator } from './market/simulator.js';

export interface DemoMarketOptions {
  readonly seed: number;
  /** Switch on the abusive agents (default off). */
  readonly abuse?: boolean;
}

/** Agents start their day before the opening auctions (their episodes sit in continuous trading). */
const AGENTS_FROM_SECOND = 9 * 3600;

export class DemoMarket {
  readonly market: MarketSimulator;
  private readonly rng: Mulberry32;
  private readonly labels = new LabelBook();
  private agents: AbuseAgent[] = [];
  private agents_date = '';
  private cast_sent = false;
  /** The Connect day whose reference rates this market last published. */
  private rates_sent_for = '';
  /** Which agent sent each submission of the current step, for `observe`. */
  private readonly senders = new Map<Submission, AbuseAgent>();

  constructor(readonly options: DemoMarketOptions) {
    this.rng = new Mulberry32(options.seed);
    this.market = new MarketSimulator({ seed: this.rng.int(0, 0x7fffffff) });
  }

  /** The abusive agents' labelled episodes so far. */
  episodes(): readonly Episode[] {
    return this.labels.all();
  }

  get linked_groups(): typeof ABUSE_LINKED_GROUPS {
    return ABUSE_LINKED_GROUPS;
  }

  step(state: HubState, now_us: number): Submission[] {
    this.senders.clear();
    const rates = this.publishRates(state);
    if (rates !== null) return [rates];
    if (this.options.abuse !== true) return this.market.step(state, now_us);
    const cast = this.castSubmissions(state);
    if (cast.length > 0) return cast;
    this.rollDay(now_us);
    const submissions: Submission[] = [];
    for (const agent of this.agents) {
      if (agent.next_us > now_us) continue;
      for (const s of agent.act(state, now_us)) {
        this.senders.set(s, agent);
        submissions.push(s);
      }
    }
    submissions.push(...this.market.step(state, now_us));
    return submissions;
  }

  observe(submission: Submission, result: CommandResult, now_us: number): void {
    this.senders.get(submission)?.observe(submission, result, now_us);
  }

  /** The day is over: the agents label what is still open. */
  finish(now_us: number): void {
    for (const agent of this.agents) agent.finish(now_us);
    this.agents = [];
  }

  /**
   * The operator publishes each Connect day's Southbound reference rates before the first
   * Southbound order (genesis publishes the first day's); without them every Southbound order is
   * refused FX_REFERENCE_RATE_MISSING.
   */
  private publishRates(state: HubState): Submission | null {
    const day = state.rules.day;
    if (!day.open || !day.connect_day || state.rules.fx_today !== null) return null;
    if (this.rates_sent_for === day.date) return null;
    this.rates_sent_for = day.date;
    return southboundRates(day.date);
  }

  /** The abusive investors and the failing maker, registered once (a restart finds them). */
  private castSubmissions(state: HubState): Submission[] {
    if (this.cast_sent) return [];
    this.cast_sent = true;
    return abuseCastSubmissions().filter((s) => {
      const c = s.command;
      if (c.type === 'reference.register_investor')
        return !state.reference.investors.has(c.investor.id);
      if (c.type === 'reference.register_party') return !state.reference.parties.has(c.party.id);
      return true;
    });
  }

  /** A new market date: yesterday's agents label what is left, today's are drawn. */
  private rollDay(now_us: number): void {
    const date = marketDate(now_us);
    if (date === this.agents_date || secondOfDay(now_us) < AGENTS_FROM_SECOND) return;
    for (const agent of this.agents) agent.finish(now_us);
    this.agents_date = date;
    this.agents = dayAgents(date, this.rng.fork(), this.labels);
  }
}
