/**
 * A market maker failing its obligation: it quotes its books two-sided for a few minutes, then
 * withdraws for much longer, so it is present for about a quarter of continuous trading.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { timestampAt } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, jitterUs } from './agent.js';
import type { LabelBook } from './labels.js';
import {
  bookView,
  clientOrderId,
  liveRemaining,
  OrderMaker,
  ticksFrom,
  tradable,
} from './market_view.js';

export interface FailingMakerOptions {
  readonly name: string;
  readonly maker: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

export class FailingMaker implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly orders: OrderMaker;
  private readonly live: string[] = [];
  private quoting = false;
  private until_us: number;
  private quoted = false;

  constructor(private readonly o: FailingMakerOptions) {
    this.name = o.name;
    this.orders = new OrderMaker(`ab-${o.name}`);
    this.until_us = timestampAt(o.date, '09:31') + jitterUs(o.rng, 0, 600);
    this.next_us = this.until_us;
  }

  /** Alternates 3–6 minutes of quoting (requoting every 20–40 s) with 10–20 minutes away. */
  act(state: HubState, now_us: number): Submission[] {
    const submissions = this.pull(state);
    if (now_us >= this.until_us) {
      this.quoting = !this.quoting;
      this.until_us =
        now_us + (this.quoting ? jitterUs(this.o.rng, 180, 360) : jitterUs(this.o.rng, 600, 1_200));
    }
    if (!this.quoting) {
      this.next_us = this.until_us;
      return submissions;
    }
    for (const instrument of this.o.instruments) submissions.push(...this.quote(state, instrument));
    this.next_us = Math.min(this.until_us, now_us + jitterUs(this.o.rng, 20, 40));
    return submissions;
  }

  private pull(state: HubState): Submission[] {
    const m = this.o.maker;
    const cancels = this.live
      .filter((id) => liveRemaining(state, m, id) > 0)
      .map((id) => this.orders.cancel(m, id));
    this.live.length = 0;
    return cancels;
  }

  private quote(state: HubState, instrument: string): Submission[] {
    const view = bookView(state, instrument);
    if (!tradable(view)) return [];
    const outside = this.o.rng.int(0, 1);
    const bid = ticksFrom(view, view.best_bid_units, -outside);
    const ask = ticksFrom(view, view.best_ask_units, outside);
    const units = 10 * view.lot_units;
    const m = this.o.maker;
    const quotes = [
      this.orders.limit(m, m, instrument, 'buy', bid, units),
      this.orders.limit(m, m, instrument, 'sell', ask, units),
    ];
    this.live.push(...quotes.map(clientOrderId));
    this.quoted = true;
    return quotes;
  }

  observe(_submission: Submission, _result: CommandResult): void {}

  finish(_now_us: number): void {
    if (!this.quoted) return;
    for (const instrument of this.o.instruments) {
      this.o.labels.add({
        episode_id: `${this.o.name}-${this.o.date}-${instrument}`,
        kind: 'market_maker_obligation',
        subtype: 'presence',
        agent: this.o.name,
        owners: [this.o.maker],
        instruments: [instrument],
        window_start_us: timestampAt(this.o.date, '09:30'),
        window_end_us: timestampAt(this.o.date, '14:57'),
        completed: true,
        note: 'quotes about a quarter of continuous trading',
      });
    }
    this.quoted = false;
  }
}
