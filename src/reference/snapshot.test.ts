import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AssertionError, decode, encode } from '../kernel/index.js';
import { demoReferenceData } from './demo.js';
import { type ReferenceSnapshot, restoreReference, snapshotReference } from './snapshot.js';
import { createReferenceState } from './state.js';
import { applyRegistration, demoState, fingerprint } from './testing.js';

describe('reference snapshots', () => {
  test('restore(snapshot(s)) snapshots identically, Map order included', () => {
    const state = demoState();
    const restored = restoreReference(snapshotReference(state));
    assert.equal(fingerprint(restored), fingerprint(state));
    assert.deepEqual(restored, state);
    for (const key of ['parties', 'investors', 'cash_assets', 'securities'] as const) {
      assert.deepEqual([...restored[key].keys()], [...state[key].keys()], key);
    }
  });

  test('survives the codec: bigints included', () => {
    const state = demoState();
    const text = encode(snapshotReference(state));
    const restored = restoreReference(decode(text) as ReferenceSnapshot);
    assert.equal(encode(snapshotReference(restored)), text);
    assert.equal(restored.securities.get('CNE0000018R8')?.issued_units, 1_256_197_800n);
    assert.equal(restored.securities.get('HKHTGB25USD6')?.bond?.face_value_minor, 100n);
  });

  test('restored records are frozen copies, not the snapshot objects', () => {
    const snapshot = snapshotReference(demoState());
    const restored = restoreReference(snapshot);
    const tencent = restored.securities.get('KYG875721634');
    assert.ok(tencent !== undefined && Object.isFrozen(tencent));
    assert.notEqual(
      tencent,
      snapshot.securities.find((security) => security.id === 'KYG875721634'),
    );
    const harbour = restored.parties.get('HARBOUR');
    assert.ok(harbour !== undefined && Object.isFrozen(harbour.roles));
  });

  test('a snapshot with an id twice is corrupt and crashes', () => {
    const snapshot = snapshotReference(demoState());
    const doubled = {
      ...snapshot,
      parties: [...snapshot.parties, ...snapshot.parties.slice(0, 1)],
    };
    assert.throws(() => restoreReference(doubled), AssertionError);
  });

  test('in any registration order, refusals change nothing and snapshots round-trip', () => {
    const registrations = demoReferenceData();
    fc.assert(
      fc.property(fc.shuffledSubarray(registrations, { minLength: 1 }), (order) => {
        const state = createReferenceState();
        for (const registration of order) {
          const before = fingerprint(state);
          const outcome = applyRegistration(state, registration);
          if (!outcome.ok) assert.equal(fingerprint(state), before, outcome.code);
        }
        assert.equal(fingerprint(restoreReference(snapshotReference(state))), fingerprint(state));
      }),
      { seed: 17442, numRuns: 60 },
    );
  });
});
