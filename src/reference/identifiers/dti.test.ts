import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dtiCheckCharacter, isDti, validateDti } from './dti.js';

const ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXZ'.split('');

describe('DTI (ISO 24165)', () => {
  test('accepts registered DTIs by format (Ethereum, Bitcoin)', () => {
    assert.deepEqual(validateDti('X9J9K872S'), { ok: true, value: 'X9J9K872S' });
    assert.ok(isDti('4H95J0R2X'));
  });

  test('rejects vowels, Y, a leading zero, lower case and wrong lengths', () => {
    for (const dti of [
      'X9J9K872A',
      'X9J9K872Y',
      'E9J9K872S',
      '09J9K872S',
      'x9j9k872s',
      'X9J9K872',
      'X9J9K872SS',
      '',
    ]) {
      const outcome = validateDti(dti);
      assert.equal(outcome.ok, false, dti);
      assert.equal(!outcome.ok && outcome.code, 'INVALID_DTI');
    }
  });

  test('the unofficial MOD 31,30 reconstruction gives Ethereum its S', () => {
    assert.equal(dtiCheckCharacter('X9J9K872'), 'S');
  });

  test('the reconstruction is not the registry: Bitcoin 4H95J0R2X computes T and is still valid', () => {
    assert.equal(dtiCheckCharacter('4H95J0R2'), 'T');
    assert.ok(isDti('4H95J0R2X'));
  });

  test('every minted DTI is well formed, and a malformed base gets no check character', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALPHABET.slice(1)),
        fc.array(fc.constantFrom(...ALPHABET), { minLength: 7, maxLength: 7 }),
        (first, rest) => {
          const base = `${first}${rest.join('')}`;
          assert.ok(isDti(`${base}${dtiCheckCharacter(base)}`));
        },
      ),
      { seed: 24165 },
    );
    assert.equal(dtiCheckCharacter('0X9J9K87'), undefined);
    assert.equal(dtiCheckCharacter('X9J9K87'), undefined);
    assert.equal(dtiCheckCharacter('X9J9K87A'), undefined);
  });
});
