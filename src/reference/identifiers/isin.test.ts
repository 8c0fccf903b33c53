import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isIsin, isinCheckDigit, validateIsin } from './isin.js';

const STANDARD_VECTORS = ['US0378331005', 'GB0004005475', 'DE000BAY0017', 'AU0000XVGZA3'];

/** The real ISINs used by the demo data (recalled, check digit verified here). */
const DEMO_REAL_ISINS = [
  'CNE0000018R8', // 600519 Kweichow Moutai
  'CNE000001R84', // 601318 Ping An Insurance (A)
  'CNE000000VQ8', // 000858 Wuliangye Yibin
  'CNE100003662', // 300750 CATL
  'CNE1000041W8', // 688981 SMIC (A)
  'KYG875721634', // 0700 Tencent
  'KYG017191142', // 9988 Alibaba
  'GB0005405286', // 0005 HSBC Holdings
  'HK0941009539', // 0941 China Mobile
  'HK2800008867', // 2800 Tracker Fund of Hong Kong
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const PREFIXES = ['US', 'GB', 'DE', 'AU', 'CN', 'HK', 'KY', 'XS', 'JP', 'SG'];
const arbitraryIsin = fc
  .tuple(
    fc.constantFrom(...PREFIXES),
    fc.array(fc.constantFrom(...ALNUM), { minLength: 9, maxLength: 9 }),
  )
  .map(([prefix, nsin]) => {
    const base = `${prefix}${nsin.join('')}`;
    return `${base}${isinCheckDigit(base)}`;
  });

function replaceAt(text: string, index: number, character: string): string {
  return `${text.slice(0, index)}${character}${text.slice(index + 1)}`;
}

describe('ISIN check digit', () => {
  test('accepts the ISO 6166 test vectors and the real ISINs of the demo data', () => {
    for (const isin of [...STANDARD_VECTORS, ...DEMO_REAL_ISINS]) {
      assert.deepEqual(validateIsin(isin), { ok: true, value: isin }, isin);
      assert.equal(isinCheckDigit(isin.slice(0, 11)), isin[11], isin);
    }
  });

  test('rejects an ISIN recalled for the CSI 300 ETF 510300 whose check digit does not hold', () => {
    const outcome = validateIsin('CNE100000K16');
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.details.reason, 'check_digit');
  });

  test('computes a check digit that validates, and every other final digit fails', () => {
    fc.assert(
      fc.property(arbitraryIsin, (isin) => {
        assert.ok(isIsin(isin), isin);
        for (const digit of '0123456789') {
          if (digit !== isin[11]) assert.ok(!isIsin(replaceAt(isin, 11, digit)));
        }
      }),
      { seed: 6166 },
    );
  });

  test('catches every single wrong digit', () => {
    fc.assert(
      fc.property(
        arbitraryIsin,
        fc.nat(11),
        fc.constantFrom(...'0123456789'),
        (isin, at, digit) => {
          fc.pre(/[0-9]/.test(isin[at] ?? '') && isin[at] !== digit);
          assert.ok(!isIsin(replaceAt(isin, at, digit)));
        },
      ),
      { seed: 61661 },
    );
  });

  test('catches swapped adjacent digits except 0 and 9, the known blind spot of Luhn', () => {
    fc.assert(
      fc.property(arbitraryIsin, fc.nat(10), (isin, at) => {
        const [a, b] = [isin[at] ?? '', isin[at + 1] ?? ''];
        fc.pre(/[0-9]/.test(a) && /[0-9]/.test(b) && a !== b);
        const swapped = `${isin.slice(0, at)}${b}${a}${isin.slice(at + 2)}`;
        assert.equal(isIsin(swapped), `${a}${b}` === '09' || `${a}${b}` === '90');
      }),
      { seed: 61662 },
    );
    assert.ok(isIsin('HK9041009539'), 'HK0941009539 with 09 swapped still passes');
  });

  test('does not catch every changed letter: a passing ISIN is well formed, not proven real', () => {
    assert.ok(isIsin('ES0378331005')); // US → ES: Spain is a country and the digits still sum
  });

  test('rejects near misses of a real ISIN', () => {
    const misses: Record<string, string> = {
      US0378331006: 'check_digit', // last digit changed
      US0378331015: 'check_digit', // one digit changed
      US0387331005: 'check_digit', // adjacent digits swapped
      US037833100: 'format', // too short
      US03783310055: 'format', // too long
      us0378331005: 'format', // lower case
      'US037833100 ': 'format',
      US037833100X: 'format', // letter as check digit
      '120378331005': 'format', // digits as prefix
      ZZ0378331000: 'prefix',
      AA0378331002: 'prefix',
    };
    for (const [isin, reason] of Object.entries(misses)) {
      const outcome = validateIsin(isin);
      assert.equal(outcome.ok, false, isin);
      assert.equal(!outcome.ok && outcome.code, 'INVALID_ISIN');
      assert.equal(!outcome.ok && outcome.details.reason, reason, isin);
    }
  });

  test('special prefixes such as XS are accepted as the ISIN standard allows', () => {
    const base = 'XS123456789';
    assert.ok(isIsin(`${base}${isinCheckDigit(base)}`));
  });

  test('the calculator refuses a malformed base rather than guessing', () => {
    assert.equal(isinCheckDigit('US037833100'), '5');
    assert.equal(isinCheckDigit('us037833100'), undefined);
    assert.equal(isinCheckDigit('US03783310'), undefined);
    assert.equal(isinCheckDigit('1S037833100'), undefined);
  });

  test('reports the expected check digit', () => {
    const outcome = validateIsin('US0378331009');
    assert.deepEqual(outcome, {
      ok: false,
      code: 'INVALID_ISIN',
      message: 'ISIN check digit should be 5, not 9',
      details: { isin: 'US0378331009', reason: 'check_digit', expected_check_digit: '5' },
    });
  });
});
