/**
 * The market simulator: seeded agents that drive the hub through the same commands any client
 * sends. Each instrument has a fair value that moves by a seeded walk with a realistic daily
 * volatility (fair_value.ts); market makers quote two-sided around it and requote the book whose
 * quotes have gone stalest (cancelling a lot, legitimately); investors in both markets,
 * Northbound and Southbound, post or take liquidity a few ticks either side of it. Prices follow
 * the fair value rather than the last trade, so they come back after a push instead of running
 * away. Everything follows from the seed and the hub state, so a simulation replays exactly.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import type { Venue } from '../../hub/market/state.js';
import { Mulberry32 } from '../../kernel/random.js';
import {
  cageBound,
  cageReference,
  type OrderBook,
  Phase,
  referenceTickRule,
  Side,
  tickCeil,
  tickFloor,
} from '../../market/index.js';
import type { Command } from '../../protocol/index.js';
import { currency, type TickTableId } from '../../reference/index.js';
import type { Submission } from '../genesis.js';
import { BondAgents } from './bond_agents.js';
import { BondDesk } from './bond_desk.js';
import { INVESTORS, MARKET_MAKERS, type Trader } from './cast.js';
import { FairValues } from './fair_value.js';
import { TraderKnowledge } from './knowledge.js';
import { PaymentsDesk } from './payments_desk.js';
import { volatilityProfile } from './volatility.js';

export interface MarketSimulatorOptions {
  readonly seed: number;
  /** Investor orders per step (market makers requote on top of these). */
  readonly orders_per_step?: number;
}

interface Instrument {
  readonly id: string;
  readonly market: string;
  readonly lot_units: number;
  readonly tick_table: string;
  /** The fair value now, in price units (a belief; orders are rounded onto the tick). */
  fair_units: number;
  /** Today's daily limits (A shares), refreshed every step; 1 and MAX when there are none. */
  floor_units: number;
  ceiling_units: number;
}

/** Books a maker requotes in one step at most (taken quotes first, then the stalest). */
const REQUOTES_PER_STEP_MAX = 3;

/** Mixed into the seed for the payments desk's own stream (the others' draws stay as they were). */
const PAYMENTS_SEED_SALT = 0x0ba7_c0de;

const OPEN_PHASES = new Set<number>([Phase.CONTINUOUS, Phase.AUCTION_INPUT, Phase.COOLING_OFF]);

export class MarketSimulator {
  private readonly rng: Mulberry32;
  private readonly fair: FairValues;
  private readonly bonds: BondDesk;
  /** The bond operator, the RFQ makers and the Mainland investors' RFQ desk. */
  readonly bond_agents: BondAgents;
  /** The residents paying across the border (payments_desk.ts), on a stream of their own. */
  private readonly payments: PaymentsDesk;
  private readonly instruments = new Map<string, Instrument>();
  private next_id = 0;
  /**
   * The hub's command count when this simulator first stepped: part of every id it makes, so a
   * simulator restarted on the same journal with the same seed never reuses an id (the counter
   * starts again at 1, but the journal has moved on). -1 until the first step.
   */
  private epoch = -1;
  /** The hub state of the current step, for BCANs and books. */
  private state: HubState | null = null;
  private readonly knowledge = new TraderKnowledge();
  /** Each maker's live quotes by instrument: [bid client id, ask client id]. */
  private readonly quotes = new Map<string, [string, string]>();
  /** Each book's latest maker quote: [participant, bid client id, ask client id]. */
  private readonly live_quote = new Map<string, [string, string, string]>();
  /** The fair value each book was last quoted around, by instrument. */
  private readonly quoted_at = new Map<string, number>();

  constructor(private readonly options: MarketSimulatorOptions) {
    this.rng = new Mulberry32(options.seed);
    this.fair = new FairValues(this.rng.fork());
    this.bond_agents = new BondAgents(options.seed, () => this.nextClientId());
    this.payments = new PaymentsDesk(new Mulberry32((options.seed ^ PAYMENTS_SEED_SALT) >>> 0));
    this.bonds = new BondDesk(
      this.rng.fork(),
      this.fair,
      () => this.nextClientId(),
      (s, id, d) => this.bond_agents.reservations.available(s, id, d),
    );
  }

  /** The simulator's fair value of an instrument (for measurements and tests). */
  fairUnits(instrument: string): number | undefined {
    return this.fair.fairUnits(instrument);
  }

