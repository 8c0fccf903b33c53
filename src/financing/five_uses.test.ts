import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkNorthboundBondUse, NORTHBOUND_BOND_USES } from './five_uses.js';

const code = (use: string, kind: string, date: string) =>
  checkNorthboundBondUse(use, kind, date)?.code;

describe('the five uses of Northbound bonds (seeds/001)', () => {
  test('five uses; four take CGBs and policy-bank bonds only, offshore repo any bond', () => {
    assert.equal(NORTHBOUND_BOND_USES.length, 5);
    const any = NORTHBOUND_BOND_USES.filter((u) => u.issuer_kinds === null).map((u) => u.use);
    assert.deepEqual(any, ['offshore_repo']);
    for (const u of NORTHBOUND_BOND_USES) {
      assert.equal(code(u.use, 'cgb', u.from), undefined, u.use);
      assert.equal(code(u.use, 'policy_bank', u.from), undefined, u.use);
    }
    assert.equal(code('offshore_repo', 'corporate', '2025-02-10'), undefined);
    assert.equal(code('otc_clear_margin', 'corporate', '2025-03-21'), 'BOND_USE_NOT_ELIGIBLE');
    assert.equal(
      code('rmb_liquidity_facility', 'local_gov', '2025-01-02'),
      'BOND_USE_NOT_ELIGIBLE',
    );
  });

  test('each from its date: the day before is refused', () => {
    assert.equal(code('rmb_liquidity_facility', 'cgb', '2024-02-25'), 'BOND_USE_NOT_IN_FORCE');
    assert.equal(code('swap_connect_initial_margin', 'cgb', '2025-01-12'), 'BOND_USE_NOT_IN_FORCE');
    assert.equal(code('offshore_repo', 'cgb', '2025-02-09'), 'BOND_USE_NOT_IN_FORCE');
    assert.equal(code('trade_financing_facility', 'cgb', '2025-02-27'), 'BOND_USE_NOT_IN_FORCE');
    assert.equal(code('otc_clear_margin', 'cgb', '2025-03-20'), 'BOND_USE_NOT_IN_FORCE');
    assert.equal(code('securities_lending', 'cgb', '2026-01-05'), 'BOND_USE_UNKNOWN');
  });
});
