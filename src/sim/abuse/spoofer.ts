/**
 * A spoofer or layerer (CFTC v. Sarao pattern): large orders on one side near the touch — one
 * order (spoofing) or several price levels (layering) — then a small genuine order on the other
 * side, aggressive or resting at the touch; once it executes, every spoof order is cancelled
 * within a second or two. Also labels the Mainland criminal threshold when its own cancels in a
 * CNY security reach 50 % of its orders there and RMB 10 million.
 * @module
 */

import type { CommandResult, HubState } from '../../hub/index.js';
import type { Mulberry32 } from '../../kernel/random.js';
import { timestampAt, US_PER_SECOND } from '../../kernel/time.js';
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

export interface SpooferOptions {
  readonly name: string;
  readonly trader: AbuseTrader;
  readonly market: string;
  readonly instruments: readonly string[];
  readonly date: string;
  readonly episodes: number;
  readonly mode: 'spoofing' | 'layering';
  /** Spoof order size in lots, low and high. */
  readonly spoof_lots: readonly [number, number];
  /** Genuine order size in lots (default 1–3). */
  readonly genuine_lots?: readonly [number, number];
  /** Seconds from seeing the execution to cancelling the spoofs (default 0.2–1.2). */
  readonly cancel_delay_s?: readonly [number, number];
  readonly rng: Mulberry32;
  readonly labels: LabelBook;
}

interface Episode {
  readonly id: string;
  readonly instrument: string;
  readonly spoof_side: 'buy' | 'sell';
  readonly aggressive: boolean;
  readonly start_us: number;
  spoof_ids: string[];
  genuine_id: string;
  genuine_units: number;
  accepted: Set<string>;
  wait_until_us: number;
}

type Stage = 'idle' | 'genuine' | 'waiting' | 'cancel';

const WAIT_S = 30;
const RETRY_S = 5;
const CRIMINAL_VALUE_YUAN = 10_000_000n;

export class Spoofer implements AbuseAgent {
  readonly name: string;
  next_us: number;
  private readonly starts: number[];
  private readonly orders: OrderMaker;
  private stage: Stage = 'idle';
  private episode: Episode | null = null;
  private count = 0;
  /** Per instrument: units ordered and cancelled, cancelled value in price units × quantity. */
  private readonly book = new Map<
    string,
    { ordered: number; cancelled: number; value: bigint; labelled: boolean; spoofed: boolean }
  >();

  constructor(private readonly o: SpooferOptions) {
    this.name = o.name;
    this.starts = episodeStarts(o.rng, o.market, o.date, o.episodes, 120);
    this.next_us = this.starts.shift() ?? Number.POSITIVE_INFINITY;
    this.orders = new OrderMaker(`ab-${o.name}`);
  }

  act(state: HubState, now_us: number): Submission[] {
    switch (this.stage) {
      case 'idle':
        return this.begin(state, now_us);
      case 'genuine':
        return this.genuine(state, now_us);
      case 'waiting':
        return this.wait(state, now_us);
      case 'cancel':
        return this.cancelSpoofs(now_us, true);
    }
  }

  private begin(state: HubState, now_us: number): Submission[] {
    const o = this.o;
    const instrument = o.rng.pick(o.instruments);
    const view = bookView(state, instrument);
    if (!tradable(view)) {
      this.next_us = now_us + RETRY_S * US_PER_SECOND;
      return [];
    }
    this.count += 1;
    const spoof_side = o.rng.chance(0.5) ? 'buy' : 'sell';
    const aggressive = o.rng.chance(0.6);
    const levels = o.mode === 'layering' ? o.rng.int(3, 5) : 1;
    const best = spoof_side === 'buy' ? view.best_bid_units : view.best_ask_units;
    const away = spoof_side === 'buy' ? -1 : 1;
    const submissions: Submission[] = [];
    for (let level = 0; level < levels; level += 1) {
      const price = ticksFrom(view, best, away * (level + (aggressive ? 1 : 0)));
      if (price <= 0) continue;
      const lots = o.rng.int(o.spoof_lots[0], o.spoof_lots[1]);
      submissions.push(
        this.orders.limit(
          o.trader.participant,
          o.trader.owner,
          instrument,
          spoof_side,
          price,
          lots * view.lot_units,
        ),
      );
    }
    this.episode = {
      id: `${o.name}-${o.date}-${this.count}`,
      instrument,
      spoof_side,
      aggressive,
      start_us: now_us,
      spoof_ids: submissions.map(clientOrderId),
      genuine_id: '',
      genuine_units: 0,
      accepted: new Set(),
      wait_until_us: 0,
    };
    this.stage = 'genuine';
    this.next_us = now_us + jitterUs(o.rng, 0.3, 1.5);
    return submissions;
  }

