import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HubEvent } from '../../hub/index.js';
import { timestampAt } from '../../kernel/time.js';
import type { Episode } from '../../sim/abuse/index.js';
import {
  count,
  type Flag,
  hftTruth,
  matches,
  peakPerSecond,
  score,
  TOLERANCE_US,
} from './evaluation.js';

const episode: Episode = {
  episode_id: 'e1',
  kind: 'spoofing_layering',
  subtype: 'layering',
  agent: 'test',
  owners: ['a'],
  instruments: ['X'],
  window_start_us: 1_000_000_000,
  window_end_us: 1_010_000_000,
  completed: true,
  note: '',
};

const flag: Flag = {
  kind: 'spoofing_layering',
  subtype: 'spoofing',
  owners: ['a'],
  instrument: 'X',
  window_start_us: 1_005_000_000,
  window_end_us: 1_011_000_000,
};

test('an alert matches an episode of its kind with a shared owner, the instrument and overlapping time', () => {
  assert.ok(matches(flag, episode));
  assert.ok(!matches({ ...flag, kind: 'wash_trade' }, episode), 'kind');
  assert.ok(matches({ ...flag, kind: 'baseline' }, episode, true), 'any kind for the baseline');
  assert.ok(!matches({ ...flag, owners: ['b'] }, episode), 'owner');
  assert.ok(!matches({ ...flag, instrument: 'Y' }, episode), 'instrument');
  assert.ok(matches({ ...flag, instrument: null }, episode), 'an alert without instrument');
  const after = episode.window_end_us + TOLERANCE_US;
  assert.ok(matches({ ...flag, window_start_us: after, window_end_us: after + 1 }, episode));
  assert.ok(!matches({ ...flag, window_start_us: after + 1, window_end_us: after + 2 }, episode));
});

test('abnormal-trading alerts must share the subtype; a convergent alert half of its owners', () => {
  const abnormal = { ...episode, kind: 'abnormal_trading' as const, subtype: 'repeated_push' };
  assert.ok(matches({ ...flag, kind: 'abnormal_trading', subtype: 'repeated_push' }, abnormal));
  assert.ok(!matches({ ...flag, kind: 'abnormal_trading', subtype: 'order_burst' }, abnormal));
  const herd = { ...episode, kind: 'convergent_trading' as const, owners: ['a', 'b', 'c'] };
  const alert = { ...flag, kind: 'convergent_trading' as const };
  assert.ok(matches({ ...alert, owners: ['a', 'b', 'x', 'y'] }, herd));
  assert.ok(!matches({ ...alert, owners: ['a', 'x', 'y', 'z'] }, herd));
});

test('precision counts alerts that match, recall completed episodes that are found; never accuracy', () => {
  const missed: Episode = { ...episode, episode_id: 'e2', owners: ['c'] };
  const attempt: Episode = { ...episode, episode_id: 'e3', owners: ['d'], completed: false };
  const flags = [flag, { ...flag, owners: ['z'] }, { ...flag, owners: ['d'] }];
  const c = count(flags, [episode, missed, attempt]);
  assert.deepEqual(c, { alerts: 3, true_positives: 2, episodes: 2, detected: 1 });
  const s = score('x', c);
  assert.equal(s.precision, 2 / 3);
  assert.equal(s.recall, 1 / 2);
  assert.equal(s.f1, (2 * (2 / 3) * 0.5) / (2 / 3 + 0.5));
  assert.equal(
    score('y', { alerts: 0, true_positives: 0, episodes: 0, detected: 0 }).precision,
    null,
  );
  assert.ok(!('accuracy' in s));
});

test('the HFT recount counts orders, cancels and replaces per account and day', () => {
  assert.equal(peakPerSecond([0, 500_000, 999_999, 1_000_000, 1_500_000]), 3);
  assert.equal(peakPerSecond([]), 0);
  const accepted = (id: number) =>
    ({ type: 'order_accepted', order_id: id, owner: 'fast' }) as unknown as HubEvent;
  const cancelled = (id: number) =>
    ({
      type: 'order_cancelled',
      order_id: id,
      owner: 'fast',
      reason: 'user_cancel',
    }) as unknown as HubEvent;
  const base = timestampAt('2026-01-05', '09:00');
  const batches = Array.from({ length: 150 }, (_, i) => ({
    events: [accepted(i), cancelled(i)],
    timestamp_us: base + i * 3_000,
  }));
  assert.equal(hftTruth(batches, 300, 20_000).length, 1);
  assert.equal(hftTruth(batches.slice(1), 300, 20_000).length, 0);
});
