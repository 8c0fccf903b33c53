import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { expandAlphanumeric } from './alphanumeric.js';
import { isLei, leiCheckDigits, validateLei } from './lei.js';

const VECTORS = ['54930084UKLVMY22DS16', '213800WSGIIZCXF1P572', '5493000IBP32UQZ0KL24'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const arbitraryLei = fc
  .array(fc.constantFrom(...ALNUM), { minLength: 18, maxLength: 18 })
  .map((characters) => {
    const base = characters.join('');
    return `${base}${leiCheckDigits(base)}`;
  });

function replaceAt(text: string, index: number, character: string): string {
  return `${text.slice(0, index)}${character}${text.slice(index + 1)}`;
}

describe('LEI check digits (ISO 7064 MOD 97-10)', () => {
  test('accepts the published test vectors and recomputes their check digits', () => {
    for (const lei of VECTORS) {
      assert.deepEqual(validateLei(lei), { ok: true, value: lei });
      assert.equal(leiCheckDigits(lei.slice(0, 18)), lei.slice(18));
    }
  });

  test('agrees with the BigInt definition: the expansion is 1 mod 97', () => {
    fc.assert(
      fc.property(arbitraryLei, (lei) => {
        assert.equal(BigInt(expandAlphanumeric(lei)) % 97n, 1n);
        assert.ok(isLei(lei));
      }),
      { seed: 17442 },
    );
  });

  test('catches every single wrong character of the same kind (digit for digit, letter for letter)', () => {
    fc.assert(
      fc.property(arbitraryLei, fc.nat(19), fc.constantFrom(...ALNUM), (lei, at, character) => {
        const original = lei[at] ?? '';
        fc.pre(original !== character && /[0-9]/.test(original) === /[0-9]/.test(character));
        assert.ok(!isLei(replaceAt(lei, at, character)));
      }),
      { seed: 174421 },
    );
  });

  test('catches swapped adjacent characters unless both spell the same digits (B1 and 1B are 111)', () => {
    fc.assert(
      fc.property(arbitraryLei, fc.nat(18), (lei, at) => {
        const [a, b] = [lei[at] ?? '', lei[at + 1] ?? ''];
        fc.pre(a !== b);
        const swapped = `${lei.slice(0, at)}${b}${a}${lei.slice(at + 2)}`;
        fc.pre(/^[A-Z0-9]{18}[0-9]{2}$/.test(swapped));
        const same_digits = expandAlphanumeric(swapped) === expandAlphanumeric(lei);
        assert.equal(isLei(swapped), same_digits);
      }),
      { seed: 174422 },
    );
  });

  test('rejects near misses of a real LEI', () => {
    const misses: Record<string, string> = {
      '54930084UKLVMY22DS17': 'check_digits',
      '54930084UKLVMY22DT16': 'check_digits',
      '54930084UKLMVY22DS16': 'check_digits', // adjacent letters swapped
      '45930084UKLVMY22DS16': 'check_digits', // adjacent digits swapped
      '54930084UKLVMY22DS1': 'format',
      '54930084UKLVMY22DS166': 'format',
      '54930084uklvmy22ds16': 'format',
      '54930084UKLVMY22DS1A': 'format',
      '54930084-KLVMY22DS16': 'format',
    };
    for (const [lei, reason] of Object.entries(misses)) {
      const outcome = validateLei(lei);
      assert.equal(outcome.ok, false, lei);
      assert.equal(!outcome.ok && outcome.code, 'INVALID_LEI');
      assert.equal(!outcome.ok && outcome.details.reason, reason, lei);
    }
  });

  test('the calculator refuses a malformed base and pads to two digits', () => {
    assert.equal(leiCheckDigits('54930084UKLVMY22D'), undefined);
    assert.equal(leiCheckDigits('54930084uklvmy22ds'), undefined);
    for (const lei of VECTORS) assert.match(leiCheckDigits(lei.slice(0, 18)) ?? '', /^[0-9]{2}$/);
  });
});
