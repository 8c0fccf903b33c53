/**
 * Repeated small pushes (频繁拉抬打压): several times a day, a minute of aggressive orders one way,
 * each clearing the touch and the next level, that lifts (or presses) one stock a few ticks,
 * always in the same direction.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { US_PER_SECOND } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, episodeStarts, jitterUs, tradedUnits } from './agent.js';
import type { AbuseTrader } from './cast.js';
import type { LabelBook } from './labels.js';
import {
  bookView,
  OrderMaker,
  sweepType,
  takeableUnits,
  ticksFrom,
  tradable,
} from './market_view.js';

export interface PusherOptions {
  readonly name: string;
  readonly trader: AbuseTrader;
  readonly market: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly pushes: number;
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

export class Pusher implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly starts: number[];
  private readonly orders: OrderMaker;
  private readonly instrument: string;
  private readonly side: 'buy' | 'sell';
  private orders_left = 0;
  private first_us = 0;
  private last_us = 0;
  private traded_units = 0;

  constructor(private readonly o: PusherOptions) {
    this.name = o.name;
    this.starts = episodeStarts(o.rng, o.market, o.date, o.pushes, 300);
    this.next_us = this.starts.shift() ?? Number.POSITIVE_INFINITY;
    this.orders = new OrderMaker(`ab-${o.name}`);
    this.instrument = o.rng.pick(o.instruments);
    this.side = o.rng.chance(0.5) ? 'buy' : 'sell';
  }

  act(state: HubState, now_us: number): Submission[] {
    const view = bookView(state, this.instrument);
    if (this.orders_left === 0) this.orders_left = this.o.rng.int(3, 5);
    this.orders_left -= 1;
    this.next_us =
      this.orders_left > 0
        ? now_us + jitterUs(this.o.rng, 3, 8)
        : Math.max(now_us + US_PER_SECOND, this.starts.shift() ?? Number.POSITIVE_INFINITY);
    if (!tradable(view)) return [];
    if (this.first_us === 0) this.first_us = now_us;
    this.last_us = now_us;
    const touch = this.side === 'buy' ? view.best_ask_units : view.best_bid_units;
    const price = ticksFrom(view, touch, this.side === 'buy' ? 1 : -1);
    const resting = Math.ceil(takeableUnits(state, view, this.side, price) / view.lot_units);
    const units = Math.min(40, Math.max(2, resting)) * view.lot_units;
    const t = this.o.trader;
    return [
      this.orders.limit(
        t.participant,
        t.owner,
        this.instrument,
        this.side,
        price,
        units,
        'ioc',
        sweepType(view),
      ),
    ];
  }

  observe(_submission: Submission, result: CommandResult): void {
    const { bought, sold } = tradedUnits(result, this.o.trader.owner);
    this.traded_units += bought + sold;
  }

  finish(_now_us: number): void {
    if (this.first_us === 0) return;
    const o = this.o;
    o.labels.add({
      episode_id: `${o.name}-${o.date}`,
      kind: 'abnormal_trading',
      subtype: 'repeated_push',
      agent: o.name,
      owners: [o.trader.owner],
      instruments: [this.instrument],
      window_start_us: this.first_us,
      window_end_us: this.last_us,
      completed: this.traded_units > 0,
      note: `${o.pushes} pushes ${this.side === 'buy' ? 'up' : 'down'}`,
    });
    this.first_us = 0;
  }
}
