import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Envelope, Hub } from '../hub/index.js';
import { encodeRecord } from '../kernel/codec.js';
import { timestampAt } from '../kernel/time.js';
import { DEMO_START_US, genesisSubmissions } from '../sim/genesis.js';
import { encodeBatch } from './batch_frame.js';
import { BatchFilter, Replica } from './replica.js';

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

describe('Replica with compact order records', () => {
  test('a batch of compact and JSON records applies as the commands do (issue 19)', () => {
    const envelopes: Envelope[] = genesisSubmissions().map((s, i) => ({
      seq: i + 1,
      timestamp_us: DEMO_START_US,
      participant: s.participant,
      idempotency_key: null,
      command: s.command,
    }));
    const at_us = timestampAt('2026-01-05', '10:00');
    for (const [side, participant, owner] of [
      ['buy', 'BUND', 'cn-retail-zhang'],
      ['sell', 'PEARL', 'cn-retail-liu'],
    ] as const) {
      envelopes.push({
        seq: envelopes.length + 1,
        timestamp_us: at_us,
        participant,
        idempotency_key: side === 'buy' ? null : 'key-1',
        command: {
          type: 'market.submit_order',
          client_order_id: `${side}-1`,
          instrument: 'CNE0000018R8',
          side,
          order_type: 'limit',
          time_in_force: 'day',
          post_only: false,
          price_units: 146_000,
          quantity_units: 100,
          owner,
        },
      });
    }
    const direct = new Hub();
    for (const envelope of envelopes) direct.apply(envelope);
    const records = envelopes.map((envelope) => encodeRecord(envelope));
    assert.equal(records.filter((r) => r.startsWith('~')).length, 2);

    const replica = new Replica();
    const seen: string[] = [];
    const statuses: string[] = [];
    replica.on_applied = (_envelope, result, encoded) => {
      seen.push(encoded);
      statuses.push(result.status);
    };
    const data = encodeBatch({ epoch: 1, first_seq: 1, envelopes: records });
    assert.equal(replica.applyMessage(1, data).kind, 'apply');
    assert.equal(replica.hub.digest(), direct.digest());
    assert.deepEqual(seen, records);
    assert.deepEqual(statuses.slice(-2), ['accepted', 'accepted']);
  });
});
