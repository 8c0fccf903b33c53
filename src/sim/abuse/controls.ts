/**
 * Negative controls: busy traders who cancel a lot for legitimate reasons, and must not alert.
 * - `Pegger`: an execution algorithm working a large one-way order, pegging a child order to the
 *   best price and repegging whenever the market moves, crossing now and then.
 * - `TwoSidedProp`: a proprietary liquidity provider (not a registered market maker) quoting both
 *   sides in equal size and refreshing its quotes every few seconds.
 * Neither labels anything: any alert on them is a false positive.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { timestampAt } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, jitterUs } from './agent.js';
import type { AbuseTrader } from './cast.js';
import { bookView, clientOrderId, liveRemaining, OrderMaker, tradable } from './market_view.js';

export interface ControlOptions {
  readonly name: string;
  readonly trader: AbuseTrader;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly rng: Mulberry32;
  /** Seconds between actions, low and high. */
  readonly every_s: readonly [number, number];
}

abstract class Control implements AbuseAgent {
  readonly name: string;
  next_us: number;
  protected readonly orders: OrderMaker;
  protected live: Array<{ id: string; instrument: string; price: number }> = [];

  constructor(protected readonly o: ControlOptions) {
    this.name = o.name;
    this.orders = new OrderMaker(`ct-${o.name}`);
    this.next_us = timestampAt(o.date, '09:31') + jitterUs(o.rng, 0, 120);
  }

  act(state: HubState, now_us: number): Submission[] {
    this.next_us = now_us + jitterUs(this.o.rng, this.o.every_s[0], this.o.every_s[1]);
    this.live = this.live.filter((q) => liveRemaining(state, this.o.trader.participant, q.id) > 0);
    return this.work(state);
  }

  protected abstract work(state: HubState): Submission[];

  protected cancelAll(instrument: string): Submission[] {
    const mine = this.live.filter((q) => q.instrument === instrument);
    this.live = this.live.filter((q) => q.instrument !== instrument);
    return mine.map((q) => this.orders.cancel(this.o.trader.participant, q.id));
  }

  protected post(
    instrument: string,
    side: 'buy' | 'sell',
    price: number,
    units: number,
  ): Submission {
    const t = this.o.trader;
    const order = this.orders.limit(t.participant, t.owner, instrument, side, price, units);
    this.live.push({ id: clientOrderId(order), instrument, price });
    return order;
  }

  observe(_submission: Submission, _result: CommandResult): void {}

  finish(_now_us: number): void {}
}

export class Pegger extends Control {
  private readonly side: 'buy' | 'sell';

  constructor(o: ControlOptions) {
    super(o);
    this.side = o.rng.chance(0.5) ? 'buy' : 'sell';
  }

  protected work(state: HubState): Submission[] {
    const instrument = this.o.instruments[0] as string;
    const view = bookView(state, instrument);
    if (!tradable(view)) return [];
    const best = this.side === 'buy' ? view.best_bid_units : view.best_ask_units;
    const resting = this.live.find((q) => q.instrument === instrument);
    if (this.o.rng.chance(0.1)) {
      const touch = this.side === 'buy' ? view.best_ask_units : view.best_bid_units;
      return [
        ...this.cancelAll(instrument),
        this.post(instrument, this.side, touch, view.lot_units),
      ];
    }
    if (resting !== undefined && resting.price === best) return [];
    const units = this.o.rng.int(2, 5) * view.lot_units;
    return [...this.cancelAll(instrument), this.post(instrument, this.side, best, units)];
  }
}

export class TwoSidedProp extends Control {
  protected work(state: HubState): Submission[] {
    const instrument = this.o.rng.pick(this.o.instruments);
    const view = bookView(state, instrument);
    if (!tradable(view)) return this.cancelAll(instrument);
    const units = 3 * view.lot_units;
    return [
      ...this.cancelAll(instrument),
      this.post(instrument, 'buy', view.best_bid_units, units),
      this.post(instrument, 'sell', view.best_ask_units, units),
    ];
  }
}
