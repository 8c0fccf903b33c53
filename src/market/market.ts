/**
 * `Market`: the books of one market (SSE, SZSE, SEHK, a shared VATP book…) by instrument key, one
 * listener for all of them (events carry the instrument key), order ids increasing across the
 * market, and a plain-data snapshot of every book for the hub's snapshots and state digest.
 * @module
 */

import { accept, assert, type Outcome, type Rejection, reject } from '../kernel/index.js';
import type { UncrossResult } from './auction.js';
import { OrderBook } from './book.js';
import { type BookConfigInput, checkBookSizes } from './config.js';
import { type BookListener, NULL_LISTENER } from './events.js';
import { MarketRejection as Code } from './rejections.js';
import type { DayReference, PhaseOptions } from './session.js';
import type { BookSnapshot } from './snapshot.js';
import type { OrderRequest, Phase } from './types.js';

export const MARKET_SNAPSHOT_VERSION = 1;
export const BOOKS_MAX_DEFAULT = 10_000;

export interface MarketSnapshot {
  version: number;
  name: string;
  last_order_id: number;
  /** Books in the order they were added. */
  books: BookSnapshot[];
}

export class Market {
  readonly name: string;
  private readonly books = new Map<string, OrderBook>();
  private readonly listener: BookListener;
  private readonly books_max: number;
  last_order_id = 0;

  constructor(name: string, listener: BookListener = NULL_LISTENER, books_max = BOOKS_MAX_DEFAULT) {
    this.name = name;
    this.listener = listener;
    this.books_max = books_max;
  }

  /** Why `addBook` would refuse this book (without adding it), or undefined if it would open. */
  checkNewBook(config: BookConfigInput): Rejection | undefined {
    if (this.books.has(config.instrument_key)) {
      return reject(Code.INSTRUMENT_EXISTS, 'This market already has a book for the instrument', {
        instrument_key: config.instrument_key,
      });
    }
    if (this.books.size >= this.books_max) {
      return reject(Code.BOOK_FULL, 'This market holds its maximum number of books', {
        books_max: this.books_max,
      });
    }
    return checkBookSizes(config);
  }

  addBook(config: BookConfigInput): Outcome<OrderBook> {
    const refused = this.checkNewBook(config);
    if (refused !== undefined) return refused;
    const book = new OrderBook(config, this.listener);
    this.books.set(config.instrument_key, book);
    return accept(book);
  }

  book(instrument_key: string): OrderBook | undefined {
    return this.books.get(instrument_key);
  }

  instrumentKeys(): string[] {
    return [...this.books.keys()];
  }

  submit(instrument_key: string, request: OrderRequest, timestamp_us: number): Outcome<undefined> {
    const book = this.books.get(instrument_key);
    if (book === undefined) return unknownInstrument(instrument_key);
    if (request.order_id <= this.last_order_id) {
      return reject(Code.ORDER_ID_NOT_INCREASING, 'Order id must be greater than the last one', {
        order_id: request.order_id,
        last_order_id: this.last_order_id,
      });
    }
    const outcome = book.submit(request, timestamp_us);
    if (outcome.ok) this.last_order_id = request.order_id;
    return outcome;
  }

  cancel(instrument_key: string, order_id: number, timestamp_us: number): Outcome<undefined> {
    const book = this.books.get(instrument_key);
    return book === undefined
      ? unknownInstrument(instrument_key)
      : book.cancel(order_id, timestamp_us);
  }

  replace(
    instrument_key: string,
    order_id: number,
    price_units: number,
    quantity_units: number,
    timestamp_us: number,
  ): Outcome<undefined> {
    const book = this.books.get(instrument_key);
    if (book === undefined) return unknownInstrument(instrument_key);
    return book.replace(order_id, price_units, quantity_units, timestamp_us);
  }

  setPhase(
    instrument_key: string,
    phase: Phase,
    timestamp_us: number,
    options: PhaseOptions = {},
  ): Outcome<undefined> {
    const book = this.books.get(instrument_key);
    if (book === undefined) return unknownInstrument(instrument_key);
    return book.setPhase(phase, timestamp_us, options);
  }

  uncross(instrument_key: string, timestamp_us: number): Outcome<UncrossResult> {
    const book = this.books.get(instrument_key);
    return book === undefined ? unknownInstrument(instrument_key) : book.uncross(timestamp_us);
  }

  startDay(instrument_key: string, day: DayReference): Outcome<undefined> {
    const book = this.books.get(instrument_key);
    return book === undefined ? unknownInstrument(instrument_key) : book.startDay(day);
  }

  /** End of day on every book (each must be closed); returns how many DAY orders expired. */
  expireDay(timestamp_us: number): Outcome<number> {
    for (const book of this.books.values()) {
      if (book.phase !== 0) {
        return reject(Code.WRONG_SESSION, 'Every book must be closed before DAY orders expire', {
          instrument_key: book.instrument_key,
          phase: book.phase,
        });
      }
    }
    let expired = 0;
    for (const book of this.books.values()) {
      const outcome = book.expireDay(timestamp_us);
      if (outcome.ok) expired += outcome.value;
    }
    return accept(expired);
  }

  checkInvariants(): void {
    for (const book of this.books.values()) book.checkInvariants();
  }

  snapshot(): MarketSnapshot {
    return {
      version: MARKET_SNAPSHOT_VERSION,
      name: this.name,
      last_order_id: this.last_order_id,
      books: [...this.books.values()].map((book) => book.snapshot()),
    };
  }

  /** Rebuilds a market; `configOf` supplies each book's configuration (it holds functions). */
  static restore(
    data: MarketSnapshot,
    configOf: (instrument_key: string) => BookConfigInput,
    listener: BookListener = NULL_LISTENER,
  ): Market {
    assert(
      data.version === MARKET_SNAPSHOT_VERSION,
      `unknown market snapshot version ${data.version}`,
    );
    const market = new Market(data.name, listener);
    market.last_order_id = data.last_order_id;
    for (const book_data of data.books) {
      const book = OrderBook.restore(configOf(book_data.instrument_key), book_data, listener);
      market.books.set(book_data.instrument_key, book);
    }
    return market;
  }
}

function unknownInstrument(instrument_key: string): Rejection {
  return reject(Code.UNKNOWN_INSTRUMENT, 'No book for this instrument on this market', {
    instrument_key,
  });
}
