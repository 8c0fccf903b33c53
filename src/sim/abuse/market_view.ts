/**
 * What an agent sees of a book (best prices, phase, limits, tick, lot) and how it builds orders
 * that are on tick and inside the day's limits: the same reading of hub state the market
 * simulator does, for the abusive agents and the controls.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import { Phase, referenceTickRule, Side, type TickRule } from '../../market/index.js';
import type { Command } from '../../protocol/index.js';
import type { TickTableId } from '../../reference/index.js';
import type { Submission } from '../genesis.js';

export interface BookView {
  readonly instrument: string;
  readonly market: string;
  readonly phase: number;
  readonly best_bid_units: number;
  readonly best_ask_units: number;
  readonly last_units: number;
  readonly floor_units: number;
  readonly ceiling_units: number;
  readonly lot_units: number;
  readonly tick: TickRule;
}

export function bookView(state: HubState, instrument: string): BookView | null {
  const security = state.reference.securities.get(instrument);
  if (security === undefined) return null;
  const book = state.markets.markets.venues.get(security.market)?.market.book(instrument);
  if (book === undefined) return null;
  return {
    instrument,
    market: security.market,
    phase: book.phase,
    best_bid_units: book.bestBid(),
    best_ask_units: book.bestAsk(),
    last_units: book.last_trade_price > 0 ? book.last_trade_price : book.previous_close,
    floor_units: book.price_floor > 0 ? book.price_floor : 1,
    ceiling_units: book.price_ceiling,
    lot_units: security.lot_size,
    tick: referenceTickRule(security.tick_table as TickTableId),
  };
}

/**
 * Volume resting on the side an order of `side` would take from, at prices it reaches up to
 * `limit_units` (asks at or below it for a buy, bids at or above it for a sell), in the first
 * `levels_max` levels.
 */
export function takeableUnits(
  state: HubState,
  view: BookView,
  side: 'buy' | 'sell',
  limit_units: number,
  levels_max = 20,
): number {
  const book = state.markets.markets.venues.get(view.market)?.market.book(view.instrument);
  if (book === undefined) return 0;
  let units = 0;
  for (const level of book.depth(side === 'buy' ? Side.SELL : Side.BUY, levels_max)) {
    const reached =
      side === 'buy' ? level.price_units <= limit_units : level.price_units >= limit_units;
    if (!reached) break;
    units += level.volume_units;
  }
  return units;
}

/** The order type that takes liquidity through several price levels: Hong Kong limits one. */
export function sweepType(view: BookView): 'limit' | 'enhanced_limit' {
  return view.market === 'XHKG' ? 'enhanced_limit' : 'limit';
}

/** Continuous trading with both sides of the book present. */
export function tradable(view: BookView | null): view is BookView {
  return (
    view !== null &&
    view.phase === Phase.CONTINUOUS &&
    view.best_bid_units > 0 &&
    view.best_ask_units > view.best_bid_units
  );
}

/** `n` ticks from `price_units`, clamped inside the day's limits; 0 if off the table. */
export function ticksFrom(view: BookView, price_units: number, n: number): number {
  const moved = n === 0 ? price_units : view.tick.ticksAway(price_units, n);
  if (moved <= 0) return 0;
  return Math.min(Math.max(moved, view.floor_units), view.ceiling_units);
}

/** Builds order submissions with client ids unique to one agent. */
export class OrderMaker {
  private next = 0;

  constructor(private readonly prefix: string) {}

  limit(
    participant: string,
    owner: string,
    instrument: string,
    side: 'buy' | 'sell',
    price_units: number,
    quantity_units: number,
    time_in_force: 'day' | 'ioc' = 'day',
    order_type: 'limit' | 'enhanced_limit' = 'limit',
  ): Submission {
    this.next += 1;
    const command: Command = {
      type: 'market.submit_order',
      client_order_id: `${this.prefix}-${this.next}`,
      instrument,
      side,
      order_type,
      time_in_force,
      post_only: false,
      price_units,
      quantity_units,
      owner,
    };
    return { participant, command };
  }

  cancel(participant: string, client_order_id: string): Submission {
    return { participant, command: { type: 'market.cancel_order', client_order_id } };
  }
}

export function clientOrderId(submission: Submission): string {
  const command = submission.command;
  return command.type === 'market.submit_order' ? command.client_order_id : '';
}

/** Whether the participant's order is still live, and what is left of it. */
export function liveRemaining(
  state: HubState,
  participant: string,
  client_order_id: string,
): number {
  const id = state.markets.markets.client_orders.get(`${participant}\u0000${client_order_id}`);
  if (id === undefined) return 0;
  return state.markets.markets.orders.get(id)?.remaining_units ?? 0;
}
