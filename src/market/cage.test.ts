import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BookConfigInput } from './config.js';
import { MarketRejection } from './rejections.js';
import { buy, marketOrder, place, sell, stateOf, testBook } from './test_helpers.js';
import { referenceTickRule } from './tick_rule.js';
import { Phase, Side } from './types.js';

const MAIN_BOARD: Partial<BookConfigInput> = {
  tick: referenceTickRule('cn_a_share'),
  price_cage: { band_bps: 200, ticks_min: 10 },
  previous_close_units: 1_000,
};
const STAR: Partial<BookConfigInput> = {
  ...MAIN_BOARD,
  price_cage: { band_bps: 200, ticks_min: 0 },
};

function refusedOutsideCage(
  book: ReturnType<typeof testBook>['book'],
  order: ReturnType<typeof buy>,
) {
  const before = stateOf(book);
  const outcome = book.submit(order, 10);
  assert.equal(outcome.ok ? 'accepted' : outcome.code, MarketRejection.PRICE_OUTSIDE_CAGE);
  assert.equal(stateOf(book), before, 'a refused order changes nothing');
  return outcome.ok ? {} : outcome.details;
}

describe('A-share price cage in continuous trading', () => {
  test('a buy may be at most 102 % of the best ask', () => {
    const { book } = testBook(MAIN_BOARD);
    place(book, sell(1_000, 500));
    place(book, buy(990, 100));
    assert.ok(book.submit(buy(1_020, 100), 5).ok);
    const details = refusedOutsideCage(book, buy(1_021, 100));
    assert.equal(details.reference_units, 1_000);
    assert.equal(details.ceiling_units, 1_020);
  });

  test('a sell may be at least 98 % of the best bid', () => {
    const { book } = testBook(MAIN_BOARD);
    place(book, buy(1_000, 500));
    place(book, sell(1_010, 100));
    assert.ok(book.submit(sell(980, 100), 5).ok);
    const details = refusedOutsideCage(book, sell(979, 100));
    assert.equal(details.floor_units, 980);
  });

  test('on the main board the cage is at least 10 ticks wide', () => {
    const { book } = testBook({ ...MAIN_BOARD, previous_close_units: 300 });
    place(book, sell(300, 100));
    assert.ok(book.submit(buy(310, 100), 5).ok, '3.10 = 3.00 + 10 ticks, above 102 % (3.06)');
    refusedOutsideCage(book, buy(311, 100));
  });

  test('STAR has the 2 % alone', () => {
    const { book } = testBook({ ...STAR, previous_close_units: 300 });
    place(book, sell(300, 100));
    assert.ok(book.submit(buy(306, 100), 5).ok);
    refusedOutsideCage(book, buy(307, 100));
  });

  test('with an empty book the reference falls back to the last trade, then the previous close', () => {
    const { book } = testBook(MAIN_BOARD);
    refusedOutsideCage(book, buy(1_021, 100));
    place(book, sell(1_010, 100));
    place(book, buy(1_010, 100)); // trades: the last trade is now 10.10
    assert.ok(book.submit(buy(1_030, 100), 5).ok, '102 % of 10.10 = 10.30');
    place(book, sell(1_100, 100)); // a resting ask becomes the buy's reference
    assert.equal(book.bestBid(), 1_030);
    refusedOutsideCage(book, sell(1_009, 100)); // the sell's reference is the best bid 10.30
  });

  test('no cage in call auctions, for market orders, or on books without one', () => {
    const auction = testBook(MAIN_BOARD, Phase.AUCTION_INPUT).book;
    assert.ok(auction.submit(buy(1_100, 100), 5).ok);
    const { book } = testBook(MAIN_BOARD);
    place(book, sell(1_000, 100));
    assert.ok(book.submit(marketOrder(Side.BUY, 100), 5).ok);
    const plain = testBook({ ...MAIN_BOARD, price_cage: null }).book;
    place(plain, sell(1_000, 100));
    assert.ok(plain.submit(buy(1_100, 100), 5).ok);
  });
});
