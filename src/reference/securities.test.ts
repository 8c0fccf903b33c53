import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { registerCashAsset } from './cash-assets.js';
import type { SecurityInput } from './commands.js';
import type { SpecialTreatment } from './markets.js';
import { findSecurityBySymbol, registerSecurity, updateSecurity } from './securities.js';
import { demoState, expectRefused } from './testing.js';

/** Meituan, a security the demo does not hold (its real ISIN, check digit verified). */
const MEITUAN: SecurityInput = {
  id: 'KYG596691041',
  symbol: '3690',
  name: 'Meituan',
  market: 'XHKG',
  board: 'main',
  kind: 'stock',
  currency: 'HKD',
  lot_size: 100,
  price_scale: 3,
  tick_table: 'hk_equity',
  listing_date: '2018-09-20',
  previous_close_units: 98_500,
};

const BOND: SecurityInput = {
  id: 'HK0000HTB010',
  symbol: 'HKGB26HKD3Y',
  name: 'Test bond',
  market: 'CMU',
  board: 'unlisted',
  kind: 'bond',
  currency: 'HKD',
  lot_size: 10_000,
  price_scale: 3,
  tick_table: 'uniform',
  listing_date: '2026-01-15',
  issuer: 'HKSARG',
  bond: { coupon_ppm: 30_000, maturity_date: '2029-01-15', face_value_minor: 100n },
};

