/**
 * A closing-price marker (banging the close): in the last hundred seconds of continuous trading it
 * sweeps the opposite side one way with a handful of orders, then puts a large order well through the last
 * price into the closing auction, so the close prints away from where the market was.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { timestampAt, US_PER_SECOND } from '../../kernel/time.js';
import { Phase, tickCeil, tickFloor } from '../../market/index.js';
import type { Submission } from '../genesis.js';
import { type AbuseAgent, jitterUs } from './agent.js';
import type { AbuseTrader } from './cast.js';
import type { LabelBook } from './labels.js';
import {
  type BookView,
  bookView,
  OrderMaker,
  sweepType,
  takeableUnits,
  ticksFrom,
} from './market_view.js';

export interface ClosingMarkerOptions {
  readonly name: string;
  readonly trader: AbuseTrader;
  readonly market: 'XSHG' | 'XSHE' | 'XHKG';
  readonly instruments: readonly string[];
  readonly date: string;
  /** Seconds before the end of continuous trading the sweeps start (default 100)… */
  readonly lead_s?: number;
  /** …and seconds between them (default 10–18). */
  readonly gap_s?: readonly [number, number];
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

/** When continuous trading ends, when the closing auction takes orders, and when it uncrosses. */
const CLOSE_TIMES = {
  XSHG: { continuous_end: '14:57', auction_order: '14:58', close: '15:00' },
  XSHE: { continuous_end: '14:57', auction_order: '14:58', close: '15:00' },
  XHKG: { continuous_end: '16:00', auction_order: '16:02', close: '16:10' },
} as const;

export class ClosingMarker implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly orders: OrderMaker;
  private readonly instrument: string;
  private readonly side: 'buy' | 'sell';
  private readonly continuous_end_us: number;
  private readonly auction_us: number;
  private start_us = 0;
  private left: number;
  private auction_sent = false;
  private traded = false;

  constructor(private readonly o: ClosingMarkerOptions) {
    this.name = o.name;
    this.orders = new OrderMaker(`ab-${o.name}`);
    this.instrument = o.rng.pick(o.instruments);
    this.side = o.rng.chance(0.7) ? 'buy' : 'sell';
    const times = CLOSE_TIMES[o.market];
    this.continuous_end_us = timestampAt(o.date, times.continuous_end);
    this.auction_us = timestampAt(o.date, times.auction_order) + jitterUs(o.rng, 0, 50);
    this.left = o.rng.int(4, 6);
    this.next_us =
      this.continuous_end_us - (o.lead_s ?? 100) * US_PER_SECOND + jitterUs(o.rng, 0, 20);
  }

  act(state: HubState, now_us: number): Submission[] {
    const view = bookView(state, this.instrument);
    if (this.start_us === 0) this.start_us = now_us;
    if (view === null) return this.done();
    if (now_us >= this.auction_us) return this.auction(state, view);
    this.left -= 1;
    const [low, high] = this.o.gap_s ?? [10, 18];
    const gap_s = this.left > 0 ? this.o.rng.int(low, high) : 0;
    this.next_us =
      this.left > 0 && now_us + gap_s * US_PER_SECOND < this.continuous_end_us - 5 * US_PER_SECOND
        ? now_us + gap_s * US_PER_SECOND
        : this.auction_us;
    if (view.phase !== Phase.CONTINUOUS) return [];
    return [this.sweep(state, view)];
  }

  /** Takes the opposite side four ticks deep, whatever rests there (at least a few lots). */
  private sweep(state: HubState, view: BookView): Submission {
    const best = this.side === 'buy' ? view.best_ask_units : view.best_bid_units;
    // With the other side empty, sweep from the last price (never from zero).
    const touch = best > 0 ? best : view.last_units;
    const price = ticksFrom(view, touch, this.side === 'buy' ? 4 : -4);
    const resting = takeableUnits(state, view, this.side, price);
    const lots = Math.min(200, Math.max(this.o.rng.int(3, 8), Math.ceil(resting / view.lot_units)));
    const t = this.o.trader;
    return this.orders.limit(
      t.participant,
      t.owner,
      this.instrument,
      this.side,
      price,
      lots * view.lot_units,
      'ioc',
      sweepType(view),
    );
  }

  /** The closing-auction order: large, 1 % (A shares) or 2 % (Hong Kong) through the last price. */
  private auction(state: HubState, view: BookView): Submission[] {
    this.auction_sent = true;
    this.next_us = Number.POSITIVE_INFINITY;
    const bps = this.o.market === 'XHKG' ? 200 : 100;
    const through = Math.floor((view.last_units * bps) / 10_000);
    const buy = this.side === 'buy';
    const target = buy ? view.last_units + through : view.last_units - through;
    const on_tick = buy ? tickFloor(view.tick, target) : tickCeil(view.tick, target);
    const price = Math.min(Math.max(on_tick, view.floor_units), view.ceiling_units);
    const resting = takeableUnits(state, view, this.side, price, 50);
    const lots = Math.max(this.o.rng.int(30, 60), Math.ceil((resting * 3) / 2 / view.lot_units));
    const t = this.o.trader;
    return [
      this.orders.limit(
        t.participant,
        t.owner,
        this.instrument,
        this.side,
        price,
        lots * view.lot_units,
      ),
    ];
  }

  private done(): Submission[] {
    this.next_us = Number.POSITIVE_INFINITY;
    return [];
  }

  observe(_submission: Submission, result: CommandResult): void {
    if (result.status === 'accepted' && result.events.some((e) => e.type === 'trade'))
      this.traded = true;
  }

  finish(_now_us: number): void {
    if (this.start_us === 0) return;
    const o = this.o;
    o.labels.add({
      episode_id: `${o.name}-${o.date}`,
      kind: 'marking_the_close',
      subtype: '',
      agent: o.name,
      owners: [o.trader.owner],
      instruments: [this.instrument],
      window_start_us: this.start_us,
      window_end_us: timestampAt(o.date, CLOSE_TIMES[o.market].close),
      completed: this.auction_sent && this.traded,
      note: `${this.side} into the close`,
    });
    this.start_us = 0;
  }
}
