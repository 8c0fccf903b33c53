import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Market,
  MarketRejection,
  OrderType,
  orderRequest,
  Phase,
  Side,
  TimeInForce,
} from '../../market/index.js';
import type { Security } from '../../reference/index.js';
import { demoState } from '../../reference/testing.js';
import { bookConfigOf } from './config.js';
import { paramsFor } from './params.js';

function security(id: string): Security {
  const found = demoState().securities.get(id);
  assert.ok(found !== undefined, id);
  return found;
}

const CATL = 'CNE100003662'; // ChiNext
const SMIC = 'CNE1000041W8'; // STAR
const NO_PREFUND = () => null;

function bookFor(id: string) {
  const market = new Market('TEST');
  const added = market.addBook(bookConfigOf(paramsFor(security(id)), NO_PREFUND));
  assert.ok(added.ok);
  const book = added.value;
  book.setPhase(Phase.CONTINUOUS, 0);
  return book;
}

function order(id: number, type: OrderType, quantity_units: number) {
  return orderRequest({
    order_id: id,
    side: Side.BUY,
    type,
    price_units: type === OrderType.MARKET ? 0 : 37_000,
    quantity_units,
    tif: type === OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC,
  });
}

test('ChiNext caps limit orders at 300,000 shares and market orders at 150,000', () => {
  const params = paramsFor(security(CATL));
  assert.equal(params.order_size_max_units, 300_000);
  assert.equal(params.market_order_size_max_units, 150_000);
  const book = bookFor(CATL);
  assert.equal(book.submit(order(1, OrderType.LIMIT, 300_000), 1).ok, true);
  const too_big = book.submit(order(2, OrderType.LIMIT, 300_100), 2);
  assert.equal(too_big.ok ? '' : too_big.code, MarketRejection.ORDER_TOO_LARGE);
  const before = JSON.stringify(book.snapshot());
  const market = book.submit(order(3, OrderType.MARKET, 150_100), 3);
  assert.equal(market.ok ? '' : market.code, MarketRejection.ORDER_TOO_LARGE);
  assert.equal(JSON.stringify(book.snapshot()), before, 'a refused order changes nothing');
  assert.equal(book.submit(order(4, OrderType.MARKET, 150_000), 4).ok, true);
});

test('STAR caps limit orders at 100,000 shares and market orders at 50,000', () => {
  const book = bookFor(SMIC);
  assert.equal(book.submit(order(1, OrderType.LIMIT, 100_000), 1).ok, true);
  const limit = book.submit(order(2, OrderType.LIMIT, 100_001), 2);
  assert.equal(limit.ok ? '' : limit.code, MarketRejection.ORDER_TOO_LARGE);
  const market = book.submit(order(3, OrderType.MARKET, 50_001), 3);
  assert.equal(market.ok ? '' : market.code, MarketRejection.ORDER_TOO_LARGE);
  assert.equal(book.submit(order(4, OrderType.MARKET, 50_000), 4).ok, true);
});

test('main-board A shares keep one 1,000,000-share cap for both order types', () => {
  const params = paramsFor(security('CNE0000018R8'));
  assert.equal(params.order_size_max_units, 1_000_000);
  assert.equal(params.market_order_size_max_units, 0);
});

test('A-share stocks have the price cage: 2 % and 10 ticks, STAR 2 % alone, ETFs none', () => {
  const moutai = paramsFor(security('CNE0000018R8'));
  assert.deepEqual([moutai.price_cage_bps, moutai.price_cage_ticks_min], [200, 10]);
  const catl = paramsFor(security(CATL));
  assert.deepEqual([catl.price_cage_bps, catl.price_cage_ticks_min], [200, 10]);
  const smic = paramsFor(security(SMIC));
  assert.deepEqual([smic.price_cage_bps, smic.price_cage_ticks_min], [200, 0]);
  const etf = paramsFor(security('CNEHT5103008'));
  assert.equal(etf.price_cage_bps, 0);
});
