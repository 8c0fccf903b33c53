import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scopeEvent, stateLookups, viewerOf } from '../../gateways/http/scope.js';
import { timestampAt } from '../../kernel/index.js';
import { assertRefused, openBondChain, posted, wire } from '../bonds/testing.js';
import { actorOf } from '../directory.js';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import type { TestHub } from '../testing.js';
import { collateralPositions, positionOf } from './collateral_positions.js';
import { returnReused, reuseCollateral } from './collateral_register.js';
import { CGB, collateralMarket, FUND, openRepoCommand, postCommand } from './collateral_testing.js';
import { hkmaRepoReport } from './hkma_report.js';
import { otcMarginAccountId } from './otc_accounts.js';
import { reuseChain } from './reuse_chain.js';

const M = 100_000_000n; // RMB 1 m of face, in fen
const account = (owner: string) => `${CGB}/${owner}/${owner}`;
const fundAccount = `${CGB}/HSBC/${FUND}`;
const close = (repo_id: string) => wire({ type: 'financing.close_repo', repo_id });
const release = (posting_id: string) => wire({ type: 'financing.release_otc_margin', posting_id });
const cap = (member: string, amount: bigint) =>
  wire({ type: 'financing.set_otc_cap', member, amount_minor: String(amount) });

/**
 * The chain of the worked example: the fund repos CNY 1 m of the CGB to HSBC (repo-1); HSBC
 * re-uses 0.6 m in a repo to BOCHK (repo-2) and posts 0.3 m to OTC Clear (P1); BOCHK posts
 * 0.2 m of what it received to OTC Clear (P2).
 */
function chained(): TestHub {
  const t = collateralMarket();
  t.accept('operator', openRepoCommand('repo-1', FUND, 'HSBC', M));
  t.accept(
    'operator',
    openRepoCommand('repo-2', 'HSBC', 'BOCHK', (M * 6n) / 10n, { reuse_of: 'repo-1' }),
  );
  t.accept('operator', cap('HSBC', 100n * M));
  t.accept('operator', cap('BOCHK', 100n * M));
  t.accept('HSBC', postCommand('P1', 'HSBC', (M * 3n) / 10n, { reuse_of: 'repo-1' }));
  t.accept('BOCHK', postCommand('P2', 'BOCHK', (M * 2n) / 10n, { reuse_of: 'repo-2' }));
  return t;
}