describe('registering securities', () => {
  test('stores the record with special treatment defaulted, frozen, in a fixed key order', () => {
    const state = demoState();
    const outcome = registerSecurity(state, MEITUAN);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.value, { ...MEITUAN, special_treatment: 'none' });
    assert.deepEqual(Object.keys(outcome.value), [
      'id',
      'symbol',
      'name',
      'market',
      'board',
      'kind',
      'special_treatment',
      'currency',
      'lot_size',
      'price_scale',
      'tick_table',
      'listing_date',
      'previous_close_units',
    ]);
    assert.ok(Object.isFrozen(outcome.value));
    assert.equal(findSecurityBySymbol(state, 'XHKG', '3690'), outcome.value);
    assert.equal(findSecurityBySymbol(state, 'XSHG', '3690'), undefined);
  });

  test('registers a bond with its terms', () => {
    const state = demoState();
    const outcome = registerSecurity(state, BOND);
    assert.ok(
      outcome.ok &&
        outcome.value.bond?.coupon_ppm === 30_000 &&
        Object.isFrozen(outcome.value.bond),
    );
  });

  test('refuses a bad ISIN, with the reason', () => {
    const state = demoState();
    const details = expectRefused(state, 'INVALID_ISIN', (s) =>
      registerSecurity(s, { ...MEITUAN, id: 'KYG596691040' }),
    );
    assert.equal(details.expected_check_digit, '1');
    expectRefused(state, 'INVALID_ISIN', (s) =>
      registerSecurity(s, { ...MEITUAN, id: 'kyg596691041' }),
    );
  });

  test('refuses an id, symbol or DTI already in use', () => {
    const state = demoState();
    expectRefused(state, 'SECURITY_EXISTS', (s) =>
      registerSecurity(s, { ...MEITUAN, id: 'KYG875721634' }),
    );
    assert.ok(
      registerCashAsset(state, {
        id: 'US0378331005',
        currency: 'USD',
        form: 'stablecoin',
        issuer: 'LRSC',
      }).ok,
    );
    expectRefused(state, 'CASH_ASSET_EXISTS', (s) =>
      registerSecurity(s, { ...MEITUAN, id: 'US0378331005' }),
    );
    const symbol = expectRefused(state, 'SYMBOL_EXISTS', (s) =>
      registerSecurity(s, { ...MEITUAN, symbol: '0700' }),
    );
    assert.equal(symbol.security, 'KYG875721634');
    expectRefused(state, 'DTI_EXISTS', (s) => registerSecurity(s, { ...BOND, dti: 'HTGB25013' }));
  });

  test('refuses a venue that does not fit the market', () => {
    const state = demoState();
    expectRefused(state, 'INVALID_NAME', (s) => registerSecurity(s, { ...MEITUAN, name: ' ' }));
    expectRefused(state, 'UNKNOWN_MARKET', (s) =>
      registerSecurity(s, { ...MEITUAN, market: 'XNAS' }),
    );
    expectRefused(state, 'INVALID_SYMBOL', (s) =>
      registerSecurity(s, { ...MEITUAN, symbol: 'MEIT' }),
    );
    expectRefused(state, 'INVALID_SYMBOL', (s) =>
      registerSecurity(s, { ...MEITUAN, market: 'XSHG', symbol: '3690' }),
    );
    expectRefused(state, 'BOARD_INVALID', (s) =>
      registerSecurity(s, { ...MEITUAN, board: 'star' }),
    );
    expectRefused(state, 'KIND_INVALID', (s) => registerSecurity(s, { ...MEITUAN, kind: 'token' }));
  });

  test('ST and *ST are for Mainland stocks only', () => {
    const state = demoState();
    expectRefused(state, 'SPECIAL_TREATMENT_INVALID', (s) =>
      registerSecurity(s, { ...MEITUAN, special_treatment: 'st' }),
    );
    expectRefused(state, 'SPECIAL_TREATMENT_INVALID', (s) =>
      registerSecurity(s, { ...MEITUAN, special_treatment: 'maybe' as SpecialTreatment }),
    );
  });

  test('refuses an unknown currency and bad lots', () => {
    const state = demoState();
    expectRefused(state, 'UNKNOWN_CURRENCY', (s) =>
      registerSecurity(s, { ...MEITUAN, currency: 'JPY' }),
    );
    for (const lot_size of [0, -100, 1.5]) {
      expectRefused(state, 'LOT_SIZE_INVALID', (s) =>
        registerSecurity(s, { ...MEITUAN, lot_size }),
      );
    }
    for (const min_order_units of [0, 150]) {
      expectRefused(state, 'MIN_ORDER_INVALID', (s) =>
        registerSecurity(s, { ...MEITUAN, min_order_units }),
      );
    }
  });

  test('refuses a price scale, tick table or previous close that does not fit', () => {
    const state = demoState();
    for (const price_scale of [-1, 9, 2.5]) {
      expectRefused(state, 'PRICE_SCALE_INVALID', (s) =>
        registerSecurity(s, { ...MEITUAN, price_scale }),
      );
    }
    expectRefused(state, 'UNKNOWN_TICK_TABLE', (s) =>
      registerSecurity(s, { ...MEITUAN, tick_table: 'nyse' }),
    );
    const mismatch = expectRefused(state, 'TICK_TABLE_SCALE_MISMATCH', (s) =>
      registerSecurity(s, { ...MEITUAN, price_scale: 2 }),
    );
    assert.deepEqual(mismatch, { tick_table: 'hk_equity', table_price_scale: 3, price_scale: 2 });
    expectRefused(state, 'PRICE_OFF_TICK', (s) =>
      registerSecurity(s, { ...MEITUAN, previous_close_units: 98_510 }),
    );
    expectRefused(state, 'PRICE_OUT_OF_RANGE', (s) =>
      registerSecurity(s, { ...MEITUAN, previous_close_units: 0 }),
    );
    expectRefused(state, 'PRICE_OUT_OF_RANGE', (s) =>
      registerSecurity(s, { ...MEITUAN, previous_close_units: 10_000_000 }),
    );
  });

  test('refuses a bad listing date, DTI or number of units in issue', () => {
    const state = demoState();
    expectRefused(state, 'INVALID_DATE', (s) =>
      registerSecurity(s, { ...MEITUAN, listing_date: '2018-09-31' }),
    );
    expectRefused(state, 'INVALID_DTI', (s) =>
      registerSecurity(s, { ...MEITUAN, dti: 'X9J9K872A' }),
    );
    expectRefused(state, 'ISSUED_UNITS_INVALID', (s) =>
      registerSecurity(s, { ...MEITUAN, issued_units: 0n }),
    );
  });

  test('refuses an issuer that is unknown or not an issuer', () => {
    const state = demoState();
    expectRefused(state, 'UNKNOWN_PARTY', (s) =>
      registerSecurity(s, { ...BOND, issuer: 'NOBODY' }),
    );
    expectRefused(state, 'ISSUER_ROLE_MISMATCH', (s) =>
      registerSecurity(s, { ...BOND, issuer: 'HSBC' }),
    );
  });

  test('bond terms belong to bonds and must make sense', () => {
    const state = demoState();
    const terms = BOND.bond;
    assert.ok(terms !== undefined);
    const { bond: _, ...without } = BOND;
    expectRefused(state, 'BOND_TERMS_INVALID', (s) => registerSecurity(s, without));
    expectRefused(state, 'BOND_TERMS_INVALID', (s) =>
      registerSecurity(s, { ...MEITUAN, bond: terms }),
    );
    expectRefused(state, 'BOND_TERMS_INVALID', (s) =>
      registerSecurity(s, { ...BOND, bond: { ...terms, coupon_ppm: 1_000_001 } }),
    );
    expectRefused(state, 'BOND_TERMS_INVALID', (s) =>
      registerSecurity(s, { ...BOND, bond: { ...terms, face_value_minor: 0n } }),
    );
    expectRefused(state, 'BOND_TERMS_INVALID', (s) =>
      registerSecurity(s, { ...BOND, bond: { ...terms, maturity_date: '2026-01-15' } }),
    );
    expectRefused(state, 'INVALID_DATE', (s) =>
      registerSecurity(s, { ...BOND, bond: { ...terms, maturity_date: '2029-02-30' } }),
    );
  });
});

