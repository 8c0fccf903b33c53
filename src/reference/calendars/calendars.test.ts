import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AssertionError, addDays, dayNumber, isoDate, type Outcome } from '../../kernel/index.js';
import {
  addBusinessDays,
  buildCalendar,
  dayKind,
  isHalfDay,
  isTradingDay,
  type MarketCalendar,
  nextTradingDay,
  previousTradingDay,
} from './calendar.js';
import {
  CN_EXCHANGE_CALENDAR as CN,
  CONNECT_CALENDAR as CONNECT,
  calendarFor,
  calendarWarnings,
  HK_EXCHANGE_CALENDAR as HK,
  isConnectTradingDay,
} from './calendars.js';

function value<T>(outcome: Outcome<T>): T {
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.value;
}

function open(calendar: MarketCalendar, date: string): boolean {
  return value(isTradingDay(calendar, date));
}

function code(outcome: Outcome<unknown>): string | undefined {
  return outcome.ok ? undefined : outcome.code;
}

function tradingDaysIn(calendar: MarketCalendar, year: number): number {
  let count = 0;
  for (let day = dayNumber(`${year}-01-01`); day <= dayNumber(`${year}-12-31`); day += 1) {
    if (open(calendar, isoDate(day))) count += 1;
  }
  return count;
}

describe('market calendars 2025-2026', () => {
  test('Lunar New Year 2025 closes both markets; its eve is a Hong Kong half day', () => {
    assert.ok(!open(CN, '2025-01-29') && !open(HK, '2025-01-29'));
    assert.ok(!open(CN, '2025-01-28') && open(HK, '2025-01-28'));
    assert.ok(value(isHalfDay(HK, '2025-01-28')));
    assert.ok(!open(CN, '2026-02-17') && !open(HK, '2026-02-17'));
    assert.ok(value(isHalfDay(HK, '2026-02-16')));
  });

  test('Good Friday closes Hong Kong only; 8 October 2025 closes the Mainland only', () => {
    assert.ok(open(CN, '2025-04-18') && !open(HK, '2025-04-18'));
    assert.ok(!open(CN, '2025-10-08') && open(HK, '2025-10-08'));
    assert.ok(!open(HK, '2026-04-07') && open(CN, '2026-04-07')); // Ching Ming moved past Easter
  });

  test('weekends are closed, including the Mainland make-up working days', () => {
    assert.ok(!open(CN, '2025-01-26')); // a working Sunday, but the exchanges stay shut
    assert.ok(!open(CN, '2025-02-08'));
    assert.ok(!open(HK, '2025-06-07'));
    assert.ok(open(CN, '2025-06-09') && open(HK, '2025-06-09'));
  });

  test('dayKind tells closed, half and full days apart', () => {
    assert.deepEqual(dayKind(HK, '2025-12-24'), { ok: true, value: 'half_day' });
    assert.deepEqual(dayKind(HK, '2025-12-25'), { ok: true, value: 'closed' });
    assert.deepEqual(dayKind(CN, '2025-12-24'), { ok: true, value: 'full_day' });
    assert.equal(code(dayKind(CN, '2028-01-04')), 'CALENDAR_NOT_COVERED');
  });

  test('Christmas and New Year eves are Hong Kong half days; the Mainland has none', () => {
    for (const date of ['2025-12-24', '2025-12-31', '2026-12-24', '2026-12-31']) {
      assert.ok(value(isHalfDay(HK, date)), date);
      assert.ok(!value(isHalfDay(CN, date)), date);
    }
    assert.ok(!value(isHalfDay(HK, '2025-12-23')));
  });

  test('trading-day counts follow from the data (2025 A shares: 243 days)', () => {
    assert.equal(tradingDaysIn(CN, 2025), 243);
    assert.equal(tradingDaysIn(CN, 2026), 242);
    assert.equal(tradingDaysIn(HK, 2025), 246);
    assert.equal(tradingDaysIn(HK, 2026), 247);
  });

  test('every year names its source and confidence', () => {
    for (const calendar of [CN, HK, CONNECT]) {
      assert.deepEqual(
        calendar.years.map((year) => year.year),
        [2025, 2026, 2027],
      );
      for (const year of calendar.years) {
        assert.ok(year.source.length > 0 && ['high', 'medium', 'low'].includes(year.confidence));
      }
    }
  });

  test('markets map to their calendars', () => {
    assert.equal(calendarFor('XSHG'), CN);
    assert.equal(calendarFor('XSHE'), CN);
    assert.equal(calendarFor('XHKG'), HK);
    assert.equal(calendarFor('CMU'), HK);
    assert.equal(calendarFor('VATP'), undefined);
  });
});

