import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/index.js';
import { GREEN_HKD_TERMS } from '../../sim/demo_bonds.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { assertRefused, genesis, posted, wire } from './testing.js';

const ISIN = GREEN_HKD_TERMS.isin;
const set = (asset: string, isin = ISIN) => wire({ type: 'bonds.set_payment_asset', isin, asset });

/** Genesis's holders of the HKD tranche (in CMU), and the issuer's and CMU's e-HKD accounts. */
function market() {
  const t = genesis();
  t.now_us = timestampAt('2026-05-18', '10:00');
  t.accept('operator', wire({ type: 'bonds.register', terms: GREEN_HKD_TERMS }));
  const ehkd = (owner: string) => ({
    ...{ id: `${owner}/e-HKD`, owner, asset: 'e-HKD', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: false, credits_must_not_exceed_debits: false },
  });
  const missing = ['HKSARG', 'HKMA']
    .map(ehkd)
    .filter((a) => !t.hub.state.ledger.accounts.has(a.id));
  if (missing.length > 0)
    t.accept('operator', wire({ type: 'ledger.create_accounts', accounts: missing }));
  return t;
}

describe("a tokenised tranche's coupons in its tokenised money", () => {
  test("the payment asset is a registered cash asset of the bond's currency", () => {
    const t = market();
    assertRefused(t, 'HARBOUR', set('e-HKD'), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', set('e-HKD', 'HK0000NOTE29'), 'BOND_UNKNOWN');
    assertRefused(t, 'operator', set('x-HKD'), 'BOND_PAYMENT_ASSET_UNKNOWN');
    assertRefused(t, 'operator', set('e-CNY'), 'BOND_PAYMENT_ASSET_CURRENCY_MISMATCH');
    const result = t.accept('operator', set('e-HKD'));
    assert.ok(result.events.some((e) => e.type === 'bond_payment_asset_set'));
  });

  test('the coupon run pays e-HKD down the tiers; nothing in HKD moves; replays', () => {
    const t = market();
    t.accept('operator', set('e-HKD'));
    const holders = [...t.hub.state.ledger.accounts.values()].filter(
      (a) => a.asset === ISIN && !a.omnibus && a.credits_posted > a.debits_posted,
    );
    assert.ok(holders.length > 0);
    const ehkd_before = holders.map((h) => posted(t, `${h.owner}/e-HKD`));
    const issuer_hkd = posted(t, 'HKSARG/e-HKD');
    const issuer_plain_hkd = posted(t, 'HKSARG/HKD');
    t.now_us = timestampAt('2026-05-19', '10:00');
    const events = t.accept('operator', wire({ type: 'hub.tick' })).events;
    const paid = events.find((e) => e.type === 'bond_coupon_paid');
    assert.ok(
      paid?.type === 'bond_coupon_paid',
      events
        .flatMap((e) => (e.type === 'bond_lifecycle_failed' ? [`${e.code} ${e.message}`] : []))
        .join('; '),
    );
    assert.equal(issuer_hkd - posted(t, 'HKSARG/e-HKD'), paid.total_minor);
    const received = holders.reduce(
      (sum, h, i) => sum + posted(t, `${h.owner}/e-HKD`) - (ehkd_before[i] as bigint),
      0n,
    );
    assert.equal(received, paid.total_minor);
    assert.ok(paid.total_minor > 0n);
    assert.equal(posted(t, 'HKSARG/HKD'), issuer_plain_hkd);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
  });
});
