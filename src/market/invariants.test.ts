import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AssertionError } from '../kernel/index.js';
import { BID } from './book_state.js';
import { eligibilityMatrix } from './eligibility.js';
import { buy, place, sell, testBook } from './test_helpers.js';

test('the full check catches a side volume that differs from its levels', () => {
  const { book } = testBook({ debug_checks: false });
  place(book, buy(100, 5));
  book.checkInvariants();
  book.side_volume[BID] = 4;
  assert.throws(() => book.checkInvariants(), AssertionError);
});

test('the full check catches a level volume that differs from its orders', () => {
  const { book } = testBook({ debug_checks: false });
  place(book, buy(100, 5));
  place(book, sell(101, 5));
  const level = book.bestLevel(BID);
  book.l_volume[level] = 6;
  assert.throws(() => book.checkInvariants(), AssertionError);
});

test('an asymmetric eligibility rule is a bug, refused at construction', () => {
  assert.throws(
    () => eligibilityMatrix(['a', 'b'], ['x'], (p, q) => p.venue <= q.venue),
    AssertionError,
  );
});
