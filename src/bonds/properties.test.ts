import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, dayNumber } from '../kernel/index.js';
import { accruedPriceE8, cleanPriceFromYield } from './pricing.js';
import { buildSchedule, periodIndex } from './schedule.js';
import { CGB_2016_19 } from './testing.js';
import { type BondTerms, DAY_COUNTS, RATE_SCALE } from './types.js';
import { yieldFromCleanPrice } from './yield.js';

const SEED = 20_261_205;

const bondArbitrary = fc
  .record({
    rate_bp: fc.integer({ min: 0, max: 1_000 }),
    frequency: fc.constantFrom(1 as const, 2 as const, 4 as const),
    issue_offset_days: fc.integer({ min: 0, max: 3_000 }),
    tenor_days: fc.integer({ min: 40, max: 30 * 365 }),
    day_count: fc.constantFrom(...DAY_COUNTS),
    yield_convention: fc.constantFrom('ccdc' as const, 'annual' as const),
    settle_permille: fc.integer({ min: 0, max: 999 }),
  })
  .map((r) => {
    const issue_date = addDays('2018-01-01', r.issue_offset_days);
    const terms: BondTerms = {
      ...CGB_2016_19,
      coupon: { kind: 'fixed', rate_e12: BigInt(r.rate_bp) * (RATE_SCALE / 10_000n) },
      frequency: r.frequency,
      day_count: r.day_count,
      yield_convention: r.yield_convention,
      issue_date,
      maturity_date: addDays(issue_date, r.tenor_days),
    };
    const settlement_day =
      dayNumber(issue_date) + Math.floor((r.tenor_days * r.settle_permille) / 1000);
    return { terms, settlement_day };
  });

function ok<T>(outcome: { ok: true; value: T } | { ok: false; code: string }): T {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.code);
  return outcome.value;
}

describe(`bond arithmetic properties (fast-check seed ${SEED})`, () => {
  it('price → yield → price comes back within one price unit (10^-8 per 100)', () => {
    fc.assert(
      fc.property(bondArbitrary, fc.integer({ min: -100, max: 1_500 }), (bond, yield_bp) => {
        const schedule = buildSchedule(bond.terms);
        const y = BigInt(yield_bp) * (RATE_SCALE / 10_000n);
        const clean = ok(cleanPriceFromYield(schedule, bond.settlement_day, y));
        const back = ok(yieldFromCleanPrice(schedule, bond.settlement_day, clean));
        const again = ok(cleanPriceFromYield(schedule, bond.settlement_day, back));
        const gap = again > clean ? again - clean : clean - again;
        assert.ok(gap <= 1n, `${clean} → ${back} → ${again}`);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('accrued interest never decreases within a coupon period and is zero at its start', () => {
    fc.assert(
      fc.property(bondArbitrary, fc.integer({ min: 0, max: 400 }), (bond, step) => {
        const schedule = buildSchedule(bond.terms);
        const k = periodIndex(schedule, bond.settlement_day);
        const period = schedule.periods[k];
        assert.ok(period !== undefined);
        const later = Math.min(bond.settlement_day + step, period.end_day - 1);
        const a = ok(accruedPriceE8(schedule, bond.settlement_day));
        const b = ok(accruedPriceE8(schedule, later));
        assert.ok(a <= b, `${a} > ${b}`);
        assert.equal(ok(accruedPriceE8(schedule, period.start_day)), 0n);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
