import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { assertRefused, openBondChain, posted, wire } from '../bonds/testing.js';
import type { TestHub } from '../testing.js';
import { CGB, facilityMarket } from './facility_testing.js';
import { CGB_NEW, lifeMarket, openRepoCommand as lifeRepo } from './life_testing.js';

const FUND = 'hk-inst-fund';

/** facilityMarket, and the fund's CNY 1 m of the CGB repo'd open to HSBC at 10:00. */
function market(): TestHub {
  const t = facilityMarket('2026-01-05', 1_000n);
  const fund = openBondChain(t, FUND, CGB);
  const cnh = {
    ...{ id: `${FUND}/CNH`, owner: FUND, asset: 'CNH', purpose: 'available' },
    ...{ debits_must_not_exceed_credits: true, credits_must_not_exceed_debits: false },
  };
  t.accept('operator', wire({ type: 'ledger.create_accounts', accounts: [cnh] }));
  t.accept(
    'operator',
    wire({
      type: 'ledger.create_transfers',
      transfers: [
        {
          ...{ id: 'cgb-fund', debit_account_id: `CCDC/${CGB}/issuance` },
          ...{ credit_account_id: fund, amount_minor: '10000' },
        },
        // RMB 10,000 of its own CNH, for the interest.
        {
          ...{ id: 'cnh-fund', debit_account_id: 'BOCHK/CNH/issuance' },
          ...{ credit_account_id: cnh.id, amount_minor: '1000000' },
        },
      ],
    }),
  );
  t.accept(
    'HSBC',
    wire({
      type: 'financing.open_repo',
      ...{ repo_id: 'r-1', seller: FUND, buyer: 'HSBC', isin: CGB, face_minor: '100000000' },
      ...{ px_e8: '10512000000', currency: 'CNH', repurchase_date: null },
      ...{ rate_e12: '18500000000', day_count: 'ACT/365F', haircut_ppm: 20_000 },
    }),
  );
  return t;
}

/** HSBC draws CNH 500,000 for a week against CNY 0.8 m of the CGB: 8,000 units. */
const draw = (facility: string, collateral: object, extra: object = {}) =>
  wire({
    type: 'financing.draw_facility',
    ...{ drawing_id: 'd-1', bank: 'HSBC', facility, tenor: '1w', amount_minor: '50000000' },
    ...{
      form: 'repo',
      collateral: [{ isin: CGB, face_minor: '80000000', px_e8: '10512000000', ...collateral }],
    },
    ...extra,
  });

describe('received repo collateral delivered to the HKMA (re-use case c)', () => {
  test('received bonds go to the RMB Liquidity Facility only as declared re-use, and come back', () => {
    const t = market();
    // HSBC holds its own 1,000 units and the fund's 10,000: 8,000 are not its own.
    assertRefused(t, 'HSBC', draw('rmb_lf', {}), 'REPO_COLLATERAL_LOCKED');
    // The trade facility is not among the four cases of 25 Aug 2025.
    const trade = draw('trade', { reuse_of: 'r-1' }, { tenor: '1m', purpose: 'trade_finance' });
    t.accept(
      'operator',
      wire({
        type: 'financing.set_facility_allocation',
        bank: 'HSBC',
        facility: 'trade',
        amount_minor: '100000000',
      }),
    );
    assertRefused(t, 'HSBC', trade, 'REPO_REUSE_NOT_ALLOWED');
    // More than was received is refused too.
    const too_much = draw(
      'rmb_lf',
      { reuse_of: 'r-1', face_minor: '110000000' },
      { amount_minor: '1000000' },
    );
    assertRefused(t, 'HSBC', too_much, 'REPO_REUSE_EXCEEDS_RECEIVED');

    const drawn = t.accept('HSBC', draw('rmb_lf', { reuse_of: 'r-1' }));
    assert.ok(drawn.events.some((e) => e.type === 'collateral_reused'));
    assert.equal(posted(t, `${CGB}/CMU/HKMA.COLLATERAL`), 8_000n);
    const reuse = [...t.hub.state.financing.collateral.reuses.values()];
    assert.deepEqual(
      reuse.map((r) => [r.use_case, r.target_id, r.face_minor]),
      [['hkma_rmb_liquidity_facility', 'd-1', 80_000_000n]],
    );
    // The fund's repo cannot close while its bonds are with the HKMA.
    const close = wire({ type: 'financing.close_repo', repo_id: 'r-1' });
    assertRefused(t, 'HSBC', close, 'REPO_COLLATERAL_REUSED');

    t.now_us = timestampAt('2026-01-13', '10:00'); // value T+1, a week after
    const repaid = t.accept('HSBC', wire({ type: 'financing.repay_facility', drawing_id: 'd-1' }));
    assert.ok(repaid.events.some((e) => e.type === 'collateral_returned'));
    assert.equal(t.hub.state.financing.collateral.reuses.size, 0);
    t.accept('HSBC', close);
    assert.equal(posted(t, `${CGB}/HSBC/${FUND}`), 10_000n);
  });

  test('a substitution waits until re-used bonds are back', () => {
    const t = lifeMarket();
    t.accept('HSBC', lifeRepo());
    t.accept(
      'operator',
      wire({ type: 'financing.set_otc_cap', member: 'HSBC', amount_minor: '1000000000' }),
    );
    const post = wire({
      type: 'financing.post_otc_margin',
      ...{ posting_id: 'im-1', member: 'HSBC', account_category: 'house', margin_type: 'initial' },
      ...{ isin: CGB, face_minor: '50000000', px_e8: '10512000000', reuse_of: 'repo-1' },
    });
    t.accept('HSBC', post);
    const substitute = wire({
      type: 'financing.substitute_collateral',
      ...{ repo_id: 'repo-1', new_isin: CGB_NEW, new_face_minor: '120000000' },
      ...{ px_e8_old: '10512000000', px_e8_new: '10000000000' },
    });
    assertRefused(t, 'hk-inst-fund', substitute, 'REPO_COLLATERAL_REUSED');
    t.accept('HSBC', wire({ type: 'financing.release_otc_margin', posting_id: 'im-1' }));
    t.accept('hk-inst-fund', substitute);
    // The register follows the bonds: HSBC has received the new bond, not the old one.
    const received = t.hub.state.financing.collateral.received.get('repo-1');
    assert.deepEqual([received?.isin, received?.face_minor], [CGB_NEW, 120_000_000n]);
  });
});
