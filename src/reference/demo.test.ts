import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ILLUSTRATIVE, demoReferenceData } from './demo.js';
import { isDti } from './identifiers/dti.js';
import { isIsin } from './identifiers/isin.js';
import { isLei } from './identifiers/lei.js';
import { findSecurityBySymbol } from './securities.js';
import { demoState } from './testing.js';
import { tickTable, validatePrice } from './ticks.js';

describe('demo reference data', () => {
  test('registers without a single refusal', () => {
    const state = demoState();
    assert.equal(state.parties.size, 29);
    assert.equal(state.cash_assets.size, 13);
    assert.equal(state.securities.size, 17);
    assert.equal(state.investors.size, 14);
  });

  test('is the same every call (deterministic) and a fresh copy', () => {
    assert.deepEqual(demoReferenceData(), demoReferenceData());
    assert.notEqual(demoReferenceData()[0], demoReferenceData()[0]);
  });

  test('lists the securities the demo needs, with realistic lots', () => {
    const state = demoState();
    const lots: Record<string, [string, number]> = {
      '600519': ['XSHG', 100],
      '601318': ['XSHG', 100],
      '000858': ['XSHE', 100],
      '300750': ['XSHE', 100],
      '688981': ['XSHG', 1],
      '605999': ['XSHG', 100],
      '510300': ['XSHG', 100],
      '0700': ['XHKG', 100],
      '9988': ['XHKG', 100],
      '0005': ['XHKG', 400],
      '0941': ['XHKG', 500],
      '2800': ['XHKG', 500],
    };
    for (const [symbol, [market, lot]] of Object.entries(lots)) {
      assert.equal(findSecurityBySymbol(state, market, symbol)?.lot_size, lot, symbol);
    }
    assert.equal(findSecurityBySymbol(state, 'XSHE', '300750')?.board, 'chinext');
    assert.equal(findSecurityBySymbol(state, 'XSHG', '688981')?.min_order_units, 200);
    assert.equal(findSecurityBySymbol(state, 'XSHG', '605999')?.special_treatment, 'st');
  });

  test('every previous close is on its tick table', () => {
    for (const security of demoState().securities.values()) {
      const table = tickTable(security.tick_table);
      assert.ok(table !== undefined);
      if (security.previous_close_units !== undefined) {
        assert.ok(validatePrice(table, security.previous_close_units).ok, security.id);
      }
    }
  });

  test('the 2025 green bond has four tranches with the announced coupons, each with a DTI', () => {
    const state = demoState();
    const bonds = [...state.securities.values()].filter((security) => security.kind === 'bond');
    assert.deepEqual(
      bonds.map((bond) => [
        bond.currency,
        bond.bond?.coupon_ppm,
        bond.bond?.maturity_date,
        bond.issued_units,
      ]),
      [
        ['HKD', 25_000, '2027-11-19', 2_500_000_000n],
        ['CNH', 19_000, '2030-11-19', 2_500_000_000n],
        ['USD', 36_330, '2028-11-19', 300_000_000n],
        ['EUR', 25_120, '2029-11-19', 300_000_000n],
      ],
    );
    assert.ok(
      bonds.every(
        (bond) => bond.dti !== undefined && bond.market === 'CMU' && bond.issuer === 'HKSARG',
      ),
    );
  });

  test('every identifier validates, and the illustrative ones are all used', () => {
    const state = demoState();
    const leis = [...state.parties.values()].flatMap((party) =>
      party.lei === undefined ? [] : [party.lei],
    );
    const isins = [...state.securities.keys()];
    const dtis = [...state.securities.values()].flatMap((security) =>
      security.dti === undefined ? [] : [security.dti],
    );
    assert.ok(leis.every(isLei) && isins.every(isIsin) && dtis.every(isDti));
    for (const lei of DEMO_ILLUSTRATIVE.leis) assert.ok(leis.includes(lei), lei);
    for (const isin of DEMO_ILLUSTRATIVE.isins) assert.ok(isins.includes(isin), isin);
    for (const dti of DEMO_ILLUSTRATIVE.dtis) assert.ok(dtis.includes(dti), dti);
    assert.equal(isins.length - DEMO_ILLUSTRATIVE.isins.length, 10, 'ten real ISINs');
  });

  test('Hong Kong clients of China Connect brokers carry BCANs; Mainland ID holders do not', () => {
    const state = demoState();
    for (const investor of state.investors.values()) {
      const broker = state.parties.get(investor.broker);
      const expects_bcan =
        broker?.china_connect !== 'none' && investor.id_document_country !== 'CN';
      assert.equal(investor.bcan !== undefined, expects_bcan, investor.id);
    }
  });
});