  step(state: HubState, now_us: number): Submission[] {
    this.state = state;
    if (this.epoch < 0) this.epoch = state.seq;
    const submissions: Submission[] = [
      ...this.payments.step(state, now_us),
      ...this.bond_agents.step(state, now_us),
    ];
    const open = this.openInstruments(state, now_us);
    if (open.length === 0) return submissions;
    for (const instrument of open) this.drift(instrument, state, now_us);
    for (const instrument of this.toRequote(state, open))
      submissions.push(...this.requote(state, instrument));
    const bond_trade = this.bonds.step(state, now_us);
    if (bond_trade !== null) submissions.push(bond_trade);
    const orders = this.options.orders_per_step ?? 2;
    for (let i = 0; i < orders; i += 1) {
      const submission = this.investorOrder(this.rng.pick(open));
      if (submission !== null) submissions.push(submission);
    }
    return submissions;
  }

  private openInstruments(state: HubState, now_us: number): Instrument[] {
    const open: Instrument[] = [];
    for (const [code, venue] of state.markets.markets.venues) {
      for (const params of venue.params.values()) {
        const book = venue.market.book(params.instrument);
        if (book === undefined || !OPEN_PHASES.has(book.phase)) continue;
        const instrument = this.instrument(code, venue, params.instrument, params.lot_units);
        this.startWalk(state, instrument, now_us);
        open.push(instrument);
      }
    }
    return open;
  }

  private instrument(market: string, venue: Venue, id: string, lot_units: number): Instrument {
    const tick_table = venue.params.get(id)?.tick_table ?? 'uniform';
    let instrument = this.instruments.get(id);
    if (instrument === undefined) {
      const close = venue.previous_close_units.get(id) ?? 0;
      instrument = {
        id,
        market,
        lot_units,
        tick_table,
        fair_units: close > 0 ? close : 10_000,
        floor_units: 1,
        ceiling_units: Number.MAX_SAFE_INTEGER,
      };
      this.instruments.set(id, instrument);
    }
    return instrument;
  }

  private startWalk(state: HubState, instrument: Instrument, now_us: number): void {
    const security = state.reference.securities.get(instrument.id);
    const profile = volatilityProfile(
      security?.symbol ?? instrument.id,
      security?.kind ?? 'stock',
      instrument.market,
    );
    this.fair.start(instrument.id, instrument.fair_units, profile, now_us);
  }

  /** The fair value moves on (fair_value.ts), inside the book's daily limits. */
  private drift(instrument: Instrument, state: HubState, now_us: number): void {
    const book = state.markets.markets.venues.get(instrument.market)?.market.book(instrument.id);
    if (book === undefined) return;
    instrument.floor_units = book.price_floor > 0 ? book.price_floor : 1;
    instrument.ceiling_units = book.price_ceiling;
    instrument.fair_units = this.fair.advance(
      instrument.id,
      now_us,
      instrument.floor_units,
      instrument.ceiling_units,
    );
  }

  /**
   * The books a maker requotes this step: first those where a quote was taken (so the maker stays
   * present two-sided, as its obligation asks), then the stalest, at most REQUOTES_PER_STEP_MAX.
   */
  private toRequote(state: HubState, open: readonly Instrument[]): Instrument[] {
    const live = state.markets.markets.client_orders;
    const chosen: Instrument[] = [];
    for (const instrument of open) {
      if (chosen.length >= REQUOTES_PER_STEP_MAX - 1) break;
      const quote = this.live_quote.get(instrument.id);
      if (quote === undefined) continue;
      const [participant, bid, ask] = quote;
      if (!live.has(`${participant}\u0000${bid}`) || !live.has(`${participant}\u0000${ask}`))
        chosen.push(instrument);
    }
    const stalest = this.stalest(open);
    if (!chosen.includes(stalest)) chosen.push(stalest);
    return chosen;
  }

  /** The book whose quotes sit furthest from today's fair value, in ticks; ties by chance. */
  private stalest(open: readonly Instrument[]): Instrument {
    let stalest = this.rng.pick(open);
    let worst_ticks = 2; // closer than two ticks is fresh enough
    for (const instrument of open) {
      const quoted = this.quoted_at.get(instrument.id);
      const tick = referenceTickRule(instrument.tick_table as TickTableId);
      const tick_units = tick.tickSizeAt(Math.max(1, Math.round(instrument.fair_units)));
      const ticks =
        quoted === undefined
          ? Number.MAX_SAFE_INTEGER
          : Math.abs(quoted - instrument.fair_units) / tick_units;
      if (ticks > worst_ticks) {
        worst_ticks = ticks;
        stalest = instrument;
      }
    }
    return stalest;
  }

  /** A price some ticks from fair value, on tick and inside the book's daily limits. */
  private price(instrument: Instrument, ticks_from_fair: number): number {
    const tick = referenceTickRule(instrument.tick_table as TickTableId);
    const fair_units = Math.max(1, Math.round(instrument.fair_units));
    const on_tick = ticks_from_fair >= 0 ? tickCeil(tick, fair_units) : tickFloor(tick, fair_units);
    const price =
      ticks_from_fair === 0 ? on_tick : tick.ticksAway(on_tick, ticks_from_fair) || on_tick;
    return Math.min(Math.max(price, instrument.floor_units), instrument.ceiling_units);
  }

