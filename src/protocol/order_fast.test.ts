import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { COMMAND, parseCommand } from './commands.js';
import { SUBMIT_ORDER } from './market.js';
import { fastSubmitOrder } from './order_fast.js';

const VALID = {
  type: 'market.submit_order',
  client_order_id: 'q1-7',
  instrument: 'CNE0000018R8',
  side: 'buy',
  order_type: 'limit',
  time_in_force: 'day',
  price_units: 145_000,
  quantity_units: 100,
  owner: 'cn-retail-zhang',
};

const anyValue = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(Number.MAX_SAFE_INTEGER + 1),
  fc.constant(-0),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const id = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,63}$/) },
  fc.string({ maxLength: 70 }),
);
const units = fc.oneof(
  { weight: 8, arbitrary: fc.nat() },
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  anyValue,
);
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 30, arbitrary: valid }, anyValue);

/** Orders with every field sometimes valid, sometimes not, sometimes missing, in any key order. */
const orders = fc
  .record(
    {
      type: fc.oneof({ weight: 30, arbitrary: fc.constant('market.submit_order') }, anyValue),
      client_order_id: field(id),
      instrument: field(id),
      side: field(fc.constantFrom('buy', 'sell', 'hold')),
      order_type: field(fc.constantFrom('limit', 'market', 'enhanced_limit', 'at_auction', 'x')),
      time_in_force: field(fc.constantFrom('day', 'gtc', 'ioc', 'fok', 'y')),
      post_only: field(fc.boolean()),
      price_units: field(units),
      quantity_units: field(units),
      owner: field(id),
      venue: field(id),
      stp_mode: field(fc.constantFrom('none', 'cancel_resting', 'decrement', 'z')),
      bcan: field(fc.string({ maxLength: 12 })),
      channel: field(fc.constantFrom('XSHG', 'XSHE', 'XHKG')),
    },
    {
      requiredKeys: ['type', 'client_order_id', 'instrument', 'side', 'quantity_units', 'owner'],
    },
  )
  .chain((order) =>
    fc
      .shuffledSubarray(Object.keys(order), { minLength: Object.keys(order).length })
      .map((keys) => {
        const shuffled: Record<string, unknown> = {};
        for (const key of keys) shuffled[key] = (order as Record<string, unknown>)[key];
        return shuffled;
      }),
  );

test('a valid order comes out of the fast check exactly as out of the schema', () => {
  const fast = fastSubmitOrder({ ...VALID, venue: 'XHKG', bcan: '12' });
  const parsed = SUBMIT_ORDER.parse({ ...VALID, venue: 'XHKG', bcan: '12' });
  assert.notEqual(fast, null);
  assert.deepEqual(fast, parsed);
  assert.equal(JSON.stringify(fast), JSON.stringify(parsed));
  const defaults = { ...VALID } as Record<string, unknown>;
  delete defaults.order_type;
  delete defaults.price_units;
  assert.equal(
    JSON.stringify(fastSubmitOrder(defaults)),
    JSON.stringify(SUBMIT_ORDER.parse(defaults)),
  );
});

test('the fast check never accepts what the schema refuses, and gives the same bytes', () => {
  let fast_hits = 0;
  fc.assert(
    fc.property(orders, (order) => {
      const fast = fastSubmitOrder(order);
      const schema = COMMAND.safeParse(order);
      if (fast === null) return;
      fast_hits += 1;
      assert.ok(schema.success, `the schema refuses ${JSON.stringify(order)}`);
      assert.deepEqual(fast, schema.data);
      assert.equal(JSON.stringify(fast), JSON.stringify(schema.data));
    }),
    { numRuns: 20_000, seed: 19 },
  );
  assert.ok(fast_hits > 1_000, `only ${fast_hits} generated orders were valid`);
});

test('every order the schema accepts from JSON is accepted by the fast check too', () => {
  let accepted = 0;
  fc.assert(
    fc.property(orders, (order) => {
      const wire = JSON.parse(JSON.stringify(order)) as Record<string, unknown>;
      if (!COMMAND.safeParse(wire).success) return;
      accepted += 1;
      assert.notEqual(fastSubmitOrder(wire), null, JSON.stringify(wire));
    }),
    { numRuns: 20_000, seed: 7 },
  );
  assert.ok(accepted > 1_000, `only ${accepted} generated orders were valid`);
});

test('parseCommand answers a refused order with the schema problems', () => {
  const parsed = parseCommand({ ...VALID, quantity_units: 0, colour: 'red' });
  assert.equal(parsed.ok, false);
  const fields = parsed.ok ? [] : parsed.problems.map((p) => `${p.field}:${p.rule}`);
  assert.deepEqual(fields.sort(), ['(body):unrecognized_keys', 'quantity_units:too_small']);
});
