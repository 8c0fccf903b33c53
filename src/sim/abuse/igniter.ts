/**
 * A momentum igniter, and (in `large` mode) a trader making large one-way aggressive trades in a
 * minute. Ignition: a quick burst of aggressive orders one way walks the book, then the agent
 * waits a few seconds for the book to re-centre and rests the way out one tick better than where
 * the burst started (taking any bids already above it), cancelling what is left after two minutes. Large: a minute of big sweeps one way, kept.
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
  type BookView,
  bookView,
  clientOrderId,
  liveRemaining,
  OrderMaker,
  sweepType,
  takeableUnits,
  ticksFrom,
  tradable,
} from './market_view.js';

export interface IgniterOptions {
  readonly name: string;
  readonly trader: AbuseTrader;
  readonly market: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly episodes: number;
  readonly mode: 'ignite' | 'large';
  /** Lots per aggressive order, low and high. */
  readonly lots: readonly [number, number];
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

interface Episode {
  readonly id: string;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly start_us: number;
  readonly before_units: number;
  orders_left: number;
  taken_units: number;
  /** Units traded back at a better price than before the burst. */
  returned_better_units: number;
  exit_id: string;
  wait_until_us: number;
}

export class Igniter implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly starts: number[];
  private readonly orders: OrderMaker;
  private episode: Episode | null = null;
  private count = 0;

  constructor(private readonly o: IgniterOptions) {
    this.name = o.name;
    this.starts = episodeStarts(o.rng, o.market, o.date, o.episodes, 900);
    this.next_us = this.starts.shift() ?? Number.POSITIVE_INFINITY;
    this.orders = new OrderMaker(`ab-${o.name}`);
  }

  act(state: HubState, now_us: number): Submission[] {
    const e = this.episode ?? this.begin(state, now_us);
    if (e === null) return [];
    const view = bookView(state, e.instrument);
    if (!tradable(view)) return this.close(state, now_us);
    if (e.orders_left > 0) return this.burst(state, view, e, now_us);
    if (this.o.mode === 'large' || e.taken_units === 0) return this.close(state, now_us);
    if (e.exit_id === '') return this.exit(view, e, now_us);
    const left = liveRemaining(state, this.o.trader.participant, e.exit_id);
    if (left > 0 && now_us < e.wait_until_us) {
      this.next_us = now_us + 2 * US_PER_SECOND;
      return [];
    }
    return this.close(state, now_us);
  }

  /** One aggressive order taking what the other side rests within three ticks (up to a cap). */
  private burst(state: HubState, view: BookView, e: Episode, now_us: number): Submission[] {
    e.orders_left -= 1;
    this.next_us = now_us + (e.orders_left > 0 ? jitterUs(this.o.rng, 2, 5) : 15 * US_PER_SECOND);
    const touch = e.side === 'buy' ? view.best_ask_units : view.best_bid_units;
    const price = ticksFrom(view, touch, e.side === 'buy' ? 3 : -3);
    const resting = Math.ceil(takeableUnits(state, view, e.side, price) / view.lot_units);
    const lots = Math.min(this.o.lots[1], Math.max(resting, this.o.lots[0]));
    const t = this.o.trader;
    return [
      this.orders.limit(
        t.participant,
        t.owner,
        e.instrument,
        e.side,
        price,
        lots * view.lot_units,
        'ioc',
        sweepType(view),
      ),
    ];
  }

  /** Rests the way out one tick better than where the burst started. */
  private exit(view: BookView, e: Episode, now_us: number): Submission[] {
    const back = e.side === 'buy' ? 'sell' : 'buy';
    const price = ticksFrom(view, e.before_units, back === 'sell' ? 1 : -1);
    const t = this.o.trader;
    const order = this.orders.limit(
      t.participant,
      t.owner,
      e.instrument,
      back,
      price,
      e.taken_units,
    );
    e.exit_id = clientOrderId(order);
    e.wait_until_us = now_us + 120 * US_PER_SECOND;
    this.next_us = now_us + 2 * US_PER_SECOND;
    return [order];
  }

  private begin(state: HubState, now_us: number): Episode | null {
    const instrument = this.o.rng.pick(this.o.instruments);
    const view = bookView(state, instrument);
    if (!tradable(view)) {
      this.next_us = now_us + 5 * US_PER_SECOND;
      return null;
    }
    this.count += 1;
    this.episode = {
      id: `${this.o.name}-${this.o.date}-${this.count}`,
      instrument,
      side: this.o.rng.chance(0.5) ? 'buy' : 'sell',
      start_us: now_us,
      before_units: view.last_units,
      orders_left: this.o.rng.int(5, this.o.mode === 'large' ? 9 : 7),
      taken_units: 0,
      returned_better_units: 0,
      exit_id: '',
      wait_until_us: 0,
    };
    return this.episode;
  }

  private close(state: HubState | null, now_us: number): Submission[] {
    const e = this.episode;
    if (e === null) return [];
    const o = this.o;
    const t = o.trader;
    const left =
      state === null || e.exit_id === '' ? 0 : liveRemaining(state, t.participant, e.exit_id);
    // The way out rests one tick better than the start: whatever of it filled was a better price.
    if (e.exit_id !== '' && state !== null) e.returned_better_units = e.taken_units - left;
    const ignite = o.mode === 'ignite';
    o.labels.add({
      episode_id: e.id,
      kind: ignite ? 'momentum_ignition' : 'abnormal_trading',
      subtype: ignite ? '' : 'large_trade_move',
      agent: o.name,
      owners: [o.trader.owner],
      instruments: [e.instrument],
      window_start_us: e.start_us,
      window_end_us: now_us,
      completed: ignite ? e.returned_better_units > 0 : e.taken_units > 0,
      note: `${e.side} ${e.taken_units} aggressively, ${e.returned_better_units} back at a better price`,
    });
    this.episode = null;
    this.next_us = Math.max(
      now_us + US_PER_SECOND,
      this.starts.shift() ?? Number.POSITIVE_INFINITY,
    );
    return left > 0 ? [this.orders.cancel(t.participant, e.exit_id)] : [];
  }

  observe(_submission: Submission, result: CommandResult): void {
    const e = this.episode;
    if (e === null) return;
    const { bought, sold } = tradedUnits(result, this.o.trader.owner);
    if (e.exit_id === '') e.taken_units += e.side === 'buy' ? bought : sold;
  }

  finish(now_us: number): void {
    this.close(null, now_us);
    this.next_us = Number.POSITIVE_INFINITY;
  }
}
