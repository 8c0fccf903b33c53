import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertRefused, wire } from '../bonds/testing.js';
import { lifeMarket, openRepoCommand as openTerm } from './life_testing.js';

/** CNY 0.5 m of face each: the fund's 20,000 units cover three. */
const openRepoCommand = (extra: object) => openTerm({ face_minor: '50000000', ...extra });

/** A schedule taking CGBs at 5 % up to 10 years and 8 % up to 30 (an operator's policy). */
const schedule = (extra: object = {}) => ({
  name: 'Northbound repo floor (test)',
  basis: 'assumption: the operator policy of this test',
  issuer_kinds: ['cgb', 'policy_bank'],
  currencies: ['CNY'],
  bands: [
    { max_remaining_months: 120, haircut_ppm: 50_000 },
    { max_remaining_months: 360, haircut_ppm: 80_000 },
  ],
  issuer_concentration_max_ppm: 1_000_000,
  ...extra,
});
const set = (s: object | null) => wire({ type: 'financing.set_repo_schedule', schedule: s });

test("the operator's repo schedule: eligibility and the least haircut by remaining maturity", () => {
  const t = lifeMarket();
  // No schedule: the parties' 2 % stands (the sources publish none).
  t.accept('HSBC', openRepoCommand({ repo_id: 'free' }));

  assertRefused(t, 'HSBC', set(schedule()), 'NOT_AUTHORIZED');
  const backwards = schedule({ bands: [...schedule().bands].reverse() });
  assertRefused(t, 'operator', set(backwards), 'SCHEDULE_BANDS_INVALID');
  t.accept('operator', set(schedule()));

  // The CGB matures in August 2046, about 20 years and 7 months on: the 8 % band.
  assertRefused(t, 'HSBC', openRepoCommand({ repo_id: 'r-2' }), 'REPO_HAIRCUT_BELOW_SCHEDULE');
  const at_79999 = openRepoCommand({ repo_id: 'r-2', haircut_ppm: 79_999 });
  assertRefused(t, 'HSBC', at_79999, 'REPO_HAIRCUT_BELOW_SCHEDULE');
  t.accept('HSBC', openRepoCommand({ repo_id: 'r-2', haircut_ppm: 80_000 }));

  t.accept('operator', set(schedule({ issuer_kinds: ['policy_bank'] })));
  const cgb = openRepoCommand({ repo_id: 'r-3', haircut_ppm: 80_000 });
  assertRefused(t, 'HSBC', cgb, 'COLLATERAL_NOT_ELIGIBLE');
  t.accept('operator', set(schedule({ bands: [{ max_remaining_months: 120, haircut_ppm: 0 }] })));
  assertRefused(t, 'HSBC', cgb, 'COLLATERAL_MATURITY_NOT_ACCEPTED');

  // Removed: any haircut the parties agree again.
  t.accept('operator', set(null));
  t.accept('HSBC', openRepoCommand({ repo_id: 'r-3' }));
  assert.equal(t.hub.state.financing.repo_schedule, null);
});
