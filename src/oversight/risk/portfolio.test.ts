import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { account, build, CGB, FX_RATES, HK_STOCK, HKD_CASH, SH_STOCK } from './fixtures.js';
import { toHkdMinor } from './fx.js';
import { riskPortfolio } from './portfolio.js';
import { PORTFOLIO_LIMITS } from './portfolio_rows.js';
import { roundMinor } from './rounding.js';
import type { PortfolioInput } from './types.js';

const BASE: PortfolioInput = {
  accounts: [account('a0', 'P1'), account('a1', 'P2', { ccp: 'chinaclear' }), account('a2', 'P1')],
  instruments: [HK_STOCK, SH_STOCK, CGB, HKD_CASH],
  positions: [
    { account: 2, instrument: 0, quantity: 5n },
    { account: 0, instrument: 1, quantity: -3n },
    { account: 2, instrument: 3, quantity: 7n },
    { account: 0, instrument: 0, quantity: 1n },
  ],
  fx_rates: FX_RATES,
};

/** Runs `riskPortfolio` on `input` and checks the code, and that the input was not touched. */
function refused(input: PortfolioInput, code: string): Record<string, unknown> {
  const before = structuredClone(input);
  const built = riskPortfolio(input);
  assert.ok(!built.ok, `expected ${code}`);
  assert.equal(built.code, code, built.message);
  assert.deepEqual(input, before);
  return built.details;
}

