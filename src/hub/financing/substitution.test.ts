import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { priceDifferentialMinor } from '../../financing/index.js';
import { assertRefused, wire } from '../bonds/testing.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import {
  assetTotal,
  at,
  CGB,
  CGB_NEW,
  cnh,
  lifeMarket,
  openRepoCommand,
  units,
} from './life_testing.js';

const FUND = 'hk-inst-fund';
const substitute = (extra: object = {}) =>
  wire({
    type: 'financing.substitute_collateral',
    ...{ repo_id: 'repo-1', new_isin: CGB_NEW, new_face_minor: '100000000' },
    ...{ px_e8_old: '10512000000', px_e8_new: '10515000000' },
    ...extra,
  });

describe('substitution of collateral (GMRA 2011 para 8)', () => {
  test('refusals change nothing', () => {
    const t = lifeMarket();
    t.accept('operator', openRepoCommand());
    assertRefused(t, 'PEARL', substitute(), 'NOT_AUTHORIZED');
    assertRefused(t, 'HSBC', substitute({ repo_id: 'none' }), 'REPO_UNKNOWN');
    assertRefused(t, 'HSBC', substitute({ new_isin: CGB }), 'REPO_SUBSTITUTE_SAME_BOND');
    assertRefused(t, 'HSBC', substitute({ new_isin: 'HKHTGB25USD6' }), 'REPO_BOND_NOT_NORTHBOUND');
    assertRefused(t, 'HSBC', substitute({ new_face_minor: '100000050' }), 'REPO_FACE_INVALID');
    assertRefused(t, 'HSBC', substitute({ new_face_minor: '0' }), 'REPO_FACE_INVALID');
    // At 105.12 the new CGB is worth 104,176,023 after haircut: less than 104,201,908.
    assertRefused(
      t,
      'HSBC',
      substitute({ px_e8_new: '10512000000' }),
      'REPO_SUBSTITUTE_VALUE_SHORT',
    );
    // CNY 3 m of face is more than the fund holds: the ledger refuses both movements.
    assertRefused(t, 'HSBC', substitute({ new_face_minor: '300000000' }), 'INSUFFICIENT_FUNDS');
  });

  test('new bonds for old, free of payment in one batch; the end leg returns the new bonds', () => {
    const t = lifeMarket();
    const opened = t
      .accept('operator', openRepoCommand())
      .events.find((e) => e.type === 'repo_opened');
    assert.ok(opened?.type === 'repo_opened');
    const [cash_total, fund_cash] = [assetTotal(t, 'CNH'), cnh(t, FUND)];
    const totals = [assetTotal(t, CGB), assetTotal(t, CGB_NEW)];
    // Old: CNY 1 m at 105.12 + accrued 1.635 × 136/184 = 106,328,478 fen, 104,201,908 after 2 %
    // (the purchase price). New, 5 Jan 2026: accrued 1.25 × 174/184 = 1.18206522 per 100, so at
    // 105.15 CNY 1 m is 105,150,000 + 1,182,065 = 106,332,065 fen; × 0.98 = 104,205,423 (down).
    const events = t.accept('HARBOUR', substitute()).events;
    const swapped = events.find((e) => e.type === 'collateral_substituted');
    assert.ok(swapped?.type === 'collateral_substituted');
    assert.equal(swapped.old_value_minor, 104_201_908n);
    assert.equal(swapped.new_value_minor, 104_205_423n);
    assert.equal(units(t, FUND, CGB), 20_000n);
    assert.equal(units(t, FUND, CGB_NEW), 10_000n);
    assert.equal(units(t, 'HSBC', CGB), 0n);
    assert.equal(units(t, 'HSBC', CGB_NEW), 10_000n);
    assert.equal(cnh(t, FUND), fund_cash, 'no cash moves');
    assert.deepEqual([assetTotal(t, CGB), assetTotal(t, CGB_NEW)], totals);
    assert.equal(assetTotal(t, 'CNH'), cash_total);
    const record = t.hub.state.financing.repos.get('repo-1');
    assert.equal(record?.terms.isin, CGB_NEW);
    assert.equal(record?.purchase_price_minor, opened.purchase_price_minor);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
    at(t, '2026-01-12', '10:00');
    t.accept('HSBC', wire({ type: 'financing.close_repo', repo_id: 'repo-1' }));
    assert.equal(units(t, FUND, CGB_NEW), 20_000n);
    assert.equal(units(t, 'HSBC', CGB_NEW), 0n);
    const interest = priceDifferentialMinor(
      opened.purchase_price_minor,
      18_500_000_000n,
      7,
      'ACT/365F',
    );
    assert.equal(fund_cash - cnh(t, FUND), opened.purchase_price_minor + interest);
    t.hub.checkInvariants();
  });
});
