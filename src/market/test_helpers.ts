/**
 * Shared helpers for the market tests: a book with a recording listener and full invariant checks
 * after every operation, and short constructors for requests. Test support only.
 * @module
 */

import { OrderBook } from './book.js';
import type { BookConfigInput } from './config.js';
import { RecordingListener } from './events.js';
import { uniformTickRule } from './tick_rule.js';
import { type OrderRequest, OrderType, orderRequest, Phase, Side, TimeInForce } from './types.js';

export interface TestBook {
  readonly book: OrderBook;
  readonly events: RecordingListener;
}

/** A continuous-trading book on a uniform tick of 1, checked in full after every operation. */
export function testBook(
  overrides: Partial<BookConfigInput> = {},
  phase: Phase = Phase.CONTINUOUS,
): TestBook {
  const events = new RecordingListener();
  const book = new OrderBook(
    { instrument_key: 'TEST', tick: uniformTickRule(1), debug_checks: true, ...overrides },
    events,
  );
  book.setPhase(phase, 0);
  events.clear();
  return { book, events };
}

let next_id = 0;

/** Order ids for tests: increasing across the whole test process. */
export function nextId(): number {
  next_id += 1;
  return next_id;
}

export function buy(
  price: number,
  quantity: number,
  fields: Partial<OrderRequest> = {},
): OrderRequest {
  return orderRequest({
    order_id: nextId(),
    side: Side.BUY,
    price_units: price,
    quantity_units: quantity,
    tif: TimeInForce.GTC,
    ...fields,
  });
}

export function sell(
  price: number,
  quantity: number,
  fields: Partial<OrderRequest> = {},
): OrderRequest {
  return orderRequest({
    order_id: nextId(),
    side: Side.SELL,
    price_units: price,
    quantity_units: quantity,
    tif: TimeInForce.GTC,
    ...fields,
  });
}

export function marketOrder(
  side: 1 | 2,
  quantity: number,
  fields: Partial<OrderRequest> = {},
): OrderRequest {
  return orderRequest({
    order_id: nextId(),
    side,
    type: OrderType.MARKET,
    tif: TimeInForce.IOC,
    price_units: 0,
    quantity_units: quantity,
    ...fields,
  });
}

/** Submits and fails loudly if the order is refused. */
export function place(book: OrderBook, request: OrderRequest, timestamp_us = 1): OrderRequest {
  const outcome = book.submit(request, timestamp_us);
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return request;
}

/** The book as plain data: equal strings mean nothing changed. */
export function stateOf(book: OrderBook): string {
  return JSON.stringify(book.snapshot());
}

export function trades(events: RecordingListener): Array<Record<string, unknown>> {
  return events.ofKind('trade');
}