  /** A market maker cancels its quotes on one book and posts a fresh bid and ask. */
  private requote(state: HubState, instrument: Instrument): Submission[] {
    const maker = this.makerFor(instrument);
    if (maker === null) return [];
    const key = `${maker.owner}|${instrument.id}`;
    const submissions: Submission[] = [];
    const live = state.markets.markets.client_orders;
    for (const client_order_id of this.quotes.get(key) ?? []) {
      if (live.has(`${maker.participant}\u0000${client_order_id}`)) {
        submissions.push({
          participant: maker.participant,
          command: { type: 'market.cancel_order', client_order_id },
        });
      }
    }
    const half_spread = this.rng.int(1, 3);
    const quantity = maker.lots_typical * instrument.lot_units;
    const [bid_price, ask_price] = this.passiveQuote(state, instrument, half_spread);
    const bid = this.order(maker, instrument, 'buy', bid_price, quantity);
    const ask = this.order(maker, instrument, 'sell', ask_price, quantity);
    this.quotes.set(key, [clientId(bid), clientId(ask)]);
    this.quoted_at.set(instrument.id, instrument.fair_units);
    this.live_quote.set(instrument.id, [maker.participant, clientId(bid), clientId(ask)]);
    submissions.push(bid, ask);
    return submissions;
  }

  /**
   * Quotes around the fair value that never cross the book: a maker provides liquidity, it does
   * not take it (a maker taking stale orders reads as momentum ignition). When the book sits past
   * the fair value, the quote moves next to the touch but keeps its width, so the maker stays
   * two-sided within its obligation's spread.
   */
  private passiveQuote(
    state: HubState,
    instrument: Instrument,
    half_spread: number,
  ): [number, number] {
    const book = state.markets.markets.venues.get(instrument.market)?.market.book(instrument.id);
    const tick = referenceTickRule(instrument.tick_table as TickTableId);
    let bid = this.price(instrument, -half_spread);
    let ask = this.price(instrument, half_spread);
    const best_ask = book?.bestAsk() ?? 0;
    const best_bid = book?.bestBid() ?? 0;
    if (best_ask > 0 && bid >= best_ask) {
      bid = tick.ticksAway(best_ask, -1) || bid;
      ask = Math.min(ask, tick.ticksAway(bid, 2 * half_spread));
    }
    if (best_bid > 0 && ask <= best_bid) {
      ask = tick.ticksAway(best_bid, 1) || ask;
      bid = Math.max(bid, tick.ticksAway(ask, -2 * half_spread));
    }
    return [bid, ask];
  }

  private makerFor(instrument: Instrument): Trader | null {
    const makers = MARKET_MAKERS.filter((m) => m.markets.includes(instrument.market));
    return makers.length === 0 ? null : this.rng.pick(makers);
  }

  private investorOrder(instrument: Instrument): Submission | null {
    const traders = INVESTORS.filter((t) => t.markets.includes(instrument.market));
    if (traders.length === 0) return null;
    const trader = this.rng.pick(traders);
    const lots = Math.max(1, this.rng.int(1, 2 * trader.lots_typical));
    const coin: 'buy' | 'sell' = this.rng.chance(0.5) ? 'buy' : 'sell';
    const side = instrument.market === 'VATP' ? flowSide(this.state?.now_us ?? 0) : coin;
    if (side === null) return null;
    const plan = this.knowledge.plan(
      this.state,
      trader,
      instrument.id,
      side,
      lots * instrument.lot_units,
    );
    if (plan === null) return null;
    // Mostly near the touch, sometimes through it: a steady flow of trades.
    const offset = this.rng.int(-3, 3) * (plan.side === 'buy' ? 1 : -1);
    const book = this.state?.markets.markets.venues
      .get(instrument.market)
      ?.market.book(instrument.id);
    const continuous = book?.phase === Phase.CONTINUOUS;
    // In Hong Kong's continuous session a limit order trades at one price queue only; investors
    // who cross the spread use enhanced limit orders (up to ten queues). Auctions take (at-auction)
    // limit orders only.
    const type = instrument.market === 'XHKG' && continuous ? 'enhanced_limit' : 'limit';
    // The shared book's taker takes or leaves (IOC): a resting order of its own would stand
    // between it and the maker's quotes, and self-trade prevention would cancel its next order.
    const time_in_force = instrument.market === 'VATP' ? 'ioc' : 'day';
    let price_units = this.price(instrument, offset);
    if (type === 'enhanced_limit' && book !== undefined)
      price_units = withinQueues(book, instrument, plan.side, price_units, HK_ENHANCED_QUEUES);
    if (continuous && book !== undefined) price_units = withinCage(book, plan.side, price_units);
    if (
      plan.side === 'buy' &&
      !this.affordable(trader, instrument, price_units, plan.quantity_units)
    )
      return null;
    return this.order(
      trader,
      instrument,
      plan.side,
      price_units,
      plan.quantity_units,
      type,
      time_in_force,
    );
  }