describe('collateral re-use and OTC Clear margin (docs/financing.md §10)', () => {
  test('the worked example: positions, chain, OTC Clear value after haircut', () => {
    const t = chained();
    const state = t.hub.state;
    // Ledger, in units of CNY 100: the fund delivered 10,000; HSBC keeps 1,000 of them, BOCHK 4,000.
    assert.equal(posted(t, fundAccount), 10_000n);
    assert.equal(posted(t, account('HSBC')), 1_000n);
    assert.equal(posted(t, account('BOCHK')), 4_000n);
    assert.equal(posted(t, otcMarginAccountId(CGB, 'HSBC', 'house')), 3_000n);
    assert.equal(posted(t, otcMarginAccountId(CGB, 'BOCHK', 'house')), 2_000n);
    const hsbc = positionOf(state, 'HSBC', CGB);
    assert.equal(hsbc.held_minor, 10_000_000n);
    assert.equal(hsbc.received_minor, 100_000_000n);
    assert.equal(hsbc.reused_minor.offshore_repo, 60_000_000n);
    assert.equal(hsbc.reused_minor.otc_clear_margin, 30_000_000n);
    assert.equal(hsbc.free_received_minor, 10_000_000n);
    assert.equal(hsbc.own_minor, 0n, 'HSBC owns none: all it holds was received');
    assert.equal(hsbc.posted_otc_minor, 30_000_000n);
    assert.equal(hsbc.posted_otc_own_minor, 0n);
    assert.equal(hsbc.shortfall_minor, 0n);
    const fund = positionOf(state, FUND, CGB);
    assert.equal(fund.own_minor, 100_000_000n);
    assert.equal(fund.free_own_minor, 100_000_000n);
    // P1 at 105.12: clean 31,536,000 fen; accrued 30 m × 3.27 % / 2 × 136 / 184 (22 Aug 2025
    // to 5 Jan 2026 of a half-year of 184 days) = 362,543.48 → 362,543; less 10 % (20 to 30
    // years of life, an assumed band), rounded down: 31,898,543 × 0.9 = 28,708,688.
    const p1 = state.financing.otc.postings.get('P1');
    assert.equal(p1?.market_value_minor, 31_898_543n);
    assert.equal(p1?.haircut_ppm, 100_000);
    assert.equal(p1?.value_minor, 28_708_688n);
    const chain = reuseChain(state, 'repo-1').map((l) => [l.target_id, l.face_minor, l.depth]);
    assert.deepEqual(chain, [
      ['repo-2', 60_000_000n, 1],
      ['P1', 30_000_000n, 1],
      ['P2', 20_000_000n, 2],
    ]);
    assert.deepEqual(
      collateralPositions(state).map((p) => p.party),
      ['BOCHK', 'HSBC'],
    );
    assert.deepEqual(
      collateralPositions(state, FUND).map((p) => [p.isin, p.own_minor]),
      [[CGB, 100_000_000n]],
    );
    t.hub.checkInvariants();
  });

  test('refusals change nothing', () => {
    const t = chained();
    // HSBC has 10 m of repo-1 left to re-use, and no own bonds.
    const more = postCommand('P3', 'HSBC', (M * 2n) / 10n, { reuse_of: 'repo-1' });
    assertRefused(t, 'HSBC', more, 'REPO_REUSE_EXCEEDS_RECEIVED');
    const notBought = postCommand('P3', 'HSBC', M / 10n, { reuse_of: 'repo-2' });
    assertRefused(t, 'HSBC', notBought, 'REPO_REUSE_SOURCE_INVALID');
    const own = openRepoCommand('repo-3', 'HSBC', 'BOCHK', M / 10n);
    assertRefused(t, 'operator', own, 'REPO_COLLATERAL_LOCKED');
    assertRefused(t, 'HSBC', postCommand('P3', 'HSBC', M / 10n), 'REPO_COLLATERAL_LOCKED');
    assertRefused(t, 'operator', close('repo-1'), 'REPO_COLLATERAL_REUSED');
    assertRefused(t, 'operator', close('repo-2'), 'REPO_COLLATERAL_REUSED');
    assertRefused(t, 'HSBC', cap('HSBC', 1n), 'NOT_AUTHORIZED');
    assertRefused(t, 'operator', cap('NOBODY', 1n), 'OTCC_MEMBER_UNKNOWN');
    assertRefused(t, 'PEARL', postCommand('P3', 'SCBHK', M / 10n), 'NOT_AUTHORIZED');
    assertRefused(t, 'HSBC', postCommand('P1', 'HSBC', M / 10n), 'OTCC_POSTING_EXISTS');
    const bond = postCommand('P3', 'SCBHK', M / 10n, { isin: 'HKHTGB25USD6' });
    assertRefused(t, 'operator', bond, 'OTCC_BOND_NOT_ELIGIBLE');
    assertRefused(t, 'operator', postCommand('P3', 'SCBHK', 5_000n), 'OTCC_FACE_INVALID');
    const cat2 = postCommand('P3', 'SCBHK', M / 10n, { account_category: 'client_cat2' });
    assertRefused(t, 'operator', cat2, 'OTCC_ACCOUNT_NOT_ELIGIBLE');
    const pm = postCommand('P3', 'SCBHK', M / 10n, { margin_type: 'participating' });
    assertRefused(t, 'operator', pm, 'OTCC_MARGIN_TYPE_NOT_ELIGIBLE');
    // No cap set for SCBHK: nothing may be posted.
    assertRefused(t, 'operator', postCommand('P3', 'SCBHK', M / 10n), 'OTCC_CAP_EXCEEDED');
    // HSBC's cap of RMB 100 m is used by 28,708,688 fen: another 71.3 m of value is too much.
    const big = postCommand('P3', 'HSBC', M / 10n, { reuse_of: 'repo-1' });
    t.accept('operator', cap('HSBC', 28_708_688n + 9_000_000n));
    assertRefused(t, 'HSBC', big, 'OTCC_CAP_EXCEEDED');
    t.accept('operator', cap('SCBHK', 1_000n * M));
    t.accept('operator', cap('LIONROCK', 1_000n * M));
    assertRefused(t, 'operator', postCommand('P3', 'LIONROCK', M / 10n), 'OTCC_NO_HOLDING');
    assertRefused(t, 'operator', postCommand('P3', 'SCBHK', 2n * M), 'OTCC_INSUFFICIENT_BONDS');
    const freeze = { type: 'ledger.set_frozen', account_id: account('SCBHK'), reason: 'test' };
    t.accept('operator', wire({ ...freeze, frozen: true }));
    assertRefused(t, 'operator', postCommand('P3', 'SCBHK', M / 10n), 'ACCOUNT_FROZEN');
    t.accept('operator', wire({ ...freeze, frozen: false }));
    assertRefused(t, 'operator', release('P9'), 'OTCC_POSTING_UNKNOWN');
    assertRefused(t, 'PEARL', release('P1'), 'NOT_AUTHORIZED');
  });

  test('re-use by function: the date, the four cases, the face, one record per target', () => {
    const t = chained();
    const state = t.hub.state;
    const before = t.hub.digest();
    const reuse = (date: string, use: string, face: bigint, target = 'D1') =>
      reuseCollateral(state, 'HSBC', CGB, face, use as never, target, date)?.code;
    assert.equal(reuse('2025-08-22', 'hkma_rmb_liquidity_facility', 1n), 'REPO_REUSE_NOT_ALLOWED');
    assert.equal(reuse('2026-01-05', 'securities_lending', 1n), 'REPO_REUSE_NOT_ALLOWED');
    assert.equal(reuse('2026-01-05', 'hkma_rmb_liquidity_facility', 0n), 'REPO_FACE_INVALID');
    assert.equal(reuse('2026-01-05', 'offshore_repo', 1n, 'repo-2'), 'REPO_REUSE_EXISTS');
    assert.equal(
      reuse('2026-01-05', 'hkma_rmb_liquidity_facility', 10_000_001n),
      'REPO_REUSE_EXCEEDS_RECEIVED',
    );
    assert.equal(t.hub.digest(), before, 'refused re-use changes nothing');
    // Case c, for a facility drawing: the last 10 m of repo-1, then given back.
    assert.equal(reuse('2026-01-05', 'hkma_rmb_liquidity_facility', 10_000_000n), undefined);
    assert.equal(
      positionOf(state, 'HSBC', CGB).reused_minor.hkma_rmb_liquidity_facility,
      10_000_000n,
    );
    assert.equal(positionOf(state, 'HSBC', CGB).free_received_minor, 0n);
    const back = returnReused(state, 'hkma_rmb_liquidity_facility', 'D1');
    assert.deepEqual(
      back.map((r) => r.face_minor),
      [10_000_000n],
    );
    assert.equal(t.hub.digest(), before);
  });

  test('unwinding: each re-use comes back before its repo closes; bonds back where they began', () => {
    const t = chained();
    t.now_us = timestampAt('2026-01-12', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    const released = t.accept('OTCC', release('P2')).events.map((e) => e.type);
    assert.deepEqual(
      released.filter((e) => !e.startsWith('transfer')),
      ['collateral_returned', 'otc_margin_released'],
    );
    const closed = t.accept('operator', close('repo-2')).events.map((e) => e.type);
    assert.ok(closed.includes('collateral_returned'));
    assertRefused(t, 'operator', close('repo-1'), 'REPO_COLLATERAL_REUSED');
    t.accept('HSBC', release('P1'));
    t.accept('operator', close('repo-1'));
    assert.equal(posted(t, fundAccount), 20_000n);
    assert.equal(posted(t, account('HSBC')), 0n);
    assert.equal(posted(t, account('BOCHK')), 0n);
    assert.equal(posted(t, otcMarginAccountId(CGB, 'HSBC', 'house')), 0n);
    const register = t.hub.state.financing.collateral;
    assert.equal(register.received.size, 0);
    assert.equal(register.reuses.size, 0);
    assert.deepEqual(collateralPositions(t.hub.state), []);
    t.hub.checkInvariants();
  });

  test('own bonds to OTC Clear: counted once, free again on release', () => {
    const t = collateralMarket();
    t.accept('operator', cap('SCBHK', 100n * M));
    t.accept('SCBHK', postCommand('own', 'SCBHK', M / 2n));
    const p = positionOf(t.hub.state, 'SCBHK', CGB);
    assert.equal(p.held_minor, 50_000_000n);
    assert.equal(p.own_minor, 100_000_000n);
    assert.equal(p.posted_otc_own_minor, 50_000_000n);
    assert.equal(p.free_own_minor, 50_000_000n);
    t.accept('operator', release('own'));
    assert.equal(positionOf(t.hub.state, 'SCBHK', CGB).held_minor, 100_000_000n);
    assert.equal(posted(t, account('SCBHK')), 10_000n);
  });

  test('the HKMA same-day report: every repo of the day, each party its own, kept 7 days', () => {
    const t = chained();
    const state = t.hub.state;
    const day1 = hkmaRepoReport(state, '2026-01-05');
    assert.deepEqual(
      day1.map((r) => [r.repo_id, r.action, r.reuse_of, r.plps.join(',')]),
      [
        ['repo-1', 'opened', null, 'HSBC'],
        ['repo-2', 'opened', 'repo-1', 'HSBC,BOCHK'],
      ],
    );
    assert.equal(day1[0]?.cash_minor, 104_201_908n);
    const sees = (participant: string) =>
      hkmaRepoReport(state, '2026-01-05', actorOf(state, participant)).map((r) => r.repo_id);
    assert.deepEqual(sees('BOCHK'), ['repo-2']);
    assert.deepEqual(sees('HARBOUR'), ['repo-1'], "the fund's broker");
    assert.deepEqual(sees('LUJIAZUI'), []);
    assert.deepEqual(sees('operator'), ['repo-1', 'repo-2']);
    // A week later the 5 January lines have been dropped as the 12 January ones came in.
    t.now_us = timestampAt('2026-01-12', '10:00');
    t.accept('operator', wire({ type: 'hub.tick' }));
    t.accept('OTCC', release('P2'));
    t.accept('operator', close('repo-2'));
    assert.deepEqual(hkmaRepoReport(state, '2026-01-05'), []);
    const day8 = hkmaRepoReport(state, '2026-01-12');
    assert.deepEqual(
      day8.map((r) => [r.repo_id, r.action]),
      [['repo-2', 'closed']],
    );
  });

  test('events: re-use to its party, OTC Clear margin to the member and OTC Clear', () => {
    const t = collateralMarket();
    t.accept('operator', openRepoCommand('repo-1', FUND, 'HSBC', M));
    t.accept('operator', cap('HSBC', 100n * M));
    const events = t
      .accept('HSBC', postCommand('P1', 'HSBC', M / 10n, { reuse_of: 'repo-1' }))
      .events.filter((e) => e.type === 'collateral_reused' || e.type === 'otc_margin_posted');
    assert.equal(events.length, 2);
    const lookups = stateLookups(t.hub.state, () => undefined);
    const seen = (who: string) =>
      events.filter((e) => scopeEvent(e, viewerOf(t.hub.state, who), lookups) !== null).length;
    assert.equal(seen('HSBC'), 2);
    assert.equal(seen('OTCC'), 1);
    assert.equal(seen('BOCHK'), 0);
  });

  test('snapshot round trip, and an older snapshot restores an empty register', () => {
    const t = chained();
    const snapshot = snapshotHub(t.hub.state);
    const restored = new Hub(restoreHub(snapshot));
    assert.equal(restored.digest(), t.hub.digest());
    assert.deepEqual(collateralPositions(restored.state), collateralPositions(t.hub.state));
    assert.deepEqual(reuseChain(restored.state, 'repo-1'), reuseChain(t.hub.state, 'repo-1'));
    const { plps, repos } = snapshot.financing ?? { plps: [], repos: [] };
    const older = new Hub(restoreHub({ ...snapshot, financing: { plps, repos } }));
    assert.equal(older.state.financing.collateral.received.size, 0);
    assert.equal(older.state.financing.otc.postings.size, 0);
    assert.deepEqual(older.state.financing.repo_reports, []);
  });

  test('a chain three repos deep, and the OTC Clear accounts sit in the CMU chain', () => {
    const t = chained();
    t.accept(
      'operator',
      openRepoCommand('repo-3', 'BOCHK', 'HSBC', M / 10n, { reuse_of: 'repo-2' }),
    );
    const links = reuseChain(t.hub.state, 'repo-1').map((l) => [l.target_id, l.depth]);
    assert.deepEqual(links, [
      ['repo-2', 1],
      ['P1', 1],
      ['P2', 2],
      ['repo-3', 2],
    ]);
    // HSBC received 1 m + 0.1 m and re-used 0.9 m: 0.2 m free to re-use.
    assert.equal(positionOf(t.hub.state, 'HSBC', CGB).free_received_minor, 20_000_000n);
    const margin = t.hub.state.ledger.accounts.get(otcMarginAccountId(CGB, 'HSBC', 'house'));
    assert.equal(margin?.parent?.id, `${CGB}/CMU/OTCC`);
    assert.equal(openBondChain(t, 'OTCC', CGB), `${CGB}/OTCC/OTCC`);
  });
});
