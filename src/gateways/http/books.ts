/**
 * Reading the books through the hub state: depth, BBO, phase and last price per instrument.
 * Read-only; called on the event loop between commands, so every read sees one consistent state.
 * @module
 */

import type { HubState } from '../../hub/index.js';
import { type OrderBook, PHASE_NAMES, Side } from '../../market/index.js';

/** `[price_units, volume_units, order_count]`, best first. */
export type Level = readonly [number, number, number];

export interface Depth {
  readonly instrument: string;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export interface BookSummary {
  readonly instrument: string;
  readonly market: string;
  readonly phase: string;
  readonly bid_price_units: number;
  readonly ask_price_units: number;
  readonly last_price_units: number | null;
  readonly previous_close_units: number | null;
  readonly resting_orders: number;
  /** Today's daily price limits (Mainland boards), null where the market has none (SEHK, VATP). */
  readonly limit_down_units: number | null;
  readonly limit_up_units: number | null;
}

export const DEPTH_LEVELS_MAX = 50;

export function bookOf(state: HubState, instrument: string): OrderBook | undefined {
  const security = state.reference.securities.get(instrument);
  if (security === undefined) return undefined;
  return state.markets.markets.venues.get(security.market)?.market.book(instrument);
}

export function depthOf(state: HubState, instrument: string, levels: number): Depth | undefined {
  const book = bookOf(state, instrument);
  if (book === undefined) return undefined;
  const levels_of = (side: 1 | 2): Level[] =>
    book.depth(side, levels).map((l) => [l.price_units, l.volume_units, l.order_count] as const);
  return { instrument, bids: levels_of(Side.BUY), asks: levels_of(Side.SELL) };
}

export function summaryOf(state: HubState, instrument: string): BookSummary | undefined {
  const security = state.reference.securities.get(instrument);
  const book = bookOf(state, instrument);
  if (security === undefined || book === undefined) return undefined;
  const venue = state.markets.markets.venues.get(security.market);
  return {
    instrument,
    market: security.market,
    phase: PHASE_NAMES[book.phase] ?? 'closed',
    bid_price_units: book.bestBid(),
    ask_price_units: book.bestAsk(),
    last_price_units: venue?.last_price_units.get(instrument) ?? null,
    previous_close_units: venue?.previous_close_units.get(instrument) ?? null,
    resting_orders: book.restingOrders(),
    ...priceLimitsOf(book),
  };
}

/** Every instrument that trades on a book here, in registration order. */
export function bookInstruments(state: HubState): string[] {
  const out: string[] = [];
  for (const security of state.reference.securities.values())
    if (bookOf(state, security.id) !== undefined) out.push(security.id);
  return out;
}

/** The book's daily limits as the API shows them: null when it has none. */
function priceLimitsOf(book: OrderBook) {
  const limited = book.price_floor > 0 || book.price_ceiling < Number.MAX_SAFE_INTEGER;
  return {
    limit_down_units: limited ? book.price_floor : null,
    limit_up_units: limited ? book.price_ceiling : null,
  };
}
