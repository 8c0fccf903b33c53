import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { convertMinor, divRound, formatMinor, mulDiv, parseDecimal, parseRate } from './money.js';

describe('parseDecimal()', () => {
  test('reads amounts at the currency scale', () => {
    assert.equal(parseDecimal('1234.56', 2), 123456n);
    assert.equal(parseDecimal('7', 2), 700n);
    assert.equal(parseDecimal('0.5', 2), 50n);
    assert.equal(parseDecimal('-3.10', 2), -310n);
    assert.equal(parseDecimal('52000000000', 2), 5200000000000n);
  });

  test('refuses more decimals than the scale instead of rounding', () => {
    assert.equal(parseDecimal('1.234', 2), undefined);
    assert.equal(parseDecimal('1.5', 0), undefined);
  });

  test('refuses anything but a plain decimal', () => {
    for (const text of ['', '1e3', '1,000', ' 1', '1.', '.5', '+1', 'NaN', '0x10']) {
      assert.equal(parseDecimal(text, 2), undefined, text);
    }
  });

  test('round-trips with formatMinor()', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.nat(8),
        (amount, scale) => {
          assert.equal(parseDecimal(formatMinor(amount, scale), scale), amount);
        },
      ),
    );
  });
});

describe('formatMinor()', () => {
  test('pads small amounts and keeps the sign', () => {
    assert.equal(formatMinor(5n, 2), '0.05');
    assert.equal(formatMinor(-5n, 2), '-0.05');
    assert.equal(formatMinor(123456n, 2), '1234.56');
    assert.equal(formatMinor(42n, 0), '42');
  });
});

describe('divRound()', () => {
  const cases: Array<[bigint, bigint, string, bigint]> = [
    [7n, 2n, 'floor', 3n],
    [7n, 2n, 'ceil', 4n],
    [7n, 2n, 'trunc', 3n],
    [7n, 2n, 'half_up', 4n],
    [7n, 2n, 'half_even', 4n],
    [5n, 2n, 'half_even', 2n],
    [-7n, 2n, 'floor', -4n],
    [-7n, 2n, 'ceil', -3n],
    [-7n, 2n, 'trunc', -3n],
    [-7n, 2n, 'half_up', -4n],
    [-5n, 2n, 'half_even', -2n],
    [-7n, 2n, 'half_even', -4n],
    [10n, 3n, 'half_up', 3n],
    [11n, 3n, 'half_up', 4n],
    [6n, 3n, 'ceil', 2n],
  ];
  for (const [numerator, denominator, mode, expected] of cases) {
    test(`${numerator}/${denominator} ${mode} = ${expected}`, () => {
      assert.equal(divRound(numerator, denominator, mode as 'floor'), expected);
    });
  }

  test('brackets the exact quotient within one unit for every mode', () => {
    const modes = ['floor', 'ceil', 'trunc', 'half_up', 'half_even'] as const;
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.constantFrom(...modes),
        (numerator, denominator, mode) => {
          const q = divRound(numerator, denominator, mode);
          // q*d is within d of n: |n - q*d| < d
          const gap = numerator - q * denominator;
          assert.ok(gap < denominator && gap > -denominator);
          if (mode === 'floor') assert.ok(q * denominator <= numerator);
          if (mode === 'ceil') assert.ok(q * denominator >= numerator);
        },
      ),
    );
  });

  test('refuses a zero denominator loudly', () => {
    assert.throws(() => divRound(1n, 0n, 'floor'));
  });
});

describe('convertMinor()', () => {
  test('converts HKD cents to RMB fen at an exact rate', () => {
    const rate = parseRate('0.92345');
    assert.ok(rate);
    // HKD 10,000.00 at 0.92345 = RMB 9,234.50 exactly
    assert.equal(convertMinor(1_000_000n, rate, 2, 2, 'ceil'), 923_450n);
    // HKD 0.01 at 0.92345 = RMB 0.0092345: ceil to 0.01, floor to 0.00
    assert.equal(convertMinor(1n, rate, 2, 2, 'ceil'), 1n);
    assert.equal(convertMinor(1n, rate, 2, 2, 'floor'), 0n);
  });

  test('handles different scales', () => {
    const rate = parseRate('145.5');
    assert.ok(rate);
    // USD 1.00 (scale 2) to a scale-0 currency
    assert.equal(convertMinor(100n, rate, 2, 0, 'half_even'), 146n);
  });

  test('mulDiv keeps exactness on huge amounts', () => {
    assert.equal(mulDiv(10n ** 30n, 3n, 7n, 'floor'), 428571428571428571428571428571n);
  });
});

describe('parseRate()', () => {
  test('refuses zero, negatives and junk', () => {
    for (const text of ['0', '0.000', '-1.2', 'abc', ''])
      assert.equal(parseRate(text), undefined, text);
  });
});
