import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  civilFromDays,
  dayNumber,
  daysFromCivil,
  isIsoDate,
  isoDate,
  isoTimestamp,
  marketDate,
  secondOfDay,
  timestampAt,
  weekday,
} from './time.js';

describe('civil dates', () => {
  test('agree with the platform calendar over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 150_000 }), (days) => {
        const ours = civilFromDays(days);
        const theirs = new Date(days * 86_400_000);
        assert.deepEqual(ours, {
          year: theirs.getUTCFullYear(),
          month: theirs.getUTCMonth() + 1,
          day: theirs.getUTCDate(),
        });
        assert.equal(daysFromCivil(ours.year, ours.month, ours.day), days);
      }),
    );
  });

  test('know weekdays: 2025-01-01 was a Wednesday, 2026-11-21 a Saturday', () => {
    assert.equal(weekday(dayNumber('2025-01-01')), 2);
    assert.equal(weekday(dayNumber('2026-11-21')), 5);
  });

  test('validate ISO dates strictly', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2025-02-29'));
    assert.ok(!isIsoDate('2025-13-01'));
    assert.ok(!isIsoDate('2025-1-01'));
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(isoDate(dayNumber('2025-03-01') - 1), '2025-02-28');
  });
});

describe('market time (UTC+8)', () => {
  test('09:30 in Hong Kong is 01:30 UTC', () => {
    const t = timestampAt('2025-06-03', '09:30');
    assert.equal(isoTimestamp(t), '2025-06-03T01:30:00.000000Z');
    assert.equal(marketDate(t), '2025-06-03');
    assert.equal(secondOfDay(t), 9 * 3600 + 30 * 60);
  });

  test('just after local midnight belongs to the new local date', () => {
    const t = timestampAt('2025-06-03', '00:00:01');
    assert.equal(marketDate(t), '2025-06-03');
    assert.equal(marketDate(t - 2_000_000), '2025-06-02');
  });
});
