/**
 * A small stand-in for the hub, for the rules' day test: real order books from src/market, the
 * rules called in the order the hub must call them, and held orders queued until their release.
 * Not used by the engine itself.
 * @module
 */

import { secondOfDay } from '../kernel/index.js';
import {
  Aggressor,
  type BookConfigInput,
  type BookListener,
  type CancelEvent,
  NULL_LISTENER,
  OrderBook,
  OrderType,
  orderRequest,
  type Phase,
  type PhaseOptions,
  Side,
  TimeInForce,
  type TradeEvent,
} from '../market/index.js';
import type { ReferenceState } from '../reference/index.js';
import { onOrderAccepted, undoOrderAccepted } from './hooks.js';
import type { HoldingsLookup, RulesOrder } from './order.js';
import { checkCancel, checkOrder } from './pipeline.js';
import type { RulesState } from './state.js';
import { onCancelled, onTrade, type RulesTrade } from './trades.js';

const TYPES = {
  limit: OrderType.LIMIT,
  market: OrderType.MARKET,
  enhanced_limit: OrderType.ENHANCED_LIMIT,
  at_auction: OrderType.AT_AUCTION,
} as const;

interface Held {
  readonly release_second: number;
  readonly run: () => void;
}

/** What a submission came to: an order id, or the rejection code (rules' or book's). */
export type HubResult =
  | { readonly order_id: number; readonly held: boolean }
  | { readonly code: string };

/** Books, rules and a queue of held orders and cancels, driven by the test's clock. */
export class DayHub {
  readonly books = new Map<string, OrderBook>();
  readonly trades: RulesTrade[] = [];
  private readonly owners = new Map<string, number>();
  private readonly order_book = new Map<number, OrderBook>();
  private readonly held: Held[] = [];
  private readonly reference_prices = new Map<string, number>();
  private next_order_id = 1;
  private now = 0;

  constructor(
    readonly state: RulesState,
    readonly reference: ReferenceState,
    public holdings: HoldingsLookup,
  ) {}

  addBook(config: BookConfigInput): OrderBook {
    const book = new OrderBook(config, this.listener);
    this.books.set(config.instrument_key, book);
    this.reference_prices.set(config.instrument_key, config.previous_close_units ?? 0);
    return book;
  }

  /** checkOrder → onOrderAccepted → book (or the held queue); undo if the book refuses. */
  submit(order: RulesOrder, timestamp_us: number): HubResult {
    const ctx = { reference: this.reference, timestamp_us, holdings: this.holdings };
    const checked = checkOrder(this.state, ctx, order);
    if (!checked.ok) return { code: checked.code };
    const order_id = this.next_order_id++;
    const held = checked.value.held;
    const release = checked.value.release_second;
    onOrderAccepted(this.state, order, order_id, timestamp_us, checked.value);
    const book = this.books.get(order.instrument) as OrderBook;
    this.order_book.set(order_id, book);
    const request = orderRequest({
      order_id,
      side: order.side === 'buy' ? Side.BUY : Side.SELL,
      type: TYPES[order.order_type],
      tif: TimeInForce.DAY,
      price_units: order.price_units,
      quantity_units: order.quantity_units,
      owner: this.ownerNumber(order.owner),
      account: this.ownerNumber(order.owner),
    });
    if (held) {
      this.held.push({ release_second: release, run: () => book.submit(request, this.now) });
      return { order_id, held: true };
    }
    const outcome = book.submit(request, timestamp_us);
    if (!outcome.ok) {
      undoOrderAccepted(this.state, order_id);
      return { code: outcome.code };
    }
    return { order_id, held: false };
  }

  /** checkCancel → book (or the held queue). Returns 'ok', 'held' or the rejection code. */
  cancel(order_id: number, timestamp_us: number): string {
    const checked = checkCancel(this.state, timestamp_us, order_id);
    if (!checked.ok) return checked.code;
    const book = this.order_book.get(order_id) as OrderBook;
    if (checked.value.held) {
      this.held.push({
        release_second: checked.value.release_second,
        run: () => book.cancel(order_id, this.now),
      });
      return 'held';
    }
    const outcome = book.cancel(order_id, timestamp_us);
    return outcome.ok ? 'ok' : outcome.code;
  }

  /** Moves every book to `phase` and releases what was held until now. */
  phase(
    phase: Phase,
    timestamp_us: number,
    options: PhaseOptions = {},
    instruments?: readonly string[],
  ): void {
    this.now = timestamp_us;
    for (const [key, book] of this.books) {
      if (instruments !== undefined && !instruments.includes(key)) continue;
      const outcome = book.setPhase(phase, timestamp_us, {
        ...options,
        reference_price_units: this.reference_prices.get(key) ?? 0,
      });
      if (!outcome.ok) throw new Error(`${key}: ${outcome.code} ${outcome.message}`);
    }
    const second = secondOfDay(timestamp_us);
    const due = this.held.filter((h) => h.release_second <= second);
    this.held.splice(0, this.held.length, ...this.held.filter((h) => h.release_second > second));
    for (const h of due) h.run();
  }

  uncross(instrument: string, timestamp_us: number): void {
    this.now = timestamp_us;
    const outcome = (this.books.get(instrument) as OrderBook).uncross(timestamp_us);
    if (!outcome.ok) throw new Error(`${instrument}: ${outcome.code}`);
  }

  expireDay(timestamp_us: number): void {
    for (const book of this.books.values()) book.expireDay(timestamp_us);
  }

  private ownerNumber(owner: string): number {
    let n = this.owners.get(owner);
    if (n === undefined) {
      n = this.owners.size + 1;
      this.owners.set(owner, n);
    }
    return n;
  }

  private readonly listener: BookListener = {
    ...NULL_LISTENER,
    onTrade: (e: TradeEvent) => {
      const taker_sells = e.aggressor === Aggressor.SELL;
      const trade = {
        buy_order_id: taker_sells ? e.maker_order_id : e.taker_order_id,
        sell_order_id: taker_sells ? e.taker_order_id : e.maker_order_id,
        price_units: e.price_units,
        quantity_units: e.quantity_units,
        timestamp_us: e.timestamp_us,
      };
      this.trades.push(trade);
      onTrade(this.state, trade);
    },
    onOrderCancelled: (e: CancelEvent) => {
      onCancelled(
        this.state,
        {
          order_id: e.order_id,
          cancelled_units: e.cancelled_units,
          remaining_units: e.remaining_units,
        },
        e.timestamp_us,
      );
    },
  };
}
