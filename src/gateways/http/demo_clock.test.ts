import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { timestampAt } from '../../kernel/time.js';
import { advanceTradingTime, DemoClock, nextTradingMoment, windowAt } from './demo_clock.js';

const MINUTE = 60_000_000;

describe('demo clock', () => {
  test('starts at the first trading moment: 09:30 on the first demo day', () => {
    assert.equal(
      nextTradingMoment(timestampAt('2026-01-05', '08:00')),
      timestampAt('2026-01-05', '09:30'),
    );
    const inside = timestampAt('2026-01-05', '10:17');
    assert.equal(nextTradingMoment(inside), inside);
  });

  test('skips lunch, the closing auctions and the night', () => {
    const before_lunch = timestampAt('2026-01-05', '11:29');
    assert.equal(advanceTradingTime(before_lunch, 2 * MINUTE), timestampAt('2026-01-05', '13:01'));
    const before_close = timestampAt('2026-01-05', '14:56');
    assert.equal(advanceTradingTime(before_close, 2 * MINUTE), timestampAt('2026-01-06', '09:31'));
  });

  test('skips weekends and days either market is closed', () => {
    // Friday 9 January 2026 to Monday 12 January
    assert.equal(
      advanceTradingTime(timestampAt('2026-01-09', '14:50'), 10 * MINUTE),
      timestampAt('2026-01-12', '09:33'),
    );
    // 1–2 January 2026 are Mainland holidays (Hong Kong trades on the 2nd)
    assert.equal(
      nextTradingMoment(timestampAt('2025-12-31', '15:30')),
      timestampAt('2026-01-05', '09:30'),
    );
    assert.equal(windowAt(timestampAt('2026-01-10', '10:00')), null, 'a Saturday has no window');
  });

  test('moves with the wall clock, never backwards, and only within windows', () => {
    let wall = 1_000;
    const clock = new DemoClock(timestampAt('2026-01-05', '11:00'), () => wall);
    const start = clock.now_us();
    wall += 10 * 60_000; // ten minutes
    assert.equal(clock.now_us(), start + 10 * MINUTE);
    wall -= 5_000; // the wall clock steps back: hub time does not
    assert.equal(clock.now_us(), start + 10 * MINUTE);
    wall += 3 * 3_600_000; // three hours: 20 min to lunch, 1 h 57 min after it, 43 min next day
    const later = clock.now_us();
    assert.ok(windowAt(later) !== null, 'always inside a window');
    assert.equal(later, timestampAt('2026-01-06', '09:30') + 43 * MINUTE);
  });

  test('past the calendars there is no window and the clock follows the wall', () => {
    const far = timestampAt('2028-06-01', '10:00');
    assert.equal(nextTradingMoment(far), null);
    assert.equal(advanceTradingTime(far, MINUTE), far + MINUTE);
  });
});
