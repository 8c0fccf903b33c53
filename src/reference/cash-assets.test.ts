import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CashForm, registerCashAsset } from './cash-assets.js';
import { assetScale, hasAsset, hasOwner } from './state.js';
import { demoState, expectRefused } from './testing.js';

describe('registering cash assets', () => {
  test('takes its scale from the currency', () => {
    const state = demoState();
    const outcome = registerCashAsset(state, {
      id: 'USD.TD.HSBC',
      currency: 'USD',
      form: 'tokenized_deposit',
      issuer: 'HSBC',
    });
    assert.deepEqual(outcome, {
      ok: true,
      value: {
        id: 'USD.TD.HSBC',
        currency: 'USD',
        form: 'tokenized_deposit',
        issuer: 'HSBC',
        scale: 2,
      },
    });
    assert.ok(outcome.ok && Object.isFrozen(outcome.value));
  });

  test('refuses a malformed id', () => {
    const state = demoState();
    for (const id of ['', 'e HKD', '.HKD', 'x'.repeat(65)]) {
      expectRefused(state, 'INVALID_ASSET_ID', (s) =>
        registerCashAsset(s, { id, currency: 'HKD', form: 'stablecoin', issuer: 'LRSC' }),
      );
    }
  });

  test('refuses an id already used by a cash asset or a security', () => {
    const state = demoState();
    expectRefused(state, 'CASH_ASSET_EXISTS', (s) =>
      registerCashAsset(s, {
        id: 'e-HKD',
        currency: 'HKD',
        form: 'wholesale_cbdc',
        issuer: 'HKMA',
      }),
    );
    expectRefused(state, 'SECURITY_EXISTS', (s) =>
      registerCashAsset(s, {
        id: 'KYG875721634',
        currency: 'HKD',
        form: 'stablecoin',
        issuer: 'LRSC',
      }),
    );
  });

  test('refuses a currency the engine does not settle in', () => {
    const state = demoState();
    for (const currency of ['RMB', 'JPY', 'hkd']) {
      const details = expectRefused(state, 'UNKNOWN_CURRENCY', (s) =>
        registerCashAsset(s, { id: 'X', currency, form: 'stablecoin', issuer: 'LRSC' }),
      );
      assert.deepEqual(details, { currency });
    }
  });

  test('refuses an unknown form', () => {
    const state = demoState();
    expectRefused(state, 'INVALID_CASH_FORM', (s) =>
      registerCashAsset(s, { id: 'X', currency: 'HKD', form: 'gold' as CashForm, issuer: 'HSBC' }),
    );
  });

  test('refuses an unknown issuer, or one without the role the form needs', () => {
    const state = demoState();
    expectRefused(state, 'UNKNOWN_PARTY', (s) =>
      registerCashAsset(s, {
        id: 'X',
        currency: 'HKD',
        form: 'tokenized_deposit',
        issuer: 'NOBANK',
      }),
    );
    const cbdc = expectRefused(state, 'ISSUER_ROLE_MISMATCH', (s) =>
      registerCashAsset(s, { id: 'X', currency: 'HKD', form: 'wholesale_cbdc', issuer: 'HSBC' }),
    );
    assert.equal(cbdc.required_role, 'central_bank');
    expectRefused(state, 'ISSUER_ROLE_MISMATCH', (s) =>
      registerCashAsset(s, { id: 'X', currency: 'HKD', form: 'stablecoin', issuer: 'HSBC' }),
    );
    expectRefused(state, 'ISSUER_ROLE_MISMATCH', (s) =>
      registerCashAsset(s, { id: 'X', currency: 'HKD', form: 'tokenized_deposit', issuer: 'HKMA' }),
    );
  });
});

describe('asset lookups', () => {
  test('scale is the currency minor units for cash and 0 for securities', () => {
    const state = demoState();
    assert.deepEqual(assetScale(state, 'e-CNY'), { ok: true, value: 2 });
    assert.deepEqual(assetScale(state, 'CNE0000018R8'), { ok: true, value: 0 });
    const missing = assetScale(state, 'BTC');
    assert.equal(!missing.ok && missing.code, 'UNKNOWN_ASSET');
    assert.ok(
      hasAsset(state, 'HKD.TD.HSBC') && hasAsset(state, 'HK2800008867') && !hasAsset(state, 'BTC'),
    );
  });

  test('owners are parties and investors', () => {
    const state = demoState();
    assert.ok(
      hasOwner(state, 'HARBOUR') && hasOwner(state, 'hk-retail-chan') && !hasOwner(state, 'nobody'),
    );
  });
});
