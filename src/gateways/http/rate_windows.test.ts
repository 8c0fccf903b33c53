import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countWindow, rateWindows, waitText } from './rate_windows.js';

const HOUR_MS = 3_600_000;

describe("the rate limiter windows (the plugin's LocalStore, shared with the order door)", () => {
  test('counts a key within its window, each key apart', () => {
    const windows = rateWindows();
    assert.equal(countWindow(windows, 'a', HOUR_MS).current, 1);
    assert.equal(countWindow(windows, 'a', HOUR_MS).current, 2);
    assert.equal(countWindow(windows, 'b', HOUR_MS).current, 1);
    const third = countWindow(windows, 'a', HOUR_MS);
    assert.equal(third.current, 3);
    assert.ok(third.ttl > 0 && third.ttl <= HOUR_MS);
  });

  test('a window that has ended starts again at one', () => {
    const windows = rateWindows();
    countWindow(windows, 'a', 0);
    assert.equal(countWindow(windows, 'a', 0).current, 1, 'a window of 0 ms has always ended');
  });

  test('answers the plugin through incr and read; read does not count', () => {
    const windows = rateWindows();
    const seen: number[] = [];
    windows.incr(
      'k',
      (error, count) => {
        assert.equal(error, null);
        seen.push(count.current);
      },
      HOUR_MS,
    );
    windows.read('k', (_error, count) => seen.push(count.current), HOUR_MS);
    windows.read('other', (_error, count) => seen.push(count.current), HOUR_MS);
    windows.incr('k', (_error, count) => seen.push(count.current), HOUR_MS);
    assert.deepEqual(seen, [1, 1, 0, 2]);
    const child = windows.child({});
    assert.notEqual(child, windows, "a child limiter's counts are its own");
    assert.equal(countWindow(child, 'k', HOUR_MS).current, 1);
  });

  test('keeps the 5,000 keys seen last, as the plugin does', () => {
    const windows = rateWindows();
    countWindow(windows, 'first', HOUR_MS);
    countWindow(windows, 'kept', HOUR_MS);
    for (let i = 0; i < 4_998; i += 1) countWindow(windows, `key-${i}`, HOUR_MS);
    countWindow(windows, 'kept', HOUR_MS); // seen again: now the most recent
    countWindow(windows, 'one-more', HOUR_MS); // 5,001 keys: the least recently seen goes
    assert.equal(countWindow(windows, 'kept', HOUR_MS).current, 3);
    assert.equal(countWindow(windows, 'first', HOUR_MS).current, 1, 'forgotten, so counted afresh');
  });

  test("the wait in the 429's message reads as the plugin's", () => {
    assert.equal(waitText(0), '0 ms');
    assert.equal(waitText(1), '1 second');
    assert.equal(waitText(59), '59 seconds');
    assert.equal(waitText(60), '1 minute');
    assert.equal(waitText(90), '2 minutes');
    assert.equal(waitText(7_200), '2 hours');
    assert.equal(waitText(86_400), '1 day');
  });
});
