import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cashAssetInputSchema,
  investorInputSchema,
  partyInputSchema,
  securityInputSchema,
  securityUpdateSchema,
} from './commands.js';
import { demoReferenceData } from './demo.js';

const SCHEMAS = {
  party: partyInputSchema,
  cash_asset: cashAssetInputSchema,
  security: securityInputSchema,
  investor: investorInputSchema,
} as const;

describe('input schemas', () => {
  test('accept every demo registration after a JSON round trip', () => {
    for (const registration of demoReferenceData()) {
      const json = JSON.parse(JSON.stringify(registration.input));
      const parsed = SCHEMAS[registration.kind].safeParse(json);
      assert.ok(parsed.success, `${registration.input.id}: ${parsed.error?.message}`);
    }
  });

  test('turn decimal-digit amounts into bigints', () => {
    const investor = investorInputSchema.parse({
      id: 'cn-retail-zhang',
      type: 'retail',
      jurisdiction: 'CN',
      broker: 'BUND',
      id_document_country: 'CN',
      southbound_assets_20d_avg_minor: '60000000',
    });
    assert.equal(investor.southbound_assets_20d_avg_minor, 60_000_000n);
    const update = securityUpdateSchema.parse({
      id: 'CNE0000018R8',
      issued_units: '340282366920938463463374607431768211455',
    });
    assert.equal(update.issued_units, (1n << 128n) - 1n);
  });

  test('refuse amounts that are not plain decimal digits', () => {
    const base = {
      id: 'x',
      type: 'retail',
      jurisdiction: 'CN',
      broker: 'BUND',
      id_document_country: 'CN',
    };
    for (const amount of ['-1', '01', '1.5', '1e6', '', ' 1', 60_000_000, '1'.repeat(40)]) {
      const parsed = investorInputSchema.safeParse({
        ...base,
        southbound_assets_20d_avg_minor: amount,
      });
      assert.ok(!parsed.success, String(amount));
    }
  });

  test('refuse unknown fields, unknown vocabulary and non-integer numbers', () => {
    const party = { id: 'X', name: 'X', roles: ['bank'], jurisdiction: 'HK' };
    assert.ok(partyInputSchema.safeParse(party).success);
    assert.ok(!partyInputSchema.safeParse({ ...party, colour: 'red' }).success);
    assert.ok(!partyInputSchema.safeParse({ ...party, roles: ['pirate'] }).success);
    assert.ok(!partyInputSchema.safeParse({ ...party, id: 'x'.repeat(65) }).success);
    assert.ok(
      !cashAssetInputSchema.safeParse({ id: 'X', currency: 'HKD', form: 'gold', issuer: 'HSBC' })
        .success,
    );
    assert.ok(!securityUpdateSchema.safeParse({ id: 'CNE0000018R8', lot_size: 100.5 }).success);
    assert.ok(
      !securityUpdateSchema.safeParse({ id: 'CNE0000018R8', previous_close_units: '145000' })
        .success,
    );
  });

  test('leave meaning to the domain: an unknown currency passes the schema', () => {
    const parsed = cashAssetInputSchema.safeParse({
      id: 'X',
      currency: 'JPY',
      form: 'stablecoin',
      issuer: 'LRSC',
    });
    assert.ok(parsed.success);
  });
});
