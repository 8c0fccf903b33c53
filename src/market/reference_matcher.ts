/**
 * A small, obviously correct matcher for differential tests: resting orders in one plain array,
 * the opposite side sorted by (price priority, arrival sequence) on every incoming order, no
 * performance tricks. It implements the continuous-trading semantics of `OrderBook` (limit and
 * market orders, GTC/DAY/IOC/FOK, post-only, STP by owner in all modes, eligibility, market-order
 * level protection, cancel, cancel-replace) and emits the same events, field for field.
 *
 * Test support only: not exported from the domain entry.
 * @module
 */

import type { EligibilityMatrix } from './eligibility.js';
import { CancelReason, type OrderRequest, OrderType, Side, StpMode, TimeInForce } from './types.js';

interface RefOrder {
  id: number;
  side: number;
  type: number;
  tif: number;
  post_only: boolean;
  price: number;
  remaining: number;
  filled: number;
  owner: number;
  account: number;
  venue: number;
  investor_class: number;
  stp: number;
  /** Time priority: arrival order, renewed when a replace loses priority. */
  seq: number;
}

export type RefOutcome = { ok: true } | { ok: false; code: string };
type Event = Record<string, unknown>;

export class ReferenceMatcher {
  readonly events: Event[] = [];
  private orders: RefOrder[] = [];
  private seq = 0;
  private trade_seq = 0;
  private last_order_id = 0;
  private bbo = [0, 0, 0, 0];

  constructor(
    private readonly instrument_key: string,
    private readonly stp_default: number,
    private readonly market_levels_max: number,
    private readonly eligibility: EligibilityMatrix | null,
  ) {}

  submit(r: OrderRequest, ts: number): RefOutcome {
    if (r.order_id <= this.last_order_id) return { ok: false, code: 'ORDER_ID_NOT_INCREASING' };
    const order: RefOrder = {
      id: r.order_id,
      side: r.side,
      type: r.type,
      tif: r.tif,
      post_only: r.post_only,
      price: r.price_units,
      remaining: r.quantity_units,
      filled: 0,
      owner: r.owner,
      account: r.account,
      venue: r.venue,
      investor_class: r.investor_class,
      stp: r.stp_mode === StpMode.DEFAULT ? this.stp_default : r.stp_mode,
      seq: 0,
    };
    if (order.post_only && this.crossesEligible(order)) {
      return { ok: false, code: 'POST_ONLY_WOULD_CROSS' };
    }
    this.last_order_id = r.order_id;
    this.events.push({ kind: 'accepted', ...this.orderFields(order, ts) });
    this.incoming(order, ts);
    this.publishBbo(ts);
    return { ok: true };
  }

  cancel(id: number, ts: number): RefOutcome {
    const order = this.orders.find((o) => o.id === id);
    if (order === undefined) return { ok: false, code: 'UNKNOWN_ORDER' };
    this.cancelEvent(order, order.remaining, 0, CancelReason.USER_CANCEL, ts);
    this.orders = this.orders.filter((o) => o !== order);
    this.publishBbo(ts);
    return { ok: true };
  }

  replace(id: number, price: number, quantity: number, ts: number): RefOutcome {
    const order = this.orders.find((o) => o.id === id);
    if (order === undefined) return { ok: false, code: 'UNKNOWN_ORDER' };
    const old_price = order.price;
    const old_remaining = order.remaining;
    if (price === old_price && quantity <= old_remaining) {
      order.remaining = quantity;
      this.replacedEvent(order, old_price, old_remaining, true, ts);
    } else {
      const probe = { ...order, price };
      if (order.post_only && this.crossesEligible(probe)) {
        return { ok: false, code: 'POST_ONLY_WOULD_CROSS' };
      }
      this.orders = this.orders.filter((o) => o !== order);
      order.price = price;
      order.remaining = quantity;
      this.replacedEvent(order, old_price, old_remaining, false, ts);
      this.incoming(order, ts);
    }
    this.publishBbo(ts);
    return { ok: true };
  }

  /** Resting orders of a side in priority order (for comparing books). */
  sideIds(side: number): number[] {
    return this.sortedSide(side).map((o) => o.id);
  }

