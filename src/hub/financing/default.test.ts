import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, wire } from '../bonds/testing.js';
import type { HubEvent } from '../events.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
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
const call = (repo_id: string, px_e8: string) =>
  wire({ type: 'financing.call_margin', repo_id, px_e8 });
const declare = (px_e8: string, extra: object = {}) =>
  wire({ type: 'financing.declare_default', repo_id: 'repo-1', px_e8, ...extra });

/**
 * Two repos from the fund to HSBC on 5 Jan 2026, CNY 1 m of face at a 2 % haircut (repo-1) and
 * CNY 0.5 m at 10 % (repo-2), both at 105.12; then the fund's CNH is drawn down to RMB 10,000 and
 * on 7 Jan at 10:00 the CGB falls to 100.00 and HSBC calls margin on repo-1.
 */
function missedCall(): TestHub {
  const t = lifeMarket();
  t.accept('operator', openRepoCommand());
  t.accept(
    'operator',
    openRepoCommand({ repo_id: 'repo-2', face_minor: '50000000', haircut_ppm: 100_000 }),
  );
  const spend = cnh(t, FUND) - 1_000_000n;
  const out = {
    id: 'spend',
    debit_account_id: `${FUND}/CNH`,
    credit_account_id: 'BOCHK/CNH/issuance',
  };
  t.accept(
    'operator',
    wire({
      type: 'ledger.create_transfers',
      transfers: [{ ...out, amount_minor: spend.toString() }],
    }),
  );
  at(t, '2026-01-07', '10:00');
  return t;
}

function only<T extends HubEvent['type']>(events: readonly HubEvent[], type: T) {
  const found = events.filter((e): e is Extract<HubEvent, { type: T }> => e.type === type);
  assert.equal(found.length, 1, type);
  return found[0] as Extract<HubEvent, { type: T }>;
}

