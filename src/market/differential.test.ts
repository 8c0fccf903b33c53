import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OrderBook } from './book.js';
import { sharedBookEligibility } from './eligibility.js';
import { RecordingListener } from './events.js';
import { ReferenceMatcher } from './reference_matcher.js';
import { uniformTickRule } from './tick_rule.js';
import {
  OrderType,
  orderRequest,
  Phase,
  type Side,
  type StpMode,
  type TimeInForce,
} from './types.js';

type Command =
  | { kind: 'submit'; order: SubmitFields }
  | { kind: 'cancel'; pick: number }
  | { kind: 'replace'; pick: number; price: number; quantity: number };

interface SubmitFields {
  side: Side;
  market: boolean;
  tif: TimeInForce;
  post_only: boolean;
  price: number;
  quantity: number;
  owner: number;
  account: number;
  venue: number;
  investor_class: number;
  stp_mode: StpMode;
}

const submitArb = fc.record({
  side: fc.constantFrom<Side>(1, 2),
  market: fc.integer({ min: 0, max: 6 }).map((x) => x === 0),
  tif: fc.constantFrom<TimeInForce>(1, 2, 3, 4),
  post_only: fc.boolean(),
  price: fc.integer({ min: 95, max: 105 }),
  quantity: fc.integer({ min: 1, max: 20 }),
  owner: fc.integer({ min: 0, max: 3 }),
  account: fc.integer({ min: 0, max: 5 }),
  venue: fc.integer({ min: 0, max: 1 }),
  investor_class: fc.integer({ min: 0, max: 2 }),
  stp_mode: fc.constantFrom<StpMode>(0, 0, 1, 2, 3, 4, 5),
});

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: submitArb.map((order) => ({ kind: 'submit' as const, order })) },
  { weight: 2, arbitrary: fc.nat(60).map((pick) => ({ kind: 'cancel' as const, pick })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        pick: fc.nat(60),
        price: fc.integer({ min: 95, max: 105 }),
        quantity: fc.integer({ min: 1, max: 20 }),
      })
      .map((r) => ({ kind: 'replace' as const, ...r })),
  },
);

interface Variant {
  readonly name: string;
  readonly stp_default: StpMode;
  readonly market_levels_max: number;
  readonly shared: boolean;
}

const VARIANTS: readonly Variant[] = [
  { name: 'plain, STP cancel resting', stp_default: 2, market_levels_max: 0, shared: false },
  {
    name: 'plain, STP decrement, best-3 market',
    stp_default: 5,
    market_levels_max: 3,
    shared: false,
  },
  { name: 'shared book, no STP by default', stp_default: 1, market_levels_max: 0, shared: true },
  { name: 'shared book, STP cancel both', stp_default: 4, market_levels_max: 2, shared: true },
];

function requestFor(id: number, o: SubmitFields) {
  return orderRequest({
    order_id: id,
    side: o.side,
    type: o.market ? OrderType.MARKET : OrderType.LIMIT,
    tif: o.market ? (o.tif === 4 ? 4 : 3) : o.tif,
    post_only: !o.market && o.post_only && (o.tif === 1 || o.tif === 2),
    price_units: o.market ? 0 : o.price,
    quantity_units: o.quantity,
    owner: o.owner,
    account: o.account,
    venue: o.venue,
    investor_class: o.investor_class,
    stp_mode: o.stp_mode,
  });
}

/** Runs one command stream through both matchers and compares outcomes and events. */
function runBoth(variant: Variant, commands: readonly Command[]): void {
  const eligibility = variant.shared ? sharedBookEligibility() : null;
  const listener = new RecordingListener();
  const book = new OrderBook(
    {
      instrument_key: 'DIFF',
      tick: uniformTickRule(1),
      stp_mode_default: variant.stp_default,
      market_orders: { levels_max: variant.market_levels_max, band_bps: 0 },
      eligibility,
      debug_checks: true,
    },
    listener,
  );
  book.setPhase(Phase.CONTINUOUS, 0);
  listener.clear();
  const reference = new ReferenceMatcher(
    'DIFF',
    variant.stp_default,
    variant.market_levels_max,
    eligibility,
  );
  const ids: number[] = [];
  commands.forEach((command, index) => {
    const ts = 1_000 + index;
    let ours: { ok: boolean; code?: string };
    let theirs: { ok: boolean; code?: string };
    if (command.kind === 'submit') {
      const id = ids.length + 1;
      ids.push(id);
      const request = requestFor(id, command.order);
      ours = book.submit(request, ts);
      theirs = reference.submit(request, ts);
    } else {
      const id = ids[command.pick] ?? 999_999;
      if (command.kind === 'cancel') {
        ours = book.cancel(id, ts);
        theirs = reference.cancel(id, ts);
      } else {
        ours = book.replace(id, command.price, command.quantity, ts);
        theirs = reference.replace(id, command.price, command.quantity, ts);
      }
    }
    assert.equal(ours.ok, theirs.ok, `outcome of command ${index}`);
    if (!ours.ok) assert.equal(ours.code, theirs.code, `rejection code of command ${index}`);
  });
  assert.deepEqual(listener.events, reference.events);
  assert.deepEqual(book.orderIds(1), reference.sideIds(1));
  assert.deepEqual(book.orderIds(2), reference.sideIds(2));
  checkConservation(listener.events, book);
}

/** Every accepted quantity is traded, cancelled, resting, or changed by a replace. */
function checkConservation(events: readonly Record<string, unknown>[], book: OrderBook): void {
  const open = new Map<number, number>();
  const add = (id: number, delta: number) => open.set(id, (open.get(id) ?? 0) + delta);
  for (const e of events) {
    if (e.kind === 'accepted') add(e.order_id as number, e.quantity_units as number);
    if (e.kind === 'trade') {
      add(e.maker_order_id as number, -(e.quantity_units as number));
      add(e.taker_order_id as number, -(e.quantity_units as number));
    }
    if (e.kind === 'cancelled') add(e.order_id as number, -(e.cancelled_units as number));
    if (e.kind === 'replaced') {
      add(
        e.order_id as number,
        (e.new_remaining_units as number) - (e.old_remaining_units as number),
      );
    }
  }
  for (const [id, left] of open) {
    const resting = book.getOrder(id);
    assert.equal(left, resting === null ? 0 : resting.remaining_units, `order ${id} conserved`);
  }
}

for (const variant of VARIANTS) {
  test(`random order streams match the reference matcher event for event (${variant.name})`, () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 200 }), (commands) => {
        runBoth(variant, commands);
      }),
      { numRuns: 1000, seed: 20_251_103 },
    );
  });
}