describe('updating securities', () => {
  test('changes the previous close and the ST flag, keeping the record order and the Map order', () => {
    const state = demoState();
    const ids = [...state.securities.keys()];
    const outcome = updateSecurity(state, {
      id: 'CNE000001R84',
      previous_close_units: 5_912,
      special_treatment: '*st',
    });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.previous_close_units, 5_912);
    assert.equal(outcome.value.special_treatment, '*st');
    assert.equal(state.securities.get('CNE000001R84'), outcome.value);
    assert.deepEqual([...state.securities.keys()], ids);
    const fresh = demoState().securities.get('CNE000001R84');
    assert.deepEqual(Object.keys(outcome.value), Object.keys(fresh ?? {}));
  });

  test('leaves the fields it is not given alone', () => {
    const state = demoState();
    const before = state.securities.get('KYG875721634');
    const outcome = updateSecurity(state, { id: 'KYG875721634', lot_size: 200 });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.value, { ...before, lot_size: 200 });
  });

  test('refuses an unknown security and changes that break the rules', () => {
    const state = demoState();
    expectRefused(state, 'UNKNOWN_SECURITY', (s) =>
      updateSecurity(s, { id: 'KYG596691041', lot_size: 100 }),
    );
    expectRefused(state, 'PRICE_OFF_TICK', (s) =>
      updateSecurity(s, { id: 'KYG875721634', previous_close_units: 620_100 }),
    );
    expectRefused(state, 'SPECIAL_TREATMENT_INVALID', (s) =>
      updateSecurity(s, { id: 'KYG875721634', special_treatment: 'st' }),
    );
    expectRefused(state, 'LOT_SIZE_INVALID', (s) =>
      updateSecurity(s, { id: 'KYG875721634', lot_size: 0 }),
    );
    expectRefused(state, 'MIN_ORDER_INVALID', (s) =>
      updateSecurity(s, { id: 'CNE1000041W8', lot_size: 300 }),
    );
    expectRefused(state, 'ISSUED_UNITS_INVALID', (s) =>
      updateSecurity(s, { id: 'CNE0000018R8', issued_units: -1n }),
    );
    expectRefused(state, 'INVALID_NAME', (s) =>
      updateSecurity(s, { id: 'CNE0000018R8', name: '' }),
    );
  });
});
