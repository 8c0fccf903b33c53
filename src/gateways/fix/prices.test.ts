import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { averagePrice, decimalOfUnits, unitsOfDecimal } from './prices.js';

describe('FIX prices: exact decimal text', () => {
  test('units to text, from numbers and bigints alike', () => {
    assert.equal(decimalOfUnits(170_050, 2), '1700.50');
    assert.equal(decimalOfUnits(170_050n, 2), '1700.50');
    assert.equal(decimalOfUnits(5, 3), '0.005');
    assert.equal(decimalOfUnits(0, 2), '0.00');
    assert.equal(decimalOfUnits(42, 0), '42');
    assert.equal(decimalOfUnits(Number.MAX_SAFE_INTEGER, 2), '90071992547409.91');
    assert.equal(decimalOfUnits(2n ** 60n, 4), '115292150460684.6976');
  });

  test('a negative, fractional or unsafe number is refused, not rounded', () => {
    assert.throws(() => decimalOfUnits(-1, 2), RangeError);
    assert.throws(() => decimalOfUnits(-1n, 2), RangeError);
    assert.throws(() => decimalOfUnits(1.5, 2), RangeError);
    assert.throws(() => decimalOfUnits(Number.NaN, 2), RangeError);
    assert.equal(decimalOfUnits(2 ** 60, 0), (2n ** 60n).toString(), 'exact through BigInt');
  });

  test('text to units and back', () => {
    for (const [text, scale, units] of [
      ['1700.50', 2, 170_050],
      ['25', 3, 25_000],
      ['0.005', 3, 5],
    ] as const) {
      assert.equal(unitsOfDecimal(text, scale), units);
      assert.equal(unitsOfDecimal(decimalOfUnits(units, scale), scale), units);
    }
    assert.equal(unitsOfDecimal('25.0001', 3), null);
    assert.equal(unitsOfDecimal('-1', 2), null);
  });

  test('the average of fills rounds half up past the price unit', () => {
    assert.equal(averagePrice(0n, 0, 2), '0');
    assert.equal(averagePrice(170_050n * 100n + 170_051n * 100n, 200, 2), '1700.505000');
  });
});
