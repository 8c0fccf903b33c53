import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BatchFilter } from './replica.js';

const batch = (epoch: number, first_seq: number, count: number) => ({
  epoch,
  first_seq,
  envelopes: Array.from({ length: count }, (_, i) => `e${first_seq + i}`),
});

describe('BatchFilter', () => {
  test('applies batches that follow, raises the epoch on a marker, skips stale epochs', () => {
    const filter = new BatchFilter();
    assert.equal(filter.admit(1, batch(1, 1, 0)).kind, 'marker');
    assert.equal(filter.admit(2, batch(1, 1, 3)).kind, 'apply');
    assert.equal(filter.last_seq, 3);
    assert.equal(filter.admit(3, batch(5, 4, 0)).kind, 'marker');
    assert.equal(filter.highest_epoch, 5);
    // The deposed leader (epoch 1) slips a batch in after the marker: everyone skips it.
    const stale = filter.admit(4, batch(1, 4, 2));
    assert.equal(stale.kind === 'skip' && stale.skipped.reason, 'stale_epoch');
    assert.equal(filter.last_seq, 3);
    assert.equal(filter.admit(5, batch(5, 4, 2)).kind, 'apply');
    assert.equal(filter.last_seq, 5);
  });

  test('skips a batch already applied and one after a gap, naming the reason', () => {
    const filter = new BatchFilter({ highest_epoch: 2, last_seq: 10 });
    const again = filter.admit(1, batch(2, 9, 2));
    assert.equal(again.kind === 'skip' && again.skipped.reason, 'already_applied');
    const gap = filter.admit(2, batch(2, 12, 1));
    assert.equal(gap.kind === 'skip' && gap.skipped.reason, 'sequence_gap');
    const malformed = filter.admit(3, null);
    assert.equal(malformed.kind === 'skip' && malformed.skipped.reason, 'malformed_frame');
    assert.deepEqual({ e: filter.highest_epoch, s: filter.last_seq }, { e: 2, s: 10 });
    assert.equal(filter.admit(4, batch(2, 11, 1)).kind, 'apply');
  });

  test('an old batch still counts before the new epoch marker (it may have been acknowledged)', () => {
    const filter = new BatchFilter({ highest_epoch: 3, last_seq: 7 });
    assert.equal(filter.admit(1, batch(3, 8, 2)).kind, 'apply');
    assert.equal(filter.admit(2, batch(4, 8, 0)).kind, 'marker');
    assert.equal(filter.last_seq, 9);
    const replay = filter.admit(3, batch(4, 8, 1));
    assert.equal(replay.kind === 'skip' && replay.skipped.reason, 'already_applied');
  });
});