  private incoming(order: RefOrder, ts: number): void {
    if (order.tif === TimeInForce.FOK && this.fillable(order) < order.remaining) {
      this.cancelEvent(order, order.remaining, 0, CancelReason.FOK_KILL, ts);
      return;
    }
    const stopped = this.match(order, ts);
    if (order.remaining === 0 || stopped) return;
    const may_rest =
      (order.tif === TimeInForce.GTC || order.tif === TimeInForce.DAY) &&
      order.type !== OrderType.MARKET;
    if (may_rest) {
      order.seq = ++this.seq;
      this.orders.push(order);
      this.events.push({ kind: 'rested', ...this.orderFields(order, ts) });
      return;
    }
    const reason =
      order.type === OrderType.MARKET ? CancelReason.MARKET_REMAINDER : CancelReason.IOC_REMAINDER;
    const left = order.remaining;
    order.remaining = 0;
    this.cancelEvent(order, left, 0, reason, ts);
  }

  private opposite(order: RefOrder): RefOrder[] {
    const side = order.side === Side.BUY ? Side.SELL : Side.BUY;
    return this.sortedSide(side).filter((m) => this.crosses(order, m));
  }

  private sortedSide(side: number): RefOrder[] {
    const better = side === Side.BUY ? -1 : 1;
    return this.orders
      .filter((o) => o.side === side)
      .sort((a, b) => (a.price !== b.price ? better * (a.price - b.price) : a.seq - b.seq));
  }

  private crosses(taker: RefOrder, maker: RefOrder): boolean {
    if (taker.price === 0) return true;
    return taker.side === Side.BUY ? maker.price <= taker.price : maker.price >= taker.price;
  }

  private eligible(a: RefOrder, b: RefOrder): boolean {
    const e = this.eligibility;
    if (e === null) return true;
    const groups = e.venues * e.classes;
    const ga = a.venue * e.classes + a.investor_class;
    const gb = b.venue * e.classes + b.investor_class;
    return e.allowed[ga * groups + gb] === 1;
  }

  private crossesEligible(order: RefOrder): boolean {
    return this.opposite(order).some((m) => this.eligible(order, m));
  }

  private levelsMax(order: RefOrder): number {
    return order.type === OrderType.MARKET ? this.market_levels_max : 0;
  }

  /** Returns true when STP cancelled the incoming order. */
  private match(taker: RefOrder, ts: number): boolean {
    const levels_max = this.levelsMax(taker);
    const traded_prices: number[] = [];
    for (const maker of this.opposite(taker)) {
      if (taker.remaining === 0) break;
      const new_level = !traded_prices.includes(maker.price);
      if (new_level && levels_max > 0 && traded_prices.length === levels_max) break;
      if (!this.eligible(taker, maker)) continue;
      const before = taker.remaining;
      if (taker.stp !== StpMode.NONE && maker.owner === taker.owner) {
        if (this.selfTrade(taker, maker, ts)) return true;
      } else {
        this.trade(taker, maker, ts);
      }
      if (taker.remaining !== before && new_level) traded_prices.push(maker.price);
    }
    return false;
  }

  private trade(taker: RefOrder, maker: RefOrder, ts: number): void {
    const quantity = Math.min(taker.remaining, maker.remaining);
    taker.remaining -= quantity;
    maker.remaining -= quantity;
    taker.filled += quantity;
    maker.filled += quantity;
    this.events.push({
      kind: 'trade',
      instrument_key: this.instrument_key,
      timestamp_us: ts,
      trade_seq: ++this.trade_seq,
      price_units: maker.price,
      quantity_units: quantity,
      aggressor: taker.side,
      maker_order_id: maker.id,
      taker_order_id: taker.id,
      maker_owner: maker.owner,
      taker_owner: taker.owner,
      maker_account: maker.account,
      taker_account: taker.account,
      maker_venue: maker.venue,
      taker_venue: taker.venue,
      maker_remaining_units: maker.remaining,
      taker_remaining_units: taker.remaining,
    });
    if (maker.remaining === 0) this.orders = this.orders.filter((o) => o !== maker);
  }

