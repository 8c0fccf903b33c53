import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBondTerms } from './terms.js';
import { CGB_2016_19, HK_GREEN_EUR, HKGB_03GB2807001, POLICY_BANK_FRN } from './testing.js';
import type { BondTerms } from './types.js';

function refusedWith(terms: BondTerms, code: string): void {
  const before = JSON.stringify(terms, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  const outcome = validateBondTerms(terms);
  assert.equal(outcome.ok, false);
  if (!outcome.ok) assert.equal(outcome.code, code);
  const after = JSON.stringify(terms, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  assert.equal(after, before, 'validation must not change its input');
}

describe('bond terms', () => {
  it('accepts a CGB, an RMB HKGB, a tokenized EUR green tranche and a SHIBOR floater', () => {
    for (const terms of [CGB_2016_19, HKGB_03GB2807001, HK_GREEN_EUR, POLICY_BANK_FRN]) {
      const outcome = validateBondTerms(terms);
      assert.ok(outcome.ok, JSON.stringify(outcome.ok ? '' : outcome.code));
      assert.ok(Object.isFrozen(outcome.value));
    }
  });

  it('accepts a zero-coupon bond', () => {
    assert.ok(validateBondTerms({ ...CGB_2016_19, coupon: { kind: 'zero' } }).ok);
  });

  it('refuses a malformed ISIN with the reference code', () => {
    refusedWith({ ...CGB_2016_19, isin: 'CND10000KX15' }, 'INVALID_ISIN');
  });

  it('refuses a tokenized tranche without a DTI, and a malformed DTI', () => {
    const { dti: _dti, ...without } = HK_GREEN_EUR;
    refusedWith(without, 'BOND_DTI_REQUIRED');
    refusedWith({ ...HK_GREEN_EUR, dti: '0TGB25013' }, 'INVALID_DTI');
  });

  it('refuses an unknown issuer kind and an empty issuer name', () => {
    refusedWith({ ...CGB_2016_19, issuer_kind: 'sovereign' as never }, 'BOND_ISSUER_KIND_INVALID');
    refusedWith({ ...CGB_2016_19, issuer_name: ' ' }, 'BOND_ISSUER_NAME_INVALID');
  });

  it('refuses a currency the kind of bond is not issued in', () => {
    refusedWith({ ...CGB_2016_19, currency: 'USD' }, 'BOND_CURRENCY_INVALID');
    refusedWith({ ...HKGB_03GB2807001, currency: 'EUR' }, 'BOND_CURRENCY_INVALID');
    refusedWith({ ...HK_GREEN_EUR, currency: 'CNY' }, 'BOND_CURRENCY_INVALID');
    assert.ok(validateBondTerms({ ...HK_GREEN_EUR, currency: 'CNH' }).ok);
  });

  it('refuses a negative or absurd fixed rate, an unknown index and a wild spread', () => {
    const code = 'BOND_COUPON_INVALID';
    refusedWith({ ...CGB_2016_19, coupon: { kind: 'fixed', rate_e12: -1n } }, code);
    refusedWith({ ...CGB_2016_19, coupon: { kind: 'fixed', rate_e12: 10n ** 12n + 1n } }, code);
    const frn = { kind: 'floating', index: 'SHIBOR_3M', spread_bps: 25 } as const;
    refusedWith({ ...POLICY_BANK_FRN, coupon: { ...frn, index: 'LIBOR' as never } }, code);
    refusedWith({ ...POLICY_BANK_FRN, coupon: { ...frn, spread_bps: 1_001 } }, code);
    refusedWith({ ...POLICY_BANK_FRN, coupon: { kind: 'step' } as never }, code);
  });

  it('refuses unknown frequencies and conventions', () => {
    refusedWith({ ...CGB_2016_19, frequency: 3 as never }, 'BOND_FREQUENCY_INVALID');
    refusedWith({ ...CGB_2016_19, day_count: 'ACT/ACT-ISDA' as never }, 'BOND_DAY_COUNT_INVALID');
    refusedWith(
      { ...CGB_2016_19, business_day_convention: 'nearest' as never },
      'BOND_BUSINESS_DAY_CONVENTION_INVALID',
    );
    refusedWith(
      { ...CGB_2016_19, yield_convention: 'street' as never },
      'BOND_YIELD_CONVENTION_INVALID',
    );
  });

  it('refuses a malformed date and a maturity not after issue', () => {
    refusedWith({ ...CGB_2016_19, issue_date: '2016-02-30' }, 'BOND_DATE_INVALID');
    refusedWith({ ...CGB_2016_19, maturity_date: '2016-08-22' }, 'BOND_MATURITY_NOT_AFTER_ISSUE');
  });

  it('refuses a non-positive face value and a denomination that is not whole face values', () => {
    refusedWith({ ...CGB_2016_19, face_value_minor: 0n }, 'BOND_FACE_VALUE_INVALID');
    refusedWith({ ...CGB_2016_19, min_denomination_minor: 15_000n }, 'BOND_DENOMINATION_INVALID');
    refusedWith({ ...CGB_2016_19, min_denomination_minor: 0n }, 'BOND_DENOMINATION_INVALID');
  });
});
