import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { assertRefused, genesis, openBondChain, posted, wire } from './testing.js';

const ISIN = 'HK0000GRN011';
const INVESTORS = ['HSBC', 'hk-inst-fund'];
/** A new tokenised HKD tranche issued on Tuesday 6 January 2026. */
const TERMS = {
  ...{ isin: ISIN, issuer_kind: 'hkgb', issuer_name: 'Government of the HKSAR', currency: 'HKD' },
  ...{ coupon: { kind: 'fixed', rate_e12: '25000000000' }, frequency: 2, day_count: 'ACT/365F' },
  ...{ business_day_convention: 'following', yield_convention: 'annual' },
  ...{ issue_date: '2026-01-06', maturity_date: '2028-01-06' },
  ...{ face_value_minor: '100', min_denomination_minor: '100' },
};

function registered(): TestHub {
  const t = genesis();
  t.now_us = timestampAt('2026-01-05', '10:00');
  const security = {
    ...{ id: ISIN, symbol: 'HKGB2801', name: 'HKSAR green bond 2028 (test)', market: 'CMU' },
    ...{ board: 'unlisted', kind: 'bond', currency: 'HKD', lot_size: 100, price_scale: 3 },
    ...{ tick_table: 'uniform', listing_date: '2026-01-06', issuer: 'HKSARG' },
    bond: { coupon_ppm: 25_000, maturity_date: '2028-01-06', face_value_minor: '100' },
  };
  t.accept('operator', wire({ type: 'reference.register_security', security }));
  t.accept('operator', wire({ type: 'bonds.register', terms: TERMS }));
  return t;
}

const allocate = (allocations: object[], extra: object = {}) =>
  wire({
    type: 'bonds.allocate_primary',
    isin: ISIN,
    price_e8: '9995000000', // 99.95
    cash_asset: 'e-HKD',
    allocations,
    ...extra,
  });
const BOTH = [
  { investor: 'HSBC', face_minor: '100000000' },
  { investor: 'hk-inst-fund', face_minor: '300000000' },
];

describe('primary allocation of a CMU issue, settling T+1', () => {
  test('refusals change nothing', () => {
    const t = registered();
    assertRefused(t, 'HSBC', allocate(BOTH), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', allocate(BOTH, { isin: 'HK0000NOTE29' }), 'BOND_UNKNOWN');
    assertRefused(t, 'operator', allocate(BOTH), 'BOND_HOLDING_ACCOUNT_MISSING');
    for (const investor of INVESTORS) openBondChain(t, investor, ISIN);
    const twice = [BOTH[0], BOTH[0]] as object[];
    assertRefused(t, 'operator', allocate(twice), 'BOND_PRIMARY_DUPLICATE_INVESTOR');
    const odd = [{ investor: 'HSBC', face_minor: '150' }];
    assertRefused(t, 'operator', allocate(odd), 'BOND_QUANTITY_INVALID');
    const nobody = [{ investor: 'nobody', face_minor: '100' }];
    assertRefused(t, 'operator', allocate(nobody), 'BOND_INVESTOR_UNKNOWN');
    const no_cash = allocate(BOTH, { cash_asset: 'USDT' });
    assertRefused(t, 'operator', no_cash, 'BOND_PRIMARY_ISSUER_CASH_MISSING');
    // Allocated on the issue date itself would settle T+0: refused.
    t.now_us = timestampAt('2026-01-06', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assertRefused(t, 'operator', allocate(BOTH), 'BOND_PRIMARY_NOT_T1');
  });

  test('allocated on T, delivered against e-HKD at the T+1 cycle; once only; replays', () => {
    const t = registered();
    for (const investor of INVESTORS) openBondChain(t, investor, ISIN);
    const cash_before = INVESTORS.map((i) => posted(t, `${i}/e-HKD`));
    const issuer_before = posted(t, 'HKSARG/e-HKD');
    const result = t.accept('operator', allocate(BOTH));
    const event = result.events.find((e) => e.type === 'bond_primary_allocated');
    assert.ok(event?.type === 'bond_primary_allocated');
    assert.equal(event.settlement_date, '2026-01-06');
    // HKD 1,000,000 and 3,000,000 of face at 99.95.
    assert.deepEqual(
      event.allocations.map((a) => a.cash_minor),
      [99_950_000n, 299_850_000n],
    );
    assertRefused(t, 'operator', allocate(BOTH), 'BOND_PRIMARY_ALREADY_ALLOCATED');
    // Nothing moves on T.
    t.now_us = timestampAt('2026-01-05', '18:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(posted(t, `${ISIN}/CMU/HSBC`), 0n);
    // T+1, after the 17:00 cycle: bonds delivered, cash paid to the issuer.
    t.now_us = timestampAt('2026-01-06', '17:30');
    t.accept('operator', wire({ type: 'hub.tick' }));
    assert.equal(posted(t, `${ISIN}/CMU/HSBC`), 1_000_000n);
    assert.equal(posted(t, `${ISIN}/CMU/hk-inst-fund`), 3_000_000n);
    assert.deepEqual(
      INVESTORS.map((i, k) => (cash_before[k] as bigint) - posted(t, `${i}/e-HKD`)),
      [99_950_000n, 299_850_000n],
    );
    assert.equal(posted(t, 'HKSARG/e-HKD') - issuer_before, 399_800_000n);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });
});
