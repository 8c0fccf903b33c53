/**
 * A wash trader: one beneficial owner (or two accounts under common control) posts an order
 * inside the spread and, a moment later, takes it with the opposite order of the same size, a few
 * times in a row: volume with no change of beneficial ownership (MAR Annex I A(c)).
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { US_PER_SECOND } from '../../kernel/time.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, episodeStarts, jitterUs } from './agent.js';
import type { AbuseTrader } from './cast.js';
import type { LabelBook } from './labels.js';
import {
  bookView,
  clientOrderId,
  liveRemaining,
  OrderMaker,
  ticksFrom,
  tradable,
} from './market_view.js';

export interface WashTraderOptions {
  readonly name: string;
  /** One trader (same owner) or two linked accounts. */
  readonly traders: readonly AbuseTrader[];
  readonly market: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly episodes: number;
  /** Seconds between the two halves of a pair (default 0.2–1.5). */
  readonly gap_s?: readonly [number, number];
  /** The taking half is this much larger, in percent (default 0: the same size). */
  readonly size_difference_pct?: number;
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

interface Episode {
  readonly id: string;
  readonly instrument: string;
  readonly start_us: number;
  trades_left: number;
  realized: number;
  last_trade_us: number;
  /** The resting order of the current pair: who, side, price, size. */
  first: {
    trader: AbuseTrader;
    id: string;
    side: 'buy' | 'sell';
    price: number;
    units: number;
    lot: number;
  } | null;
  second: { trader: AbuseTrader; id: string } | null;
}

const RETRY_S = 2;

export class WashTrader implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly starts: number[];
  private readonly orders: OrderMaker;
  private episode: Episode | null = null;
  private count = 0;

  constructor(private readonly o: WashTraderOptions) {
    this.name = o.name;
    this.starts = episodeStarts(o.rng, o.market, o.date, o.episodes, 900);
    this.next_us = this.starts.shift() ?? Number.POSITIVE_INFINITY;
    this.orders = new OrderMaker(`ab-${o.name}`);
  }

  act(state: HubState, now_us: number): Submission[] {
    if (this.episode === null) this.begin(now_us);
    const e = this.episode as Episode;
    if (e.second !== null) return this.cleanUp(state, e, now_us);
    if (e.first !== null) return this.take(e, now_us);
    return this.post(state, e, now_us);
  }

  private begin(now_us: number): void {
    this.count += 1;
    this.episode = {
      id: `${this.o.name}-${this.o.date}-${this.count}`,
      instrument: this.o.rng.pick(this.o.instruments),
      start_us: now_us,
      trades_left: this.o.rng.int(3, 6),
      realized: 0,
      last_trade_us: now_us,
      first: null,
      second: null,
    };
  }

  /** Posts the resting half of a pair one tick inside the spread. */
  private post(state: HubState, e: Episode, now_us: number): Submission[] {
    const o = this.o;
    const view = bookView(state, e.instrument);
    const inside = tradable(view) ? ticksFrom(view, view.best_bid_units, 1) : 0;
    if (!tradable(view) || inside <= 0 || inside >= view.best_ask_units) {
      this.next_us = now_us + RETRY_S * US_PER_SECOND;
      return [];
    }
    const trader = o.rng.pick(o.traders);
    const side = o.rng.chance(0.5) ? 'buy' : 'sell';
    const units = o.rng.int(2, 8) * view.lot_units;
    const order = this.orders.limit(
      trader.participant,
      trader.owner,
      e.instrument,
      side,
      inside,
      units,
    );
    e.first = { trader, id: clientOrderId(order), side, price: inside, units, lot: view.lot_units };
    const [low, high] = o.gap_s ?? [0.2, 1.5];
    this.next_us = now_us + jitterUs(o.rng, low, high);
    return [order];
  }

  /** Takes the resting half with the opposite order (of the same size, unless told otherwise). */
  private take(e: Episode, now_us: number): Submission[] {
    const first = e.first as NonNullable<Episode['first']>;
    const others = this.o.traders.filter((t) => t !== first.trader);
    const trader = others.length > 0 ? (others[0] as AbuseTrader) : first.trader;
    const side = first.side === 'buy' ? 'sell' : 'buy';
    const lots = Math.ceil(
      (first.units * (100 + (this.o.size_difference_pct ?? 0))) / 100 / first.lot,
    );
    const order = this.orders.limit(
      trader.participant,
      trader.owner,
      e.instrument,
      side,
      first.price,
      lots * first.lot,
    );
    e.second = { trader, id: clientOrderId(order) };
    this.next_us = now_us + US_PER_SECOND;
    return [order];
  }

  /** Cancels whatever of the pair is left, then schedules the next pair or the next episode. */
  private cleanUp(state: HubState, e: Episode, now_us: number): Submission[] {
    const cancels: Submission[] = [];
    for (const half of [e.first, e.second]) {
      if (half === null) continue;
      if (liveRemaining(state, half.trader.participant, half.id) > 0)
        cancels.push(this.orders.cancel(half.trader.participant, half.id));
    }
    e.first = null;
    e.second = null;
    e.trades_left -= 1;
    if (e.trades_left > 0) this.next_us = now_us + jitterUs(this.o.rng, 5, 40);
    else this.close(now_us);
    return cancels;
  }

  private close(now_us: number): void {
    const e = this.episode;
    if (e === null) return;
    const o = this.o;
    o.labels.add({
      episode_id: e.id,
      kind: 'wash_trade',
      subtype: o.traders.length > 1 ? 'linked_accounts' : 'same_owner',
      agent: o.name,
      owners: o.traders.map((t) => t.owner),
      instruments: [e.instrument],
      window_start_us: e.start_us,
      window_end_us: Math.max(e.start_us, e.realized > 0 ? e.last_trade_us : now_us),
      completed: e.realized > 0,
      note: `${e.realized} wash trades`,
    });
    this.episode = null;
    this.next_us = Math.max(
      now_us + US_PER_SECOND,
      this.starts.shift() ?? Number.POSITIVE_INFINITY,
    );
  }

  observe(_submission: Submission, result: CommandResult, now_us: number): void {
    const e = this.episode;
    if (e === null) return;
    const owners = new Set(this.o.traders.map((t) => t.owner));
    for (const event of result.events) {
      if (event.type !== 'trade' || !owners.has(event.buyer) || !owners.has(event.seller)) continue;
      e.realized += 1;
      e.last_trade_us = now_us;
    }
  }

  finish(now_us: number): void {
    this.close(now_us);
    this.next_us = Number.POSITIVE_INFINITY;
  }
}
