import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wire } from '../bonds/testing.js';
import type { BondViewer } from '../bonds/views.js';
import { BN, draw, face, facilityMarket, INTRADAY_RATE_E12 } from './facility_testing.js';
import { at, cnh, lifeMarket, openRepoCommand } from './life_testing.js';
import { exposuresView } from './views_collateral.js';
import { facilitiesView } from './views_facilities.js';

const FUND = 'hk-inst-fund';
const OPERATOR: BondViewer = { all: true, sees: () => true };
const as = (party: string): BondViewer => ({ all: false, sees: (p) => p === party });

describe('the facilities as the API shows them', () => {
  test('a bank sees its own drawings with the facility-wide totals; the HKMA sees all', () => {
    const t = facilityMarket();
    t.accept(
      'HSBC',
      draw({ drawing_id: 'h-1', tenor: 'intraday', amount_minor: String(BN) }, face(11_000_000n)),
    );
    t.accept('BOCHK', draw({ drawing_id: 'b-1', bank: 'BOCHK', tenor: '1w' }));
    const hsbc = facilitiesView(t.hub.state, as('HSBC'));
    assert.deepEqual(
      hsbc.drawings.map((d) => [
        d.drawing_id,
        d.tenor,
        d.amount_minor,
        d.rate_e12,
        d.maturity_date,
      ]),
      [['h-1', 'intraday', BN, INTRADAY_RATE_E12, '2026-01-05']],
    );
    assert.deepEqual(
      hsbc.drawings[0]?.collateral.map((c) => c.face_minor),
      [110_000_000_000n],
      'CNY 1.1 bn of face',
    );
    assert.deepEqual(
      hsbc.usage.banks.map((b) => [b.bank, b.rmb_lf_intraday_minor]),
      [['HSBC', BN]],
    );
    // The totals are the facility's: BOCHK's CNH 10 m for a week is not intraday.
    assert.equal(hsbc.usage.intraday_drawn_minor, BN);
    assert.equal(hsbc.usage.intraday_total_minor, 30n * BN);
    for (const viewer of [OPERATOR, as('HKMA')]) {
      const all = facilitiesView(t.hub.state, viewer);
      assert.deepEqual(
        all.drawings.map((d) => d.drawing_id),
        ['h-1', 'b-1'],
        'by maturity',
      );
      assert.deepEqual(
        all.usage.banks.map((b) => b.bank),
        ['BOCHK', 'HSBC'],
      );
    }
    const other = facilitiesView(t.hub.state, as('SCBHK'));
    assert.deepEqual([other.drawings, other.usage.banks], [[], []]);
    assert.deepEqual(
      other.fixings.map((f) => [f.name, f.date, f.rate_e12]),
      [
        ['CNH_HIBOR_ON', '2026-01-04', 17_500_000_000n],
        ['SHIBOR_1M', '2026-01-04', 16_000_000_000n],
        ['SHIBOR_3M', '2026-01-04', 16_500_000_000n],
        ['SHIBOR_6M', '2026-01-04', 17_000_000_000n],
      ],
      'the latest fixings are public',
    );
  });
});

describe('unpaid margin and claims as the API shows them', () => {
  test('a missed call with its deadline, then the claim the close-out leaves', () => {
    const t = lifeMarket();
    t.accept('operator', openRepoCommand());
    const spend = cnh(t, FUND) - 1_000_000n;
    t.accept(
      'operator',
      wire({
        type: 'ledger.create_transfers',
        transfers: [
          {
            ...{ id: 'spend', debit_account_id: `${FUND}/CNH` },
            ...{ credit_account_id: 'BOCHK/CNH/issuance', amount_minor: spend.toString() },
          },
        ],
      }),
    );
    at(t, '2026-01-07', '10:00');
    t.accept(
      'HSBC',
      wire({ type: 'financing.call_margin', repo_id: 'repo-1', px_e8: '10000000000' }),
    );
    const calls = exposuresView(t.hub.state, as(FUND)).margin_calls;
    // The worked example of docs/financing.md §9.2: RMB 51,000 called, due two hours later.
    assert.deepEqual(
      calls.map((c) => [c.repo_id, c.payer, c.payee, c.amount_minor, c.overdue]),
      [['repo-1', FUND, 'HSBC', 5_100_000n, false]],
    );
    assert.equal(calls[0]?.deadline_us, t.now_us + 120 * 60_000_000);
    assert.equal(exposuresView(t.hub.state, as('HSBC')).margin_calls.length, 1);
    assert.deepEqual(exposuresView(t.hub.state, as('BOCHK')).margin_calls, []);
    at(t, '2026-01-07', '12:01');
    assert.equal(exposuresView(t.hub.state, OPERATOR).margin_calls[0]?.overdue, true);
    t.accept(
      'HSBC',
      wire({ type: 'financing.declare_default', repo_id: 'repo-1', px_e8: '9900000000' }),
    );
    const after = exposuresView(t.hub.state, as('HSBC'));
    assert.deepEqual(after.margin_calls, []);
    assert.deepEqual(
      after.claims.map((c) => [c.creditor, c.debtor, c.currency, c.repo_ids]),
      [['HSBC', FUND, 'CNH', ['repo-1']]],
    );
    // Repo-1 alone at 99.00: 104,212,471 − 100,226,250 = 3,986,221 owed; the fund paid 1,000,000.
    assert.equal(after.claims[0]?.amount_minor, 2_986_221n);
    assert.equal(exposuresView(t.hub.state, as(FUND)).claims.length, 1);
    assert.deepEqual(exposuresView(t.hub.state, as('BOCHK')).claims, []);
  });
});