describe('portfolios in columns', () => {
  test('interns members per participant and CCP, and sorts holdings by account, stably', () => {
    const p = riskPortfolio(BASE);
    assert.ok(p.ok);
    const v = p.value;
    assert.deepEqual(v.participant_ids, ['P1', 'P2']);
    assert.deepEqual([...v.account_member], [0, 1, 0]); // a0 and a2 are P1 at HKSCC
    assert.deepEqual([...v.member_ccp], [1, 0]); // hkscc, chinaclear
    assert.deepEqual([...v.position_start], [0, 2, 2, 4]);
    // Account 0's rows in input order (instrument 1, then 0); then account 2's (0, then 3).
    assert.deepEqual([...v.position_instrument], [1, 0, 0, 3]);
    assert.deepEqual([...v.position_quantity], [-3, 1, 5, 7]);
  });

  test('prices instruments in HKD at the stated rate', () => {
    const v = build({ accounts: [account('a', 'P')] });
    // CNY 1,500.00 at HKD 1.0850 = HKD 1,627.50: 162,750 cents.
    assert.equal(v.instrument_value_hkd[1], 162_750);
    assert.equal(v.instrument_value_hkd[0], 40_000);
    // Exact conversion: CNY 0.01 × 1.085 = HKD 0.01085 → 0.01; CNY 2.00 → HKD 2.17 exactly.
    assert.equal(toHkdMinor(v.fx, 1, 1n), 1n);
    assert.equal(toHkdMinor(v.fx, 1, 200n), 217n);
    assert.equal(toHkdMinor(v.fx, 1, -200n), -217n);
  });

  test('rounds half away from zero', () => {
    assert.equal(roundMinor(2.5), 3n);
    assert.equal(roundMinor(-2.5), -3n);
    assert.equal(roundMinor(2.4999999), 2n);
    assert.equal(roundMinor(0.49999999999999994), 0n);
  });

  test('refuses bad accounts', () => {
    const bad = (row: object) => ({
      ...BASE,
      accounts: [{ ...account('x', 'P'), ...row }] as never,
    });
    refused(bad({ id: '' }), 'RISK_ACCOUNT_INVALID');
    refused(bad({ ccp: 'lch' }), 'RISK_ACCOUNT_INVALID');
    refused(bad({ investor_type: 'whale' }), 'RISK_ACCOUNT_INVALID');
    refused(bad({ affiliate_group: '' }), 'RISK_ACCOUNT_INVALID');
    refused({ ...BASE, accounts: [account('x', 'P'), account('x', 'Q')] }, 'RISK_ACCOUNT_INVALID');
    const details = refused(
      {
        ...BASE,
        accounts: [account('x', 'P', { group: 'G1' }), account('y', 'P', { group: 'G2' })],
      },
      'RISK_ACCOUNT_INVALID',
    );
    assert.equal(details.participant, 'P');
  });

  test('refuses bad instruments and missing or bad FX rates', () => {
    const bad = (row: object) => ({
      ...BASE,
      instruments: [{ ...HK_STOCK, ...row }] as never,
      positions: [],
    });
    refused(bad({ market: 'XNYS' }), 'RISK_INSTRUMENT_INVALID');
    refused(bad({ kind: 'future' }), 'RISK_INSTRUMENT_INVALID');
    refused(bad({ price_minor: -1n }), 'RISK_INSTRUMENT_INVALID');
    refused(bad({ modified_duration_e4: 10 }), 'RISK_INSTRUMENT_INVALID'); // an equity with a duration
    refused(bad({ kind: 'bond' }), 'RISK_INSTRUMENT_INVALID'); // a bond without one
    refused(bad({ price_minor: 2n ** 53n + 1n }), 'RISK_VALUE_TOO_LARGE');
    refused(
      { ...BASE, instruments: [HK_STOCK, HK_STOCK], positions: [] },
      'RISK_INSTRUMENT_INVALID',
    );
    refused(bad({ currency: 'USD' }), 'RISK_FX_RATE_MISSING');
    refused(
      { ...BASE, fx_rates: [{ currency: 'CNY', hkd_per_unit_e8: 0n }] },
      'RISK_FX_RATE_INVALID',
    );
    refused(
      { ...BASE, fx_rates: [{ currency: 'HKD', hkd_per_unit_e8: 99_000_000n }] },
      'RISK_FX_RATE_INVALID',
    );
    refused({ ...BASE, fx_rates: [...FX_RATES, FX_RATES[0] as never] }, 'RISK_FX_RATE_INVALID');
  });

  test('refuses bad positions and collateral', () => {
    const position = (row: object) => ({
      ...BASE,
      positions: [{ account: 0, instrument: 0, quantity: 1n, ...row }],
    });
    refused(position({ account: 3 }), 'RISK_POSITION_INVALID');
    refused(position({ instrument: -1 }), 'RISK_POSITION_INVALID');
    refused(position({ quantity: 1 }), 'RISK_POSITION_INVALID');
    refused(position({ instrument: 3, quantity: 2n ** 53n + 1n }), 'RISK_POSITION_INVALID');
    const collateral = (row: object) => ({
      ...BASE,
      collateral: [{ account: 0, instrument: 3, quantity: 1n, haircut_bp: 0, ...row }],
    });
    refused(collateral({ quantity: -1n }), 'RISK_COLLATERAL_INVALID');
    refused(collateral({ haircut_bp: 10_000 }), 'RISK_COLLATERAL_INVALID');
    refused(collateral({ haircut_bp: 1.5 }), 'RISK_COLLATERAL_INVALID');
  });

  test('refuses values a float would not carry exactly', () => {
    // 2^40 shares at HKD 400.00: 2^40 × 40,000 > 2^53.
    refused(
      { ...BASE, positions: [{ account: 0, instrument: 0, quantity: 2n ** 40n }] },
      'RISK_VALUE_TOO_LARGE',
    );
    // Each position fits, the sum does not: 2 × 2^52 cents of cash, long and short.
    const half = 2n ** 52n + 1n;
    refused(
      {
        ...BASE,
        positions: [
          { account: 0, instrument: 3, quantity: half },
          { account: 1, instrument: 3, quantity: -half },
        ],
      },
      'RISK_VALUE_TOO_LARGE',
    );
  });

  test('refuses a portfolio beyond its size bounds', () => {
    const accounts = new Array(PORTFOLIO_LIMITS.accounts_max + 1);
    const built = riskPortfolio({ ...BASE, accounts });
    assert.ok(!built.ok && built.code === 'RISK_PORTFOLIO_TOO_LARGE');
    assert.equal(built.details.what, 'accounts');
  });
});
