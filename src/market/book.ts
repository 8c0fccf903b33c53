/**
 * `OrderBook`: one instrument's price-time-priority book, its phases and auctions. Every operation
 * takes the hub's `timestamp_us`, returns an `Outcome` (a rejection changes nothing), and reports
 * what happened through the book's `BookListener`, synchronously and in order.
 *
 * Time-driven transitions due at an operation's timestamp (the end of a VCM cooling-off period)
 * are applied first, before the operation is checked.
 * @module
 */

import type { Outcome } from '../kernel/index.js';
import type { UncrossResult } from './auction.js';
import { ASK, AUCTION_QUEUE, BID, BookState, NIL } from './book_state.js';
import { type BookConfigInput, normalizeConfig } from './config.js';
import { type BookListener, NULL_LISTENER } from './events.js';
import { checkBook } from './invariants.js';
import { advanceTime } from './publish.js';
import { replaceOrder } from './replace.js';
import {
  armBookVcm,
  type DayReference,
  expireDayOrders,
  type PhaseOptions,
  setBookPhase,
  startBookDay,
  uncrossBook,
} from './session.js';
import { type BookSnapshot, loadSnapshot, snapshotBook } from './snapshot.js';
import { cancelOrder, submitOrder } from './submit.js';
import type { OrderRequest, Phase, Side } from './types.js';
import { nominalPrice } from './validate_book.js';

export interface DepthLevel {
  readonly price_units: number;
  readonly volume_units: number;
  readonly order_count: number;
}

export interface OrderView {
  readonly order_id: number;
  readonly side: Side;
  readonly type: number;
  readonly tif: number;
  readonly price_units: number;
  readonly remaining_units: number;
  readonly filled_units: number;
  readonly owner: number;
  readonly account: number;
  readonly venue: number;
  readonly investor_class: number;
  readonly stp_mode: number;
}

export class OrderBook extends BookState {
  constructor(config: BookConfigInput, listener: BookListener = NULL_LISTENER) {
    super(normalizeConfig(config), listener);
  }

  static restore(config: BookConfigInput, data: BookSnapshot, listener?: BookListener): OrderBook {
    const book = new OrderBook(config, listener);
    loadSnapshot(book, data);
    checkBook(book);
    return book;
  }

  submit(request: OrderRequest, timestamp_us: number): Outcome<undefined> {
    if (this.vcm !== null) advanceTime(this, timestamp_us);
    const outcome = submitOrder(this, request, timestamp_us);
    if (this.config.debug_checks) checkBook(this);
    return outcome;
  }

  cancel(order_id: number, timestamp_us: number): Outcome<undefined> {
    if (this.vcm !== null) advanceTime(this, timestamp_us);
    const outcome = cancelOrder(this, order_id, timestamp_us);
    if (this.config.debug_checks) checkBook(this);
    return outcome;
  }

  /** New price and new open quantity; priority is kept only if the price is unchanged and the
   * open quantity does not grow. */
  replace(
    order_id: number,
    price_units: number,
    quantity_units: number,
    timestamp_us: number,
  ): Outcome<undefined> {
    advanceTime(this, timestamp_us);
    const outcome = replaceOrder(this, order_id, price_units, quantity_units, timestamp_us);
    this.afterOperation();
    return outcome;
  }

  setPhase(phase: Phase, timestamp_us: number, options: PhaseOptions = {}): Outcome<undefined> {
    advanceTime(this, timestamp_us);
    const outcome = setBookPhase(this, phase, timestamp_us, options);
    this.afterOperation();
    return outcome;
  }

  uncross(timestamp_us: number): Outcome<UncrossResult> {
    const outcome = uncrossBook(this, timestamp_us);
    this.afterOperation();
    return outcome;
  }

  /** End of day (book closed): cancels DAY orders; returns how many expired. */
  expireDay(timestamp_us: number): Outcome<number> {
    const outcome = expireDayOrders(this, timestamp_us);
    this.afterOperation();
    return outcome;
  }

  startDay(day: DayReference): Outcome<undefined> {
    return startBookDay(this, day);
  }

  armVcm(armed: boolean): Outcome<undefined> {
    return armBookVcm(this, armed);
  }

  /** Applies time-driven transitions (end of VCM cooling-off) without any other operation. */
  advanceTime(timestamp_us: number): void {
    advanceTime(this, timestamp_us);
  }

  /** The cheap never-crossed assertion runs in `publishBbo`; the O(n) check when debugging. */
  private afterOperation(): void {
    if (this.config.debug_checks) checkBook(this);
  }

  checkInvariants(): void {
    checkBook(this);
  }

  snapshot(): BookSnapshot {
    return snapshotBook(this);
  }

  /** HK nominal price: the last trade (or previous close), pulled to a better bid or ask. */
  nominalPrice(): number {
    return nominalPrice(this);
  }

  bestBid(): number {
    return this.bestPrice(BID);
  }

  bestAsk(): number {
    return this.bestPrice(ASK);
  }

  /** Total open quantity on a side (at-auction orders included). */
  volume(side: Side): number {
    return this.side_volume[side - 1] as number;
  }

  restingOrders(): number {
    return (this.side_orders[BID] as number) + (this.side_orders[ASK] as number);
  }

  /** Price levels from the best, at most `levels_max` of them. */
  depth(side: Side, levels_max: number): DepthLevel[] {
    const si = side - 1;
    const levels = this.levelsOf(si);
    const out: DepthLevel[] = [];
    for (
      let pos = (this.side_count[si] as number) - 1;
      pos >= 0 && out.length < levels_max;
      pos--
    ) {
      const level = levels[pos] as number;
      if (this.l_count[level] === 0) continue;
      out.push({
        price_units: this.l_price[level] as number,
        volume_units: this.l_volume[level] as number,
        order_count: this.l_count[level] as number,
      });
    }
    return out;
  }

  /** Open at-auction quantity on a side. */
  atAuctionVolume(side: Side): number {
    return this.l_volume[AUCTION_QUEUE[side - 1] as number] as number;
  }

  getOrder(order_id: number): OrderView | null {
    const slot = this.index.get(order_id);
    if (slot === NIL) return null;
    return {
      order_id,
      side: this.sideOf(slot) as Side,
      type: this.typeOf(slot),
      tif: this.tifOf(slot),
      price_units: this.priceOf(slot),
      remaining_units: this.remainingOf(slot),
      filled_units: this.filledOf(slot),
      owner: this.ownerOf(slot),
      account: this.accountOf(slot),
      venue: this.venueOf(slot),
      investor_class: this.classOf(slot),
      stp_mode: this.stpOf(slot),
    };
  }

  /** Order ids of one side in priority order (tests, displays). */
  orderIds(side: Side): number[] {
    const si = side - 1;
    const ids: number[] = [];
    const visit = (level: number) => {
      for (let s = this.l_head[level] as number; s !== NIL; s = this.nextOf(s)) {
        ids.push(this.idOf(s));
      }
    };
    visit(AUCTION_QUEUE[si] as number);
    const levels = this.levelsOf(si);
    for (let pos = (this.side_count[si] as number) - 1; pos >= 0; pos--)
      visit(levels[pos] as number);
    return ids;
  }
}
