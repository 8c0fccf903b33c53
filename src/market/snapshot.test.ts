import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decode, encode, US_PER_SECOND } from '../kernel/index.js';
import { OrderBook } from './book.js';
import type { BookConfigInput } from './config.js';
import { sharedBookEligibility } from './eligibility.js';
import { RecordingListener } from './events.js';
import { Market } from './market.js';
import type { BookSnapshot } from './snapshot.js';
import { uniformTickRule } from './tick_rule.js';
import { OrderType, orderRequest, Phase, type Side, type TimeInForce } from './types.js';

type Step =
  | {
      kind: 'order';
      side: Side;
      price: number;
      quantity: number;
      tif: TimeInForce;
      owner: number;
      at_auction: boolean;
      venue: number;
      investor_class: number;
    }
  | { kind: 'cancel'; pick: number }
  | { kind: 'replace'; pick: number; price: number; quantity: number }
  | { kind: 'auction' }
  | { kind: 'uncross' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      side: fc.constantFrom<Side>(1, 2),
      price: fc.integer({ min: 95, max: 105 }),
      quantity: fc.integer({ min: 1, max: 9 }),
      tif: fc.constantFrom<TimeInForce>(1, 2, 3),
      owner: fc.integer({ min: 0, max: 2 }),
      at_auction: fc.boolean(),
      venue: fc.integer({ min: 0, max: 1 }),
      investor_class: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      pick: fc.nat(50),
      price: fc.integer({ min: 95, max: 105 }),
      quantity: fc.integer({ min: 1, max: 9 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'auction' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'uncross' as const }) },
);

function config(shared: boolean): BookConfigInput {
  return {
    instrument_key: 'SNAP',
    tick: uniformTickRule(1),
    stp_mode_default: 2,
    at_auction_orders: true,
    auction_rule: 'hkex',
    eligibility: shared ? sharedBookEligibility() : null,
    vcm: shared
      ? null
      : {
          trigger_bps: 500,
          cooling_off_us: 60 * US_PER_SECOND,
          lookback_us: 30 * US_PER_SECOND,
          rearm_after_cooling_off: true,
        },
    debug_checks: true,
  };
}

/** Applies steps; ids are derived from the step index so both books see the same ids. */
function apply(book: OrderBook, steps: readonly Step[], offset: number): void {
  steps.forEach((step, index) => {
    const ts = (offset + index + 1) * US_PER_SECOND;
    const id = offset + index + 1;
    if (step.kind === 'order') {
      const in_auction = book.phase === Phase.AUCTION_INPUT;
      const at_auction = step.at_auction && in_auction && book.config.at_auction_orders;
      book.submit(
        orderRequest({
          order_id: id,
          side: step.side,
          type: at_auction ? OrderType.AT_AUCTION : OrderType.LIMIT,
          tif: in_auction ? 2 : step.tif,
          price_units: at_auction ? 0 : step.price,
          quantity_units: step.quantity,
          owner: step.owner,
          venue: step.venue,
          investor_class: step.investor_class,
        }),
        ts,
      );
    } else if (step.kind === 'cancel') {
      book.cancel(step.pick + 1, ts);
    } else if (step.kind === 'replace') {
      book.replace(step.pick + 1, step.price, step.quantity, ts);
    } else if (step.kind === 'auction') {
      book.setPhase(Phase.AUCTION_INPUT, ts, { reference_price_units: 100 });
    } else {
      book.uncross(ts);
      book.setPhase(Phase.CONTINUOUS, ts);
    }
  });
}

for (const shared of [false, true]) {
  test(`a restored book behaves exactly like the original on any continuation (${shared ? 'shared' : 'plain'} book)`, () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 80 }),
        fc.array(stepArb, { maxLength: 80 }),
        (prefix, continuation) => {
          const original = new OrderBook(config(shared));
          original.setPhase(Phase.CONTINUOUS, 0);
          if (!shared) original.armVcm(true);
          apply(original, prefix, 0);
          const data = decode(encode(original.snapshot())) as BookSnapshot;
          const a_events = new RecordingListener();
          const b_events = new RecordingListener();
          original.listener = a_events;
          const restored = OrderBook.restore(config(shared), data, b_events);
          assert.deepEqual(restored.snapshot(), original.snapshot());
          apply(original, continuation, prefix.length);
          apply(restored, continuation, prefix.length);
          assert.deepEqual(b_events.events, a_events.events);
          assert.deepEqual(restored.snapshot(), original.snapshot());
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
}

test('a snapshot is plain data: numbers, strings, booleans, arrays and plain objects only', () => {
  const book = new OrderBook(config(false));
  book.setPhase(Phase.CONTINUOUS, 0);
  apply(
    book,
    [
      {
        kind: 'order',
        side: 1,
        price: 100,
        quantity: 5,
        tif: 1,
        owner: 0,
        at_auction: false,
        venue: 0,
        investor_class: 0,
      },
    ],
    0,
  );
  const visit = (value: unknown): void => {
    if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) return;
    assert.ok(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype, 'plain');
    for (const inner of Object.values(value as object)) visit(inner);
  };
  visit(book.snapshot());
  assert.equal(book.snapshot().orders.order_id.length, 1);
});

test('a market snapshot restores every book, in order, with the market order-id counter', () => {
  const market = new Market('SEHK');
  for (const key of ['0700.HK', '0005.HK']) {
    assert.ok(market.addBook({ ...config(false), instrument_key: key }).ok);
    market.setPhase(key, Phase.CONTINUOUS, 0);
  }
  market.submit('0700.HK', orderRequest({ order_id: 10, price_units: 100, quantity_units: 5 }), 1);
  market.submit(
    '0005.HK',
    orderRequest({ order_id: 11, side: 2, price_units: 101, quantity_units: 5 }),
    2,
  );
  const data = decode(encode(market.snapshot())) as ReturnType<Market['snapshot']>;
  const restored = Market.restore(data, (key) => ({ ...config(false), instrument_key: key }));
  assert.deepEqual(restored.snapshot(), market.snapshot());
  assert.deepEqual(restored.instrumentKeys(), ['0700.HK', '0005.HK']);
  const stale = restored.submit(
    '0005.HK',
    orderRequest({ order_id: 11, price_units: 100, quantity_units: 1 }),
    3,
  );
  assert.equal(!stale.ok && stale.code, 'ORDER_ID_NOT_INCREASING');
});