describe('refusing to guess', () => {
  test('dates outside 2025-2027 are not covered', () => {
    for (const date of ['2024-12-31', '2028-01-04']) {
      const outcome = isTradingDay(CN, date);
      assert.equal(code(outcome), 'CALENDAR_NOT_COVERED');
      assert.equal(!outcome.ok && outcome.details.last_date, '2027-12-31');
    }
    assert.equal(code(isHalfDay(HK, '2028-12-22')), 'CALENDAR_NOT_COVERED');
    assert.equal(code(addBusinessDays(HK, '2027-12-31', 1)), 'CALENDAR_NOT_COVERED');
    assert.equal(code(addBusinessDays(HK, '2025-01-02', -1)), 'CALENDAR_NOT_COVERED');
    assert.equal(code(nextTradingDay(CN, '2027-12-31')), 'CALENDAR_NOT_COVERED');
    assert.equal(code(previousTradingDay(CN, '2025-01-02')), 'CALENDAR_NOT_COVERED');
  });

  test('malformed dates are refused as such', () => {
    for (const date of ['2025-02-29', '2025-1-02', '20250102', '']) {
      assert.equal(code(isTradingDay(HK, date)), 'INVALID_DATE', date);
      assert.equal(code(addBusinessDays(HK, date, 1)), 'INVALID_DATE', date);
    }
  });

  test('T+n counts from a trading day only', () => {
    const outcome = addBusinessDays(CN, '2025-10-01', 1);
    assert.equal(code(outcome), 'NOT_A_TRADING_DAY');
    assert.deepEqual(!outcome.ok && outcome.details, {
      calendar: 'cn_exchange',
      date: '2025-10-01',
    });
    assert.equal(code(addBusinessDays(HK, '2025-06-07', 0)), 'NOT_A_TRADING_DAY');
  });

  test('inconsistent calendar data crashes at load time', () => {
    const year = { year: 2025, half_days: [], source: 's', confidence: 'high', note: '' } as const;
    const weekend = { ...year, closed: [{ date: '2025-01-04', name: 'a Saturday' }] };
    const twice = {
      ...year,
      closed: [
        { date: '2025-01-01', name: 'a' },
        { date: '2025-01-01', name: 'b' },
      ],
    };
    const wrong_year = { ...year, closed: [{ date: '2026-01-01', name: 'next year' }] };
    for (const bad of [weekend, twice, wrong_year]) {
      assert.throws(
        () => buildCalendar({ id: 'cn_exchange', name: 'bad', years: [bad] }),
        AssertionError,
      );
    }
  });
});