  /** Applies the taker's STP mode; returns true when the taker is finished by it. */
  private selfTrade(taker: RefOrder, maker: RefOrder, ts: number): boolean {
    const mode = taker.stp;
    if (mode === StpMode.CANCEL_RESTING || mode === StpMode.CANCEL_BOTH) {
      const reason =
        mode === StpMode.CANCEL_RESTING
          ? CancelReason.STP_CANCEL_RESTING
          : CancelReason.STP_CANCEL_BOTH;
      this.cancelEvent(maker, maker.remaining, 0, reason, ts);
      this.orders = this.orders.filter((o) => o !== maker);
      if (mode === StpMode.CANCEL_RESTING) return false;
    }
    if (mode === StpMode.CANCEL_INCOMING || mode === StpMode.CANCEL_BOTH) {
      const reason =
        mode === StpMode.CANCEL_INCOMING
          ? CancelReason.STP_CANCEL_INCOMING
          : CancelReason.STP_CANCEL_BOTH;
      const left = taker.remaining;
      taker.remaining = 0;
      this.cancelEvent(taker, left, 0, reason, ts);
      return true;
    }
    const quantity = Math.min(taker.remaining, maker.remaining);
    maker.remaining -= quantity;
    this.cancelEvent(maker, quantity, maker.remaining, CancelReason.STP_DECREMENT, ts);
    if (maker.remaining === 0) this.orders = this.orders.filter((o) => o !== maker);
    taker.remaining -= quantity;
    this.cancelEvent(taker, quantity, taker.remaining, CancelReason.STP_DECREMENT, ts);
    return taker.remaining === 0;
  }

  /** What a FOK order would fill now (cancel-resting self orders are skipped, others stop it). */
  private fillable(taker: RefOrder): number {
    const levels_max = this.levelsMax(taker);
    const prices: number[] = [];
    let filled = 0;
    for (const maker of this.opposite(taker)) {
      if (filled >= taker.remaining) break;
      const new_level = !prices.includes(maker.price);
      if (new_level && levels_max > 0 && prices.length === levels_max) break;
      if (!this.eligible(taker, maker)) continue;
      if (taker.stp !== StpMode.NONE && maker.owner === taker.owner) {
        if (taker.stp === StpMode.CANCEL_RESTING) continue;
        break;
      }
      filled += maker.remaining;
      if (new_level) prices.push(maker.price);
    }
    return Math.min(filled, taker.remaining);
  }

  private orderFields(o: RefOrder, ts: number): Event {
    return {
      instrument_key: this.instrument_key,
      timestamp_us: ts,
      order_id: o.id,
      side: o.side,
      type: o.type,
      tif: o.tif,
      price_units: o.price,
      quantity_units: o.remaining + o.filled,
      remaining_units: o.remaining,
      owner: o.owner,
      account: o.account,
      venue: o.venue,
      investor_class: o.investor_class,
    };
  }

  private cancelEvent(
    o: RefOrder,
    cancelled: number,
    left: number,
    reason: number,
    ts: number,
  ): void {
    this.events.push({
      kind: 'cancelled',
      instrument_key: this.instrument_key,
      timestamp_us: ts,
      order_id: o.id,
      side: o.side,
      price_units: o.price,
      cancelled_units: cancelled,
      remaining_units: left,
      reason,
      owner: o.owner,
      account: o.account,
      venue: o.venue,
    });
  }

  private replacedEvent(
    o: RefOrder,
    old_price: number,
    old_remaining: number,
    kept: boolean,
    ts: number,
  ): void {
    this.events.push({
      kind: 'replaced',
      instrument_key: this.instrument_key,
      timestamp_us: ts,
      order_id: o.id,
      side: o.side,
      old_price_units: old_price,
      new_price_units: o.price,
      old_remaining_units: old_remaining,
      new_remaining_units: o.remaining,
      priority_kept: kept,
    });
  }

  private publishBbo(ts: number): void {
    const best = (side: number): [number, number] => {
      const first = this.sortedSide(side)[0];
      if (first === undefined) return [0, 0];
      const size = this.orders
        .filter((o) => o.side === side && o.price === first.price)
        .reduce((total, o) => total + o.remaining, 0);
      return [first.price, size];
    };
    const next = [...best(Side.BUY), ...best(Side.SELL)];
    if (next.every((value, i) => value === this.bbo[i])) return;
    this.bbo = next;
    this.events.push({
      kind: 'bbo',
      instrument_key: this.instrument_key,
      timestamp_us: ts,
      bid_price_units: next[0],
      bid_size_units: next[1],
      ask_price_units: next[2],
      ask_size_units: next[3],
    });
  }
}