  private genuine(state: HubState, now_us: number): Submission[] {
    const e = this.episode as Episode;
    const view = bookView(state, e.instrument);
    if (!tradable(view)) return this.cancelSpoofs(now_us, false);
    const side = e.spoof_side === 'buy' ? 'sell' : 'buy';
    let price: number;
    if (e.aggressive) price = side === 'sell' ? view.best_bid_units : view.best_ask_units;
    else price = side === 'sell' ? view.best_ask_units : view.best_bid_units;
    const [low, high] = this.o.genuine_lots ?? [1, 3];
    const lots = this.o.rng.int(low, high);
    const order = this.orders.limit(
      this.o.trader.participant,
      this.o.trader.owner,
      e.instrument,
      side,
      price,
      lots * view.lot_units,
    );
    e.genuine_id = clientOrderId(order);
    e.genuine_units = lots * view.lot_units;
    e.wait_until_us = now_us + WAIT_S * US_PER_SECOND;
    this.stage = 'waiting';
    this.next_us = now_us + (e.aggressive ? jitterUs(this.o.rng, 0.2, 1.2) : US_PER_SECOND / 2);
    return [order];
  }

  private wait(state: HubState, now_us: number): Submission[] {
    const e = this.episode as Episode;
    const left = liveRemaining(state, this.o.trader.participant, e.genuine_id);
    const executed = e.accepted.has(e.genuine_id) && left < e.genuine_units;
    if (executed) {
      const [low, high] = this.o.cancel_delay_s ?? [0.2, 1.2];
      this.stage = 'cancel';
      this.next_us = now_us + jitterUs(this.o.rng, low, high);
      return [];
    }
    if (now_us < e.wait_until_us) {
      this.next_us = now_us + US_PER_SECOND / 2;
      return [];
    }
    const cancels = this.cancelSpoofs(now_us, false);
    if (left > 0) cancels.push(this.orders.cancel(this.o.trader.participant, e.genuine_id));
    return cancels;
  }

  private cancelSpoofs(now_us: number, completed: boolean): Submission[] {
    const e = this.episode as Episode;
    const o = this.o;
    const cancels = e.spoof_ids
      .filter((id) => e.accepted.has(id))
      .map((id) => this.orders.cancel(o.trader.participant, id));
    if (completed) this.tally(e.instrument).spoofed = true;
    o.labels.add({
      episode_id: e.id,
      kind: 'spoofing_layering',
      subtype: o.mode,
      agent: o.name,
      owners: [o.trader.owner],
      instruments: [e.instrument],
      window_start_us: e.start_us,
      window_end_us: now_us,
      completed,
      note: `${e.spoof_ids.length} ${e.spoof_side} spoof orders, ${e.aggressive ? 'aggressive' : 'resting'} genuine order`,
    });
    this.episode = null;
    this.stage = 'idle';
    this.next_us = Math.max(
      now_us + US_PER_SECOND,
      this.starts.shift() ?? Number.POSITIVE_INFINITY,
    );
    return cancels;
  }

  observe(submission: Submission, result: CommandResult, now_us: number): void {
    const command = submission.command;
    if (result.status !== 'accepted') return;
    if (command.type === 'market.submit_order') {
      this.episode?.accepted.add(command.client_order_id);
      this.tally(command.instrument).ordered += command.quantity_units;
      return;
    }
    if (command.type !== 'market.cancel_order') return;
    for (const event of result.events) {
      if (event.type !== 'order_cancelled' || event.reason !== 'user_cancel') continue;
      const tally = this.tally(event.instrument);
      tally.cancelled += event.cancelled_units;
      tally.value += BigInt(event.price_units) * BigInt(event.cancelled_units);
      this.criminal(event.instrument, now_us);
    }
  }

  private tally(instrument: string) {
    let tally = this.book.get(instrument);
    if (tally === undefined) {
      tally = { ordered: 0, cancelled: 0, value: 0n, labelled: false, spoofed: false };
      this.book.set(instrument, tally);
    }
    return tally;
  }

  /** Labels the day's criminal-threshold crossing (CNY books quote in RMB 0.01 units). */
  private criminal(instrument: string, now_us: number): void {
    const tally = this.tally(instrument);
    // The prosecution standard is about spoofing: the numbers count once a spoof worked there.
    if (tally.labelled || !tally.spoofed || this.o.market === 'XHKG') return;
    if (tally.cancelled * 2 < tally.ordered || tally.value < CRIMINAL_VALUE_YUAN * 100n) return;
    tally.labelled = true;
    this.o.labels.add({
      episode_id: `${this.o.name}-${this.o.date}-criminal-${instrument}`,
      kind: 'spoofing_criminal_threshold',
      subtype: '',
      agent: this.o.name,
      owners: [this.o.trader.owner],
      instruments: [instrument],
      window_start_us: timestampAt(this.o.date, '00:00'),
      window_end_us: now_us,
      completed: true,
      note: `cancelled ${tally.cancelled} of ${tally.ordered} units, value ${tally.value} cents`,
    });
  }

  finish(now_us: number): void {
    if (this.episode !== null) this.cancelSpoofs(now_us, false);
    this.next_us = Number.POSITIVE_INFINITY;
  }
}
