import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, wire } from '../bonds/testing.js';
import { at, cnh, lifeMarket, openRepoCommand } from './life_testing.js';

const FUND = 'hk-inst-fund';
const propose = (termination_date: string, repo_id = 'repo-1') =>
  wire({ type: 'financing.propose_termination', repo_id, termination_date });
const accept = (repo_id = 'repo-1') => wire({ type: 'financing.accept_termination', repo_id });

describe('early termination of a term repo by agreement', () => {
  test('refusals change nothing', () => {
    const t = lifeMarket();
    t.accept('operator', openRepoCommand());
    t.accept('operator', openRepoCommand({ repo_id: 'repo-open', repurchase_date: null }));
    assertRefused(t, 'PEARL', propose('2026-01-08'), 'NOT_AUTHORIZED');
    assertRefused(t, 'HSBC', propose('2026-01-08', 'none'), 'REPO_UNKNOWN');
    assertRefused(t, 'operator', propose('2026-01-08'), 'REPO_TERMINATION_WRONG_PARTY');
    assertRefused(t, 'HSBC', propose('2026-01-04'), 'REPO_TERMINATION_DATE_PAST');
    assertRefused(t, 'HSBC', propose('2026-01-12'), 'REPO_TERMINATION_NOT_EARLY');
    assertRefused(t, 'HSBC', propose('2026-02-30'), 'REPO_DATES_INVALID');
    assertRefused(t, 'HSBC', propose('2026-01-08', 'repo-open'), 'REPO_NOT_TERM');
    assertRefused(t, 'HSBC', accept(), 'REPO_TERMINATION_NONE');
    t.accept('HARBOUR', propose('2026-01-08'));
    assertRefused(t, 'HARBOUR', accept(), 'REPO_TERMINATION_WRONG_PARTY');
    assertRefused(t, 'operator', accept(), 'REPO_TERMINATION_WRONG_PARTY');
    // Accepted only after the agreed day has gone.
    at(t, '2026-01-09', '10:00');
    assertRefused(t, 'HSBC', accept(), 'REPO_TERMINATION_DATE_PAST');
  });

  test('accepted for today: the end leg settles at once with 3 days of interest', () => {
    const t = lifeMarket();
    t.accept('operator', openRepoCommand());
    const fund_cash = cnh(t, FUND) - 104_201_908n;
    at(t, '2026-01-08', '09:00');
    const proposed = t.accept('HSBC', propose('2026-01-08')).events;
    assert.equal(proposed[0]?.type, 'repo_termination_proposed');
    const events = t.accept('HARBOUR', accept()).events;
    const ended = events.find((e) => e.type === 'repo_terminated');
    assert.ok(ended?.type === 'repo_terminated');
    // 104,201,908 × 1.85 % × 3 / 365 = 15,844.40 → 15,844.
    assert.equal(ended.days, 3);
    assert.equal(ended.repurchase_price_minor, 104_217_752n);
    assert.equal(fund_cash - cnh(t, FUND), 15_844n, 'the fund paid three days of interest');
    assert.equal(t.hub.state.financing.repos.size, 0);
    assert.equal(t.hub.state.financing.terminations.size, 0);
    t.hub.checkInvariants();
  });

  test('accepted for a later day: the repurchase date moves and the repo closes then', () => {
    const t = lifeMarket();
    t.accept('operator', openRepoCommand());
    t.accept('HARBOUR', propose('2026-01-09'));
    at(t, '2026-01-07', '10:00');
    const events = t.accept('HSBC', accept()).events;
    assert.equal(events[0]?.type, 'repo_termination_agreed');
    assert.equal(t.hub.state.financing.repos.get('repo-1')?.terms.repurchase_date, '2026-01-09');
    const close = wire({ type: 'financing.close_repo', repo_id: 'repo-1' });
    at(t, '2026-01-08', '10:00');
    assertRefused(t, 'HSBC', close, 'REPO_NOT_DUE');
    at(t, '2026-01-09', '10:00');
    const closed = t.accept('HSBC', close).events.find((e) => e.type === 'repo_closed');
    assert.ok(closed?.type === 'repo_closed');
    // 104,201,908 × 1.85 % × 4 / 365 = 21,125.87 → 21,126.
    assert.equal(closed.days, 4);
    assert.equal(closed.repurchase_price_minor, 104_223_034n);
    t.hub.checkInvariants();
  });
});