  /** Whether the investor's cash covers a buy (the knowledge records the spend when it does). */
  private affordable(
    trader: Trader,
    instrument: Instrument,
    price_units: number,
    quantity_units: number,
  ): boolean {
    const security = this.state?.reference.securities.get(instrument.id);
    if (this.state === null || security === undefined) return true;
    const minor_units = currency(security.currency)?.minor_units ?? 2;
    const notional_minor =
      (BigInt(price_units) * BigInt(quantity_units) * 10n ** BigInt(minor_units)) /
      10n ** BigInt(security.price_scale);
    return this.knowledge.afford(this.state, trader.owner, security.currency, notional_minor);
  }

  /** The next client order id (and sese.023 transaction id): unique per seed and start. */
  private nextClientId(): string {
    this.next_id += 1;
    return `sim-${this.options.seed}-${this.epoch}-${this.next_id}`;
  }

  private order(
    trader: Trader,
    instrument: Instrument,
    side: 'buy' | 'sell',
    price_units: number,
    quantity_units: number,
    order_type: 'limit' | 'enhanced_limit' = 'limit',
    time_in_force: 'day' | 'ioc' = 'day',
  ): Submission {
    const command: Command = {
      type: 'market.submit_order',
      client_order_id: this.nextClientId(),
      instrument: instrument.id,
      side,
      order_type,
      time_in_force,
      post_only: false,
      price_units,
      quantity_units,
      owner: trader.owner,
      // Northbound orders carry the client's BCAN; the rules ignore it on other routes.
      ...bcanOf(this.state, trader.owner),
    };
    return { participant: trader.participant, command };
  }
}

/** HKEX: an enhanced limit order may trade through up to ten price queues (docs/market.md). */
const HK_ENHANCED_QUEUES = 10;

/**
 * A taker's price pulled back to the furthest queue its order type may reach: a fair value that
 * jumped past the book would otherwise have its orders refused (TOO_MANY_PRICE_QUEUES).
 */
function withinQueues(
  book: { bestBid(): number; bestAsk(): number },
  instrument: Instrument,
  side: 'buy' | 'sell',
  price_units: number,
  queues: number,
): number {
  const tick = referenceTickRule(instrument.tick_table as TickTableId);
  const best = side === 'buy' ? book.bestAsk() : book.bestBid();
  if (best === 0) return price_units;
  const furthest = tick.ticksAway(best, side === 'buy' ? queues - 1 : -(queues - 1)) || best;
  return side === 'buy' ? Math.min(price_units, furthest) : Math.max(price_units, furthest);
}

/** A taker's price pulled back inside the A-share price cage, where the book has one. */
function withinCage(book: OrderBook, side: 'buy' | 'sell', price_units: number): number {
  const cage = book.config.price_cage;
  if (cage === null) return price_units;
  const side_code = side === 'buy' ? Side.BUY : Side.SELL;
  const reference = cageReference(book, side_code);
  if (reference <= 0) return price_units;
  const bound = cageBound(book, cage, side_code, reference);
  return side === 'buy' ? Math.min(price_units, bound) : Math.max(price_units, bound);
}

/** How long the shared book's taker keeps to one side (longer than a momentum reversal window). */
const FLOW_SPELL_US = 30 * 60 * 1_000_000;

/**
 * After turning, the taker waits longer than surveillance's reversal window (300 s in the
 * strictest profile, src/oversight/surveillance/config.ts), so the turn is not read as a
 * burst and its reversal.
 */
const FLOW_TURN_QUIET_US = 6 * 60 * 1_000_000;

/**
 * The shared book has one taker: flipping sides at random would look like bursts followed by
 * trades the other way (momentum ignition). Its clients' flow runs one way for half an hour of
 * hub time, then, after a quiet spell, the other; null while it is quiet.
 */
function flowSide(now_us: number): 'buy' | 'sell' | null {
  if (now_us % FLOW_SPELL_US < FLOW_TURN_QUIET_US) return null;
  return Math.floor(now_us / FLOW_SPELL_US) % 2 === 0 ? 'buy' : 'sell';
}

function bcanOf(state: HubState | null, owner: string): { bcan?: string } {
  const bcan = state?.reference.investors.get(owner)?.bcan;
  return bcan === undefined ? {} : { bcan };
}

function clientId(submission: Submission): string {
  const command = submission.command;
  return command.type === 'market.submit_order' ? command.client_order_id : '';
}
