import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clockSeconds, type Outcome, timestampAt } from '../kernel/index.js';
import type { Market } from './markets.js';
import {
  type SessionPhase,
  sessionPhaseAt,
  sessionPhaseAtTimestamp,
  sessionSchedule,
} from './sessions.js';

const TRADING_DAY = '2025-06-10'; // a Tuesday open in both markets
const HALF_DAY = '2025-12-24';

function phase(market: Market, date: string, clock: string): SessionPhase {
  const outcome: Outcome<SessionPhase> = sessionPhaseAt(market, date, clockSeconds(clock));
  assert.ok(outcome.ok, JSON.stringify(outcome));
  return outcome.value;
}

function expectPhases(market: Market, date: string, expected: Record<string, SessionPhase>): void {
  for (const [clock, wanted] of Object.entries(expected)) {
    assert.equal(phase(market, date, clock), wanted, `${market} ${date} ${clock}`);
  }
}

describe('SSE and SZSE sessions', () => {
  const day: Record<string, SessionPhase> = {
    '00:00': 'closed',
    '09:14:59': 'closed',
    '09:15': 'opening_call',
    '09:19:59': 'opening_call',
    '09:20': 'opening_call_no_cancel',
    '09:25': 'opening_pause',
    '09:29:59': 'opening_pause',
    '09:30': 'continuous',
    '11:29:59': 'continuous',
    '11:30': 'lunch_break',
    '13:00': 'continuous',
    '14:56:59': 'continuous',
    '14:57': 'closing_call_no_cancel',
    '14:59:59': 'closing_call_no_cancel',
    '15:00': 'closed',
    '23:59:59': 'closed',
  };

  test('opening call 09:15-09:25 (no cancels from 09:20), continuous, closing call 14:57-15:00', () => {
    expectPhases('XSHG', TRADING_DAY, day);
    expectPhases('XSHE', TRADING_DAY, day);
  });

  test('closed all day on a Mainland holiday and at weekends', () => {
    assert.equal(phase('XSHG', '2025-10-08', '10:00'), 'closed');
    assert.equal(phase('XSHE', '2025-06-07', '10:00'), 'closed');
    assert.equal(phase('XSHG', '2025-04-18', '10:00'), 'continuous'); // Good Friday: HK only
  });
});

describe('SEHK sessions', () => {
  test('pre-opening sub-phases, lunch, and the closing auction', () => {
    expectPhases('XHKG', TRADING_DAY, {
      '08:59:59': 'closed',
      '09:00': 'opening_call',
      '09:15': 'opening_call_no_cancel',
      '09:20': 'opening_uncross',
      '09:28': 'blocking',
      '09:30': 'continuous',
      '12:00': 'lunch_break',
      '12:30': 'lunch_cancel_only',
      '13:00': 'continuous',
      '15:59:59': 'continuous',
      '16:00': 'closing_reference',
      '16:01': 'closing_call',
      '16:06': 'closing_call_no_cancel',
      '16:08': 'closing_random_close',
      '16:09:59': 'closing_random_close',
      '16:10': 'closed',
    });
  });

  test('a half day ends continuous trading at noon with the closing auction 12:00-12:10', () => {
    expectPhases('XHKG', HALF_DAY, {
      '09:00': 'opening_call',
      '11:59:59': 'continuous',
      '12:00': 'closing_reference',
      '12:01': 'closing_call',
      '12:06': 'closing_call_no_cancel',
      '12:08': 'closing_random_close',
      '12:10': 'closed',
      '14:00': 'closed',
    });
    assert.equal(phase('XSHG', HALF_DAY, '14:00'), 'continuous');
  });

  test('closed on Hong Kong holidays', () => {
    assert.equal(phase('XHKG', '2025-04-18', '10:00'), 'closed');
  });

  test('the schedules are data with ascending clock times', () => {
    for (const schedule of [
      sessionSchedule('XSHG', false),
      sessionSchedule('XHKG', false),
      sessionSchedule('XHKG', true),
    ]) {
      assert.equal(schedule[0]?.from, '00:00');
      for (let index = 1; index < schedule.length; index += 1) {
        assert.ok((schedule[index]?.from ?? '') > (schedule[index - 1]?.from ?? ''));
      }
    }
  });
});

describe('other markets and refusals', () => {
  test('a virtual-asset platform trades continuously every day', () => {
    assert.equal(phase('VATP', '2025-01-29', '03:00'), 'continuous');
    assert.equal(phase('VATP', '2030-01-01', '03:00'), 'continuous');
  });

  test('CMU and CIBM have no trading sessions', () => {
    for (const market of ['CMU', 'CIBM'] as const) {
      const outcome = sessionPhaseAt(market, TRADING_DAY, clockSeconds('10:00'));
      assert.equal(!outcome.ok && outcome.code, 'NO_TRADING_SESSIONS', market);
    }
  });

  test('dates outside the calendars are refused, not guessed', () => {
    const outcome = sessionPhaseAt('XHKG', '2028-03-01', clockSeconds('10:00'));
    assert.equal(!outcome.ok && outcome.code, 'CALENDAR_NOT_COVERED');
  });

  test('reads a hub timestamp in UTC+8', () => {
    const at = timestampAt(TRADING_DAY, '09:30');
    assert.deepEqual(sessionPhaseAtTimestamp('XSHG', at), { ok: true, value: 'continuous' });
    assert.deepEqual(sessionPhaseAtTimestamp('XHKG', at - 1), { ok: true, value: 'blocking' });
  });
});
