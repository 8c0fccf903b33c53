/**
 * The monitor's trade value is settlement's cash for the trade, to the minor unit, whatever the
 * price scale; the position value scale holds every price exactly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tradeCashMinor } from '../../../posttrade/index.js';
import {
  bondUnitValueE12,
  e12ToMinor,
  shareAbove,
  shareAboveBig,
  shareBps,
  tradeValueMinor,
  unitValueE12,
} from './value.js';

test("a trade's value equals settlement's cash (half up), on the fast path and off it", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.integer({ min: 0, max: 2 ** 34 }),
      fc.integer({ min: 0, max: 8 }),
      (price, quantity, scale) => {
        assert.equal(
          tradeValueMinor(price, quantity, scale),
          tradeCashMinor(price, quantity, scale, 2),
        );
      },
    ),
    { seed: 17, numRuns: 2_000 },
  );
  // HKD 620.125 × 101 = 62,632.625: half a cent rounds up; 0.0049 rounds down.
  assert.equal(tradeValueMinor(620_125, 101, 3), 6_263_263n);
  assert.equal(tradeValueMinor(49, 1, 4), 0n);
  assert.equal(tradeValueMinor(50, 1, 4), 1n);
  // Near 2^53 the float quotient is off; the integer remainder puts it right.
  assert.equal(
    tradeValueMinor(2 ** 26 * 3 + 1, 2 ** 26 + 7, 3),
    tradeCashMinor(2 ** 26 * 3 + 1, 2 ** 26 + 7, 3, 2),
  );
});

test('position values at 10^-12 are exact and shown half up', () => {
  assert.equal(unitValueE12(146_000, 2), 1_460_000_000_000_000n);
  assert.equal(e12ToMinor(unitValueE12(146_000, 2) * 100n), 14_600_000n);
  // A bond unit of CNY 100.00 at 105.12 % is CNY 105.12.
  assert.equal(e12ToMinor(bondUnitValueE12(10_000n, 10_512_000_000n)), 10_512n);
  assert.equal(e12ToMinor(5_000_000_000n), 1n, 'half a fen up');
  assert.equal(e12ToMinor(-5_000_000_000n), -1n, 'away from zero');
  assert.equal(e12ToMinor(4_999_999_999n), 0n);
  assert.throws(() => unitValueE12(1, 13), /price scale 13/);
  assert.equal(shareBps(1n, 3n), 3_333);
  assert.equal(shareBps(1n, 0n), 0);
});

test('a share is above the bar exactly, at the bar and one unit either side', () => {
  // 5 % of 1,000,000 is 50,000: not above; 50,001 is.
  assert.equal(shareAbove(50_000, 1_000_000, 5_000_000), false);
  assert.equal(shareAbove(50_001, 1_000_000, 5_000_000), true);
  // Near 2^53 units the floats cannot tell; the bigints do.
  const whole = 2 ** 53 - 1;
  const bar = 50_000_000; // one half
  const half_up = Math.ceil(whole / 2);
  assert.equal(shareAbove(half_up, whole, bar), true);
  assert.equal(shareAbove(half_up - 1, whole, bar), false);
  assert.equal(shareAbove(0, 10, 1), false);
  assert.equal(shareAbove(10, 0, 1), false);
  assert.equal(shareAboveBig(10n ** 30n + 1n, 2n * 10n ** 30n, bar), true);
  assert.equal(shareAboveBig(10n ** 30n, 2n * 10n ** 30n, bar), false);
  fc.assert(
    fc.property(
      fc.bigInt(0n, 10n ** 24n),
      fc.bigInt(1n, 10n ** 24n),
      fc.integer({ min: 1, max: 100_000_000 }),
      (part, whole, share) => {
        assert.equal(
          shareAboveBig(part, whole, share),
          part * 100_000_000n > BigInt(share) * whole,
        );
      },
    ),
    { seed: 17, numRuns: 2_000 },
  );
});
