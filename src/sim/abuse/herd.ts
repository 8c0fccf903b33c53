/**
 * Convergent algorithms: ten accounts whose programmes react to the same signal and each take
 * liquidity the same way in the same stock within half a minute, a few times a day.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { US_PER_SECOND } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, episodeStarts, jitterUs, tradedUnits } from './agent.js';
import type { AbuseTrader } from './cast.js';
import type { LabelBook } from './labels.js';
import { bookView, OrderMaker, ticksFrom, tradable } from './market_view.js';

export interface HerdOptions {
  readonly name: string;
  readonly traders: readonly AbuseTrader[];
  readonly market: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly episodes: number;
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

interface Episode {
  readonly id: string;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly start_us: number;
  /** Each account's turn, in time order. */
  readonly turns: Array<{ at_us: number; trader: AbuseTrader }>;
  traded: Set<string>;
}

const WINDOW_S = 25;

export class Herd implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly starts: number[];
  private readonly orders: OrderMaker;
  private episode: Episode | null = null;
  private count = 0;

  constructor(private readonly o: HerdOptions) {
    this.name = o.name;
    this.starts = episodeStarts(o.rng, o.market, o.date, o.episodes, 900);
    this.next_us = this.starts.shift() ?? Number.POSITIVE_INFINITY;
    this.orders = new OrderMaker(`ab-${o.name}`);
  }

  act(state: HubState, now_us: number): Submission[] {
    const e = this.episode ?? this.begin(now_us);
    const turn = e.turns.shift();
    this.next_us = e.turns[0]?.at_us ?? now_us;
    if (turn === undefined) {
      this.close(now_us);
      return [];
    }
    const view = bookView(state, e.instrument);
    if (!tradable(view)) return [];
    const touch = e.side === 'buy' ? view.best_ask_units : view.best_bid_units;
    const price = ticksFrom(view, touch, e.side === 'buy' ? 2 : -2);
    const units = this.o.rng.int(1, 3) * view.lot_units;
    const t = turn.trader;
    return [this.orders.limit(t.participant, t.owner, e.instrument, e.side, price, units, 'ioc')];
  }

  private begin(now_us: number): Episode {
    this.count += 1;
    const turns = this.o.traders
      .map((trader) => ({ at_us: now_us + jitterUs(this.o.rng, 0, WINDOW_S), trader }))
      .sort((a, b) => a.at_us - b.at_us);
    this.episode = {
      id: `${this.o.name}-${this.o.date}-${this.count}`,
      instrument: this.o.rng.pick(this.o.instruments),
      side: this.o.rng.chance(0.5) ? 'buy' : 'sell',
      start_us: now_us,
      turns,
      traded: new Set(),
    };
    this.next_us = turns[0]?.at_us ?? now_us;
    return this.episode;
  }

  private close(now_us: number): void {
    const e = this.episode;
    if (e === null) return;
    const o = this.o;
    o.labels.add({
      episode_id: e.id,
      kind: 'convergent_trading',
      subtype: e.side,
      agent: o.name,
      owners: o.traders.map((t) => t.owner),
      instruments: [e.instrument],
      window_start_us: e.start_us,
      window_end_us: now_us,
      completed: e.traded.size >= o.traders.length / 2,
      note: `${e.traded.size} of ${o.traders.length} accounts traded ${e.side}`,
    });
    this.episode = null;
    this.next_us = Math.max(
      now_us + US_PER_SECOND,
      this.starts.shift() ?? Number.POSITIVE_INFINITY,
    );
  }

  observe(submission: Submission, result: CommandResult): void {
    const command = submission.command;
    if (this.episode === null || command.type !== 'market.submit_order') return;
    const { bought, sold } = tradedUnits(result, command.owner);
    if (bought + sold > 0) this.episode.traded.add(command.owner);
  }

  finish(now_us: number): void {
    this.close(now_us);
    this.next_us = Number.POSITIVE_INFINITY;
  }
}
