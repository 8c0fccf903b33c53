import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { testBook } from './test_helpers.js';
import type { Side } from './types.js';
import { type OrderType, orderRequest, type StpMode, type TimeInForce } from './types.js';

const odd = [Number.NaN, -1, 0, 1.5, -0, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 256, 255, 1e9 + 1];
const num = (normal: fc.Arbitrary<number>) =>
  fc.oneof({ weight: 4, arbitrary: normal }, fc.constantFrom(...odd));

test('the validation fast path never accepts what the full rule chain refuses', () => {
  // Books built by testBook run with debug_checks: every fast acceptance re-runs the full chain
  // and asserts that it accepts too, so any drift throws here.
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          side: num(fc.constantFrom(1, 2)),
          type: num(fc.constantFrom(1, 2)),
          tif: num(fc.constantFrom(1, 2, 3, 4)),
          post_only: fc.boolean(),
          price_units: num(fc.integer({ min: 95, max: 105 })),
          quantity_units: num(fc.integer({ min: 1, max: 300 })),
          owner: num(fc.integer({ min: 0, max: 3 })),
          account: num(fc.integer({ min: 0, max: 3 })),
          venue: num(fc.integer({ min: 0, max: 1 })),
          investor_class: num(fc.integer({ min: 0, max: 2 })),
          stp_mode: num(fc.integer({ min: 0, max: 5 })),
        }),
        { maxLength: 40 },
      ),
      (requests) => {
        const { book } = testBook({
          lot_units: 100,
          odd_lot: 'sell_only',
          order_size_max_units: 200,
        });
        requests.forEach((fields, index) => {
          const request = orderRequest({
            ...fields,
            order_id: index + 1,
            side: fields.side as Side,
            type: fields.type as OrderType,
            tif: fields.tif as TimeInForce,
            stp_mode: fields.stp_mode as StpMode,
          });
          const outcome = book.submit(request, index + 1);
          if (!outcome.ok) assert.ok(outcome.code.length > 0);
        });
      },
    ),
    { numRuns: 500, seed: 11 },
  );
});
