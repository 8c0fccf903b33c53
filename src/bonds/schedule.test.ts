import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayNumber, isoDate } from '../kernel/index.js';
import { days30360 } from './day_count.js';
import { div, exp, LN2, ln, ONE, pow } from './fixed.js';
import { addMonths, adjustDay, buildSchedule, periodIndex, WEEKDAYS_ONLY } from './schedule.js';
import { CGB_2016_19 } from './testing.js';

const d = dayNumber;

describe('coupon schedules', () => {
  it('rolls a 30-year semi-annual CGB back from maturity: 60 periods, 22 Feb and 22 Aug', () => {
    const s = buildSchedule(CGB_2016_19);
    assert.equal(s.periods.length, 60);
    const first = s.periods[0];
    assert.equal(first && isoDate(first.start_day), '2016-08-22');
    assert.equal(first && isoDate(first.end_day), '2017-02-22');
    assert.equal(periodIndex(s, d('2017-02-22')), 1, 'a coupon date starts the next period');
    assert.equal(periodIndex(s, d('2046-08-22')), -1);
  });

  it('keeps month ends when maturity is a month end', () => {
    const s = buildSchedule({
      ...CGB_2016_19,
      issue_date: '2025-02-28',
      maturity_date: '2027-02-28',
    });
    const ends = s.periods.map((p) => isoDate(p.end_day));
    assert.deepEqual(ends, ['2025-08-31', '2026-02-28', '2026-08-31', '2027-02-28']);
  });

  it('gives an off-cycle issue a short first stub with its notional start', () => {
    const s = buildSchedule({
      ...CGB_2016_19,
      issue_date: '2025-03-10',
      maturity_date: '2027-06-15',
    });
    const first = s.periods[0];
    assert.ok(first !== undefined);
    assert.equal(isoDate(first.start_day), '2025-03-10');
    assert.equal(isoDate(first.notional_start_day), '2024-12-15');
    assert.equal(isoDate(first.payment_day), '2025-06-16', 'Sunday 15 June paid Monday');
  });

  it('moves payment days by following, modified following and preceding', () => {
    const sunday = d('2025-08-31');
    assert.equal(isoDate(adjustDay(sunday, 'following', WEEKDAYS_ONLY)), '2025-09-01');
    assert.equal(isoDate(adjustDay(sunday, 'modified_following', WEEKDAYS_ONLY)), '2025-08-29');
    assert.equal(isoDate(adjustDay(sunday, 'preceding', WEEKDAYS_ONLY)), '2025-08-29');
    assert.equal(isoDate(adjustDay(sunday, 'unadjusted', WEEKDAYS_ONLY)), '2025-08-31');
    const holiday = (day: number) => WEEKDAYS_ONLY(day) && day !== d('2025-09-01');
    assert.equal(isoDate(adjustDay(sunday, 'following', holiday)), '2025-09-02');
  });

  it('adds months with the day of month clamped', () => {
    assert.equal(isoDate(addMonths(d('2024-08-31'), -6, false)), '2024-02-29');
    assert.equal(isoDate(addMonths(d('2024-02-29'), 12, false)), '2025-02-28');
    assert.equal(isoDate(addMonths(d('2025-02-28'), 6, true)), '2025-08-31');
  });

  it('counts 30/360 bond basis days (ISDA 2006 4.16(f))', () => {
    assert.equal(days30360(d('2025-01-31'), d('2025-03-31')), 60);
    assert.equal(days30360(d('2025-01-15'), d('2025-03-31')), 76);
    assert.equal(days30360(d('2025-02-28'), d('2025-08-31')), 183);
  });
});

describe('fixed-point ln and exp', () => {
  const near = (a: bigint, b: bigint, units: bigint) => (a > b ? a - b : b - a) <= units;

  it('are inverse and exact to a few units of 10^-24', () => {
    assert.equal(ln(ONE), 0n);
    assert.equal(exp(0n), ONE);
    assert.ok(near(exp(LN2), 2n * ONE, 10n));
    assert.ok(near(exp(ln(3n * ONE)), 3n * ONE, 10n));
    assert.ok(near(pow(4n * ONE, ONE / 2n), 2n * ONE, 10n));
    assert.ok(near(exp(-ln(div(ONE * 103n, ONE * 100n))), div(ONE * 100n, ONE * 103n), 10n));
  });
});