describe('a missed margin call, default and close-out netting (GMRA 2011 para 4, para 10)', () => {
  test('worked example: the fund misses RMB 51,000, HSBC closes out both repos at 99.00', () => {
    const t = missedCall();
    // Day 2 at 100.00: accrued 3.27/2 × 138/184 = 1.22625 per 100, so the bonds are worth
    // 1,000,000 × 101.22625 % = 101,226,250 fen, 99,201,725 after 2 %. Purchase price
    // 104,201,908 (opening: 106,328,478 × 0.98, down); interest 104,201,908 × 1.85 % × 2 / 365
    // = 10,562.93 → 10,563. Exposure 104,212,471 − 99,201,725 = 5,010,746, called in whole
    // RMB 1,000 over RMB 10,000: 5,100,000. The fund has 1,000,000: the call is outstanding.
    const cash_before = cnh(t, FUND);
    const called = t.accept('HSBC', call('repo-1', '10000000000')).events;
    const outstanding = only(called, 'margin_call_outstanding');
    assert.equal(outstanding.amount_minor, 5_100_000n);
    assert.equal(outstanding.market_value_minor, 101_226_250n);
    assert.equal(outstanding.deadline_us, t.now_us + 120 * 60_000_000);
    assert.equal(cnh(t, FUND), cash_before, 'nothing moved');
    assertRefused(t, 'HSBC', call('repo-1', '9000000000'), 'MARGIN_CALL_OUTSTANDING');
    assertRefused(t, 'HSBC', declare('9900000000'), 'MARGIN_DEADLINE_NOT_PASSED');
    at(t, '2026-01-07', '12:00');
    assertRefused(t, 'HSBC', declare('9900000000'), 'MARGIN_DEADLINE_NOT_PASSED');
    at(t, '2026-01-07', '12:01');
    const [cash_total, fund_units, hsbc_units] = [
      assetTotal(t, 'CNH'),
      units(t, FUND, CGB),
      units(t, 'HSBC', CGB),
    ];
    const pair_cash = cnh(t, FUND) + cnh(t, 'HSBC');
    const events = t.accept('HSBC', declare('9900000000')).events;
    // At 99.00 the bonds are worth 100.22625 %: 100,226,250 fen (repo-1), 50,113,125 (repo-2).
    // repo-1: 104,212,471 − 100,226,250 = 3,986,221 owed by the fund.
    // repo-2: purchase price 53,164,239 × 0.9 = 47,847,815; interest 47,847,815 × 1.85 % × 2 /
    // 365 = 4,850.33 → 4,850; 47,852,665 − 50,113,125 = −2,260,460 (the fund is owed).
    // Net: 1,725,761 owed by the fund; it has 1,000,000; 725,761 is left as a claim.
    const defaulted = only(events, 'repo_defaulted');
    assert.equal(defaulted.defaulter, FUND);
    assert.equal(defaulted.non_defaulter, 'HSBC');
    assert.deepEqual(defaulted.repo_ids, ['repo-1', 'repo-2']);
    assert.deepEqual(defaulted.settlements, [
      {
        currency: 'CNH',
        net_minor: 1_725_761n,
        paid_minor: 1_000_000n,
        claim_minor: 725_761n,
        claim_id: `CLAIM:${t.hub.seq}:CNH`,
      },
    ]);
    const closed = events.filter((e) => e.type === 'repo_closed_out');
    assert.deepEqual(
      closed.map(
        (e) =>
          e.type === 'repo_closed_out' && [
            e.repurchase_price_minor,
            e.default_market_value_minor,
            e.owed_by_defaulter_minor,
          ],
      ),
      [
        [104_212_471n, 100_226_250n, 3_986_221n],
        [47_852_665n, 50_113_125n, -2_260_460n],
      ],
    );
    // Conservation: CNH moved only between the two, no bonds moved (the buyer keeps them).
    assert.equal(assetTotal(t, 'CNH'), cash_total);
    assert.equal(cnh(t, FUND) + cnh(t, 'HSBC'), pair_cash);
    assert.equal(cnh(t, FUND), 0n);
    assert.equal(units(t, FUND, CGB), fund_units);
    assert.equal(units(t, 'HSBC', CGB), hsbc_units);
    assert.equal(hsbc_units, 15_000n);
    const financing = t.hub.state.financing;
    assert.equal(financing.repos.size, 0);
    assert.equal(financing.margin_calls.size, 0);
    const claim = financing.claims.get(`CLAIM:${t.hub.seq}:CNH`);
    assert.equal(claim?.amount_minor, 725_761n);
    assert.equal(claim?.debtor, FUND);
    assert.equal(claim?.creditor, 'HSBC');
    t.hub.checkInvariants();
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
    assert.deepEqual([...restored.state.financing.claims.values()], [...financing.claims.values()]);
  });

  test('the bonds recover by the close-out: HSBC owes the net and pays it in full', () => {
    const t = missedCall();
    t.accept('HSBC', call('repo-1', '10000000000'));
    at(t, '2026-01-07', '12:01');
    const [fund_cash, hsbc_cash, total] = [cnh(t, FUND), cnh(t, 'HSBC'), assetTotal(t, 'CNH')];
    // At 105.12 + 1.22625: 106,346,250 and 53,173,125 fen. repo-1: 104,212,471 − 106,346,250
    // = −2,133,779; repo-2: 47,852,665 − 53,173,125 = −5,320,460; net −7,454,239.
    const events = t.accept('HSBC', declare('10512000000')).events;
    const defaulted = only(events, 'repo_defaulted');
    assert.deepEqual(defaulted.settlements, [
      {
        currency: 'CNH',
        net_minor: -7_454_239n,
        paid_minor: 7_454_239n,
        claim_minor: 0n,
        claim_id: null,
      },
    ]);
    assert.equal(cnh(t, FUND) - fund_cash, 7_454_239n);
    assert.equal(hsbc_cash - cnh(t, 'HSBC'), 7_454_239n);
    assert.equal(assetTotal(t, 'CNH'), total);
    assert.equal(t.hub.state.financing.claims.size, 0);
    t.hub.checkInvariants();
  });

  test('refusals change nothing; a snapshot with an outstanding call restores to the digest', () => {
    const t = missedCall();
    assertRefused(t, 'HSBC', declare('9900000000'), 'MARGIN_CALL_NONE');
    t.accept('HSBC', call('repo-1', '10000000000'));
    const snapshot = snapshotHub(t.hub.state);
    assert.equal(snapshot.financing?.margin_calls?.length, 1);
    assert.equal(new Hub(restoreHub(snapshot)).digest(), t.hub.digest());
    at(t, '2026-01-07', '12:01');
    assertRefused(t, 'HARBOUR', declare('9900000000'), 'REPO_DEFAULT_WRONG_PARTY');
    assertRefused(t, 'PEARL', declare('9900000000'), 'NOT_AUTHORIZED');
    assertRefused(t, 'HSBC', declare('9900000000', { repo_id: 'none' }), 'REPO_UNKNOWN');
    // A third repo of the pair on another bond needs its own price.
    t.accept(
      'operator',
      openRepoCommand({ repo_id: 'repo-3', isin: CGB_NEW, repurchase_date: '2026-01-14' }),
    );
    assertRefused(t, 'HSBC', declare('9900000000'), 'REPO_DEFAULT_PRICE_MISSING');
    const prices = [{ isin: CGB_NEW, px_e8: '9900000000' }];
    const events = t.accept('HSBC', declare('9900000000', { prices })).events;
    assert.deepEqual(only(events, 'repo_defaulted').repo_ids, ['repo-1', 'repo-2', 'repo-3']);
    t.hub.checkInvariants();
  });

  test('an older snapshot without the life cycle restores with empty state and the default deadline', () => {
    const t = lifeMarket();
    t.accept('operator', openRepoCommand());
    const snapshot = snapshotHub(t.hub.state);
    const financing = snapshot.financing;
    assert.ok(financing !== undefined);
    const repos = financing.repos.map(({ margin_deadline_minutes: _, ...old }) => old);
    // Only the life cycle's fields are absent; the rest of financing is as it is today.
    const {
      margin_calls: _calls,
      claims: _claims,
      terminations: _terminations,
      ...rest
    } = financing;
    const older = { ...snapshot, financing: { ...rest, repos } };
    // @ts-expect-error: an older snapshot's repo has no margin deadline
    const restored = new Hub(restoreHub(older));
    assert.equal(restored.digest(), t.hub.digest());
  });
});
