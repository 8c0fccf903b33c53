import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hub } from '../hub.js';
import { restoreHub, snapshotHub } from '../state.js';
import { listBonds } from './state.js';
import { assertRefused, GREEN_USD_TERMS, genesis, wire } from './testing.js';

const register = (terms: unknown) => wire({ type: 'bonds.register', terms });

describe('bonds in the hub: reference data', () => {
  test('registers a bond beside its security, lists it, snapshots and replays it', () => {
    const t = genesis();
    const result = t.accept('operator', register(GREEN_USD_TERMS));
    assert.deepEqual(
      result.events.map((e) => e.type),
      ['bond_registered'],
    );
    const listed = listBonds(t.hub.state.bonds);
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.isin, 'HKHTGB25USD6');
    assert.equal(listed[0]?.face_value_minor, 100n);
    const restored = new Hub(restoreHub(snapshotHub(t.hub.state)));
    assert.equal(restored.digest(), t.hub.digest());
    assert.equal(restored.state.bonds.bonds.get('HKHTGB25USD6')?.schedule.periods.length, 6);
    const replayed = new Hub();
    for (const envelope of t.envelopes) replayed.apply(envelope);
    assert.equal(replayed.digest(), t.hub.digest());
    t.hub.checkInvariants();
  });

  test('refuses with stable codes and changes nothing', () => {
    const t = genesis();
    assertRefused(t, 'HARBOUR', register(GREEN_USD_TERMS), 'NOT_AUTHORIZED');
    const bad = (patch: Record<string, unknown>) => register({ ...GREEN_USD_TERMS, ...patch });
    assertRefused(t, 'operator', bad({ day_count: 'ACT/999' }), 'BOND_DAY_COUNT_INVALID');
    assertRefused(t, 'operator', bad({ frequency: 3 }), 'BOND_FREQUENCY_INVALID');
    assertRefused(t, 'operator', bad({ currency: 'CNY' }), 'BOND_CURRENCY_INVALID');
    assertRefused(
      t,
      'operator',
      bad({ maturity_date: '2025-01-01' }),
      'BOND_MATURITY_NOT_AFTER_ISSUE',
    );
    assertRefused(t, 'operator', bad({ isin: 'CND10000KX14' }), 'BOND_SECURITY_UNKNOWN');
    assertRefused(t, 'operator', bad({ currency: 'EUR' }), 'BOND_CURRENCY_MISMATCH');
    assertRefused(t, 'operator', bad({ face_value_minor: '1000' }), 'BOND_FACE_VALUE_MISMATCH');
    t.accept('operator', register(GREEN_USD_TERMS));
    assertRefused(t, 'operator', register(GREEN_USD_TERMS), 'BOND_EXISTS');
  });
});
