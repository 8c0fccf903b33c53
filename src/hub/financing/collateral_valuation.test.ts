import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wire } from '../bonds/testing.js';
import { CGB, collateralMarket, FUND, openRepoCommand } from './collateral_testing.js';
import { valuedCollateralPositions } from './collateral_valuation.js';

test('collateral positions are valued from the latest valuation yield, or shown unvalued', () => {
  const t = collateralMarket();
  t.accept('HSBC', openRepoCommand('r-1', FUND, 'HSBC', 100_000_000n));
  const [before] = valuedCollateralPositions(t.hub.state, 'HSBC');
  assert.equal(before?.source, null);
  assert.equal(before?.received_value_minor, null);

  // 2.90 %: below the 3.27 % coupon, so the clean price is above par.
  const yield_e12 = '29000000000';
  t.accept(
    'operator',
    wire({ type: 'bonds.publish_valuation', isin: CGB, date: '2026-01-05', yield_e12 }),
  );
  const [hsbc] = valuedCollateralPositions(t.hub.state, 'HSBC');
  assert.ok(hsbc !== undefined && hsbc.clean_px_e8 !== null);
  assert.equal(hsbc.source, 'valuation_yield');
  assert.equal(hsbc.valuation_date, '2026-01-05');
  assert.ok(hsbc.clean_px_e8 > 10_000_000_000n, `clean ${hsbc.clean_px_e8}`);
  // CNY 1 m of face: the clean value half up, plus the accrued 1,208,478 fen (3.27 % / 2 ×
  // 136 / 184 days).
  const clean_minor = (100_000_000n * hsbc.clean_px_e8 + 5_000_000_000n) / 10_000_000_000n;
  assert.equal(hsbc.received_value_minor, clean_minor + 1_208_478n);
  assert.equal(hsbc.own_value_minor, 0n);
  const [fund] = valuedCollateralPositions(t.hub.state, FUND);
  // The fund's own CNY 1 m left in hand, valued the same way.
  assert.equal(fund?.own_value_minor, clean_minor + 1_208_478n);
});
