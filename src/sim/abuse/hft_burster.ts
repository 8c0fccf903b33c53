/**
 * A high-frequency account with message bursts: a few times a day it sends some 170 orders away
 * from the touch and cancels each a millisecond later, 340 messages in under a second — a
 * high-frequency account by the 300-per-second test, with 瞬时申报速率异常 (order bursts) and
 * 频繁瞬时撤单 (rapid order-then-cancel).
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { US_PER_MS } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, episodeStarts } from './agent.js';
import type { AbuseTrader } from './cast.js';
import type { AbuseKind, LabelBook } from './labels.js';
import { bookView, clientOrderId, OrderMaker, ticksFrom, tradable } from './market_view.js';

export interface HftBursterOptions {
  readonly name: string;
  readonly trader: AbuseTrader;
  readonly market: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly bursts: number;
  readonly orders_per_burst: number;
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

export class HftBurster implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly starts: number[];
  private readonly orders: OrderMaker;
  private pending: string | null = null;
  private left = 0;
  private instrument = '';
  private first_us = 0;
  private last_us = 0;

  constructor(private readonly o: HftBursterOptions) {
    this.name = o.name;
    this.starts = episodeStarts(o.rng, o.market, o.date, o.bursts, 900);
    this.next_us = this.starts.shift() ?? Number.POSITIVE_INFINITY;
    this.orders = new OrderMaker(`ab-${o.name}`);
  }

  act(state: HubState, now_us: number): Submission[] {
    const t = this.o.trader;
    if (this.pending !== null) {
      const cancel = this.orders.cancel(t.participant, this.pending);
      this.pending = null;
      this.next_us = this.left > 0 ? now_us + US_PER_MS : this.nextBurst(now_us);
      return [cancel];
    }
    if (this.left === 0) {
      this.left = this.o.orders_per_burst;
      this.instrument = this.o.rng.pick(this.o.instruments);
    }
    const view = bookView(state, this.instrument);
    if (!tradable(view)) {
      this.left = 0;
      this.next_us = this.nextBurst(now_us);
      return [];
    }
    if (this.first_us === 0) this.first_us = now_us;
    this.last_us = now_us;
    this.left -= 1;
    const buy = this.o.rng.chance(0.5);
    const price = ticksFrom(
      view,
      buy ? view.best_bid_units : view.best_ask_units,
      (buy ? -1 : 1) * this.o.rng.int(5, 10),
    );
    const order = this.orders.limit(
      t.participant,
      t.owner,
      this.instrument,
      buy ? 'buy' : 'sell',
      price,
      view.lot_units,
    );
    this.pending = clientOrderId(order);
    this.next_us = now_us + US_PER_MS;
    return [order];
  }

  private nextBurst(now_us: number): number {
    return Math.max(now_us + US_PER_MS, this.starts.shift() ?? Number.POSITIVE_INFINITY);
  }

  observe(submission: Submission, result: CommandResult): void {
    const command = submission.command;
    if (command.type === 'market.submit_order' && result.status !== 'accepted') this.pending = null;
  }

  finish(_now_us: number): void {
    if (this.first_us === 0) return;
    const kinds: Array<[AbuseKind, string]> = [
      ['hft_classification', 'per_second'],
      ['abnormal_trading', 'order_burst'],
      ['abnormal_trading', 'rapid_cancel'],
    ];
    for (const [kind, subtype] of kinds) {
      this.o.labels.add({
        episode_id: `${this.o.name}-${this.o.date}-${subtype}`,
        kind,
        subtype,
        agent: this.o.name,
        owners: [this.o.trader.owner],
        instruments: [],
        window_start_us: this.first_us,
        window_end_us: this.last_us,
        completed: true,
        note: `${this.o.bursts} bursts of ${this.o.orders_per_burst} orders and cancels`,
      });
    }
    this.first_us = 0;
  }
}