describe('T+n and neighbouring trading days', () => {
  test('T+1 skips holidays and weekends', () => {
    assert.equal(value(addBusinessDays(CN, '2025-01-27', 1)), '2025-02-05');
    assert.equal(value(addBusinessDays(HK, '2025-04-17', 1)), '2025-04-22');
    assert.equal(value(addBusinessDays(HK, '2025-04-17', 2)), '2025-04-23');
    assert.equal(value(addBusinessDays(HK, '2025-12-24', 1)), '2025-12-29');
  });

  test('T+0 is the day itself and negative n counts back', () => {
    assert.equal(value(addBusinessDays(HK, '2025-12-24', 0)), '2025-12-24');
    assert.equal(value(addBusinessDays(CN, '2025-02-05', -1)), '2025-01-27');
  });

  test('next and previous trading days work from closed days too', () => {
    assert.equal(value(nextTradingDay(CN, '2025-10-01')), '2025-10-09');
    assert.equal(value(nextTradingDay(HK, '2025-10-06')), '2025-10-08');
    assert.equal(value(previousTradingDay(HK, '2025-12-29')), '2025-12-24');
    assert.equal(value(previousTradingDay(CN, '2026-02-24')), '2026-02-13');
  });

  test('n days forward then n days back returns to the start', () => {
    const first = dayNumber('2025-01-01');
    fc.assert(
      fc.property(
        fc.constantFrom(CN, HK, CONNECT),
        fc.integer({ min: 0, max: 729 }),
        fc.integer({ min: -40, max: 40 }),
        (calendar, offset, n) => {
          const date = isoDate(first + offset);
          fc.pre(open(calendar, date));
          const moved = addBusinessDays(calendar, date, n);
          fc.pre(moved.ok);
          assert.ok(open(calendar, moved.value));
          assert.equal(value(addBusinessDays(calendar, moved.value, -n)), date);
          if (n === 1) assert.equal(moved.value, value(nextTradingDay(calendar, date)));
        },
      ),
      { seed: 20230424 },
    );
  });
});

describe('Stock Connect trading days', () => {
  test('open only when both markets are open', () => {
    const cases: Record<string, boolean> = {
      '2025-01-28': false, // Mainland closed, Hong Kong half day
      '2025-01-29': false,
      '2025-04-18': false, // Hong Kong only
      '2025-10-08': false, // Mainland only
      '2025-10-09': true,
      '2025-12-24': true, // a Hong Kong half day is still a Connect day
      '2026-02-17': false,
      '2026-04-07': false,
    };
    for (const [date, expected] of Object.entries(cases)) {
      assert.equal(value(isConnectTradingDay(date)), expected, date);
    }
  });

  test('the Connect calendar is exactly the intersection, day by day', () => {
    for (let date = '2025-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      assert.equal(open(CONNECT, date), open(CN, date) && open(HK, date), date);
    }
  });

  test('after the 2025 National Day break the next Connect day is 9 October', () => {
    assert.equal(value(nextTradingDay(CONNECT, '2025-09-30')), '2025-10-09');
    assert.equal(code(isConnectTradingDay('2028-01-04')), 'CALENDAR_NOT_COVERED');
  });
});

describe('calendar names and messages', () => {
  test('the Gazette names 6 April 2026 after Ching Ming and 7 April after Easter Monday', () => {
    const year = HK.years.find((y) => y.year === 2026);
    const name = (date: string) => year?.closed.find((h) => h.date === date)?.name;
    assert.equal(name('2026-04-06'), 'The day following Ching Ming Festival');
    assert.equal(name('2026-04-07'), 'The day following Easter Monday');
  });

  test('refusals name the calendar once', () => {
    for (const outcome of [
      isTradingDay(HK, '2099-01-05'),
      addBusinessDays(CONNECT, CONNECT.last_date.replace('-31', '-30'), 30),
    ]) {
      assert.ok(!outcome.ok);
      assert.equal(outcome.code, 'CALENDAR_NOT_COVERED');
      assert.ok(!/calendar calendar/i.test(outcome.message), outcome.message);
    }
  });
});

describe('calendar runway', () => {
  test('warns when fewer than 60 trading days of data are left, not before', () => {
    assert.deepEqual(calendarWarnings('2027-06-01'), []);
    const late = calendarWarnings('2027-10-15');
    assert.deepEqual(
      late.map((w) => w.calendar),
      ['cn_exchange', 'hk_exchange', 'connect'],
    );
    for (const warning of late) {
      assert.equal(warning.last_date, '2027-12-31');
      assert.ok(warning.business_days_left > 0 && warning.business_days_left < 60);
      assert.ok(warning.message.includes('2027-12-31'));
    }
    const past = calendarWarnings('2028-02-01');
    assert.ok(past.every((w) => w.business_days_left === 0));
  });
});
