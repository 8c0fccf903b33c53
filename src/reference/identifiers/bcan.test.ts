import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isBcan, validateBcan } from './bcan.js';

describe('BCAN', () => {
  test('accepts 1 to 9999999999 written plainly', () => {
    for (const bcan of ['1', '42', '1000000001', '9999999999']) {
      assert.deepEqual(validateBcan(bcan), { ok: true, value: bcan });
    }
  });

  test('rejects zero, leading zeros, more than 10 digits, signs, spaces and letters', () => {
    for (const bcan of ['0', '0123', '10000000000', '-1', '+1', ' 1', '12a', '1.0', '']) {
      const outcome = validateBcan(bcan);
      assert.equal(outcome.ok, false, bcan);
      assert.equal(!outcome.ok && outcome.code, 'INVALID_BCAN');
      assert.ok(!isBcan(bcan));
    }
  });
});
