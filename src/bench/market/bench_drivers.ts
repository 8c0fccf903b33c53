/**
 * The two engines of the order-book benchmark behind one small interface: Hutong's `OrderBook`
 * (emitting every event to a counting listener) and nodejs-order-book 10.1.1, both fed the same
 * pre-built workload v1 op stream.
 * @module
 */

import {
  type LimitOrderOptions,
  type MarketOrderOptions,
  OrderBook as PeerBook,
  Side as PeerSide,
} from 'nodejs-order-book';
import { OrderBook } from '../../market/book.js';
import type {
  BboEvent,
  BookListener,
  CancelEvent,
  OrderEvent,
  TradeEvent,
} from '../../market/events.js';
import { uniformTickRule } from '../../market/tick_rule.js';
import { OrderType, orderRequest, Phase, StpMode, TimeInForce } from '../../market/types.js';
import { type FinalState, OP_CANCEL, OP_LIMIT, type Workload } from './bench_workload.js';

/** Counts every event the engine emits (and folds fields into a checksum, so none is dead code). */
export class CountingListener implements BookListener {
  accepted = 0;
  rested = 0;
  cancelled = 0;
  trades = 0;
  traded_units = 0;
  bbo = 0;
  checksum = 0;
  onOrderAccepted(event: OrderEvent): void {
    this.accepted++;
    this.checksum = (this.checksum + event.order_id) | 0;
  }
  onTrade(event: TradeEvent): void {
    this.trades++;
    this.traded_units += event.quantity_units;
    this.checksum = (this.checksum ^ (event.maker_order_id + event.price_units)) | 0;
  }
  onOrderRested(event: OrderEvent): void {
    this.rested++;
    this.checksum = (this.checksum + event.remaining_units) | 0;
  }
  onOrderCancelled(event: CancelEvent): void {
    this.cancelled++;
    this.checksum = (this.checksum + event.cancelled_units) | 0;
  }
  onOrderReplaced(): void {}
  onBbo(event: BboEvent): void {
    this.bbo++;
    this.checksum = (this.checksum + event.bid_price_units) | 0;
  }
  onIndicative(): void {}
  onPhase(): void {}
  get events(): number {
    return this.accepted + this.rested + this.cancelled + this.trades + this.bbo;
  }
}

export interface Driver {
  readonly name: string;
  step(i: number): void;
  finalState(): FinalState;
  trades(): number;
  tradedUnits(): number;
  events(): number;
}

export function hutongDriver(w: Workload, beforeBook: () => void): Driver {
  const { engine_id, limit, market } = hutongOps(w);
  beforeBook();
  const listener = new CountingListener();
  const book = new OrderBook(
    {
      instrument_key: 'BENCH',
      tick: uniformTickRule(1),
      market_orders: { levels_max: 0, band_bps: 0 },
      stp_mode_default: StpMode.CANCEL_RESTING,
    },
    listener,
  );
  book.setPhase(Phase.CONTINUOUS, 0);
  const { kind, side, price, size } = w;
  return {
    name: 'hutong',
    step(i: number): void {
      const op = kind[i];
      const id = engine_id[i] as number;
      if (op === OP_LIMIT) {
        limit.order_id = id;
        limit.owner = id;
        limit.side = side[i] as 1 | 2;
        limit.price_units = price[i] as number;
        limit.quantity_units = size[i] as number;
        book.submit(limit, i);
      } else if (op === OP_CANCEL) {
        book.cancel(id, i);
      } else {
        market.order_id = id;
        market.owner = id;
        market.side = side[i] as 1 | 2;
        market.quantity_units = size[i] as number;
        book.submit(market, i);
      }
    },
    finalState: () => ({
      resting: book.restingOrders(),
      bid_volume: book.volume(1),
      ask_volume: book.volume(2),
      best_bid: book.bestBid(),
      best_ask: book.bestAsk(),
    }),
    trades: () => listener.trades,
    tradedUnits: () => listener.traded_units,
    events: () => listener.events,
  };
}

/** Engine ids: op index + 1 (increasing); cancels carry their target's engine id (0 = no-op). */
function hutongOps(w: Workload) {
  const engine_id = new Float64Array(w.count);
  const by_limit_id = new Float64Array(w.count + 1);
  for (let i = 0; i < w.count; i++) {
    if (w.kind[i] === OP_CANCEL) {
      engine_id[i] = by_limit_id[w.id[i] as number] as number;
    } else {
      engine_id[i] = i + 1;
      if (w.kind[i] === OP_LIMIT) by_limit_id[w.id[i] as number] = i + 1;
    }
  }
  const limit = orderRequest({ type: OrderType.LIMIT, tif: TimeInForce.GTC });
  const market = orderRequest({ type: OrderType.MARKET, tif: TimeInForce.IOC });
  return { engine_id, limit, market };
}

export function peerDriver(w: Workload, beforeBook: () => void): Driver {
  const limits: (LimitOrderOptions | null)[] = new Array(w.count).fill(null);
  const markets: (MarketOrderOptions | null)[] = new Array(w.count).fill(null);
  const cancels: string[] = new Array(w.count).fill('');
  for (let i = 0; i < w.count; i++) {
    const s = w.side[i] === 1 ? PeerSide.BUY : PeerSide.SELL;
    if (w.kind[i] === OP_LIMIT) {
      limits[i] = {
        id: String(w.id[i]),
        side: s,
        size: w.size[i] as number,
        price: w.price[i] as number,
      };
    } else if (w.kind[i] === OP_CANCEL) {
      cancels[i] = String(w.id[i]);
    } else {
      markets[i] = { side: s, size: w.size[i] as number };
    }
  }
  beforeBook();
  const book = new PeerBook();
  const kind = w.kind;
  return {
    name: 'nodejs-order-book',
    step(i: number): void {
      const op = kind[i];
      if (op === OP_LIMIT) book.limit(limits[i] as LimitOrderOptions);
      else if (op === OP_CANCEL) book.cancel(cancels[i] as string);
      else book.market(markets[i] as MarketOrderOptions);
    },
    finalState: () => peerState(book),
    // The peer returns result objects instead of events; they are not counted.
    trades: () => -1,
    tradedUnits: () => -1,
    events: () => -1,
  };
}

function peerState(book: PeerBook): FinalState {
  const [asks, bids] = book.depth();
  const sum = (levels: [number, number][]) => levels.reduce((total, [, size]) => total + size, 0);
  const orders = (book as unknown as { orders: Record<string, unknown> }).orders;
  return {
    resting: Object.keys(orders).length,
    bid_volume: sum(bids),
    ask_volume: sum(asks),
    best_bid: bids.length > 0 ? (bids[0] as [number, number])[0] : 0,
    best_ask: asks.length > 0 ? (asks[0] as [number, number])[0] : 0,
  };
}
