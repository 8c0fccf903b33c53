import assert from 'node:assert/strict';
import { test } from 'node:test';
import { US_PER_SECOND } from '../kernel/index.js';
import type { VcmConfig } from './config.js';
import { buy, place, sell, stateOf, testBook, trades } from './test_helpers.js';
import { referenceTickRule } from './tick_rule.js';
import { CancelReason, Phase } from './types.js';

const T0 = 1_000 * US_PER_SECOND;
const VCM: VcmConfig = {
  trigger_bps: 1000,
  cooling_off_us: 300 * US_PER_SECOND,
  lookback_us: 300 * US_PER_SECOND,
  rearm_after_cooling_off: false,
};

/** An HK share with VCM ±10 %, a trade at HKD 400 at T0, asks at 430 and 450 five minutes on. */
function vcmBook(vcm: VcmConfig = VCM) {
  const fixture = testBook({
    tick: referenceTickRule('hk_equity'),
    lot_units: 100,
    odd_lot: 'reject',
    previous_close_units: 400_000,
    market_orders: null,
    vcm,
  });
  const { book } = fixture;
  place(book, sell(400_000, 100), T0);
  place(book, buy(400_000, 100), T0);
  assert.equal(book.armVcm(true).ok, true);
  place(book, sell(430_000, 100), T0 + 200 * US_PER_SECOND);
  place(book, sell(450_000, 100), T0 + 200 * US_PER_SECOND);
  fixture.events.clear();
  return fixture;
}

test('VCM: a trade more than 10 % from the price 5 minutes ago is not done and cooling-off starts', () => {
  const { book, events } = vcmBook();
  const now = T0 + 301 * US_PER_SECOND;
  const order = place(book, buy(450_000, 200), now);
  assert.deepEqual(
    trades(events).map((t) => t.price_units),
    [430_000],
  );
  const cancel = events.ofKind('cancelled')[0];
  assert.equal(cancel?.order_id, order.order_id);
  assert.equal(cancel?.reason, CancelReason.VCM);
  assert.equal(cancel?.cancelled_units, 100);
  const phase = events.ofKind('phase')[0];
  assert.equal(phase?.new_phase, Phase.COOLING_OFF);
  assert.equal(phase?.band_floor_units, 360_000);
  assert.equal(phase?.band_ceiling_units, 440_000);
  assert.equal(book.phase, Phase.COOLING_OFF);
});

test('VCM cooling-off: orders that would trade outside the band are refused, inside it they trade', () => {
  const { book, events } = vcmBook();
  place(book, buy(450_000, 200), T0 + 301 * US_PER_SECOND);
  const before = stateOf(book);
  const refused = book.submit(buy(450_000, 100), T0 + 302 * US_PER_SECOND);
  assert.equal(!refused.ok && refused.code, 'VCM_PRICE_OUTSIDE_BAND');
  assert.equal(stateOf(book), before);
  place(book, buy(440_000, 100), T0 + 303 * US_PER_SECOND);
  events.clear();
  place(book, sell(440_000, 100), T0 + 304 * US_PER_SECOND);
  assert.equal(trades(events)[0]?.price_units, 440_000);
});

test('VCM: after 5 minutes normal trading resumes; HK securities trigger once per session', () => {
  const { book, events } = vcmBook();
  const triggered = T0 + 301 * US_PER_SECOND;
  place(book, buy(450_000, 200), triggered);
  book.advanceTime(triggered + 299 * US_PER_SECOND);
  assert.equal(book.phase, Phase.COOLING_OFF);
  events.clear();
  book.advanceTime(triggered + 300 * US_PER_SECOND);
  assert.equal(book.phase, Phase.CONTINUOUS);
  assert.equal(events.ofKind('phase')[0]?.new_phase, Phase.CONTINUOUS);
  place(book, buy(450_000, 100), triggered + 301 * US_PER_SECOND);
  assert.equal(trades(events).at(-1)?.price_units, 450_000);
});

test('VCM re-arms after cooling-off when configured (HK futures style)', () => {
  const { book } = vcmBook({ ...VCM, rearm_after_cooling_off: true });
  const triggered = T0 + 301 * US_PER_SECOND;
  place(book, buy(450_000, 200), triggered);
  book.advanceTime(triggered + 300 * US_PER_SECOND);
  assert.equal(book.phase, Phase.CONTINUOUS);
  // the last trade five minutes before is now HKD 430: band 387–473, so 450 trades
  place(book, buy(450_000, 100), triggered + 301 * US_PER_SECOND);
  assert.equal(book.restingOrders(), 0);
});

test('VCM does not trigger while disarmed, nor without a trade five minutes earlier', () => {
  const { book, events } = vcmBook();
  book.armVcm(false);
  place(book, buy(450_000, 200), T0 + 301 * US_PER_SECOND);
  assert.equal(trades(events).length, 2);
  const fresh = testBook({ previous_close_units: 400_000, vcm: VCM });
  fresh.book.armVcm(true);
  place(fresh.book, sell(400_000, 100), T0);
  place(fresh.book, buy(500_000, 100), T0 + US_PER_SECOND);
  assert.equal(fresh.book.phase, Phase.CONTINUOUS);
});

test('arming VCM on a book without it is refused', () => {
  const { book } = testBook();
  const outcome = book.armVcm(true);
  assert.equal(!outcome.ok && outcome.code, 'VCM_NOT_CONFIGURED');
});
