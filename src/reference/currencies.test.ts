import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COUNTRY_CODE_COUNT, isCountryCode } from './countries.js';
import { allCurrencies, currency, isCurrencyCode } from './currencies.js';

describe('currencies', () => {
  test('know the five settlement currencies with ISO 4217 numeric codes and 2 minor units', () => {
    assert.deepEqual(
      allCurrencies().map((entry) => [entry.code, entry.numeric_code, entry.minor_units]),
      [
        ['CNY', '156', 2],
        ['CNH', '156', 2],
        ['HKD', '344', 2],
        ['USD', '840', 2],
        ['EUR', '978', 2],
      ],
    );
  });

  test('mark CNH as offshore renminbi rather than an ISO 4217 code', () => {
    assert.equal(currency('CNH')?.iso_4217, false);
    assert.equal(currency('CNH')?.offshore_of, 'CNY');
    assert.equal(currency('CNY')?.iso_4217, true);
  });

  test('answer undefined for anything else', () => {
    for (const code of ['RMB', 'JPY', 'hkd', '', 'toString']) {
      assert.equal(currency(code), undefined, code);
      assert.ok(!isCurrencyCode(code));
    }
    assert.ok(!isCurrencyCode(344));
    assert.ok(isCurrencyCode('HKD'));
  });
});

describe('country codes', () => {
  test('hold the 249 ISO 3166-1 alpha-2 codes, in capitals only', () => {
    assert.equal(COUNTRY_CODE_COUNT, 249);
    for (const code of ['HK', 'CN', 'MO', 'SG', 'US', 'GB', 'KY', 'TW'])
      assert.ok(isCountryCode(code), code);
    for (const code of ['hk', 'HKG', 'ZZ', 'EU', 'XS', 'UK', ''])
      assert.ok(!isCountryCode(code), code);
  });
});
